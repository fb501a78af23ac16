"""Telegram's side of the text: HTML escaping, chunking under the limit, inline keyboards.

Telegram counts a message's length in UTF-16 code units (an emoji can count as two), so the
chunking measures that. Text is always sent with parse_mode=HTML and escaped: whatever a user typed
shows literally, never as formatting or a link. `callback_data` is at most 64 bytes: the keyboard
asks the adapter (`callback_data`) for the data of each value, which stores a longer one.
"""
from __future__ import annotations

import html
from typing import Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.messages import Choice

TEXT_LIMIT = 4096  # Telegram's limit, in UTF-16 code units after entity parsing
TEXT_BUDGET = 4000  # what we fill per message, leaving room for the "✔ <label>" we append later
CALLBACK_LIMIT = 64  # bytes
LABEL_LIMIT = 60


def utf16_len(text: str) -> int:
    """Telegram counts message length in UTF-16 code units (an emoji can count as two)."""
    return len(text.encode("utf-16-le")) // 2


def _fitting_prefix(text: str, limit: int) -> int:
    """The number of characters of `text` that fit in `limit` UTF-16 units."""
    units = 0
    for i, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return i
    return len(text)


def split_text(text: str, limit: int = TEXT_BUDGET) -> list[str]:
    """Split `text` into chunks of at most `limit` UTF-16 units, preferring paragraph, line and
    word boundaries. Never returns an empty list."""
    chunks: list[str] = []
    rest = text
    while utf16_len(rest) > limit:
        cut = _fitting_prefix(rest, limit)
        window = rest[:cut]
        for sep in ("\n\n", "\n", " "):
            at = window.rfind(sep)
            if at > cut // 2:  # a boundary in the second half: no tiny chunks
                cut = at
                break
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    chunks.append(rest)
    return [c for c in chunks if c.strip()] or [text.strip() or "…"]


def escape(text: str) -> str:
    """HTML for parse_mode=HTML: whatever a user typed shows literally, never as formatting."""
    return html.escape(text, quote=False)


def button_label(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1].rstrip() + "…"


def keyboard(choices: list[Choice], callback_data: Callable[[str], str]) -> InlineKeyboardMarkup | None:
    """One button per row; `callback_data(value)` gives the (at most 64-byte) data of each button."""
    if not choices:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(button_label(c.label), callback_data=callback_data(c.value))] for c in choices]
    )


def chosen_addition(label: str) -> str:
    """What a pressed message gets appended instead of its keyboard."""
    return f"\n\n✔ {label}"


def label_of(message, data: str) -> str | None:
    """The label of the button with callback_data `data` on `message` (None when not found)."""
    markup = getattr(message, "reply_markup", None)
    for row in (markup.inline_keyboard if markup else ()):
        for button in row:
            if button.callback_data == data:
                return button.text
    return None
