"""Platform delivery ids (Slack event_id, Telegram update_id, a button press): each handled once.

The primary key on `delivery_id` is what makes this hold across instances: of two processes that
receive the same retry, exactly one inserts the row and answers."""
from __future__ import annotations

from datetime import datetime

from storage.db import Store


def first_delivery(store: Store, delivery_id: str, now: datetime) -> bool:
    """Record a delivery id; False when it was seen before (a duplicate)."""
    result = store.execute(
        "INSERT INTO deliveries (delivery_id, seen_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
        [delivery_id, now.isoformat(timespec="seconds")],
    )
    return result.rowcount == 1


def prune(store: Store, seen_before: datetime) -> int:
    return store.execute("DELETE FROM deliveries WHERE seen_at < ?",
                         [seen_before.isoformat(timespec="seconds")]).rowcount
