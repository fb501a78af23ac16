"""Platform delivery ids (Slack event_id, Telegram update_id, a button press): each handled once."""
from __future__ import annotations

from datetime import datetime

from storage.db import Store


def first_delivery(store: Store, delivery_id: str, now: datetime) -> bool:
    """Record a delivery id; False when it was seen before (a duplicate)."""
    with store.lock:
        cur = store.db.execute(
            "INSERT OR IGNORE INTO deliveries (delivery_id, seen_at) VALUES (?, ?)",
            [delivery_id, now.isoformat(timespec="seconds")],
        )
        store.db.conn.commit()
        return cur.rowcount == 1


def prune(store: Store, seen_before: datetime) -> int:
    with store.lock, store.db.atomic():
        cur = store.db.execute("DELETE FROM deliveries WHERE seen_at < ?", [seen_before.isoformat(timespec="seconds")])
        return cur.rowcount
