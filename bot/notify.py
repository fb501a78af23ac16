"""How pings leave the engine: each running adapter offers a Notifier for its platform."""
from __future__ import annotations

from typing import Protocol

from bot.messages import Reply


class Notifier(Protocol):
    platform: str

    async def deliver(self, recipient: str, reply: Reply) -> bool:
        """Send `reply` to the person key `recipient` ("slack:U123"). True only when delivered."""
        ...


async def deliver(notifiers: list[Notifier], recipient: str, reply: Reply) -> bool:
    platform = recipient.split(":", 1)[0]
    for notifier in notifiers:
        if notifier.platform == platform:
            return await notifier.deliver(recipient, reply)
    return False
