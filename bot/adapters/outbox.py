"""How pings leave the app: each running adapter registers a Notifier for its platform here.

`app.py` builds the outbox before any adapter exists, so the reminders have one place to send to;
adapters register when they start and unregister when they stop.

The delivery contract ("at least once, never silently twice"): `deliver()` never raises and returns
a `Delivery`, which is truthy only for DELIVERED.

- DELIVERED: the platform confirmed the message. Keep the claim as sent.
- FAILED: certainly not delivered (refused, blocked, unknown user, no connection, no notifier for
  the platform). Release the claim; the clock sends it again later as if for the first time.
- MAYBE: the request went out but no confirmation came back (a read timeout, a connection that
  dropped mid-answer, or only part of a long message arrived). The person may have it already.
  Keep the claim (as "maybe"); a later resend must say it may be a repeat (`REPEAT_NOTE`).

A notifier may still return a plain bool (True = DELIVERED, False = FAILED); the outbox turns it
into a `Delivery`. Pings are sent with the longer `PING_TIMEOUT`: a slow answer from the platform
then seldom turns a delivered ping into a "maybe".
"""
from __future__ import annotations

import enum
import logging
from typing import Protocol

from bot.messages import Reply

log = logging.getLogger(__name__)

PING_TIMEOUT = 30.0  # seconds to wait for the platform's answer to a ping (Telegram's default is 5)
REPEAT_NOTE = "(Herhaling: mogelijk heb je dit bericht al gehad.)"


class Delivery(enum.Enum):
    DELIVERED = "delivered"
    FAILED = "failed"
    MAYBE = "maybe"

    def __bool__(self) -> bool:  # `if await outbox.deliver(...)` means "confirmed delivered"
        return self is Delivery.DELIVERED

    @classmethod
    def of(cls, value: "Delivery | bool | None") -> "Delivery":
        if isinstance(value, Delivery):
            return value
        return cls.DELIVERED if value else cls.FAILED


class Notifier(Protocol):
    platform: str

    async def deliver(self, recipient: str, reply: Reply) -> "Delivery | bool":
        """Send `reply` to the person key `recipient` ("slack:U123"); see the module's contract."""
        ...


class Outbox:
    def __init__(self, notifiers: list[Notifier] | None = None):
        self.notifiers: dict[str, Notifier] = {}
        for notifier in notifiers or []:
            self.register(notifier)

    def register(self, notifier: Notifier) -> None:
        self.notifiers[notifier.platform] = notifier

    def unregister(self, platform: str) -> None:
        self.notifiers.pop(platform, None)

    async def deliver(self, recipient: str, reply: Reply) -> Delivery:
        """Deliver to whoever serves the recipient's platform; FAILED when none does."""
        notifier = self.notifiers.get(recipient.split(":", 1)[0])
        if notifier is None:
            return Delivery.FAILED
        return Delivery.of(await notifier.deliver(recipient, reply))
