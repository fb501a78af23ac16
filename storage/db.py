"""Open the SQLite database: WAL, migrations, one connection guarded by one lock (one writer)."""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from sqlite_utils import Database, Migrations

migrations = Migrations("privacyloket")


@migrations()
def m001_core(db: Database) -> None:
    db["dialogues"].create(
        {"person": str, "flow": str, "state": str, "updated_at": str}, pk="person"
    )
    db["deliveries"].create({"delivery_id": str, "seen_at": str}, pk="delivery_id")
    db["question_log"].create(
        {"id": int, "asked_at": str, "question": str, "kind": str, "best_entry": str, "score": float},
        pk="id",
    )


@migrations()
def m002_incidents(db: Database) -> None:
    db["incidents"].create(
        {
            "ref": str,
            "year": int,
            "seq": int,
            "reporter": str,
            "status": str,  # open | decided | closed
            "kind": str,
            "discovered_at": str,
            "occurred_at": str,
            "deadline": str,
            "facts": str,  # JSON
            "assessment": str,  # JSON
            "department": str,
            "contact": str,
            "created_at": str,
            "acknowledged_at": str,
            "acknowledged_by": str,
            "decision": str,  # reported | not_reportable
            "decision_at": str,
            "decision_by": str,
            "ap_reference": str,
            "delay_reason": str,
            "not_reportable_reason": str,
            "subjects_informed": str,  # yes | no | not_needed
            "closed_at": str,
        },
        pk="ref",
        not_null={"ref", "year", "seq", "reporter", "status", "discovered_at", "deadline"},
    )
    db["incidents"].create_index(["year", "seq"], unique=True)
    db["incident_events"].create(
        {"id": int, "ref": str, "at": str, "actor": str, "action": str, "details": str},
        pk="id",
        foreign_keys=[("ref", "incidents", "ref")],
    )
    db["incident_events"].create_index(["ref"])
    # The audit log is append-only: refuse updates and deletes at the database level.
    db.execute(
        "CREATE TRIGGER incident_events_no_update BEFORE UPDATE ON incident_events "
        "BEGIN SELECT RAISE(ABORT, 'incident_events is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER incident_events_no_delete BEFORE DELETE ON incident_events "
        "BEGIN SELECT RAISE(ABORT, 'incident_events is append-only'); END"
    )
    db["notifications"].create(
        {
            "key": str,  # ref|milestone|recipient: unique, so a ping is never recorded twice
            "ref": str,
            "milestone": str,
            "recipient": str,
            "due_at": str,
            "sent_at": str,
            "status": str,  # sending | sent | superseded
        },
        pk="key",
    )
    db["notifications"].create_index(["ref"])


@migrations()
def m003_platform_state(db: Database) -> None:
    # created by the Telegram adapter itself before this migration: keep what is there
    db["telegram_callbacks"].create({"key": str, "value": str, "created_at": str}, pk="key", if_not_exists=True)
    db["telegram_pressed"].create(
        {"chat_id": int, "message_id": int, "pressed_by": str, "pressed_at": str},
        pk=("chat_id", "message_id"), if_not_exists=True,
    )


class Store:
    """The database plus the lock that makes this process its one writer."""

    def __init__(self, db: Database):
        self.db = db
        self.lock = threading.RLock()


def open_db(path: str | Path) -> Store:
    path = str(path)
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
    db = Database(conn)
    if path != ":memory:":
        db.enable_wal()
    db.execute("PRAGMA foreign_keys = ON")
    migrations.apply(db)
    return Store(db)
