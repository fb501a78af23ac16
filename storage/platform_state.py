"""What a chat platform needs remembered: Telegram's long button values and pressed keyboards."""
from __future__ import annotations

from datetime import datetime

from storage.db import Store


def remember_callback(store: Store, key: str, value: str, now: datetime) -> None:
    with store.lock:
        store.db.execute(
            "INSERT OR IGNORE INTO telegram_callbacks (key, value, created_at) VALUES (?, ?, ?)",
            [key, value, now.isoformat(timespec="seconds")],
        )
        store.db.conn.commit()


def callback_value(store: Store, key: str) -> str | None:
    with store.lock:
        row = store.db.execute("SELECT value FROM telegram_callbacks WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def claim_press(store: Store, chat_id: int, message_id: int, person: str, now: datetime) -> bool:
    """True for the first press on a message's keyboard, False for every later one."""
    with store.lock:
        cur = store.db.execute(
            "INSERT OR IGNORE INTO telegram_pressed (chat_id, message_id, pressed_by, pressed_at) VALUES (?, ?, ?, ?)",
            [chat_id, message_id, person, now.isoformat(timespec="seconds")],
        )
        store.db.conn.commit()
        return cur.rowcount == 1
