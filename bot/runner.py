"""`python -m bot run`: every configured platform in one asyncio loop, one scheduler, one database."""
from __future__ import annotations

import asyncio
import logging
import signal

from bot.config import Config

log = logging.getLogger(__name__)

NO_TOKENS = """Er is geen Slack- of Telegram-token ingesteld, dus ik start de console.
Zet voor Slack: SLACK_BOT_TOKEN en SLACK_APP_TOKEN (Socket Mode), of SLACK_BOT_TOKEN en SLACK_SIGNING_SECRET (HTTP).
Zet voor Telegram: TELEGRAM_BOT_TOKEN. Zie README.md."""


def configured_adapters(engine, config: Config) -> list:
    """The adapters whose settings are complete (each adds its notifier to the outbox in `serve`)."""
    adapters = []
    if config.slack_bot_token and (config.slack_app_token or config.slack_signing_secret):
        from bot.adapters.slack import SlackAdapter

        adapters.append(SlackAdapter(engine, config))
    if config.telegram_bot_token:
        from bot.adapters.telegram import TelegramAdapter

        adapters.append(TelegramAdapter(engine, config))
    return adapters


async def serve(app, adapters: list, stop: asyncio.Event) -> None:
    """Start the adapters and the clock, wait for `stop`, then shut everything down cleanly."""
    started = []
    try:
        for adapter in adapters:
            app.add_notifier(adapter.notifier)
            await adapter.start()
            started.append(adapter)
            log.warning("%s gestart", adapter.platform)
        await app.reminders.start()  # rebuild the wake-up from the database; send what is overdue once
        await stop.wait()
    finally:
        for adapter in reversed(started):
            try:
                await adapter.stop()
            except Exception:  # keep stopping the others
                log.exception("stopping %s failed", adapter.platform)
        await app.reminders.stop()


def run_all(config: Config) -> int:
    from bot.app import build_app

    app = build_app(config)
    adapters = configured_adapters(app.engine, config)
    if not adapters:
        from bot.adapters.console import run_console

        print(NO_TOKENS)
        asyncio.run(run_console(app, config.console_user))
        return 0

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await serve(app, adapters, stop)

    asyncio.run(main())
    return 0
