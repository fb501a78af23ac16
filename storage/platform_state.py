"""What a chat platform needs remembered: Telegram's long button values and pressed keyboards."""
from __future__ import annotations

from datetime import datetime

from storage.db import Store


def remember_callback(store: Store, key: str, value: str, now: datetime) -> None:
    store.execute(
        "INSERT INTO telegram_callbacks (key, value, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        [key, value, now.isoformat(timespec="seconds")],
    )


def callback_value(store: Store, key: str) -> str | None:
    return store.value("SELECT value FROM telegram_callbacks WHERE key = ?", [key])


def claim_press(store: Store, chat_id: int, message_id: int, person: str, now: datetime) -> bool:
    """True for the first press on a message's keyboard, False for every later one (in any instance)."""
    result = store.execute(
        "INSERT INTO telegram_pressed (chat_id, message_id, pressed_by, pressed_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING",
        [chat_id, message_id, person, now.isoformat(timespec="seconds")],
    )
    return result.rowcount == 1
