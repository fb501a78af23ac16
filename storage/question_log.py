"""Questions the bot could not answer well: the curators' to-do list (no person, no identifiers)."""
from __future__ import annotations

from datetime import datetime

from storage.db import Store


def record(store: Store, question: str, kind: str, best_entry: str | None, score: float, now: datetime) -> None:
    """`question` must already be stripped of identifiers; who asked is never stored."""
    store.execute(
        "INSERT INTO question_log (asked_at, question, kind, best_entry, score) VALUES (?, ?, ?, ?, ?)",
        [now.isoformat(timespec="seconds"), question[:500], kind, best_entry, score],
    )


def rows(store: Store) -> list[dict]:
    return store.query("SELECT * FROM question_log ORDER BY id")
