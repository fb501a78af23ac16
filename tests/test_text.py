"""The copy catalogue (bot/text/nl.yaml): every key the code asks for exists, every key in the
catalogue is asked for, and every text is filled completely by the values its callers pass."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bot.text import catalogue, t, texts
from tests.helpers import make_config

ROOT = Path(__file__).resolve().parent.parent
CODE = sorted((ROOT / "bot").rglob("*.py"))
# t("key"), texts("key"), and the router's say("key", lang) (router.key, or router.en.key in English);
# an f-string key ("smalltalk.{topic}") stands for every key it can become
LOOKUP = re.compile(r"""\b(t|texts|say)\(\s*(f?)(["'])(.+?)\3(\s*,\s*["']en["']\s*[,)])?""")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
ORGANISATION = set(make_config(":memory:").placeholders())  # filled from the settings, last


def key_pattern(key: str, formatted: bool) -> re.Pattern:
    if not formatted:
        return re.compile(re.escape(key))
    parts = re.split(r"\{[^{}]*\}", key)
    return re.compile(r"[\w-]+".join(re.escape(part) for part in parts))


def lookups() -> list[tuple[str, re.Pattern, str]]:
    """(where, pattern, the key as written) of every lookup in the code."""
    found = []
    for path in CODE:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for function, formatted, _, key, english in LOOKUP.findall(line):
                where = f"{path.relative_to(ROOT)}:{number}"
                keys = [key]
                if function == "say":
                    keys = [f"router.en.{key}"] if english else [f"router.{key}", f"router.en.{key}"]
                found += [(where, key_pattern(k, bool(formatted)), k) for k in keys]
    return found


def test_the_scan_sees_the_lookups():
    written = {key for _, _, key in lookups()}
    assert {"engine.help_intro", "choices.back", "datalek.first_aid.phishing", "router.en.dutch_only",
            "router.see_also", "smalltalk.{decision.topic}"} <= written


def test_every_key_used_in_the_code_is_in_the_catalogue():
    keys = set(catalogue())
    missing = [f"{where}: {written}" for where, pattern, written in lookups()
               if not any(pattern.fullmatch(key) for key in keys)]
    assert missing == []


def test_every_key_in_the_catalogue_is_used():
    patterns = [pattern for _, pattern, _ in lookups()]
    unused = [key for key in catalogue() if not any(pattern.fullmatch(key) for pattern in patterns)]
    assert unused == []


def call_sites() -> list[tuple[str, re.Pattern, set[str]]]:
    """(where, key pattern, names passed) of every t()/texts()/say() call whose key is written out."""
    sites = []
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in {"t", "texts", "say"} and node.args):
                continue
            if any(keyword.arg is None for keyword in node.keywords):
                continue  # **values: the names are not known here
            first, names = node.args[0], {keyword.arg for keyword in node.keywords}
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                key, formatted = first.value, False
            elif isinstance(first, ast.JoinedStr):
                key = "".join(v.value if isinstance(v, ast.Constant) else "{x}" for v in first.values)
                formatted = True
            else:
                continue  # a key built elsewhere (say's own body)
            keys = [f"router.{key}", f"router.en.{key}"] if node.func.id == "say" else [key]
            sites += [(f"{path.relative_to(ROOT)}:{node.lineno}", key_pattern(k, formatted), names) for k in keys]
    return sites


def test_every_text_is_filled_by_the_values_its_callers_pass():
    texts_by_key = catalogue()
    unfilled = []
    for where, pattern, names in call_sites():
        for key in (key for key in texts_by_key if pattern.fullmatch(key)):
            dummy = {name: "X" for name in names}
            items = texts(key, **dummy) if isinstance(texts_by_key[key], list) else [t(key, **dummy)]
            left = {name for item in items for name in PLACEHOLDER.findall(item)} - ORGANISATION
            if left:
                unfilled.append(f"{where}: {key} leaves {sorted(left)}")
    assert unfilled == []


def test_every_text_filled_with_dummy_values_leaves_only_organisation_placeholders():
    problems = []
    for key, value in catalogue().items():
        items = value if isinstance(value, list) else [value]
        own = {name for item in items for name in PLACEHOLDER.findall(item)} - ORGANISATION
        dummy = {name: "X" for name in own}
        filled = texts(key, **dummy) if isinstance(value, list) else [t(key, **dummy)]
        left = {name for item in filled for name in PLACEHOLDER.findall(item)} - ORGANISATION
        if left or not all(item.strip() for item in filled):
            problems.append(f"{key}: {sorted(left) or 'empty'}")
        if any(item.count("{") != item.count("}") for item in filled):
            problems.append(f"{key}: an unbalanced brace")
    assert problems == []


def test_a_list_is_read_with_texts_and_a_text_with_t():
    assert texts("datalek.first_aid.hacking")[1].startswith("Bel direct de servicedesk")
    assert "{ciso_reach}" in texts("datalek.first_aid.hacking")[1]  # left for the settings
    with pytest.raises(TypeError):
        t("datalek.first_aid.hacking")
    with pytest.raises(TypeError):
        texts("choices.back")
