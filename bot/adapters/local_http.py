"""Start and stop an aiohttp application on a host and port: the one way the adapters listen
(Slack's HTTP mode, the Telegram webhook, the web desk)."""
from __future__ import annotations

from aiohttp import web


async def serve(web_app: web.Application, host: str, port: int) -> tuple[web.AppRunner, int]:
    """Listen; returns the runner and the port (the real one when `port` was 0)."""
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    addresses = runner.addresses
    return runner, (addresses[0][1] if addresses else port)


async def close(runner: web.AppRunner | None) -> None:
    if runner is not None:
        await runner.cleanup()
