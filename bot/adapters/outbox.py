"""How pings leave the app: each running adapter registers a Notifier for its platform here.

`app.py` builds the outbox before any adapter exists, so the reminders have one place to send to;
adapters register when they start and unregister when they stop.
"""
from __future__ import annotations

import logging
from typing import Protocol

from bot.messages import Reply

log = logging.getLogger(__name__)


class Notifier(Protocol):
    platform: str

    async def deliver(self, recipient: str, reply: Reply) -> bool:
        """Send `reply` to the person key `recipient` ("slack:U123"). True only when delivered."""
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

    async def deliver(self, recipient: str, reply: Reply) -> bool:
        """Deliver to whoever serves the recipient's platform; False when none does (or it failed)."""
        notifier = self.notifiers.get(recipient.split(":", 1)[0])
        if notifier is None:
            return False
        return await notifier.deliver(recipient, reply)
