"""Open dialogues: one row per person with the flow and its state, so a restart resumes them."""
from __future__ import annotations

import json
from datetime import datetime

from storage.db import Store


def load(store: Store, person: str) -> tuple[str, dict] | None:
    with store.lock:
        row = store.db.execute("SELECT flow, state FROM dialogues WHERE person = ?", [person]).fetchone()
    return (row[0], json.loads(row[1])) if row else None


def save(store: Store, person: str, flow: str, state: dict | None, now: datetime) -> None:
    """Store the state of `person`'s dialogue; None ends it (the row is deleted)."""
    with store.lock, store.db.atomic():
        if state is None:
            store.db.execute("DELETE FROM dialogues WHERE person = ?", [person])
        else:
            store.db["dialogues"].upsert(
                {"person": person, "flow": flow, "state": json.dumps(state, ensure_ascii=False),
                 "updated_at": now.isoformat(timespec="seconds")},
                pk="person",
            )


def count(store: Store) -> int:
    with store.lock:
        return store.db.execute("SELECT count(*) FROM dialogues").fetchone()[0]
