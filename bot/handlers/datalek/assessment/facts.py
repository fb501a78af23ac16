"""The facts of a breach: the schema, and checking and normalising what the intake or the CLI sends."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from bot.handlers.datalek.assessment.labels import DATA_CATEGORIES, KINDS

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# Optional yes/no/unknown facts. None (or a missing key) means "unknown" and is read cautiously.
_BOOL_FACTS = {
    "encrypted": "waren de gegevens versleuteld?",
    "key_compromised": "was de sleutel of het wachtwoord bij het apparaat of anderszins bekend?",
    "backup_available": "is er een bruikbare back-up of kopie waarmee de gegevens snel terug zijn?",
    "recipient_trusted": "is de ontvanger of vinder bekend en betrouwbaar?",
    "data_contained": "zijn de gegevens terug of verwijderd, en is dat bevestigd?",
    "exfiltrated": "zijn er gegevens gekopieerd of weggehaald?",
    "accessed": "heeft iemand onbevoegd echt bij de gegevens gekund?",
    "unavailable_impact": "heeft het niet beschikbaar zijn van de gegevens gevolgen voor mensen?",
}


def parse_moment(value, name: str = "discovered_at") -> datetime:
    """Parse an ISO 8601 moment to an aware UTC datetime; naive means Europe/Amsterdam time."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and value.strip():
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"'{name}' is geen geldige datum en tijd (verwacht ISO 8601, bijv. "
                             f"2026-11-23T09:30): {value!r}") from None
    else:
        raise ValueError(f"'{name}' ontbreekt of is leeg: geef datum en tijd op (ISO 8601).")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=AMSTERDAM)
    return moment.astimezone(timezone.utc)


_SUBJECTS_HELP = ("'subjects' moet een geheel aantal personen zijn (bijv. 12), een bandbreedte "
                  "(\"11-100\", \"11 tot 100\", \"meer dan 1000\", \"1000+\" of {\"min\": 11, "
                  "\"max\": 100}) of leeg (onbekend)")
_UNKNOWN_WORDS = ("", "onbekend", "weet ik niet", "?")
_PEOPLE = r"(?:\s*(?:persoon|personen|mensen|betrokkenen?))?"
_EXACT = re.compile(rf"(\d+){_PEOPLE}")
_RANGE = re.compile(rf"(\d+)\s*(?:-|–|tot en met|tot|t/m)\s*(\d+){_PEOPLE}")
_AT_LEAST = re.compile(rf"(?:(\d+)\s*\+|(\d+)\s*of meer|meer dan\s*(\d+)|>\s*(\d+)){_PEOPLE}")


def _count(value, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdecimal():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{_SUBJECTS_HELP}; '{what}' moet een geheel getal (0 of meer) of leeg "
                         f"zijn, niet {value!r}.")
    return value


def parse_subjects(value) -> tuple[int | dict | None, int | None, int | None]:
    """Read a subject count as (canonical value, lower bound, upper bound); None = unknown.

    Accepts an int (exact, backward compatible), a numeric string, a band string ("11-100",
    "11 tot 100", "1000+", "meer dan 1000", the intake's labels) or {"min": a, "max": b} where either
    bound may be null (max null = open-ended). An exact count is canonical as an int, a band as a dict.
    """
    if value is None:
        return None, None, None
    if isinstance(value, bool):
        raise ValueError(f"{_SUBJECTS_HELP}, niet {value!r}.")
    if isinstance(value, int):
        count = _count(value, "subjects")
        return count, count, count
    if isinstance(value, dict):
        unknown = set(value) - {"min", "max"}
        if unknown:
            raise ValueError(f"{_SUBJECTS_HELP}; onbekende sleutel(s) {sorted(unknown)} in "
                             f"{value!r}.")
        low, high = _count(value.get("min"), "subjects.min"), _count(value.get("max"), "subjects.max")
    elif isinstance(value, str):
        text = re.sub(r"(?<=\d)\.(?=\d{3}\b)", "", value.strip().lower())  # 1.000 -> 1000
        text = re.sub(r"\s+", " ", text)
        if text in _UNKNOWN_WORDS:
            return None, None, None
        if match := _EXACT.fullmatch(text):
            low = high = int(match[1])
        elif match := _RANGE.fullmatch(text):
            low, high = int(match[1]), int(match[2])
        elif match := _AT_LEAST.fullmatch(text):
            plus, or_more, more_than, greater = match.groups()
            # "1000+" and "1000 of meer" include 1000; "meer dan 1000" and ">1000" start at 1001
            low = int(plus or or_more) if (plus or or_more) else int(more_than or greater) + 1
            high = None
        else:
            raise ValueError(f"{_SUBJECTS_HELP}, niet {value!r}.")
    else:
        raise ValueError(f"{_SUBJECTS_HELP}, niet {value!r}.")
    if low is not None and high is not None and low > high:
        raise ValueError(f"{_SUBJECTS_HELP}; de ondergrens ({low}) is groter dan de bovengrens "
                         f"({high}).")
    if low is None and high is None:
        return None, None, None
    if low is not None and low == high:
        return low, low, high
    return {"min": low, "max": high}, low, high


def validate_facts(facts) -> dict:
    """Check and normalise a facts dict; missing keys become None. Raises ValueError (Dutch).

    Besides the given keys the result has `subjects_min` and `subjects_max` (None = unknown or
    open-ended); `subjects` is an int for an exact count and {"min", "max"} for a band.
    """
    if not isinstance(facts, dict):
        raise ValueError("De feiten moeten als woordenboek (dict) worden aangeleverd.")

    kind = facts.get("kind") or "other"
    if kind not in KINDS:
        raise ValueError(f"Onbekend soort datalek: {kind!r}. Kies uit: {', '.join(KINDS)}.")

    categories = facts.get("data_categories") or []
    if not isinstance(categories, (list, tuple)):
        raise ValueError("'data_categories' moet een lijst van soorten gegevens zijn.")
    for category in categories:
        if category not in DATA_CATEGORIES:
            raise ValueError(f"Onbekende soort gegevens: {category!r}. "
                             f"Kies uit: {', '.join(DATA_CATEGORIES)}.")

    subjects, subjects_min, subjects_max = parse_subjects(facts.get("subjects"))

    normalised = {
        "kind": kind,
        "discovered_at": parse_moment(facts.get("discovered_at"), "discovered_at"),
        "occurred_at": (parse_moment(facts["occurred_at"], "occurred_at")
                        if facts.get("occurred_at") is not None else None),
        "data_categories": list(dict.fromkeys(categories)),
        "subjects": subjects,
        "subjects_min": subjects_min,
        "subjects_max": subjects_max,
    }
    for name, question in _BOOL_FACTS.items():
        value = facts.get(name)
        if value is not None and not isinstance(value, bool):
            raise ValueError(f"'{name}' ({question}) moet ja (true), nee (false) of onbekend (null) "
                             f"zijn, niet {value!r}.")
        normalised[name] = value
    return normalised
