"""Incidents (the internal breach register, art. 33(5)) and their append-only, hash-chained event log.

Every write goes through here: an incident is filed with its 'filed' event, and changed only together
with an event that records the changes and a digest of the row afterwards (see storage/register.py for
the chain, the triggers and `register verify`).
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from storage.db import Store
from storage.register import GENESIS, event_hash, row_digest

LOCAL = ZoneInfo("Europe/Amsterdam")
OPEN_STATUSES = ("open",)
# The 'filed' event names the role, not the person: who reported lives in the incident row only, so
# that it can be removed after the register term without touching the chain.
REPORTER_ACTOR = "melder"
SYSTEM_ACTOR = "systeem"
# What the register keeps of an incident's facts after its term (storage.retention): no free text.
REGISTER_FACTS = (
    "kind", "discovered_at", "occurred_at", "data_categories", "subjects", "encrypted", "key_compromised",
    "backup_available", "recipient_trusted", "data_contained", "exfiltrated", "accessed", "unavailable_impact",
    "recipient", "cc_bcc",  # who got the data (a colleague, residents, ...) and a cc/bcc mistake: the nature of the breach
)
REDUCED_REPORTER = "(verwijderd)"


class IncidentNotFound(LookupError):
    pass


def _iso(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).isoformat(timespec="seconds")


def parse_iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def file_incident(
    store: Store,
    *,
    reporter: str,
    facts: dict,
    assessment: dict,
    deadline: datetime,
    now: datetime,
    department: str | None = None,
    contact: str | None = None,
) -> str:
    """Store a new incident with the next DL-<year>-<seq> reference, and its 'filed' event.

    References are handed out inside `store.writing()`, the database's one writer (SQLite's write
    lock, PostgreSQL's writer advisory lock), so two processes never compute the same number; the
    primary key on `ref` and the unique (year, seq) index are the backstop."""
    year = now.astimezone(LOCAL).year
    with store.writing():
        seq = store.value("SELECT COALESCE(MAX(seq), 0) + 1 FROM incidents WHERE year = ?", [year])
        ref = f"DL-{year}-{seq:04d}"
        values = {
            "ref": ref,
            "year": year,
            "seq": seq,
            "reporter": reporter,
            "status": "open",
            "kind": facts.get("kind"),
            "discovered_at": facts["discovered_at"],
            "occurred_at": facts.get("occurred_at"),
            "deadline": _iso(deadline),
            "facts": json.dumps(facts, ensure_ascii=False),
            "assessment": json.dumps(assessment, ensure_ascii=False),
            "department": department,
            "contact": contact,
            "created_at": _iso(now),
        }
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        store.execute(f"INSERT INTO incidents ({names}) VALUES ({marks})", list(values.values()))
        digest = row_digest(_row(store, ref))
        event_id = _event(store, ref, REPORTER_ACTOR, "filed", {"risk": assessment.get("risk"), "row": digest}, now)
        store.execute("UPDATE incidents SET last_event_id = ? WHERE ref = ?", [event_id, ref])
    return ref


def _row(store: Store, ref: str) -> dict:
    row = store.one("SELECT * FROM incidents WHERE ref = ?", [ref])
    if row is None:
        raise IncidentNotFound(ref)
    return row


def _event(store: Store, ref: str, actor: str, action: str, details: dict | None, now: datetime) -> int:
    """Append one event, chained to the newest one (call inside `store.writing()`); returns its id."""
    prev = store.value("SELECT hash FROM incident_events ORDER BY id DESC LIMIT 1") or GENESIS
    at = _iso(now)
    text = json.dumps(details or {}, ensure_ascii=False)
    result = store.execute(
        "INSERT INTO incident_events (ref, at, actor, action, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        [ref, at, actor, action, text, prev, event_hash(prev, ref, at, actor, action, text)],
    )
    return result.first()[0]


def add_event(store: Store, ref: str, actor: str, action: str, details: dict | None, now: datetime) -> int:
    """An event that changes nothing in the incident row (a note, an amendment); returns its id."""
    with store.writing():
        return _event(store, ref, actor, action, details, now)


FIXED_COLUMNS = ("ref", "year", "seq", "last_event_id")


def update_incident(
    store: Store, ref: str, actor: str, action: str, changes: dict, now: datetime, details: dict | None = None
) -> None:
    """Change an incident and record the event in one transaction.

    The event's details are `details` (if given) plus `changes` and `row`, the digest of the row
    afterwards; the row then names the event (`last_event_id`), which the database requires."""
    unknown = [c for c in changes if c in FIXED_COLUMNS]
    if unknown:
        raise ValueError(f"cannot change {unknown} of an incident")
    with store.writing():
        before = _row(store, ref)
        if set(changes) - set(before):  # the names go into the SQL: only the table's own columns
            raise ValueError(f"incidents has no column {sorted(set(changes) - set(before))}")
        after = {**before, **changes}
        digest = row_digest(after)
        event_id = _event(store, ref, actor, action, {**(details or {}), "changes": changes, "row": digest}, now)
        assignments = ", ".join(f"{column} = ?" for column in changes)
        store.execute(
            f"UPDATE incidents SET {assignments}{', ' if changes else ''}last_event_id = ? WHERE ref = ?",
            [*changes.values(), event_id, ref],
        )
        if row_digest(_row(store, ref)) != digest:  # a value the database stores differently: refuse rather than break the check
            raise ValueError(f"{ref}: the stored row differs from the recorded one; use plain str/int/None values")


def reduce_incident(store: Store, ref: str, now: datetime, reason: str) -> bool:
    """After the register term: keep what the register needs, drop free text and who reported.

    Kept: reference, dates, kind, categories, number band, the assessment (risk, reasons), the
    decision, AP reference and reasons. Dropped: description (and any other free text in the
    facts), department, contact and reporter. Recorded as a 'reduced' event. False if done before.
    The check and the change are one write, so two instances pruning at once reduce an incident once."""
    with store.writing():
        incident = get_incident(store, ref)
        facts = {k: v for k, v in incident["facts"].items() if k in REGISTER_FACTS}
        if incident["reporter"] == REDUCED_REPORTER and facts == incident["facts"] \
                and incident["department"] is None and incident["contact"] is None:
            return False
        dropped = sorted({k for k in incident["facts"] if k not in REGISTER_FACTS} | {"department", "contact", "reporter"})
        changes = {"reporter": REDUCED_REPORTER, "department": None, "contact": None,
                   "facts": json.dumps(facts, ensure_ascii=False)}
        update_incident(store, ref, SYSTEM_ACTOR, "reduced", changes, now, {"reason": reason, "dropped": dropped})
    return True


def get_incident(store: Store, ref: str) -> dict:
    row = store.one("SELECT * FROM incidents WHERE ref = ?", [ref])
    if row is None:
        raise IncidentNotFound(ref)
    return _decode(row)


def _decode(row: dict) -> dict:
    row = dict(row)
    row["facts"] = json.loads(row["facts"] or "{}")
    row["assessment"] = json.loads(row["assessment"] or "{}")
    return row


def list_incidents(store: Store, *, status: str | None = None, reporter: str | None = None) -> list[dict]:
    where, args = [], []
    if status:
        where.append("status = ?")
        args.append(status)
    if reporter:
        where.append("reporter = ?")
        args.append(reporter)
    sql = "SELECT * FROM incidents" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY deadline, year, seq"
    return [_decode(r) for r in store.query(sql, args)]


def owners(store: Store) -> dict[str, str]:
    """The owner (a person key) of every incident someone took on, by reference."""
    return dict(store.rows("SELECT ref, owner FROM incidents WHERE owner IS NOT NULL"))


def events(store: Store, ref: str) -> list[dict]:
    return [{**r, "details": json.loads(r["details"] or "{}")}
            for r in store.query("SELECT * FROM incident_events WHERE ref = ? ORDER BY id", [ref])]
