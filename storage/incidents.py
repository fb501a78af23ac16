"""Incidents (the internal breach register, art. 33(5)) and their append-only event log."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from storage.db import Store

LOCAL = ZoneInfo("Europe/Amsterdam")
OPEN_STATUSES = ("open",)


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
    """Store a new incident with the next DL-<year>-<seq> reference, and its 'filed' event."""
    year = now.astimezone(LOCAL).year
    with store.lock, store.db.atomic():
        row = store.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM incidents WHERE year = ?", [year]).fetchone()
        seq = row[0]
        ref = f"DL-{year}-{seq:04d}"
        store.db["incidents"].insert(
            {
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
        )
        _event(store, ref, reporter, "filed", {"risk": assessment.get("risk")}, now)
    return ref


def _event(store: Store, ref: str, actor: str, action: str, details: dict | None, now: datetime) -> None:
    store.db["incident_events"].insert(
        {
            "ref": ref,
            "at": _iso(now),
            "actor": actor,
            "action": action,
            "details": json.dumps(details or {}, ensure_ascii=False),
        }
    )


def add_event(store: Store, ref: str, actor: str, action: str, details: dict | None, now: datetime) -> None:
    with store.lock, store.db.atomic():
        _event(store, ref, actor, action, details, now)


def update_incident(
    store: Store, ref: str, actor: str, action: str, changes: dict, now: datetime, details: dict | None = None
) -> None:
    """Change an incident and record the event in one transaction."""
    with store.lock, store.db.atomic():
        store.db["incidents"].update(ref, changes)
        _event(store, ref, actor, action, details if details is not None else changes, now)


def get_incident(store: Store, ref: str) -> dict:
    with store.lock:
        rows = list(store.db["incidents"].rows_where("ref = ?", [ref]))
    if not rows:
        raise IncidentNotFound(ref)
    return _decode(rows[0])


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
    with store.lock:
        rows = store.db["incidents"].rows_where(" AND ".join(where) or None, args, order_by="deadline")
        return [_decode(r) for r in rows]


def events(store: Store, ref: str) -> list[dict]:
    with store.lock:
        return [
            {**r, "details": json.loads(r["details"] or "{}")}
            for r in store.db["incident_events"].rows_where("ref = ?", [ref], order_by="id")
        ]
