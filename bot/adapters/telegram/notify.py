"""Telegram pings (the notifier) and the doctor's check of the token.

A ping is sent with PING_TIMEOUT instead of PTB's 5 s: Telegram answering slowly is not a failure.
What a failed send means (bot.adapters.outbox's contract): a timeout or a dropped connection after
the request left is MAYBE (the message may have arrived); a refusal (blocked, bad request, flood
control that does not end) or a connection that never opened is FAILED; when some parts of a long
ping arrived and a later one failed, MAYBE.
"""
from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.adapters.outbox import PING_TIMEOUT, Delivery
from bot.messages import Reply

log = logging.getLogger(__name__)

PLATFORM = "telegram"
CHECK_TIMEOUT = 10.0
NOT_SENT = ("ConnectError", "ConnectTimeout", "PoolTimeout")  # httpx: the request never left


def send_outcome(exc: BaseException, parts_sent: int) -> Delivery:
    if parts_sent:
        return Delivery.MAYBE
    if isinstance(exc, NetworkError):  # TimedOut included
        cause = exc.__cause__
        if type(cause).__name__ in NOT_SENT or "Pool timeout" in str(exc):
            return Delivery.FAILED
        return Delivery.MAYBE
    return Delivery.FAILED


class TelegramNotifier:
    """Delivers pings (Replies to the CISO/FG) as direct messages: chat_id = the Telegram user id."""

    platform = PLATFORM

    def __init__(self, adapter, timeout: float = PING_TIMEOUT):
        self.adapter = adapter
        self.timeout = timeout

    async def deliver(self, recipient: str, reply: Reply) -> Delivery:
        platform, _, user_id = recipient.partition(":")
        if platform != PLATFORM or not user_id.lstrip("-").isdigit():
            log.warning("cannot deliver to %r: not a Telegram user id", recipient)
            return Delivery.FAILED
        if self.adapter.stopped:
            return Delivery.FAILED
        try:
            await self.adapter.ensure_bot()
        except Exception as exc:
            log.warning("ping to %s not delivered: %s", recipient, exc or type(exc).__name__)
            return Delivery.FAILED
        sent: list = []
        try:
            await self.adapter.send_reply(int(user_id), reply, timeout=self.timeout, sent=sent)
            return Delivery.DELIVERED
        except Exception as exc:  # never raise: the clock retries an undelivered ping later
            outcome = send_outcome(exc, len(sent))
            what = "maybe delivered (no answer)" if outcome is Delivery.MAYBE else "not delivered"
            log.warning("ping to %s %s: %s", recipient, what, exc or type(exc).__name__)
            return outcome


async def check_credentials(config, timeout: float = CHECK_TIMEOUT) -> list[tuple[bool, str]]:
    """getMe with the configured token at the configured Bot API URL: (ok, Dutch line) pairs.

    PTB puts the token in InvalidToken's message: it is never shown here."""
    base = (config.telegram_api_url or "https://api.telegram.org").rstrip("/")
    bot = Bot(config.telegram_bot_token, base_url=f"{base}/bot", base_file_url=f"{base}/file/bot")
    try:
        me = await bot.get_me(read_timeout=timeout, connect_timeout=timeout)
        return [(True, f"Telegram-token (TELEGRAM_BOT_TOKEN): geaccepteerd door {base} (bot @{me.username})")]
    except InvalidToken:
        return [(False, f"Telegram-token (TELEGRAM_BOT_TOKEN): geweigerd door {base}")]
    except NetworkError as exc:
        return [(False, f"Telegram: {base} is niet bereikbaar ({type(exc).__name__})")]
    except TelegramError as exc:
        return [(False, f"Telegram: getMe mislukt bij {base} ({type(exc).__name__})")]
    finally:
        try:
            await bot.shutdown()
        except Exception:
            pass
