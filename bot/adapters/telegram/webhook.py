"""Telegram webhook mode: our own small aiohttp server that feeds PTB's update queue.

PTB's built-in webhook server (tornado) answers 500 to a body that is not JSON and logs any update
it cannot read at CRITICAL, with the whole update in the log line. This server, PTB's documented
"custom webhook" pattern, checks in this order and logs one short line, never the body:

1. the secret (`X-Telegram-Bot-Api-Secret-Token`, compared in constant time): else 403;
2. the content type, application/json: else 415;
3. the body: UTF-8 JSON object that `Update.de_json` accepts: else 400.

Why 400 and not 200 for a malformed update with the right secret: PTB does not require 200 (its own
server answers 400 "Update could not be processed" to an update it cannot read). Telegram itself
sends valid JSON; a body that is not an update comes from someone who has the secret, and a 4xx
shows up in getWebhookInfo's last_error_message, where an operator looks. (Telegram retries a
non-2xx delivery for a while and then gives up, so a real but unreadable update cannot block the
bot for ever.) Everything else is 200 and goes to `application.update_queue`.
"""
from __future__ import annotations

import hmac
import json
import logging
from urllib.parse import urlparse

from aiohttp import web

from bot.adapters.local_http import close, serve
from telegram import Update

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class Malformed(ValueError):
    """An update that cannot be read (the reason never quotes the body)."""


def read_update(raw: bytes, bot) -> Update:
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise Malformed("body is not UTF-8") from None
    except (ValueError, RecursionError):
        raise Malformed("body is not JSON") from None
    if not isinstance(data, dict):
        raise Malformed("body is not a JSON object")
    if not isinstance(data.get("update_id"), int) or isinstance(data.get("update_id"), bool):
        raise Malformed("update without a numeric update_id")
    try:
        return Update.de_json(data, bot)
    except Exception as exc:  # PTB's schema: missing or wrongly typed fields
        raise Malformed(f"not a valid update ({type(exc).__name__})") from None


class TelegramWebhook:
    """Receives Telegram's POSTs on the path of TELEGRAM_WEBHOOK_URL and queues the updates."""

    def __init__(self, application, url: str, secret: str, listen: str, port: int):
        self.application = application
        self.path = "/" + urlparse(url).path.strip("/")
        self.secret = secret
        self.listen = listen
        self.port = port
        self._runner: web.AppRunner | None = None

    async def start(self) -> int:
        """Listen; returns the port (the real one when `port` was 0)."""
        web_app = web.Application()
        web_app.router.add_post(self.path, self.receive)
        if self.path != "/":
            web_app.router.add_post(self.path + "/", self.receive)
        self._runner, port = await serve(web_app, self.listen, self.port)
        return port

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        await close(runner)

    async def receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode("utf-8", "replace"), self.secret.encode("utf-8")):
            log.debug("telegram webhook: request without the right secret (403)")
            return web.Response(status=403)
        if request.content_type != "application/json":
            log.warning("telegram webhook: refused a request with content type %.40s (415)", request.content_type)
            return web.Response(status=415)
        raw = await request.read()  # aiohttp answers 413 itself above client_max_size (1 MiB)
        try:
            update = read_update(raw, self.application.bot)
        except Malformed as exc:
            log.warning("telegram webhook: refused an update: %s, %d bytes (400)", exc, len(raw))
            return web.Response(status=400)
        await self.application.update_queue.put(update)
        return web.Response(status=200)
