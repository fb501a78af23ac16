"""The web desk: the CISO's and FG's register in a browser, served by the bot's own process and loop.

`WebDesk(app).start()` serves `create_app(app)` on `config.web_host:web_port` beside the chat
adapters (`python -m bot run` with WEB_PORT set); `run_web` serves it on its own (`python -m bot web`).
Pages, forms, drafts and exports: app.py (routes, login, sessions, CSRF), pages.py, forms.py,
drafts.py, exports.py; docs/desk.md describes them.
"""
from __future__ import annotations

import asyncio
import logging
import signal

from aiohttp import web

from bot.adapters.local_http import close, serve

from bot.adapters.web.app import create_app

log = logging.getLogger(__name__)
DEFAULT_PORT = 8080

__all__ = ["DEFAULT_PORT", "WebDesk", "create_app", "run_web"]


class WebDesk:
    """The desk's HTTP server, started and stopped beside the chat adapters."""

    platform = "web"

    def __init__(self, app, host: str | None = None, port: int | None = None):
        self.app = app
        self.host = host or app.config.web_host
        self.port = DEFAULT_PORT if port is None and app.config.web_port is None else (
            port if port is not None else app.config.web_port)
        self.runner: web.AppRunner | None = None

    async def start(self) -> None:
        self.runner, _ = await serve(create_app(self.app), self.host, self.port)
        log.warning("desk: %s", self.url)

    @property
    def url(self) -> str:
        """Where this server listens (the real port when started with port 0)."""
        if self.runner is not None and self.runner.addresses:
            host, port = self.runner.addresses[0][:2]
            return f"http://{host}:{port}"
        return f"http://{self.host}:{self.port}"

    async def stop(self) -> None:
        runner, self.runner = self.runner, None
        await close(runner)


def run_web(config) -> int:
    """`python -m bot web`: the desk on its own, until SIGINT or SIGTERM (the clock runs in `bot run`)."""
    from bot.app import build_app

    app = build_app(config)

    async def main() -> None:
        server = WebDesk(app)
        await server.start()
        print(f"De desk draait op {server.url} (stoppen: Ctrl-C). Inloggen: /desk in de chat of "
              "`python -m bot desk-link platform:gebruiker`.", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        try:
            await stop.wait()
        finally:
            await server.stop()

    asyncio.run(main())
    return 0
