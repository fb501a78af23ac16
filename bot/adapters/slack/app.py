"""Slack: a thin slack-bolt adapter around the engine (Socket Mode by default, HTTP optional).

Incoming: direct messages (``message.im``) and mentions (``app_mention``) become plain `Message`
objects; slash commands (/privacy, /datalek, /incidenten, ...) are answered in the user's direct
message with the bot; button presses (``block_actions``) come back as `Message(action=...)`; opening
the App Home tab publishes the user's own reports and, for the CISO/FG, the open incidents.

Outgoing: every reply is rendered as Block Kit by `blocks.py` (escaped mrkdwn, buttons for the
choices); after a press the buttons of that message become "✔ <label>", so nobody presses twice.
Pings to the CISO and the FG leave through `SlackNotifier` as direct messages. The adapter talks to
the engine only through `handle`, `resume` and `home` (the App Home is the engine's view, rendered).

Idempotent edges: Slack retries an event it thinks we missed (X-Slack-Retry-Num) and a user can
press a button twice. Every delivery gets a stable id (the event_id; for a press the message ts,
the value and the user), which the engine records once; duplicates are acknowledged with 200 and
answered with nothing. Rate limits: a 429 is retried after its Retry-After (RateLimitRetry).
HTTP mode (http.py) checks the signature on the raw bytes before anything parses the body.

Pings use their own Web API client: a longer timeout (PING_TIMEOUT), and a connection error is only
retried when nothing was sent yet. A ping whose chat.postMessage got no answer is `Delivery.MAYBE`.
"""
from __future__ import annotations

from dataclasses import replace

import asyncio
import logging
import re
from contextlib import asynccontextmanager
from typing import Any, Awaitable, Callable

from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from bot import commands
from bot.adapters.outbox import PING_TIMEOUT
from bot.adapters.slack.http import EVENTS_PATH, SlackHttp
from bot.adapters.slack.webapi import PLATFORM, RateLimitRetry, SlackNotifier, web_clients
from bot.adapters.slack.webapi import DEFAULT_API_URL, api_base_url  # noqa: F401 (re-exported: tests, callers)
from bot.adapters.slack.blocks import HOME_COMMAND, chosen_blocks, escape_mrkdwn, home_view, render_reply, slack_to_plain
from bot.messages import Message, Person, Reply

log = logging.getLogger(__name__)

STOP_TIMEOUT = 10.0
CONNECT_TIMEOUT = 30.0

SORRY = "Sorry, er ging iets mis bij het verwerken van je bericht. Probeer het zo nog eens, of typ /help."
SENT_TO_DM = "📬 Ik heb je geantwoord in je privégesprek met Privacyloket (onder Apps in de zijbalk)."


# -- the adapter ------------------------------------------------------------------------------
class SlackAdapter:
    platform = PLATFORM

    def __init__(self, engine, config, *, sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
                 host: str = "0.0.0.0", retry_handlers: list[AsyncRetryHandler] | None = None,
                 ping_timeout: float = PING_TIMEOUT, wall: Callable[[], float] | None = None):
        self.engine = engine
        self.config = config
        self.host = host
        self.wall = wall  # the real time for signature timestamps (None: slack_sdk's clock)
        self.rate_limit = RateLimitRetry(sleep=sleep)
        self.client, self.ping_client = web_clients(config, self.rate_limit, retry_handlers, ping_timeout)
        self.app = AsyncApp(client=self.client, signing_secret=config.slack_signing_secret or "", name="privacyloket")
        self.notifier = SlackNotifier(self)
        self.mode: str | None = None
        self.http_port: int | None = None
        self._socket = None
        self._http: SlackHttp | None = None
        self._busy = 0
        self._dm_channels: dict[str, str] = {}
        self._seen: set[str] = set()  # users who talked to this process (no "welcome back" for them)
        self._register()

    # -- lifecycle ---------------------------------------------------------------------------
    async def start(self) -> None:
        """Socket Mode when an app token is set, else HTTP mode on PORT (path /slack/events)."""
        if self.config.slack_app_token:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            await self.client.auth_test()  # fail fast on a wrong bot token or API URL
            self._socket = AsyncSocketModeHandler(self.app, self.config.slack_app_token)
            try:  # slack_sdk retries a failing connect forever; give up at start-up instead
                await asyncio.wait_for(self._socket.connect_async(), CONNECT_TIMEOUT)
            except asyncio.TimeoutError:
                await self._socket.close_async()
                self._socket = None
                raise RuntimeError("Slack Socket Mode: no connection (check SLACK_APP_TOKEN and the network)") from None
            self.mode = "socket"
            log.info("Slack: connected in Socket Mode")
        elif self.config.slack_signing_secret:
            self._http = SlackHttp(self.app, self.config.slack_signing_secret, self.host, self.config.port, self.wall,
                                   health=self.health)
            self.http_port = await self._http.start()
            self.mode = "http"
            log.info("Slack: HTTP mode on port %s, path %s", self.http_port, EVENTS_PATH)
        else:
            raise RuntimeError("Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)")

    def health(self) -> dict:
        return self.engine.health()

    async def stop(self) -> None:
        """Stop receiving, then let the messages being handled finish (nothing is lost)."""
        if self._socket is not None:
            try:
                await self._socket.close_async()
            finally:
                self._socket = None
        if self._http is not None:
            try:
                await self._http.stop()
            finally:
                self._http = None
        await self.idle(timeout=STOP_TIMEOUT)
        self.mode = None

    async def idle(self, timeout: float = 5.0) -> bool:
        """Wait until no listener is running (used by stop() and by tests). False on timeout."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        quiet = 0
        while quiet < 3:  # a few quiet turns: a listener task may just have been scheduled
            await asyncio.sleep(0.005)
            quiet = quiet + 1 if self._busy == 0 else 0
            if loop.time() > deadline:
                return False
        return True

    @asynccontextmanager
    async def _working(self):
        self._busy += 1
        try:
            yield
        finally:
            self._busy -= 1

    # -- listeners ---------------------------------------------------------------------------
    def _register(self) -> None:
        app = self.app
        app.event("message")(self._on_message)
        app.event("app_mention")(self._on_mention)
        app.event("app_home_opened")(self._on_home_opened)
        app.event(re.compile(".*"))(self._on_other_event)  # acknowledge everything else with 200
        app.command(re.compile(r"^/.+"))(self._on_command)
        app.action(re.compile(".*"))(self._on_action)

    @staticmethod
    def _event_key(body: dict, event: dict) -> str:
        if body.get("event_id"):
            return f"slack:event:{body['event_id']}"
        return f"slack:msg:{event.get('channel')}:{event.get('ts') or event.get('event_ts')}"

    async def _on_message(self, body: dict, event: dict, context) -> None:
        if event.get("subtype") not in (None, "file_share", "thread_broadcast") or event.get("bot_id"):
            return  # edits, deletions, joins, bots (including ourselves)
        user = event.get("user")
        if not user or user == context.bot_user_id or event.get("channel_type") != "im":
            return
        self._dm_channels[user] = event["channel"]
        text = slack_to_plain(event.get("text") or "")
        msg = Message(Person(PLATFORM, user), text=text, private=True, delivery_id=self._event_key(body, event))
        await self._converse(msg, event["channel"], event.get("thread_ts"))

    async def _on_mention(self, body: dict, event: dict, context) -> None:
        channel = event.get("channel") or ""
        user = event.get("user")
        if not user or event.get("bot_id") or event.get("channel_type") == "im" or channel.startswith("D"):
            return  # in a direct message the message.im event already brings the text
        bot = context.bot_user_id or ""
        text = re.sub(rf"<@{re.escape(bot)}(\|[^>]*)?>", " ", event.get("text") or "") if bot else event.get("text") or ""
        text = slack_to_plain(text).strip()
        msg = Message(Person(PLATFORM, user), text=text, private=False, delivery_id=self._event_key(body, event))
        replies = await self._converse(msg, channel, event.get("thread_ts") or event.get("ts"))
        if any(r.meta.get("kind") == "private_only" for r in replies):  # continue in the user's DM, not here
            dm = await self.open_dm(user)
            await self._converse(replace(msg, private=True, delivery_id=f"{msg.delivery_id}:dm"), dm)

    async def _on_other_event(self, body: dict) -> None:
        return None

    async def _on_home_opened(self, event: dict) -> None:
        user = event.get("user")
        if not user:
            return
        async with self._working():
            try:
                if event.get("tab") == "messages":
                    await self._welcome_back(user, event.get("channel"))
                else:
                    await self.publish_home(user)
            except Exception:
                log.exception("App Home for %s failed", user)

    async def _welcome_back(self, user: str, channel: str | None) -> None:
        """After a restart, a user who opens our DM with a report half done sees where they were."""
        if user in self._seen:
            return
        self._seen.add(user)
        replies = self.engine.resume(f"{PLATFORM}:{user}")
        if replies:
            channel = channel or await self.open_dm(user)
            for reply in replies:
                await self.post_reply(channel, reply)

    def command_text(self, command: str, text: str) -> str:
        """What a slash command means to the engine.

        /privacy asks a question (empty: help); "/privacy mijnmeldingen" and similar one-word
        subcommands reach the engine's commands, because Slack itself only delivers registered
        slash commands. Other commands (/datalek, /incidenten, ...) pass through with their text.
        """
        text = text.strip()
        if command != "/privacy":
            return f"{command} {text}".strip()
        if not text:
            return "/help"
        words = text.split()
        known = commands.find("/" + words[0].lstrip("/"))
        takes_argument = known is not None and known.flow is not None and bool(known.usage)  # /incident REF
        if known is not None and (len(words) == 1 or takes_argument):
            return "/" + text.lstrip("/")
        return text

    async def _on_command(self, ack, command: dict, respond) -> None:
        user = command.get("user_id")
        channel = command.get("channel_id") or ""
        known_dm = self._dm_channels.get(user)
        if channel.startswith("D") and known_dm in (None, channel):
            await ack()  # typed in our DM (as far as we know): the answer appears right there
        else:
            await ack(text=SENT_TO_DM)  # shown only to the user, in the channel where they typed it
        if not user:
            return
        async with self._working():
            try:
                dm = await self.open_dm(user)
            except Exception:
                log.exception("could not open a DM with %s", user)
                await self._safe(respond(text=SORRY, response_type="ephemeral"))
                return
            key = command.get("trigger_id") or f"{channel}:{command.get('command')}:{command.get('text')}"
            text = self.command_text(command.get("command") or "", slack_to_plain(command.get("text") or ""))
            msg = Message(Person(PLATFORM, user), text=text, private=True, delivery_id=f"slack:command:{key}")
            await self._converse(msg, dm)

    async def _on_action(self, ack, body: dict, action: dict) -> None:
        await ack()
        user = (body.get("user") or {}).get("id")
        value = action.get("value")
        if not user or value is None:
            return
        action_id = action.get("action_id") or ""
        label = ((action.get("text") or {}).get("text")) or value
        container = body.get("container") or {}
        message = body.get("message") or {}
        async with self._working():
            if container.get("type") == "view" or (body.get("view") and not container.get("message_ts")):
                view = body.get("view") or {}
                key = f"slack:action:view:{view.get('id')}:{view.get('hash')}:{action_id}:{value}:{user}"
                try:
                    channel = await self.open_dm(user)
                except Exception:
                    log.exception("could not open a DM with %s", user)
                    return
                thread, private, pressed = None, True, None
            else:
                channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
                ts = container.get("message_ts") or message.get("ts")
                key = f"slack:action:{channel}:{ts}:{value}:{user}"
                thread, private, pressed = message.get("thread_ts"), str(channel).startswith("D"), ts
            # a Home button carries a command text ("/datalek"); any other button is the engine's choice
            text, pressed_value = (value, None) if action_id.startswith(HOME_COMMAND) else (label, value)
            msg = Message(Person(PLATFORM, user), text=text, action=pressed_value, private=private, delivery_id=key)
            replies = await self._converse(msg, channel, thread)
            if not replies:
                return  # a duplicate press: already handled
            if pressed and message.get("blocks") and not container.get("is_ephemeral"):
                await self._safe(self.client.chat_update(channel=channel, ts=pressed, text=message.get("text") or escape_mrkdwn(label),
                                                         blocks=chosen_blocks(message, label)))
            if container.get("type") == "view" or pressed is None:
                await self._safe(self.publish_home(user))

    # -- conversation ------------------------------------------------------------------------
    async def _converse(self, msg: Message, channel: str, thread_ts: str | None = None) -> list[Reply]:
        """Hand a message to the engine and post what comes back. Never raises into bolt."""
        async with self._working():
            self._seen.add(msg.person.user_id)
            try:
                replies = await self.engine.handle(msg)
            except Exception:
                log.exception("engine failed on a Slack message")
                replies = [Reply(SORRY)]
            for reply in replies:  # every reply of a turn is for the sender; pings leave through the outbox
                try:
                    await self.post_reply(channel, reply, thread_ts)
                except Exception:
                    log.exception("could not post a reply to %s", channel)
            return replies

    async def _safe(self, call: Awaitable) -> Any:
        try:
            return await call
        except Exception as exc:
            log.warning("Slack call failed: %s", exc)
            return None

    # -- Web API -----------------------------------------------------------------------------
    async def open_dm(self, user_id: str, client: AsyncWebClient | None = None) -> str:
        """The id of the direct-message channel between the bot and `user_id` (conversations.open)."""
        response = await (client or self.client).conversations_open(users=user_id)
        channel = response["channel"]["id"]
        self._dm_channels[user_id] = channel
        return channel

    async def post_reply(self, channel: str, reply: Reply, thread_ts: str | None = None,
                         client: AsyncWebClient | None = None, stamps: list[str] | None = None) -> list[str]:
        """Post a reply (split when long); returns the message timestamps (also appended to `stamps`
        as each part is posted, so a caller knows what arrived when a later part raises)."""
        stamps = [] if stamps is None else stamps
        for message in render_reply(reply):
            extra = {"thread_ts": thread_ts} if thread_ts else {}
            response = await (client or self.client).chat_postMessage(
                channel=channel, text=message["text"], blocks=message["blocks"], unfurl_links=False, unfurl_media=False, **extra)
            stamps.append(response.get("ts"))
        return stamps

    # -- App Home ----------------------------------------------------------------------------
    async def publish_home(self, user_id: str) -> None:
        """Publish the Home tab, rendered from the engine's platform-free view of this person."""
        view = home_view(self.engine.home(f"{PLATFORM}:{user_id}"))
        await self.client.views_publish(user_id=user_id, view=view)
