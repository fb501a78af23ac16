"""The copy catalogue: every user-facing sentence lives in bot/text/nl.yaml under a dotted key."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from knowledge import yamlfiles

CATALOGUE = Path(__file__).parent / "text" / "nl.yaml"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, str | list[str]]:
    """All texts, flattened to dotted keys ("engine.help_intro"); a list (first-aid steps) stays a list."""
    flat: dict[str, str | list[str]] = {}

    def walk(prefix: str, node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(f"{prefix}.{key}" if prefix else str(key), value)
        elif isinstance(node, list):
            flat[prefix] = [str(item) for item in node]
        else:
            flat[prefix] = str(node)

    walk("", yamlfiles.read(CATALOGUE))
    return flat


def fill(text: str, values: dict) -> str:
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def t(key: str, **values) -> str:
    """The text under `key`, with {named} values filled in; unknown placeholders are left for the
    organisation's settings ({fg_contact}, ...), which the engine fills last."""
    text = catalogue()[key]
    if not isinstance(text, str):
        raise TypeError(f"{key} is a list of texts: use texts()")
    return fill(text, values)


def texts(key: str, **values) -> list[str]:
    """The list of texts under `key` (e.g. first-aid steps), each with {named} values filled in."""
    items = catalogue()[key]
    if not isinstance(items, list):
        raise TypeError(f"{key} is a single text: use t()")
    return [fill(item, values) for item in items]
