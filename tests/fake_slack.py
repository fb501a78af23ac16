"""A fake Slack for end-to-end tests: the Web API and a Socket Mode websocket on 127.0.0.1.

The real slack_sdk / slack-bolt code talks to it over HTTP (point `SLACK_API_URL` at
``fake.url + "/api/"``). Every Web API call is recorded as a `Call` (method, body merged from JSON,
form and query, headers). It answers the methods the bot uses, can answer 429 + Retry-After or an
error for the first N calls of a method, or answer late (`delay`: the call is done at once, only the
answer waits), and serves ``apps.connections.open`` with a ws:// URL of
its own websocket: the test then pushes Socket Mode envelopes (``events_api``, ``slash_commands``,
``interactive``) and waits for the bot's acknowledgement of each envelope.

Also here: helpers that build the payloads Slack sends (message events, block_actions, slash
commands) and sign HTTP requests the way Slack does (v0 HMAC-SHA256 with the signing secret).
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urlencode

from aiohttp import WSMsgType, web


@dataclass
class Call:
    method: str
    body: dict
    headers: dict = field(default_factory=dict)
    status: int = 200  # what the fake answered
    response: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.response.get("ok") is True

    @property
    def ts(self) -> str | None:
        return self.response.get("ts")

    def get(self, key: str, default: Any = None) -> Any:
        return self.body.get(key, default)


class FakeSlack:
    def __init__(self, bot_user_id: str = "UBOT", bot_id: str = "BBOT", team_id: str = "T0TEST"):
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.team_id = team_id
        self.calls: list[Call] = []
        self.responses: list[dict] = []  # posts to response_url
        self.acks: dict[str, dict | None] = {}  # envelope_id -> ack payload (None: empty ack)
        self.sockets: list[web.WebSocketResponse] = []
        self._failures: dict[str, list[tuple[int, dict, dict]]] = {}
        self._delays: dict[str, list[float]] = {}
        self._ts = itertools.count(1)
        self._views = itertools.count(1)
        self._changed: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> "FakeSlack":
        self._changed = asyncio.Condition()
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/ws", self._websocket)
        app.router.add_post("/response/{id}", self._response_url)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        for ws in list(self.sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> "FakeSlack":
        return await self.start()

    async def __aexit__(self, *exc) -> None:
        await self.stop()

    # -- scripting failures ------------------------------------------------------------------
    def rate_limit(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next `times` calls of `method` with HTTP 429 and a Retry-After header."""
        self._failures.setdefault(method, []).extend(
            [(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)})] * times
        )

    def fail(self, method: str, error: str = "channel_not_found", times: int = 1) -> None:
        """Answer the next `times` calls of `method` with ``{"ok": false, "error": error}``."""
        self._failures.setdefault(method, []).extend([(200, {"ok": False, "error": error}, {})] * times)

    def delay(self, method: str, seconds: float, times: int = 1) -> None:
        """Carry out the next `times` calls of `method` at once, but answer each `seconds` later."""
        self._delays.setdefault(method, []).extend([seconds] * times)

    # -- inspecting --------------------------------------------------------------------------
    def calls_to(self, method: str, **match: Any) -> list[Call]:
        """Successful calls of `method` whose body has all the given key/values."""
        return [
            c for c in self.calls
            if c.method == method and c.ok
            and all(c.body.get(k) == v for k, v in match.items())
        ]

    def posts(self, channel: str | None = None) -> list[Call]:
        """Messages the bot posted (successfully), optionally in one channel."""
        return [c for c in self.calls_to("chat.postMessage") if channel is None or c.body.get("channel") == channel]

    def texts(self, channel: str | None = None) -> list[str]:
        return [c.body.get("text", "") for c in self.posts(channel)]

    @staticmethod
    def buttons(call: Call) -> list[dict]:
        return [e for b in call.body.get("blocks") or [] if b.get("type") == "actions" for e in b["elements"]]

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Wait (on local I/O only) until predicate() is truthy; returns its value."""
        assert self._changed is not None

        async def waiter():
            async with self._changed:
                while not (result := predicate()):
                    await self._changed.wait()
                return result

        return await asyncio.wait_for(waiter(), timeout)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # -- Web API -----------------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body: dict = dict(request.query)
        if request.content_type == "application/json":
            raw = await request.text()
            body.update(json.loads(raw) if raw else {})
        else:
            body.update(dict(await request.post()))
        for key in ("blocks", "view"):
            if isinstance(body.get(key), str):
                body[key] = json.loads(body[key])
        headers = {k.lower(): v for k, v in request.headers.items()}
        failures = self._failures.get(method)
        if failures:
            status, payload, extra = failures.pop(0)
            self.calls.append(Call(method, body, headers, status, payload))
            await self._notify()
            return web.json_response(payload, status=status, headers=extra)
        if not headers.get("authorization", "").startswith("Bearer "):
            payload = {"ok": False, "error": "not_authed"}
            self.calls.append(Call(method, body, headers, 200, payload))
            await self._notify()
            return web.json_response(payload)
        payload = self._answer(method, body, headers)
        self.calls.append(Call(method, body, headers, 200, payload))
        await self._notify()
        delays = self._delays.get(method)
        if delays:
            await asyncio.sleep(delays.pop(0))  # done (and recorded) already; only the answer is late
        return web.json_response(payload)

    def _answer(self, method: str, body: dict, headers: dict) -> dict:
        if method == "auth.test":
            return {
                "ok": True, "url": "https://test.slack.example/", "team": "Teststad", "user": "privacyloket",
                "team_id": self.team_id, "user_id": self.bot_user_id, "bot_id": self.bot_id, "is_enterprise_install": False,
            }
        if method == "conversations.open":
            users = str(body.get("users", ""))
            return {"ok": True, "channel": {"id": "D" + users.split(",")[0]}}
        if method == "chat.postMessage":
            ts = f"1790000000.{next(self._ts):06d}"
            message = {"type": "message", "user": self.bot_user_id, "bot_id": self.bot_id, "ts": ts,
                       "text": body.get("text", ""), "blocks": body.get("blocks") or []}
            return {"ok": True, "channel": body.get("channel"), "ts": ts, "message": message}
        if method == "chat.update":
            return {"ok": True, "channel": body.get("channel"), "ts": body.get("ts"), "text": body.get("text", "")}
        if method == "views.publish":
            n = next(self._views)
            return {"ok": True, "view": {"id": f"VHOME{n}", "hash": f"hash{n}", **(body.get("view") or {})}}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/ws?ticket={uuid.uuid4().hex}"}
        if method == "users.info":
            return {"ok": True, "user": {"id": body.get("user"), "name": body.get("user"), "real_name": body.get("user")}}
        return {"ok": True}

    async def _response_url(self, request: web.Request) -> web.Response:
        self.responses.append({"id": request.match_info["id"], **(await request.json())})
        await self._notify()
        return web.Response(text="ok")

    # -- Socket Mode -------------------------------------------------------------------------
    async def _websocket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0TEST"}})
        await self._notify()
        try:
            async for message in ws:
                if message.type != WSMsgType.TEXT:
                    continue
                data = json.loads(message.data)
                if "envelope_id" in data:
                    self.acks[data["envelope_id"]] = data.get("payload")
                    await self._notify()
        finally:
            if ws in self.sockets:
                self.sockets.remove(ws)
        return ws

    async def push(self, kind: str, payload: dict, retry_attempt: int = 0, retry_reason: str = "") -> str:
        """Send one Socket Mode envelope to the connected bot; returns its envelope_id."""
        await self.wait_for(lambda: self.sockets)
        envelope_id = uuid.uuid4().hex
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload, "accepts_response_payload": kind != "events_api"}
        if kind == "events_api":
            envelope.update({"retry_attempt": retry_attempt, "retry_reason": retry_reason})
        await self.sockets[-1].send_json(envelope)
        return envelope_id

    async def wait_ack(self, envelope_id: str, timeout: float = 5.0) -> dict | None:
        await self.wait_for(lambda: envelope_id in self.acks, timeout)
        return self.acks[envelope_id]


# -- payloads as Slack sends them ---------------------------------------------------------------
_event_ids = itertools.count(1)
_ts = itertools.count(1)


def next_ts() -> str:
    return f"1780000000.{next(_ts):06d}"


def event_callback(event: dict, event_id: str | None = None, team_id: str = "T0TEST") -> dict:
    return {
        "token": "legacy-verification-token",
        "team_id": team_id,
        "api_app_id": "A0TEST",
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_event_ids):08d}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": team_id, "user_id": "UBOT", "is_bot": True}],
    }


def dm_event(user: str, text: str, channel: str | None = None, ts: str | None = None, event_id: str | None = None) -> dict:
    ts = ts or next_ts()
    event = {
        "type": "message", "channel_type": "im", "channel": channel or "D" + user, "user": user,
        "text": text, "ts": ts, "event_ts": ts, "client_msg_id": uuid.uuid4().hex,
    }
    return event_callback(event, event_id)


def mention_event(user: str, text: str, channel: str = "CGENERAL", bot_user_id: str = "UBOT", event_id: str | None = None) -> dict:
    ts = next_ts()
    event = {"type": "app_mention", "channel": channel, "user": user, "text": f"<@{bot_user_id}> {text}", "ts": ts, "event_ts": ts}
    return event_callback(event, event_id)


def home_opened_event(user: str, tab: str = "home") -> dict:
    event = {"type": "app_home_opened", "user": user, "channel": "D" + user, "tab": tab, "event_ts": next_ts()}
    return event_callback(event)


def block_actions(user: str, message_call: Call, button: dict, team_id: str = "T0TEST") -> dict:
    """The block_actions payload for pressing `button` on the message the bot posted in `message_call`."""
    channel = message_call.body["channel"]
    ts = message_call.ts
    message = {
        "type": "message", "user": "UBOT", "bot_id": "BBOT", "ts": ts,
        "text": message_call.body.get("text", ""), "blocks": message_call.body.get("blocks") or [],
    }
    block_id = next(
        (b.get("block_id", "") for b in message["blocks"] if button in (b.get("elements") or [])), ""
    )
    return {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "team_id": team_id},
        "api_app_id": "A0TEST",
        "token": "legacy-verification-token",
        "container": {"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": False},
        "trigger_id": f"trigger-{uuid.uuid4().hex}",
        "team": {"id": team_id, "domain": "teststad"},
        "channel": {"id": channel, "name": "directmessage" if channel.startswith("D") else "general"},
        "message": message,
        "response_url": "https://hooks.slack.example/actions/unused",
        "actions": [
            {
                "type": "button", "action_id": button["action_id"], "block_id": block_id,
                "text": button["text"], "value": button["value"], "action_ts": f"{time.time():.6f}",
            }
        ],
    }


def view_block_actions(user: str, view: dict, button: dict, team_id: str = "T0TEST") -> dict:
    """Pressing `button` in a published App Home view (views.publish response)."""
    return {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "team_id": team_id},
        "api_app_id": "A0TEST",
        "token": "legacy-verification-token",
        "container": {"type": "view", "view_id": view["id"]},
        "trigger_id": f"trigger-{uuid.uuid4().hex}",
        "team": {"id": team_id, "domain": "teststad"},
        "view": {"id": view["id"], "hash": view.get("hash", "h"), "type": "home", "blocks": view.get("blocks", [])},
        "actions": [
            {"type": "button", "action_id": button["action_id"], "block_id": "b", "text": button["text"],
             "value": button["value"], "action_ts": f"{time.time():.6f}"}
        ],
    }


def slash_command(user: str, command: str, text: str = "", channel: str | None = None, response_url: str = "") -> dict:
    return {
        "token": "legacy-verification-token",
        "team_id": "T0TEST",
        "team_domain": "teststad",
        "channel_id": channel or "D" + user,
        "channel_name": "directmessage",
        "user_id": user,
        "user_name": user.lower(),
        "command": command,
        "text": text,
        "api_app_id": "A0TEST",
        "response_url": response_url or "https://hooks.slack.example/commands/unused",
        "trigger_id": f"trigger-{uuid.uuid4().hex}",
    }


# -- signing HTTP requests ------------------------------------------------------------------------
def sign(secret: str, body: str, timestamp: int | None = None) -> dict:
    """Headers of a request signed as Slack does (v0=HMAC-SHA256 over "v0:<ts>:<body>")."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    base = f"v0:{timestamp}:{body}".encode()
    signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": signature}


def json_body(payload: dict) -> tuple[str, str]:
    return json.dumps(payload), "application/json"


def form_body(fields: dict) -> tuple[str, str]:
    return urlencode(fields), "application/x-www-form-urlencoded"


def interactive_body(payload: dict) -> tuple[str, str]:
    return form_body({"payload": json.dumps(payload)})
