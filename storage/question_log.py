"""Questions the bot could not answer well: the curators' to-do list (no person, no identifiers)."""
from __future__ import annotations

from datetime import datetime

from storage.db import Store


def record(store: Store, question: str, kind: str, best_entry: str | None, score: float, now: datetime) -> None:
    """`question` must already be stripped of identifiers; who asked is never stored."""
    with store.lock:
        store.db["question_log"].insert(
            {"asked_at": now.isoformat(timespec="seconds"), "question": question[:500], "kind": kind,
             "best_entry": best_entry, "score": score}
        )


def rows(store: Store) -> list[dict]:
    with store.lock:
        return list(store.db["question_log"].rows)
