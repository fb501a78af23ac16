"""The copy catalogue: every user-facing sentence lives in bot/text/nl.yaml under a dotted key."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

CATALOGUE = Path(__file__).parent / "text" / "nl.yaml"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, str]:
    """All texts, flattened to dotted keys ("engine.help_intro")."""
    flat: dict[str, str] = {}

    def walk(prefix: str, node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(f"{prefix}.{key}" if prefix else str(key), value)
        else:
            flat[prefix] = str(node)

    walk("", yaml.safe_load(CATALOGUE.read_text(encoding="utf-8")))
    return flat


def t(key: str, **values) -> str:
    """The text under `key`, with {named} values filled in; unknown placeholders are left for the
    organisation's settings ({fg_contact}, ...), which the engine fills last."""
    text = catalogue()[key]
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text
