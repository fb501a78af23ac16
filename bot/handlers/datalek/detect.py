"""Recognising a breach report in free words (NL and EN), with the kind of breach when it is clear.

The words live in knowledge/intents/datalek.yaml (`rules`, `kinds`, `hints`); this module is the rule
layer that reads them. The router (bot/router/) weighs it beside a learned scorer; the intake's
first step uses `detect` to read a typed answer to "Wat is er gebeurd?".
"""
from __future__ import annotations

import re
from functools import lru_cache

from bot.choices import normalise
from knowledge import intent


@lru_cache(maxsize=1)
def _tables() -> tuple[re.Pattern, list[re.Pattern], list[tuple[str, re.Pattern]], list[tuple[str, re.Pattern]]]:
    data = intent("datalek")
    rules = data.get("rules") or {}
    question = re.compile(r"^(?:" + "|".join(f"(?:{p})" for p in rules.get("question_start", [])) + r")\b")
    report = [re.compile(p) for p in rules.get("report", [])]
    kinds = [(kind, re.compile(p)) for kind, patterns in (data.get("kinds") or {}).items() for p in patterns]
    hints = [(kind, re.compile(p)) for kind, patterns in (data.get("hints") or {}).items() for p in patterns]
    return question, report, kinds, hints


def is_question(text: str) -> bool:
    """Starts like a question about breaches ("wat is ...", "is phishing ook een datalek")."""
    return bool(_tables()[0].match(normalise(text)))


def find_kind(text: str, loose: bool = False) -> str | None:
    """The kind of breach the words describe; `loose` also takes single hint words ("bcc", "usb")."""
    _, _, kinds, hints = _tables()
    t = normalise(text)
    for kind, pattern in kinds + (hints if loose else []):
        if pattern.search(t):
            return kind
    return None


def detect(text: str) -> dict | None:
    """A prefill dict when the words report a breach ({} when the kind is not clear), else None."""
    question, report, kinds, _ = _tables()
    t = normalise(text)
    if question.match(t):
        return None
    for kind, pattern in kinds:
        if pattern.search(t):
            return {"kind": kind}
    if any(p.search(t) for p in report):
        kind = find_kind(t, loose=True)
        return {"kind": kind} if kind else {}
    return None
