"""The web desk's tables: single-use login links, sessions, and the register's queries for its pages.

Secrets are never stored: a login token and a session id are kept only as their sha256 (hex), so a
copy of the database opens no desk. A login link is valid for `LINK_MINUTES` and used once (the
UPDATE that marks it used is also the check, so two clicks cannot both win); a session ends after
`SESSION_HOURS` or at logout. Logins are not incident events: `desk_sessions` keeps who and when.
The register queries (filters, search, paging, statistics) live here because only `storage/`
touches the database.
"""
from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime, timedelta, timezone

from storage.db import Store

LINK_MINUTES = 10
SESSION_HOURS = 8
SEEN_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often per session
KEEP_TOKENS = timedelta(days=1)  # used or expired login tokens are removed after this


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _iso(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).isoformat(timespec="seconds")


# -- login links -----------------------------------------------------------------------------
def create_login_token(store: Store, person: str, now: datetime, minutes: int = LINK_MINUTES) -> str:
    """A new single-use login token for `person` (returned once, stored hashed)."""
    token = secrets.token_urlsafe(32)
    with store.transaction():
        store.execute("DELETE FROM desk_tokens WHERE expires_at < ?", [_iso(now - KEEP_TOKENS)])
        store.execute(
            "INSERT INTO desk_tokens (token_hash, person, created_at, expires_at) VALUES (?, ?, ?, ?)",
            [digest(token), person, _iso(now), _iso(now + timedelta(minutes=minutes))],
        )
    return token


def token_state(store: Store, token: str, now: datetime) -> tuple[str, str | None]:
    """('valid', person), ('used', person), ('expired', person) or ('unknown', None); changes nothing."""
    row = store.execute("SELECT person, expires_at, used_at FROM desk_tokens WHERE token_hash = ?",
                        [digest(token)]).first()
    if row is None:
        return "unknown", None
    person, expires_at, used_at = row
    if used_at:
        return "used", person
    if expires_at <= _iso(now):
        return "expired", person
    return "valid", person


def use_login_token(store: Store, token: str, now: datetime) -> str | None:
    """Mark the token used and return its person; None when unknown, expired or used before."""
    row = store.execute(
        "UPDATE desk_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? "
        "RETURNING person",
        [_iso(now), digest(token), _iso(now)],
    ).first()
    return row[0] if row else None


# -- sessions --------------------------------------------------------------------------------
def create_session(store: Store, person: str, now: datetime, hours: int = SESSION_HOURS,
                   user_agent: str | None = None) -> str:
    """A new session for `person`; returns the session id for the cookie (stored hashed)."""
    session = secrets.token_urlsafe(32)
    store.execute(
        "INSERT INTO desk_sessions (session_hash, person, created_at, expires_at, last_seen_at, user_agent) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [digest(session), person, _iso(now), _iso(now + timedelta(hours=hours)), _iso(now),
         (user_agent or "")[:200] or None],
    )
    return session


def session_person(store: Store, session: str, now: datetime) -> str | None:
    """The person of a live session (not ended, not expired); notes when it was last seen."""
    key = digest(session)
    row = store.execute(
        "SELECT person, expires_at, ended_at, last_seen_at FROM desk_sessions WHERE session_hash = ?", [key]
    ).first()
    if row is None or row[2] or row[1] <= _iso(now):
        return None
    if not row[3] or row[3] <= _iso(now - SEEN_EVERY):
        store.execute("UPDATE desk_sessions SET last_seen_at = ? WHERE session_hash = ?", [_iso(now), key])
    return row[0]


def end_session(store: Store, session: str, now: datetime) -> None:
    store.execute("UPDATE desk_sessions SET ended_at = ? WHERE session_hash = ? AND ended_at IS NULL",
                  [_iso(now), digest(session)])


def set_flash(store: Store, session: str, messages: list[str]) -> None:
    """Messages to show once on the next page of this session (after a form's redirect)."""
    store.execute("UPDATE desk_sessions SET flash = ? WHERE session_hash = ?",
                  [json.dumps(messages, ensure_ascii=False) if messages else None, digest(session)])


def take_flash(store: Store, session: str) -> list[str]:
    key = digest(session)
    with store.writing():  # read and clear as the one writer: two tabs never both show the same message
        row = store.execute("SELECT flash FROM desk_sessions WHERE session_hash = ?", [key]).first()
        if not row or not row[0]:
            return []
        store.execute("UPDATE desk_sessions SET flash = NULL WHERE session_hash = ?", [key])
    return json.loads(row[0])


def sessions(store: Store) -> list[dict]:
    """Who logged in to the desk and when (newest first)."""
    return store.query("SELECT person, created_at, expires_at, last_seen_at, ended_at FROM desk_sessions "
                       "ORDER BY created_at DESC")


# -- the register, as the desk reads it ------------------------------------------------------
LIST_COLUMNS = ("ref, year, seq, reporter, status, kind, discovered_at, occurred_at, deadline, facts, assessment, "
                "department, created_at, acknowledged_at, acknowledged_by, decision, decision_at, decision_by, "
                "ap_reference, delay_reason, not_reportable_reason, subjects_informed, closed_at")


def _decode(columns: list[str], values) -> dict:
    row = dict(zip(columns, values))
    row["facts"] = json.loads(row.get("facts") or "{}")
    row["assessment"] = json.loads(row.get("assessment") or "{}")
    return row


def _where(year: int | None, kind: str | None, status: str | None, decision: str | None,
           query: str | None) -> tuple[str, list]:
    where, args = [], []
    if year:
        where.append("year = ?")
        args.append(year)
    if kind:
        where.append("kind = ?")
        args.append(kind)
    if status:
        where.append("status = ?")
        args.append(status)
    if decision == "none":
        where.append("decision IS NULL")
    elif decision:
        where.append("decision = ?")
        args.append(decision)
    if query:
        # lower() on both sides: case-insensitive on PostgreSQL too, as SQLite's LIKE is (for ASCII letters)
        like = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append("(" + " OR ".join(f"lower({c}) LIKE lower(?) ESCAPE '\\'" for c in (
            "ref", "json_extract(facts, '$.description')", "department", "ap_reference", "not_reportable_reason",
            "delay_reason")) + ")")
        args += [like] * 6
    return (" WHERE " + " AND ".join(where)) if where else "", args


def register_page(store: Store, *, year: int | None = None, kind: str | None = None, status: str | None = None,
                  decision: str | None = None, query: str | None = None, limit: int | None = 50,
                  offset: int = 0) -> tuple[int, list[dict]]:
    """(total matching, one page of incidents, newest first) for the register's filters and search."""
    where, args = _where(year, kind, status, decision, query)
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit else ""
    with store.transaction():
        total = store.value(f"SELECT COUNT(*) FROM incidents{where}", args)
        result = store.execute(f"SELECT {LIST_COLUMNS} FROM incidents{where} ORDER BY year DESC, seq DESC{page}",
                               args)
    return total, [_decode(result.columns, values) for values in result.rows]


def not_closed(store: Store) -> list[dict]:
    """Every incident that is not closed (open or decided), by deadline."""
    result = store.execute(f"SELECT {LIST_COLUMNS} FROM incidents WHERE status <> 'closed' "
                           "ORDER BY deadline, year, seq")
    return [_decode(result.columns, values) for values in result.rows]


def years(store: Store) -> list[int]:
    return [r[0] for r in store.rows("SELECT DISTINCT year FROM incidents ORDER BY year DESC")]


def statistics_rows(store: Store, year: int | None = None) -> list[dict]:
    """The few columns the statistics need, for every incident (of `year`)."""
    where, args = ("WHERE year = ?", [year]) if year else ("", [])
    return store.query(
        f"SELECT ref, year, kind, status, decision, discovered_at, deadline, decision_at, "
        f"json_extract(assessment, '$.risk') AS risk FROM incidents {where} ORDER BY year, seq", args)


def all_events(store: Store):
    """Every event of the register in id order (the hash chain's order), details as stored text."""
    rows = store.rows("SELECT id, ref, at, actor, action, details, prev_hash, hash FROM incident_events ORDER BY id")
    for row in rows:
        yield dict(zip(("id", "ref", "at", "actor", "action", "details", "prev_hash", "hash"), row))
