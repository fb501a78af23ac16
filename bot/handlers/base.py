"""The handler contract: the context a handler gets, the turn it returns, the methods it implements."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Callable

from bot.events import Event
from bot.messages import Message, Reply

if TYPE_CHECKING:  # pragma: no cover
    from bot.config import Config
    from knowledge import KnowledgeBase
    from storage.db import Store


@dataclass
class Context:
    """Everything a handler may use. The clock is injected (aware UTC datetimes)."""

    store: "Store"
    config: "Config"
    clock: Callable[[], datetime]
    knowledge: "KnowledgeBase"
    events: list[Event] = field(default_factory=list)

    def now(self) -> datetime:
        return self.clock()

    def emit(self, event: Event) -> None:
        """Tell the app what happened (an incident filed, a decision recorded), after the turn is saved."""
        self.events.append(event)

    def fill(self, text: str) -> str:
        """Fill organisation placeholders such as {fg_contact}."""
        for key, value in self.config.placeholders().items():
            text = text.replace("{" + key + "}", value)
        return text


@dataclass
class Turn:
    """The outcome of one message in a dialogue: replies, and the new state (None = finished)."""

    replies: list[Reply]
    state: dict | None = None


class Handler:
    """Base class. Dialogue handlers implement start/resume/current; stateless ones on_action.

    A handler's commands are declared in bot/commands.py; `private_only` handlers are never run
    in a channel or group (the engine enforces it)."""

    name: str = ""
    action_prefix: str | None = None
    private_only: bool = False

    def start(self, ctx: Context, msg: Message, prefill: dict | None = None) -> Turn:
        raise NotImplementedError

    def resume(self, ctx: Context, state: dict, msg: Message) -> Turn:
        raise NotImplementedError

    def current(self, ctx: Context, state: dict) -> list[Reply]:
        """Repeat the open question of a dialogue (after a restart or an interruption)."""
        return []

    def on_action(self, ctx: Context, msg: Message) -> "list[Reply] | Turn | None":
        """A button of this handler pressed outside its dialogue (None: not handled).

        Return a Turn with a state to open a dialogue (e.g. asking for the AP's reference)."""
        return None
