"""Slack HTTP mode: /slack/events on PORT, with the signature checked on the raw bytes first.

Order of the checks, before slack-bolt sees anything:
1. the signature (v0 HMAC-SHA256 of "v0:<timestamp>:<raw body>" with the signing secret) and the
   timestamp (digits, within 5 minutes of now): otherwise 401, whatever the body is;
2. the body, only once it is known to come from Slack: UTF-8, a JSON object with a "type", or a form
   with a JSON-object "payload", a slash "command" or an "ssl_check": otherwise 400.
A refused request is logged as one short line without its body (unsigned ones at most once a
minute, with a count), never with a traceback. What passes goes to bolt unchanged (bolt checks the
signature again; that costs nothing).

The timestamp is compared with the real wall clock through slack_sdk's `Clock` (as bolt does):
Slack's signature is about the real time, also in tests that run the product on a fake clock.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from typing import Callable
from urllib.parse import parse_qs

from aiohttp import web

from bot.adapters.local_http import close, serve
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import Clock

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
MAX_AGE = 5 * 60  # seconds between Slack's timestamp and now, either way
WARN_EVERY = 60.0  # seconds between two warnings about unsigned requests


class Malformed(ValueError):
    """A signed request whose body is not something Slack sends (the reason never quotes the body)."""


def signature_problem(secret: str, raw: bytes, headers, now: float) -> str | None:
    """Why the request is not signed by Slack (None: it is). Works on the raw bytes only."""
    timestamp = headers.get("X-Slack-Request-Timestamp") or ""
    signature = headers.get("X-Slack-Signature") or ""
    if not timestamp or not signature:
        return "no signature"
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
        return "timestamp is not a number"
    if abs(now - int(timestamp)) > MAX_AGE:
        return "timestamp too old"
    base = b"v0:" + timestamp.encode("ascii") + b":" + raw
    expected = "v0=" + hmac.new(secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode("ascii"), signature.encode("utf-8", "replace")):
        return "wrong signature"
    return None


def _json_object(text: str, what: str) -> dict:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise Malformed(f"{what} is not JSON") from None
    if not isinstance(value, dict):
        raise Malformed(f"{what} is not a JSON object")
    if not isinstance(value.get("type"), str):
        raise Malformed(f"{what} has no type")
    return value


# Fields the listeners read, checked for their type when present (Slack never sends other types).
EVENT_TEXT = ("type", "user", "channel", "channel_type", "text", "ts", "thread_ts", "event_ts", "subtype", "bot_id", "tab")
PAYLOAD_OBJECTS = ("user", "team", "channel", "container", "message", "view")
ACTION_TEXT = ("value", "block_id", "type")


def _fields(obj: dict, names: tuple[str, ...], kind: type, what: str) -> None:
    for name in names:
        if obj.get(name) is not None and not isinstance(obj[name], kind):
            raise Malformed(f"{what} field {name!r} has the wrong type")


def check_body(raw: bytes, content_type: str) -> str:
    """The body as text when it has a shape slack-bolt can handle; raises Malformed otherwise."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Malformed("body is not UTF-8") from None
    if content_type == "application/json" or text.startswith("{"):  # bolt's own choice of parser
        body = _json_object(text, "body")
        if body["type"] == "event_callback":
            event = body.get("event")
            if not isinstance(event, dict):
                raise Malformed("event_callback without an event object")
            _fields(event, EVENT_TEXT, str, "event")
        return text
    form = parse_qs(text, keep_blank_values=True)
    if "payload" in form:
        payload = _json_object(form["payload"][0], "payload")
        _fields(payload, PAYLOAD_OBJECTS, dict, "payload")
        actions = payload.get("actions", [])
        if not isinstance(actions, list) or not all(isinstance(a, dict) for a in actions):
            raise Malformed("payload actions are not a list of objects")
        for action in actions:
            if not isinstance(action.get("action_id"), str):
                raise Malformed("an action without an action_id")
            _fields(action, ACTION_TEXT, str, "action")
        return text
    if form.get("command") or form.get("ssl_check"):
        return text
    raise Malformed("form without payload, command or ssl_check")


class _Throttle:
    """Say it at most once per `every` seconds (of the event loop's monotonic clock), with a count."""

    def __init__(self, every: float = WARN_EVERY):
        self.every = every
        self.last: float | None = None
        self.quiet = 0

    def __call__(self, now: float) -> int | None:
        if self.last is not None and now - self.last < self.every:
            self.quiet += 1
            return None
        self.last, count, self.quiet = now, self.quiet, 0
        return count


class SlackHttp:
    """The aiohttp server of HTTP mode, in front of the bolt app."""

    def __init__(self, bolt_app, signing_secret: str, host: str, port: int, wall: Callable[[], float] | None = None,
                 health: Callable[[], dict] | None = None):
        self.bolt_app = bolt_app
        self.report = health  # the clock's status (bot.reminders.status) for /healthz
        self.secret = signing_secret
        self.host = host
        self.port = port
        self.wall = wall or Clock().now
        self._unsigned = _Throttle()
        self._runner: web.AppRunner | None = None

    async def start(self) -> int:
        """Listen; returns the port (the real one when `port` was 0)."""
        web_app = web.Application()
        web_app.router.add_post(EVENTS_PATH, self.events)
        web_app.router.add_get("/", self.health)
        web_app.router.add_get("/healthz", self.healthz)
        self._runner, port = await serve(web_app, self.host, self.port)
        return port

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        await close(runner)

    async def health(self, request: web.Request) -> web.Response:
        return web.Response(text="Privacyloket draait.")

    async def healthz(self, request: web.Request) -> web.Response:
        """The same as the desk's /healthz: is the clock alive? 503 when not."""
        report = self.report() if self.report else {"ok": True}
        return web.json_response(report, status=200 if report.get("ok") else 503)

    async def events(self, request: web.Request) -> web.Response:
        raw = await request.read()  # aiohttp answers 413 itself above client_max_size (1 MiB)
        problem = signature_problem(self.secret, raw, request.headers, self.wall())
        if problem is not None:
            count = self._unsigned(asyncio.get_running_loop().time())
            if count is not None:
                more = f" ({count} more since the last warning)" if count else ""
                log.warning("Slack HTTP: refused a request with %s (401)%s", problem, more)
            return web.json_response({"error": "invalid signature"}, status=401)
        try:
            text = check_body(raw, request.content_type)
            try:
                bolt_request = AsyncBoltRequest(body=text, query=request.query_string, headers=request.headers)
            except Exception as exc:  # bolt reads ids out of the body: wrong shapes raise here
                raise Malformed(f"body has an unexpected shape ({type(exc).__name__})") from None
        except Malformed as exc:
            log.warning("Slack HTTP: refused a signed request: %s, %d bytes (400)", exc, len(raw))
            return web.json_response({"error": "malformed request"}, status=400)
        return await to_aiohttp_response(await self.bolt_app.async_dispatch(bolt_request))
