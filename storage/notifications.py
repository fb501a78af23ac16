"""Ping claims: one row per (incident, milestone, recipient), claimed before a ping is sent.

The primary key is what makes a ping "at least once, never silently twice": a claim that is
already there (sent, being sent, or superseded by a later milestone) is never made again.
"""
from __future__ import annotations

from datetime import datetime

from storage.db import Store


def claim(store: Store, key: str, ref: str, milestone: str, recipient: str, due: datetime,
          now: datetime, status: str) -> bool:
    """Insert a claim; False when the key exists (sent, or being sent by someone else)."""
    with store.lock:
        cur = store.db.execute(
            "INSERT OR IGNORE INTO notifications (key, ref, milestone, recipient, due_at, sent_at, status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            # sent_at holds when the row was written; finish() overwrites it once delivered
            [key, ref, milestone, recipient, due.isoformat(), now.isoformat(), status],
        )
        store.db.conn.commit()
        return cur.rowcount == 1


def finish(store: Store, key: str, delivered: bool, now: datetime) -> None:
    """Keep a delivered claim as sent; drop an undelivered one so it is retried."""
    with store.lock:
        if delivered:
            store.db.execute(
                "UPDATE notifications SET status = 'sent', sent_at = ? WHERE key = ?",
                [now.isoformat(timespec="seconds"), key],
            )
        else:
            store.db.execute("DELETE FROM notifications WHERE key = ? AND status = 'sending'", [key])
        store.db.conn.commit()


def keys_by_ref(store: Store, refs: list[str] | None = None) -> dict[str, set[str]]:
    """The claimed keys of each incident (all incidents when `refs` is None), in one query."""
    with store.lock:
        if refs is None:
            rows = store.db.execute("SELECT ref, key FROM notifications").fetchall()
        else:
            rows = []
            for i in range(0, len(refs), 500):
                chunk = refs[i:i + 500]
                marks = ", ".join("?" for _ in chunk)
                rows += store.db.execute(f"SELECT ref, key FROM notifications WHERE ref IN ({marks})", chunk).fetchall()
    found: dict[str, set[str]] = {}
    for ref, key in rows:
        found.setdefault(ref, set()).add(key)
    return found


def release_stale(store: Store, claimed_before: datetime) -> int:
    """Release 'sending' claims made before `claimed_before` (a crash mid-send), for a retry."""
    with store.lock:
        # by when it was claimed, not when it was due: a catch-up ping claimed a second ago by
        # another process is due long ago, and must not be released (and sent twice)
        cur = store.db.execute(
            "DELETE FROM notifications WHERE status = 'sending' AND sent_at < ?", [claimed_before.isoformat()]
        )
        store.db.conn.commit()
        return cur.rowcount


def all_rows(store: Store) -> list[dict]:
    with store.lock:
        return list(store.db["notifications"].rows)
