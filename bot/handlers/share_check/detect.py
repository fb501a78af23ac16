"""Recognising a concrete "may I share this?" question in free words, with what it already tells.

The words live in knowledge/intents/share_check.yaml (`rules` and the `slots` recipient, data and
channel); this module is the rule layer that reads them. The router (bot/router/) weighs it beside
a learned scorer; the dialogue's steps use `find_recipient`, `find_data` and `find_channel` to read
typed answers.
"""
from __future__ import annotations

import re
from functools import lru_cache

from bot.choices import normalise
from knowledge import intent

Table = list[tuple[str, "str | re.Pattern"]]


def _any(patterns: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@lru_cache(maxsize=1)
def _data() -> dict:
    data = intent("share_check")
    rules, slots = data.get("rules") or {}, data.get("slots") or {}
    tables = {
        name: [(value, re.compile(p)) for value, patterns in (slots.get(name) or {}).items() for p in patterns]
        for name in ("recipient", "data", "channel")
    }
    compiled = {name: _any(patterns) for name, patterns in rules.items() if name != "always_concrete"}
    return {"tables": tables, "rules": compiled, "always_concrete": set(rules.get("always_concrete", []))}


def _rule(name: str) -> re.Pattern:
    return _data()["rules"][name]


def _find(table: Table, text: str) -> str | None:
    """The first value whose pattern occurs in `text` (already normalised)."""
    for value, pattern in table:
        if re.search(pattern, text):
            return value
    return None


def find_recipient(text: str) -> str | None:
    """The recipient named in the words: the one after "naar/aan/met" wins over the data subject."""
    t = normalise(text)
    before = _rule("preposition_before")
    hits = []
    for value, pattern in _data()["tables"]["recipient"]:
        for m in pattern.finditer(t):
            # the recipient after "naar/aan/met" wins; a publication outranks the people in the picture
            hits.append((not before.search(t[: m.start()]), value != "website_social", m.start(), value))
    to_citizen = _rule("to_citizen").search(t)
    if to_citizen and not _rule("other_citizen").search(t):
        hits.append((False, True, to_citizen.start(), "inwoner_zelf"))
    return min(hits)[-1] if hits else None


def find_data(text: str) -> str | None:
    t = normalise(text)
    if _rule("pseudonymised").search(t):
        return None  # pseudonymised data are still personal data
    return _find(_data()["tables"]["data"], t)


def find_channel(text: str) -> str | None:
    return _find(_data()["tables"]["channel"], normalise(text))


def slots(text: str) -> dict:
    """What the words tell about recipient, data and channel (only the values found)."""
    prefill = {"recipient": find_recipient(text), "data": find_data(text), "channel": find_channel(text)}
    if prefill["recipient"] == "website_social":
        prefill["channel"] = None  # the publication is the channel
    return {key: value for key, value in prefill.items() if value is not None}


def detect(text: str) -> dict | None:
    """A prefill {recipient, data, channel} when the words ask a concrete "may I share this" decision, else None."""
    t = normalise(text)
    if _rule("not_ours").search(t):
        return None  # "mag ik mijn wachtwoord delen" is a password rule: the knowledge base answers it
    subject_form = bool(_rule("asks_for").search(t))
    if not subject_form:
        asking = _rule("first_person").search(t)
        if not asking:
            return None  # general rule questions ("wanneer mag je ...", "wat is need to know") are not a case
        rest, recipient = t[asking.start():], find_recipient(t)  # "ik wil dit delen, mag dat": the verb comes first
        if asking.group("must") and not recipient:
            return None  # "moeten we inwoners vertellen ...": an obligation question without a case
        placing = recipient == "website_social" and _rule("place_verbs").search(rest)
        channel_use = find_channel(rest) and _rule("channel_use").search(rest)
        if not (_rule("share_verbs").search(rest) or placing or channel_use):
            return None
    prefill = {"recipient": find_recipient(t), "data": find_data(t), "channel": find_channel(t)}
    if prefill["recipient"] == "website_social":
        prefill["channel"] = None  # the publication is the channel
    concrete = (
        subject_form or prefill["data"] or prefill["channel"] or _rule("concrete").search(t)
        or prefill["recipient"] in _data()["always_concrete"]
    )
    if not concrete or (_rule("generic_recipient").search(t) and not (prefill["data"] or prefill["channel"])):
        return None  # "mag ik gegevens aan derden geven": a rule question for the knowledge base
    return {key: value for key, value in prefill.items() if value is not None}
