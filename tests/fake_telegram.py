"""A fake Telegram Bot API server for end-to-end tests (aiohttp on 127.0.0.1, a random port).

It speaks the real HTTP protocol to python-telegram-bot: `/bot<token>/<method>` with form-encoded
or JSON parameters, answering `{"ok": true, "result": ...}`. It implements what the adapter uses
(getMe, getUpdates with a short long-poll, sendMessage, editMessageText, editMessageReplyMarkup,
answerCallbackQuery, setMyCommands, deleteWebhook, setWebhook), records every call with its
parameters, keeps the messages it "sent" (so tests can press their buttons), checks HTML like
Telegram does (`parse_mode=HTML` with an unescaped `<` or `&` is a 400), and can answer 429 with
`retry_after` for the first N calls of a method, or 403 for a chat that blocked the bot, and can
answer late (`delay`): the call is carried out at once, only the answer waits, as when Telegram is slow.
"""
from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from aiohttp import web

BOT_USER = {
    "id": 999000,
    "is_bot": True,
    "first_name": "Privacyloket",
    "username": "PrivacyloketTestBot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
JSON_PARAMS = {"reply_markup", "commands", "allowed_updates", "link_preview_options", "reply_parameters", "entities", "scope"}
INT_PARAMS = {"chat_id", "message_id", "offset", "limit", "timeout"}
FORMAT_TAGS = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "a": "text_link",
    "code": "code", "pre": "pre", "tg-spoiler": "spoiler", "span": "spoiler", "blockquote": "blockquote",
}
TAG_RE = re.compile(r"<(/?)([a-zA-Z][\w-]*)([^<>]*)>")
ENTITY_RE = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


class ParseError(ValueError):
    pass


def parse_html(text: str) -> tuple[str, list[dict]]:
    """Telegram's HTML parse mode, simplified: (plain text, formatting entities) or ParseError."""
    plain: list[str] = []
    entities: list[dict] = []
    stack: list[tuple[str, int, str]] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "<":
            match = TAG_RE.match(text, i)
            if not match or match.group(2).lower() not in FORMAT_TAGS:
                raise ParseError(f"Bad Request: can't parse entities: unsupported start tag at byte offset {i}")
            closing, tag, attrs = match.group(1), match.group(2).lower(), match.group(3)
            offset = len("".join(plain))
            if closing:
                if not stack or stack[-1][0] != tag:
                    raise ParseError(f"Bad Request: can't parse entities: unmatched end tag at byte offset {i}")
                _, start, start_attrs = stack.pop()
                entity = {"type": FORMAT_TAGS[tag], "offset": start, "length": offset - start}
                href = re.search(r'href="([^"]*)"', start_attrs)
                if tag == "a" and href:
                    entity["url"] = html.unescape(href.group(1))
                entities.append(entity)
            else:
                stack.append((tag, offset, attrs))
            i = match.end()
        elif char == "&":
            match = ENTITY_RE.match(text, i)
            if not match:
                raise ParseError(f"Bad Request: can't parse entities: unexpected & at byte offset {i}")
            plain.append(html.unescape(match.group(0)))
            i = match.end()
        elif char == ">":
            raise ParseError(f"Bad Request: can't parse entities: unexpected > at byte offset {i}")
        else:
            plain.append(char)
            i += 1
    if stack:
        raise ParseError("Bad Request: can't parse entities: unclosed start tag")
    return "".join(plain), entities


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    status: int = 200


@dataclass
class Failure:
    remaining: int
    status: int
    description: str
    retry_after: int | None = None


@dataclass
class FakeTelegram:
    token: str = "123:TEST"
    poll_cap: float = 0.5  # longest a getUpdates waits, whatever timeout the client asks
    calls: list[Call] = field(default_factory=list)
    messages: dict[tuple[int, int], dict] = field(default_factory=dict)
    url: str = ""

    def __post_init__(self):
        self._updates: list[dict] = []
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._failures: dict[str, Failure] = {}
        self._delays: dict[str, list[float]] = {}
        self._blocked: dict[int, str] = {}
        self._chats: dict[int, dict] = {}
        self._closing = False
        self._runner: web.AppRunner | None = None

    # -- server -----------------------------------------------------------------------------
    async def start(self) -> "FakeTelegram":
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, shutdown_timeout=1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        return self

    async def stop(self) -> None:
        self._closing = True  # end pending long polls now
        if self._runner is not None:
            await self._runner.cleanup()

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return dict(await request.json())
        params: dict[str, Any] = dict(request.query)
        params.update(await request.post())
        for key, value in list(params.items()):
            if not isinstance(value, str):
                continue
            if key in JSON_PARAMS:
                params[key] = json.loads(value)
            elif key in INT_PARAMS and re.fullmatch(r"-?\d+", value):
                params[key] = int(value)
        return params

    def _error(self, status: int, description: str, retry_after: int | None = None) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return web.json_response(body, status=status)

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        call = Call(method, params)
        self.calls.append(call)
        if request.match_info["token"] != self.token:
            call.status = 401
            return self._error(401, "Unauthorized")
        failure = self._failures.get(method)
        if failure and failure.remaining > 0:
            failure.remaining -= 1
            call.status = failure.status
            return self._error(failure.status, failure.description, failure.retry_after)
        handler = getattr(self, f"api_{method}", None)
        if handler is None:
            call.status = 404
            return self._error(404, "Not Found: method not found")
        try:
            result = await handler(params)
            delays = self._delays.get(method)
            if delays:
                await asyncio.sleep(delays.pop(0))  # done already; only the answer is late
        except ParseError as exc:
            call.status = 400
            return self._error(400, str(exc))
        except LookupError as exc:
            call.status = 400
            return self._error(400, f"Bad Request: {exc}")
        except PermissionError as exc:
            call.status = 403
            return self._error(403, str(exc))
        return web.json_response({"ok": True, "result": result})

    # -- the Bot API methods --------------------------------------------------------------
    async def api_getMe(self, params):
        return BOT_USER

    async def api_getUpdates(self, params):
        timeout = min(float(params.get("timeout") or 0), self.poll_cap)
        deadline = time.monotonic() + timeout
        while not self._updates and not self._closing and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        served, self._updates = self._updates, []
        return served

    async def api_setMyCommands(self, params):
        return True

    async def api_deleteWebhook(self, params):
        return True

    async def api_setWebhook(self, params):
        return True

    async def api_answerCallbackQuery(self, params):
        return True

    def _render(self, params) -> tuple[str, list[dict]]:
        text = params.get("text", "")
        if params.get("parse_mode") == "HTML":
            return parse_html(text)
        return text, []

    async def api_sendMessage(self, params):
        chat_id = int(params["chat_id"])
        if chat_id in self._blocked:
            raise PermissionError(self._blocked[chat_id])
        text, entities = self._render(params)
        if not text.strip():
            raise LookupError("message text is empty")
        if len(text.encode("utf-16-le")) // 2 > 4096:
            raise LookupError("message is too long")
        for row in (params.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if len(button.get("callback_data", "").encode()) > 64:
                    raise LookupError("BUTTON_DATA_INVALID")
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self.chat(chat_id),
            "from": BOT_USER,
            "text": text,
        }
        if entities:
            message["entities"] = entities
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self.messages[(chat_id, message["message_id"])] = message
        return message

    def _stored(self, params) -> dict:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            raise LookupError("message to edit not found")
        return self.messages[key]

    async def api_editMessageText(self, params):
        message = self._stored(params)
        text, entities = self._render(params)
        if text == message["text"] and params.get("reply_markup") == message.get("reply_markup"):
            raise LookupError("message is not modified")
        message["text"] = text
        message.pop("entities", None)
        if entities:
            message["entities"] = entities
        message.pop("reply_markup", None)  # editMessageText without reply_markup removes the keyboard
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        message["edit_date"] = int(time.time())
        return message

    async def api_editMessageReplyMarkup(self, params):
        message = self._stored(params)
        message.pop("reply_markup", None)
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    # -- what tests use -------------------------------------------------------------------------
    def chat(self, chat_id: int) -> dict:
        if chat_id in self._chats:
            return self._chats[chat_id]
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": f"user{chat_id}"}
        return {"id": chat_id, "type": "supergroup", "title": f"groep {chat_id}"}

    def fail_next(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """Answer 429 Too Many Requests (retry_after) to the next `times` calls of `method`."""
        self._failures[method] = Failure(times, 429, f"Too Many Requests: retry after {retry_after}", retry_after)

    def delay(self, method: str, seconds: float, times: int = 1) -> None:
        """Carry out the next `times` calls of `method` at once, but answer each `seconds` later."""
        self._delays.setdefault(method, []).extend([seconds] * times)

    def block_chat(self, chat_id: int, blocked: bool = True) -> None:
        """sendMessage to this chat answers 403, as when a user blocked the bot."""
        if blocked:
            self._blocked[chat_id] = "Forbidden: bot was blocked by the user"
        else:
            self._blocked.pop(chat_id, None)

    def push(self, update: dict) -> dict:
        """Queue an update (again, to simulate a redelivery) for getUpdates."""
        self._updates.append(update)
        return update

    def user(self, user_id: int) -> dict:
        return {"id": user_id, "is_bot": False, "first_name": f"Gebruiker{user_id}", "language_code": "nl"}

    def text_update(self, user_id: int, text: str, chat_id: int | None = None, reply_to: dict | None = None) -> dict:
        """An update with a text message from `user_id` (in its private chat unless `chat_id`)."""
        chat_id = user_id if chat_id is None else chat_id
        entities = []
        if text.startswith("/"):
            entities.append({"type": "bot_command", "offset": 0, "length": len(text.split(" ", 1)[0])})
        mention = "@" + BOT_USER["username"]
        if mention in text:
            entities.append({"type": "mention", "offset": text.index(mention), "length": len(mention)})
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self.chat(chat_id),
            "from": self.user(user_id),
            "text": text,
        }
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return {"update_id": next(self._update_ids), "message": message}

    def say(self, user_id: int, text: str, chat_id: int | None = None) -> dict:
        return self.push(self.text_update(user_id, text, chat_id))

    def callback_update(self, user_id: int, message: dict, data: str) -> dict:
        query = {
            "id": f"cb{next(self._callback_ids)}",
            "from": self.user(user_id),
            "chat_instance": f"ci{message['chat']['id']}",
            "data": data,
            "message": json.loads(json.dumps(message)),
        }
        return {"update_id": next(self._update_ids), "callback_query": query}

    def button(self, message: dict, label: str) -> dict:
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if label.lower() in button["text"].lower():
                    return button
        raise AssertionError(f"no button {label!r} in {self.labels(message)}")

    def press(self, user_id: int, message: dict, label: str) -> dict:
        """Queue a button press on `message` (a dict from sent()); returns the update."""
        return self.push(self.callback_update(user_id, message, self.button(message, label)["callback_data"]))

    # -- inspecting ---------------------------------------------------------------------------
    @staticmethod
    def labels(message: dict) -> list[str]:
        return [b["text"] for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]

    def calls_of(self, method: str, ok_only: bool = True) -> list[Call]:
        return [c for c in self.calls if c.method == method and (c.status == 200 or not ok_only)]

    def sent(self, chat_id: int) -> list[dict]:
        """The messages delivered to `chat_id`, in order, as they are now (edits applied)."""
        return [m for (cid, _), m in sorted(self.messages.items(), key=lambda kv: kv[0][1]) if cid == chat_id]

    def texts(self, chat_id: int) -> list[str]:
        return [m["text"] for m in self.sent(chat_id)]

    def last(self, chat_id: int, with_buttons: bool = False) -> dict:
        messages = [m for m in self.sent(chat_id) if not with_buttons or m.get("reply_markup")]
        assert messages, f"nothing sent to {chat_id}"
        return messages[-1]

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Wait (for local I/O only) until `predicate()` is truthy; returns its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError("timed out waiting for the fake Telegram server")
            await asyncio.sleep(0.01)

    async def wait_sent(self, chat_id: int, count: int, timeout: float = 5.0) -> list[dict]:
        """Wait until at least `count` messages were delivered to `chat_id`."""
        await self.wait_for(lambda: len(self.sent(chat_id)) >= count, timeout)
        return self.sent(chat_id)
