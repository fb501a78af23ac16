"""The register's integrity: the hash chain over `incident_events` and the check of the incident rows.

Three layers, so that neither a slip nor someone with the file and the sqlite3 tool (or psql) goes
unnoticed:

1. **Triggers** (migration m004: db.py for SQLite, postgres.py for PostgreSQL) refuse what the bot
   never does: rewriting or deleting an event (also through `INSERT OR REPLACE`, or on PostgreSQL
   `ON CONFLICT DO UPDATE` and TRUNCATE), an event out of order or earlier than the incident's
   newest one, an event that does not continue the chain, replacing or deleting an incident that
   has events, and any change to an incident row that does not name a new event of its own.
2. **The hash chain**: every event stores `prev_hash` (the `hash` of the event before it, over all
   incidents, or GENESIS for the first) and `hash` = sha256 over prev_hash, ref, at, actor, action and
   details (the exact stored JSON text). Changing, removing or inserting an event breaks a link.
3. **The incident row follows from its events**: every event that changes an incident carries the
   `changes` it made and `row`, a digest of the whole row afterwards. `verify` folds the changes and
   compares them, column by column, with the row, and compares the row's digest with the last one.

State changes therefore happen only together with an event: the trigger refuses an UPDATE of
`incidents` unless it sets `last_event_id` to that incident's newest event, one not used for an
earlier change (in practice: written just before, in the same transaction, by `update_incident`);
and if the triggers are dropped, `verify` still sees a row that differs from its events.

What a hash chain cannot show: an attacker who rewrites the whole chain from some point on, or cuts
off its newest events. Note the head hash that `verify` prints somewhere else (a weekly mail, the
AP report) to see that too.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:
    from storage.db import Store

GENESIS = "0" * 64

# The incident columns that actions change; before any change an incident is "open" with all others empty.
STATE_COLUMNS = (
    "status", "acknowledged_at", "acknowledged_by", "decision", "decision_at", "decision_by", "ap_reference",
    "delay_reason", "not_reportable_reason", "subjects_informed", "closed_at",
)
# The columns covered by the row digest: those of migration m002. A column added later is covered
# only once it is added here together with a migration that records a new digest for every row.
DIGEST_COLUMNS = (
    "ref", "year", "seq", "reporter", "status", "kind", "discovered_at", "occurred_at", "deadline", "facts",
    "assessment", "department", "contact", "created_at", "acknowledged_at", "acknowledged_by", "decision",
    "decision_at", "decision_by", "ap_reference", "delay_reason", "not_reportable_reason", "subjects_informed",
    "closed_at",
)


def event_hash(prev_hash: str, ref: str, at: str, actor: str | None, action: str, details: str | None) -> str:
    """sha256 over the fields, as a JSON array so that no field can bleed into the next."""
    payload = json.dumps([prev_hash, ref, at, actor, action, details], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def row_digest(row: Mapping[str, Any]) -> str:
    """A digest of an incident row as stored (DIGEST_COLUMNS; bookkeeping such as last_event_id is left out)."""
    body = {column: row.get(column) for column in DIGEST_COLUMNS}
    payload = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def initial_state() -> dict[str, Any]:
    return {**{column: None for column in STATE_COLUMNS}, "status": "open"}


def short(value: str | None) -> str:
    return (value[:12] + "…") if value else "(leeg)"


@dataclass(frozen=True)
class Problem:
    ref: str | None
    event_id: int | None
    what: str

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.ref, f"gebeurtenis {self.event_id}" if self.event_id else None) if part)
        return f"{where}: {self.what}" if where else self.what


@dataclass
class Report:
    events: int = 0
    incidents: int = 0
    head: str = GENESIS
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Trail:
    """What the events say about one incident, while walking the chain."""

    first_action: str | None = None
    last_at: datetime | None = None
    state: dict[str, Any] = field(default_factory=initial_state)
    digest: str | None = None
    digest_event: int | None = None


def _parse_at(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def verify(store: "Store") -> Report:
    """Walk the chain in id order and check every incident row against its events.

    Problems come in order: broken links first (by event id), then incident rows."""
    report = Report()
    outer = store.in_transaction
    with store.transaction():  # one consistent view of events and rows (a snapshot on PostgreSQL)
        if store.backend == "postgres" and not outer:
            store.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        refs = {r[0] for r in store.rows("SELECT ref FROM incidents")}
        trails: dict[str, _Trail] = {}
        expected_prev = GENESIS
        for event_id, ref, at, actor, action, details, prev_hash, stored in store.rows(
            "SELECT id, ref, at, actor, action, details, prev_hash, hash FROM incident_events ORDER BY id"
        ):
            report.events += 1
            problem = _check_link(event_id, ref, at, actor, action, details, prev_hash, stored, expected_prev)
            if problem:
                report.problems.append(problem)
            expected_prev = stored
            if ref not in refs:
                report.problems.append(Problem(ref, event_id, "de gebeurtenis hoort bij een incident dat niet (meer) bestaat"))
                continue
            trail = trails.setdefault(ref, _Trail(first_action=action))
            moment = _parse_at(at)
            if moment is None:
                report.problems.append(Problem(ref, event_id, f"tijdstip {at!r} is geen ISO-8601-tijdstip"))
            elif trail.last_at is not None and moment < trail.last_at:
                report.problems.append(Problem(
                    ref, event_id, f"tijdstip {at} ligt vóór de vorige gebeurtenis van dit incident (teruggedateerd)"))
            else:
                trail.last_at = moment
            _fold(trail, event_id, ref, details, report)
        report.head = expected_prev
        for row in store.query("SELECT * FROM incidents ORDER BY year, seq"):
            report.incidents += 1
            _check_row(row, trails, report)
    return report


def _check_link(event_id, ref, at, actor, action, details, prev_hash, stored, expected_prev) -> Problem | None:
    if prev_hash != expected_prev:
        return Problem(ref, event_id, f"prev_hash {short(prev_hash)} is niet de hash van de vorige gebeurtenis "
                                      f"({short(expected_prev)}): er is een gebeurtenis weggehaald, tussengevoegd of verplaatst")
    computed = event_hash(prev_hash, ref, at, actor, action, details)
    if stored != computed:
        return Problem(ref, event_id, f"hash klopt niet (opgeslagen {short(stored)}, berekend {short(computed)}): "
                                      "ref, tijdstip, actor, actie of details zijn na het vastleggen gewijzigd")
    return None


def _fold(trail: _Trail, event_id: int, ref: str, details: str | None, report: Report) -> None:
    try:
        body = json.loads(details) if details else {}
    except ValueError:
        report.problems.append(Problem(ref, event_id, "details zijn geen geldige JSON"))
        return
    if not isinstance(body, dict):
        return
    if isinstance(body.get("state"), dict):  # a baseline: the state as it was when the chain began
        trail.state.update(body["state"])
    if isinstance(body.get("changes"), dict):
        trail.state.update(body["changes"])
    if isinstance(body.get("row"), str):
        trail.digest, trail.digest_event = body["row"], event_id


def _check_row(row: dict, trails: dict[str, _Trail], report: Report) -> None:
    ref = row["ref"]
    trail = trails.get(ref)
    if trail is None:
        report.problems.append(Problem(ref, None, "incident zonder gebeurtenissen: niet via de bot ingeschreven"))
        return
    if trail.first_action not in ("filed", "baseline"):
        report.problems.append(Problem(ref, None, f"de eerste gebeurtenis is '{trail.first_action}', niet 'filed'"))
    for column, expected in trail.state.items():
        if column in row and row[column] != expected:
            report.problems.append(Problem(
                ref, trail.digest_event,
                f"kolom {column}: het register zegt {row[column]!r}, het logboek {expected!r} (gewijzigd zonder gebeurtenis)"))
    if trail.digest is not None and row_digest(row) != trail.digest:
        report.problems.append(Problem(
            ref, trail.digest_event,
            "de incidentregel wijkt af van de stand die bij deze gebeurtenis is vastgelegd (gewijzigd buiten het logboek om)"))
    if trail.digest_event is not None and row.get("last_event_id") != trail.digest_event:
        report.problems.append(Problem(
            ref, trail.digest_event, f"last_event_id is {row.get('last_event_id')!r}, niet de laatste wijziging"))
