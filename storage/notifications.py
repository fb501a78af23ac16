"""Ping claims: one row per (incident, milestone, recipient), claimed before a ping is sent.

The primary key is what makes a ping "at least once, never silently twice": a claim that is
already there (sent, being sent, or superseded by a later milestone) is never made again, by this
process or by any other instance on the same database.
"""
from __future__ import annotations

from datetime import datetime

from storage.db import Store


def claim(store: Store, key: str, ref: str, milestone: str, recipient: str, due: datetime,
          now: datetime, status: str) -> bool:
    """Insert a claim; False when the key exists (sent, or being sent by someone else)."""
    result = store.execute(
        "INSERT INTO notifications (key, ref, milestone, recipient, due_at, sent_at, status) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        # sent_at holds when the row was written; finish() overwrites it once delivered
        [key, ref, milestone, recipient, due.isoformat(), now.isoformat(), status],
    )
    return result.rowcount == 1


def finish(store: Store, key: str, outcome, now: datetime) -> None:
    """After a send: "delivered" (or True) keeps the claim as sent; "maybe" keeps it as maybe (the
    platform did not answer: it may have arrived; retried later, marked as a repeat); anything else
    drops a 'sending' claim so it is retried as new."""
    outcome = getattr(outcome, "value", outcome)  # bot.adapters.outbox.Delivery or a plain value
    if outcome is True or outcome == "delivered":
        store.execute(
            "UPDATE notifications SET status = 'sent', sent_at = ? WHERE key = ?",
            [now.isoformat(timespec="seconds"), key],
        )
    elif outcome == "maybe":
        store.execute(
            "UPDATE notifications SET status = 'maybe', sent_at = ? WHERE key = ? AND status = 'sending'",
            [now.isoformat(timespec="seconds"), key],
        )
    else:
        store.execute("DELETE FROM notifications WHERE key = ? AND status = 'sending'", [key])


def retake_maybe(store: Store, key: str, now: datetime, tried_before: datetime) -> bool:
    """Take a 'maybe' claim last tried before `tried_before` back for a resend (True: it is ours)."""
    result = store.execute(
        "UPDATE notifications SET status = 'sending', sent_at = ? WHERE key = ? AND status = 'maybe' AND sent_at < ?",
        [now.isoformat(), key, tried_before.isoformat()],
    )
    return result.rowcount == 1


def supersede(store: Store, key: str, ref: str, milestone: str, recipient: str, due: datetime, now: datetime) -> None:
    """A milestone overtaken by a later one: never sent (or resent) on its own."""
    claim(store, key, ref, milestone, recipient, due, now, "superseded")
    store.execute("UPDATE notifications SET status = 'superseded' WHERE key = ? AND status = 'maybe'", [key])


def keys_by_ref(store: Store, refs: list[str] | None = None,
                retry_maybe_before: datetime | None = None) -> dict[str, set[str]]:
    """The claimed keys of each incident (all incidents when `refs` is None), in one query.

    With `retry_maybe_before`, a 'maybe' claim last tried before then is left out: it is due again."""
    if refs is None:
        rows = store.rows("SELECT ref, key, status, sent_at FROM notifications")
    else:
        rows = []
        for i in range(0, len(refs), 500):
            chunk = refs[i:i + 500]
            marks = ", ".join("?" for _ in chunk)
            rows += store.rows(f"SELECT ref, key, status, sent_at FROM notifications WHERE ref IN ({marks})", chunk)
    cutoff = retry_maybe_before.isoformat() if retry_maybe_before is not None else None
    found: dict[str, set[str]] = {}
    for ref, key, status, sent_at in rows:
        if cutoff is not None and status == "maybe" and sent_at < cutoff:
            continue
        found.setdefault(ref, set()).add(key)
    return found


def release_stale(store: Store, claimed_before: datetime) -> int:
    """Release 'sending' claims made before `claimed_before` (a crash mid-send), for a retry."""
    # by when it was claimed, not when it was due: a catch-up ping claimed a second ago by
    # another process is due long ago, and must not be released (and sent twice)
    # kept as 'maybe', not deleted: the crashed send may have arrived, so the resend says it may be a repeat
    return store.execute(
        "UPDATE notifications SET status = 'maybe' WHERE status = 'sending' AND sent_at < ?",
        [claimed_before.isoformat()],
    ).rowcount


def all_rows(store: Store) -> list[dict]:
    return store.query("SELECT * FROM notifications")
