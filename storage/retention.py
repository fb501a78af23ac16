"""Retention: delete what is no longer needed, on a schedule (the reminder runner, once a day).

| what | kept | setting |
| --- | --- | --- |
| abandoned dialogues (may hold half-typed breach facts) | 14 days after the last message | `RETENTION_DIALOGUE_DAYS` |
| question log (curators' to-do list) | 90 days | `RETENTION_QUESTION_DAYS` |
| Telegram button values and pressed keyboards | 30 days | |
| platform delivery ids (duplicate detection) | 7 days | |
| heartbeats of runners that stopped | 7 days | |
| closed incidents, in full | the register term, 5 years after closing | `RETENTION_REGISTER_YEARS` |

A closed incident is never deleted: after the term it is reduced to what the register needs
(`storage.incidents.reduce_incident`), recorded as an event so that the hash chain stays valid.
Times are compared with julianday(), which reads ISO-8601 with any UTC offset (SQLite's own; on
PostgreSQL the function of that name that migration m001 creates).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.db import Store
from storage.incidents import REDUCED_REPORTER, reduce_incident

PLATFORM_DAYS = 30
DELIVERY_DAYS = 7
HEARTBEAT_DAYS = 7


@dataclass(frozen=True)
class Policy:
    dialogue_days: int = 14
    question_days: int = 90
    register_years: int = 5
    platform_days: int = PLATFORM_DAYS
    delivery_days: int = DELIVERY_DAYS
    heartbeat_days: int = HEARTBEAT_DAYS


@dataclass(frozen=True)
class Outcome:
    table: str
    what: str  # Dutch, for `python -m bot retention`
    count: int
    reduced: bool = False  # rows shortened (incidents), not deleted


def years_before(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


# table, time column, Dutch description, policy attribute (days)
_DELETIONS = [
    ("dialogues", "updated_at", "verlaten gesprekken, laatste bericht ouder dan {n} dagen", "dialogue_days"),
    ("question_log", "asked_at", "vragenlog ouder dan {n} dagen", "question_days"),
    ("telegram_callbacks", "created_at", "Telegram-knopwaarden ouder dan {n} dagen", "platform_days"),
    ("telegram_pressed", "pressed_at", "Telegram ingedrukte knoppen ouder dan {n} dagen", "platform_days"),
    ("deliveries", "seen_at", "afleverings-id's ouder dan {n} dagen", "delivery_days"),
    ("heartbeat", "beat_at", "hartslagen van gestopte processen ouder dan {n} dagen", "heartbeat_days"),
]


def _at_least_one(n: int) -> int:
    return max(1, int(n))  # 0 or less would delete a dialogue that is being typed right now


def apply(store: Store, policy: Policy, now: datetime, dry_run: bool = False) -> list[Outcome]:
    """Delete (or with `dry_run` only count) what is past its term; reduce closed incidents past theirs."""
    outcomes = []
    for table, column, what, attribute in _DELETIONS:
        days = _at_least_one(getattr(policy, attribute))
        cutoff = (now - timedelta(days=days)).isoformat(timespec="seconds")
        where = f"julianday({column}) < julianday(?)"
        if dry_run:
            count = store.value(f"SELECT count(*) FROM {table} WHERE {where}", [cutoff])
        else:
            count = store.execute(f"DELETE FROM {table} WHERE {where}", [cutoff]).rowcount
        outcomes.append(Outcome(table, what.format(n=days), count))
    years = _at_least_one(policy.register_years)
    due = reducible(store, years_before(now, years))
    if not dry_run:
        reason = f"bewaartermijn verstreken: {years} jaar na afsluiten"
        due = [ref for ref in due if reduce_incident(store, ref, now, reason)]
    outcomes.append(Outcome("incidents", f"afgesloten incidenten ouder dan {years} jaar, ingekort tot wat het register "
                                         "nodig heeft", len(due), reduced=True))
    return outcomes


def reducible(store: Store, closed_before: datetime) -> list[str]:
    """Closed incidents closed before `closed_before` that still hold more than the register needs."""
    rows = store.rows(
        "SELECT ref FROM incidents WHERE status = 'closed' AND closed_at IS NOT NULL "
        "AND julianday(closed_at) < julianday(?) "
        "AND (reporter IS NULL OR reporter <> ? OR department IS NOT NULL OR contact IS NOT NULL "
        "     OR json_extract(facts, '$.description') IS NOT NULL) ORDER BY year, seq",
        [closed_before.isoformat(timespec="seconds"), REDUCED_REPORTER],
    )
    return [r[0] for r in rows]
