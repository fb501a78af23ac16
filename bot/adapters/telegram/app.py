"""Telegram: python-telegram-bot 22, long polling by default, webhook mode optional.

A thin adapter: updates become plain `Message` objects for the engine, and `Reply` objects come back
as HTML-escaped messages with inline keyboards (render.py). Nothing here knows about datalekken or
incidents; the command menu comes from bot.commands, the webhook's port and interface from Config.

- Private chats: every text message and command goes to the engine. Groups: only commands, messages
  that mention the bot and replies to the bot; a report is never continued in a group (the datalek
  handler refuses to start one there, and an open dialogue is only continued in the private chat).
- Buttons: `callback_data` is at most 64 bytes. A longer Choice.value is stored in SQLite under a
  short hash and sent as "h:<hash>", so it survives restarts.
- A button press is answered (answer_callback_query) always; the first press of a message's
  keyboard replaces the keyboard by "✔ <label>", later presses of that message are ignored (tracked
  per (chat_id, message_id) in SQLite). Duplicate updates are dropped by the engine (delivery ids
  "tg:<update_id>" and "tgcb:<callback_query_id>").
- Text is sent with parse_mode=HTML and always escaped; long replies are split under 4096 characters.
- RetryAfter (HTTP 429) is waited out and retried; a ping that could not be delivered makes
  `deliver()` return FAILED, or MAYBE when Telegram did not answer in time (never raise): notify.py.
- Webhook mode runs our own aiohttp server (webhook.py): the secret first, malformed updates 400,
  never an update's content in the log.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
import warnings
from datetime import timedelta
from typing import Awaitable, Callable

from telegram import BotCommand, LinkPreviewOptions, Message as TgMessage, ReplyParameters, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import RetryAfter, TelegramError
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot import commands, logsafe
from bot.adapters.telegram.notify import PLATFORM, TelegramNotifier
from bot.adapters.telegram.webhook import TelegramWebhook
from bot.adapters.telegram.render import (
    CALLBACK_LIMIT,
    TEXT_LIMIT,
    chosen_addition,
    escape,
    keyboard,
    label_of,
    split_text,
    utf16_len,
)
from bot.choices import is_stop
from bot.messages import Message, Person, Reply
from storage import platform_state

log = logging.getLogger(__name__)

HASH_PREFIX = "h:"
ALLOWED_UPDATES = ["message", "callback_query"]
MAX_RETRY_WAIT = 60.0  # seconds; a longer flood wait is not waited out inline (pings retry later)

TEXT_ONLY = (
    "Ik kan alleen tekstberichten lezen. Typ je vraag of melding in een paar woorden. "
    "Stuur geen bestanden of foto's met persoonsgegevens."
)
CONTINUE_PRIVATE = (
    "Je bent in een privégesprek met mij nog ergens mee bezig. Ga daar verder (of typ daar stop); "
    "in een groep deel ik daar niets over."
)
CONTINUE_PRIVATE_SHORT = "Je bent in een privégesprek met mij nog ergens mee bezig. Ga daar eerst verder (of typ daar stop)."
ALREADY_PRESSED = "Deze keuze is al verwerkt."
EXPIRED_BUTTON = "Deze knop is verlopen. Typ /help om opnieuw te beginnen."
SOMETHING_WRONG = "Er ging iets mis bij het verwerken van je bericht. Probeer het nog eens, of typ /help."


# -- flood control ----------------------------------------------------------------------------
def _retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns about the int/timedelta migration
        warnings.simplefilter("ignore")
        value = exc.retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value)


# -- the adapter ---------------------------------------------------------------------------
class TelegramAdapter:
    platform = PLATFORM

    def __init__(
        self,
        engine,
        config,
        *,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        max_attempts: int = 4,
        poll_timeout: float = 30,
        listen: str | None = None,
        webhook_port: int | None = None,
    ):
        self.engine = engine
        self.config = config
        self.store = engine.store
        self.sleep = sleep or asyncio.sleep
        self.max_attempts = max_attempts
        self.poll_timeout = poll_timeout
        self.listen = listen or config.telegram_webhook_listen
        self.webhook_port = webhook_port or config.telegram_webhook_port or config.port
        self.stopped = False
        self.webhook: TelegramWebhook | None = None
        if not config.telegram_bot_token:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set")

        builder = ApplicationBuilder().token(config.telegram_bot_token)
        if config.telegram_api_url:
            base = config.telegram_api_url.rstrip("/")
            builder = builder.base_url(f"{base}/bot").base_file_url(f"{base}/file/bot")
        self.app: Application = builder.build()
        self.app.add_handler(MessageHandler(filters.UpdateType.MESSAGE, self.on_message))
        self.app.add_handler(CallbackQueryHandler(self.on_callback))
        self.app.add_error_handler(self.on_error)
        self.notifier = TelegramNotifier(self)

    @property
    def bot(self):
        return self.app.bot

    # -- lifecycle -------------------------------------------------------------------------
    async def ensure_bot(self) -> None:
        """Pings may come before start() (the clock catches up at start-up): initialise the bot."""
        await self.app.bot.initialize()  # idempotent

    async def start(self) -> None:
        self.stopped = False
        try:
            await self._start()
        except BaseException:
            try:  # e.g. the webhook port is taken: leave nothing half-started
                await self.stop()
            except Exception:
                log.exception("cleaning up after a failed Telegram start failed")
            raise

    async def _start(self) -> None:
        await self.app.initialize()
        await self.app.start()
        try:
            menu = [BotCommand(name, text) for name, text in commands.telegram_menu()]
            await self._call(self.bot.set_my_commands, commands=menu)
        except TelegramError as exc:  # the menu is a convenience; do not refuse to start for it
            log.warning("set_my_commands failed: %s", exc)
        if self.config.telegram_webhook_url:
            url = self.config.telegram_webhook_url
            secret = self.config.telegram_webhook_secret
            if not secret:
                # Never run an unauthenticated webhook: without a configured secret, use a fresh one.
                secret = secrets.token_urlsafe(32)
                logsafe.add_secret(secret)
                log.warning("TELEGRAM_WEBHOOK_SECRET is not set; using a random secret for this run")
            self.webhook = TelegramWebhook(self.app, url, secret, self.listen, self.webhook_port)
            port = await self.webhook.start()
            await self._call(self.bot.set_webhook, url=url, secret_token=secret, allowed_updates=ALLOWED_UPDATES,
                             drop_pending_updates=False)
            log.info("telegram webhook listening on %s:%s", self.listen, port)
        else:
            await self.app.updater.start_polling(
                timeout=int(self.poll_timeout), allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False
            )
            log.info("telegram long polling started")

    async def stop(self) -> None:
        """Stop receiving, finish the updates already received, then close the connections."""
        if self.webhook is not None:
            try:
                await self.webhook.stop()
            finally:
                self.webhook = None
        if self.app.updater is not None and self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()  # processes what is still in the update queue
        self.stopped = True
        await self.app.shutdown()  # a no-op when it was never initialised
        await self.app.bot.shutdown()  # in case only a ping initialised the bot

    # -- remembered platform state (storage.platform_state) -----------------------------------
    def callback_data(self, value: str) -> str:
        """The callback_data for a Choice.value: the value itself, or "h:<hash>" when too long."""
        if len(value.encode("utf-8")) <= CALLBACK_LIMIT and not value.startswith(HASH_PREFIX):
            return value
        key = HASH_PREFIX + hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]
        platform_state.remember_callback(self.store, key, value, self.engine.clock())
        return key

    def resolve_callback(self, data: str | None) -> str | None:
        if not data:
            return None
        if not data.startswith(HASH_PREFIX):
            return data
        return platform_state.callback_value(self.store, data)

    def claim_press(self, chat_id: int, message_id: int, person_key: str) -> bool:
        """True for the first press on this message's keyboard, False for every later one."""
        return platform_state.claim_press(self.store, chat_id, message_id, person_key, self.engine.clock())

    # -- sending ---------------------------------------------------------------------------
    async def _call(self, method, /, **kwargs):
        """Call a Bot API method; on RetryAfter (429) wait as told and try again."""
        for attempt in range(1, self.max_attempts + 1):
            try:
                return await method(**kwargs)
            except RetryAfter as exc:
                wait = _retry_seconds(exc)
                if attempt == self.max_attempts or wait > MAX_RETRY_WAIT:
                    raise
                log.info("telegram flood control: waiting %.0f s (attempt %d)", wait, attempt)
                await self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    async def send_reply(self, chat_id: int, reply: Reply, quote: int | None = None, timeout: float | None = None,
                         sent: list[TgMessage] | None = None) -> list[TgMessage]:
        """Send one Reply: split under the limit, escaped, the keyboard on the last part.

        `timeout` (seconds) replaces PTB's read/write timeouts (pings); each part is appended to
        `sent` as it is confirmed, so a caller knows what arrived when a later part raises."""
        chunks = split_text(reply.text)
        markup = keyboard(reply.choices, self.callback_data)
        sent = [] if sent is None else sent
        waits = {} if timeout is None else {"read_timeout": timeout, "write_timeout": timeout}
        for i, chunk in enumerate(chunks):
            last = i == len(chunks) - 1
            kwargs = dict(
                chat_id=chat_id,
                text=escape(chunk),
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                reply_markup=markup if last else None,
                **waits,
            )
            if quote is not None and i == 0:
                kwargs["reply_parameters"] = ReplyParameters(message_id=quote, allow_sending_without_reply=True)
            sent.append(await self._call(self.bot.send_message, **kwargs))
        return sent

    async def send_replies(self, chat_id: int, sender: Person, replies: list[Reply], quote: int | None = None) -> None:
        """Every reply of a turn goes to the sender's chat; pings to others leave through the outbox."""
        for reply in replies:
            await self.send_reply(chat_id, reply, quote=quote)
            quote = None

    # -- receiving: messages -----------------------------------------------------------------
    def _in_dialogue(self, person: Person) -> bool:
        """Whether `person` has an open dialogue (a report, an AP reference): then nothing they send
        in a group reaches the engine, only a pointer to the private chat.

        Kept here although the engine has its own group rule, because that rule does not cover
        everything this one does: in a group the engine still answers /help, a busy command (e.g.
        /delen mid-report) and an over-long message by repeating the open question, which can be the
        report's summary with its description; and for a button pressed in a group, this check runs
        before the press is claimed (so others can still press it), which the engine never sees.
        """
        return self.engine.load_dialogue(person.key) is not None

    def _addressed_text(self, msg: TgMessage, private: bool) -> str | None:
        """The text meant for the bot, without "@botname"; None when a group message is not for us."""
        text = msg.text or ""
        username = (self.bot.username or "").lower()
        addressed = private
        if text.startswith("/"):
            command, _, rest = text.partition(" ")
            name, _, target = command.partition("@")
            if target:
                if target.lower() != username:
                    return None  # a command for another bot
            text = f"{name} {rest}".strip()
            addressed = True
        mentions = [t for t in msg.parse_entities(["mention"]).values() if t.lower() == f"@{username}"]
        for mention in mentions:
            text = text.replace(mention, " ")
            addressed = True
        replied = msg.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.id == self.bot.id:
            addressed = True
        if not addressed:
            return None
        text = " ".join(text.split()) if not private else text.strip()
        # deep link t.me/<bot>?start=datalek opens the intake directly
        if text.lower() in ("/start datalek", "/start melden"):
            text = "/datalek"
        return text

    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        msg, user, chat = update.message, update.effective_user, update.effective_chat
        if msg is None or user is None or chat is None or user.is_bot:
            return
        private = chat.type == ChatType.PRIVATE
        person = Person(PLATFORM, str(user.id), user.full_name)
        delivery_id = f"tg:{update.update_id}"
        quote = None if private else msg.message_id
        if msg.text is None:
            if private and self.engine.first_delivery(delivery_id):
                await self.send_reply(chat.id, Reply(TEXT_ONLY))
            return
        text = self._addressed_text(msg, private)
        if text is None:
            return
        message = Message(person, text=text, private=private, delivery_id=delivery_id)
        if not private and not is_stop(message) and self._in_dialogue(person):
            if self.engine.first_delivery(delivery_id):
                await self.send_reply(chat.id, Reply(CONTINUE_PRIVATE), quote=quote)
            return
        try:
            replies = await self.engine.handle(message)
        except Exception:
            log.exception("engine failed on a Telegram message")
            await self.send_reply(chat.id, Reply(SOMETHING_WRONG), quote=quote)
            return
        await self.send_replies(chat.id, person, replies, quote=quote)

    # -- receiving: button presses -----------------------------------------------------------
    async def _answer(self, query, text: str | None = None) -> None:
        try:
            await self._call(query.answer, text=text)
        except TelegramError as exc:  # too old to answer, or a network hiccup: not fatal
            log.info("answer_callback_query failed: %s", exc)

    async def _mark_chosen(self, message: TgMessage, label: str) -> None:
        """Replace the keyboard by "✔ <label>" so nobody presses twice."""
        chat_id, message_id = message.chat.id, message.message_id
        plain = message.text or ""
        addition = chosen_addition(label)
        try:
            if message.text is not None and utf16_len(plain + addition) <= TEXT_LIMIT:
                await self._call(
                    self.bot.edit_message_text,
                    chat_id=chat_id,
                    message_id=message_id,
                    text=message.text_html + escape(addition),
                    parse_mode=ParseMode.HTML,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                    reply_markup=None,
                )
                return
        except TelegramError as exc:
            log.info("edit_message_text failed (%s); removing the keyboard only", exc)
        try:
            await self._call(self.bot.edit_message_reply_markup, chat_id=chat_id, message_id=message_id, reply_markup=None)
        except TelegramError as exc:
            log.info("edit_message_reply_markup failed: %s", exc)

    async def on_callback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        user = query.from_user
        person = Person(PLATFORM, str(user.id), user.full_name)
        message = query.message  # Message, InaccessibleMessage (too old), or None (inline mode)
        value = self.resolve_callback(query.data)
        if value is None:
            await self._answer(query, EXPIRED_BUTTON)
            return
        private = message is None or message.chat.type == ChatType.PRIVATE
        if not private and self._in_dialogue(person):
            await self._answer(query, CONTINUE_PRIVATE_SHORT)
            return
        if message is not None and not self.claim_press(message.chat.id, message.message_id, person.key):
            await self._answer(query, ALREADY_PRESSED)
            return
        await self._answer(query)
        label = label_of(message, query.data) or value
        if isinstance(message, TgMessage):
            await self._mark_chosen(message, label)
        chat_id = message.chat.id if message is not None else user.id
        msg = Message(person, text=label, action=value, private=private, delivery_id=f"tgcb:{query.id}")
        try:
            replies = await self.engine.handle(msg)
        except Exception:
            log.exception("engine failed on a Telegram button press")
            await self.send_reply(chat_id, Reply(SOMETHING_WRONG))
            return
        await self.send_replies(chat_id, person, replies)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("telegram update failed: %s", context.error, exc_info=context.error)
