"""Plain, platform-free message types shared by the engine, handlers and adapters."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Person:
    """Someone talking to the bot, identified per platform."""

    platform: str  # "console" | "slack" | "telegram" | "test"
    user_id: str
    name: str | None = None

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.user_id}"


@dataclass(frozen=True)
class Choice:
    """A button: what the user sees (label) and what comes back when pressed (value)."""

    label: str
    value: str


@dataclass(frozen=True)
class Message:
    """One incoming message or button press.

    ``action`` is set when a button was pressed (its Choice.value); ``text`` holds what was typed.
    ``delivery_id`` identifies the delivery on the platform (Slack event_id, Telegram update_id,
    a button press id) so that duplicates are answered once.
    """

    person: Person
    text: str = ""
    action: str | None = None
    private: bool = True
    delivery_id: str | None = None
    from_bot: bool = False  # sent by a bot (ourselves included): ignored

    @property
    def content(self) -> str:
        return self.action if self.action is not None else self.text


@dataclass
class Reply:
    """What the bot says back: text plus optional choices.

    ``to`` is set only on pings, which leave through the outbox to someone else (the CISO/FG);
    replies returned by the engine are for the sender. ``meta`` carries machine-readable facts for
    `ask --json`.
    """

    text: str
    choices: list[Choice] = field(default_factory=list)
    to: Person | None = None
    meta: dict[str, Any] = field(default_factory=dict)
