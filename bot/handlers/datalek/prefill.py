"""What the first message already tells (issue 15): the facts the intake then does not ask again.

The words live in knowledge/intents/datalek.yaml (`slots`); every pre-filled fact is shown in the
summary, where the reporter can still correct it. Nothing is guessed beyond the words: a count
needs a number next to people, a recipient needs a word for one.
"""
from __future__ import annotations

import re
from functools import lru_cache

from bot.choices import normalise
from bot.handlers.datalek.detect import detect, is_question
from bot.identifiers import find_identifiers, strip_identifiers
from knowledge import intent

PEOPLE = (r"(\w*(mensen|personen|inwoners|klanten|clienten|cliënten|ouders|deelnemers|bewoners|burgers|medewerkers|"
          r"leerlingen|kinderen|aanvragers|adressen|ontvangers|dossiers|brieven)|people|residents|clients|parents|recipients)")
COUNT = re.compile(r"\b(\d{1,6})\s+(?:\w+\s+){0,2}?" + PEOPLE + r"\b")
MIN_DESCRIPTION_WORDS = 8


@lru_cache(maxsize=1)
def _slots() -> dict:
    raw = intent("datalek").get("slots") or {}
    compile_all = lambda patterns: [re.compile(p) for p in patterns]  # noqa: E731
    return {
        "cc_bcc": compile_all(raw.get("cc_bcc", [])),
        "recipient": [(value, compile_all(ps)) for value, ps in (raw.get("recipient") or {}).items()],
        "data_categories": [(value, compile_all(ps)) for value, ps in (raw.get("data_categories") or {}).items()],
        "discovered_now": compile_all(raw.get("discovered_now", [])),
    }


def facts_from(text: str, now_iso: str | None = None) -> dict:
    """The facts of a first message: kind, cc/bcc, recipient, number of people, data, a description."""
    if not text or text.startswith("/") or is_question(text):
        return {}
    t = normalise(text)
    slots = _slots()
    facts: dict = {}
    kind = (detect(text) or {}).get("kind")
    if kind:
        facts["kind"] = kind
    if any(p.search(t) for p in slots["cc_bcc"]):
        facts.update(kind="misdirected_email", cc_bcc=True, recipient="residents")
        facts.setdefault("_categories_hint", ["contact"])
    if "recipient" not in facts and facts.get("kind") in (None, "misdirected_email", "misdirected_post", "other"):
        for value, patterns in slots["recipient"]:
            if any(p.search(t) for p in patterns):
                facts["recipient"] = value
                break
    count = COUNT.search(t)
    if count and 0 < int(count.group(1)) < 10_000_000:
        facts["subjects"] = int(count.group(1))
    categories = [value for value, patterns in slots["data_categories"] if any(p.search(t) for p in patterns)]
    categories += [c for c in facts.pop("_categories_hint", []) if c not in categories]
    if categories:
        facts["data_categories"] = categories
    if now_iso and any(p.search(t) for p in slots["discovered_now"]):
        facts["discovered_at"] = now_iso
    if MIN_DESCRIPTION_WORDS <= len(text.split()) and len(text) <= 1000:  # the reporter's story is the description
        facts["description"] = strip_identifiers(text) if find_identifiers(text) else text.strip()
    return facts
