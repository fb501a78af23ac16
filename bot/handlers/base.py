"""What every handler shares: the context it gets, the turn it returns, choice matching."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Awaitable, Callable

from bot.messages import Choice, Message, Reply

if TYPE_CHECKING:  # pragma: no cover
    from bot.config import Config
    from knowledge import KnowledgeBase
    from storage.db import Store

BACK_WORDS = {"terug", "vorige", "back", "<"}
STOP_WORDS = {"stop", "/stop", "annuleer", "/annuleer", "afbreken", "cancel", "/cancel", "stoppen"}
BACK = Choice("↩ Terug", "terug")
STOP = Choice("✖ Stop", "stop")


@dataclass
class Context:
    """Everything a handler may use. The clock is injected (aware UTC datetimes)."""

    store: "Store"
    config: "Config"
    clock: Callable[[], datetime]
    knowledge: "KnowledgeBase"
    reminders: Any = None  # bot.reminders.Reminders, when the clock runs
    deferred: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    def now(self) -> datetime:
        return self.clock()

    def defer(self, fn: Callable[[], Awaitable[None]]) -> None:
        """Run an async effect (e.g. pinging the CISO) after the turn has been saved."""
        self.deferred.append(fn)

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
    """Base class. Dialogue handlers implement start/resume/current; stateless ones on_action."""

    name: str = ""
    commands: tuple[str, ...] = ()
    action_prefix: str | None = None

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


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text.lower()).strip(" .!?")


def pick(msg: Message, choices: list[Choice]) -> str | None:
    """Resolve a button press, a number ("2") or a typed label to a choice value."""
    if msg.action is not None:
        return msg.action if any(c.value == msg.action for c in choices) else None
    typed = normalise(msg.text)
    if not typed:
        return None
    if typed.isdigit():
        index = int(typed) - 1
        return choices[index].value if 0 <= index < len(choices) else None
    for c in choices:
        if typed in (normalise(c.label), normalise(c.value)):
            return c.value
    # a typed label without its emoji/punctuation, or a unique prefix ("ja" for "Ja, klopt")
    def bare(text: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r"[^\w ]", "", text)).strip()

    typed = bare(typed)
    stripped = [(bare(normalise(c.label)), c.value) for c in choices]
    for label, value in stripped:
        if typed == label:
            return value
    starts = [value for label, value in stripped if label.startswith(typed) and len(typed) >= 2]
    return starts[0] if len(starts) == 1 else None


def is_back(msg: Message) -> bool:
    return normalise(msg.content) in BACK_WORDS


def is_stop(msg: Message) -> bool:
    return normalise(msg.content) in {normalise(w) for w in STOP_WORDS}
