"""The one conversation engine: middleware, then the open dialogue, a command, a button or the router.

Adapters call only `handle(msg)`, `resume(person)` and `home(person)`. Each message passes the
middleware first (in the manner of bolt's `process(req, resp, next)`): the apology on an error,
platform retries answered once, bots ignored, hidden characters removed (`bot.textsafe`), over-long
messages refused. Handlers that declare `private_only` never run in a channel or group: `open_flow`
is the one place that enforces it. Events a turn emits (an incident filed, a decision recorded) go
to the subscribers `app.py` wired.
"""
from __future__ import annotations

import logging
from contextvars import ContextVar
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Awaitable, Callable

from bot import commands, router
from bot.choices import is_stop, normalise
from bot.clock import utc_now
from bot.config import Config
from bot.events import Event
from bot.handlers.base import Context, Handler, Turn
from bot.handlers.incidents import views as incident_views
from bot.handlers.questions import QuestionsHandler
from bot.messages import Message, Reply
from bot.text import t
from bot.textsafe import clean
from knowledge import KnowledgeBase
from storage import deliveries, dialogues
from storage.db import Store

log = logging.getLogger(__name__)

MAX_TEXT = 4000
HELP_WORDS = {"help", "hulp", "?", "menu"}
# Another instance saved this person's dialogue during the turn: nothing is overwritten, the user retries.
# (Belongs in bot/text/nl.yaml as engine.conflict.)
# The dialogue versions read during the current turn (person key -> version): a save checks against them.
_TURN_VERSIONS: ContextVar[dict[str, int] | None] = ContextVar("dialogue_versions", default=None)

Next = Callable[..., Awaitable[list[Reply]]]  # next() or next(changed_message)
Middleware = Callable[["Engine", Message, Next], Awaitable[list[Reply]]]


# -- middleware: each takes the message and `next`, and may answer without calling it ----------
async def apologise_on_error(engine: "Engine", msg: Message, next: Next) -> list[Reply]:
    try:
        return await next()
    except Exception:
        log.exception("a message could not be handled")
        return [Reply(t("engine.sorry"))]


async def once_per_delivery(engine: "Engine", msg: Message, next: Next) -> list[Reply]:
    """Slack retries and Telegram duplicates carry the same delivery id: answer the first only."""
    if msg.delivery_id and not deliveries.first_delivery(engine.store, msg.delivery_id, engine.clock()):
        return []
    return await next()


async def ignore_bots(engine: "Engine", msg: Message, next: Next) -> list[Reply]:
    return [] if msg.from_bot else await next()


async def clean_text(engine: "Engine", msg: Message, next: Next) -> list[Reply]:
    """No bidi overrides, zero-width or control characters reach a handler, a register or the CISO."""
    return await next(replace(msg, text=clean(msg.text)))


async def refuse_over_long(engine: "Engine", msg: Message, next: Next) -> list[Reply]:
    text = msg.text.strip()
    if msg.action is not None or len(text) <= MAX_TEXT:
        return await next()
    replies = [Reply(t("engine.too_long", length=len(text), limit=MAX_TEXT))]
    # the open question is only repeated in a private chat: in a group it could show a report's summary
    return replies + (engine.current_question(msg.person.key) if msg.private else [])


MIDDLEWARE: tuple[Middleware, ...] = (apologise_on_error, once_per_delivery, ignore_bots, clean_text, refuse_over_long)


def help_text(person_roles: set[str]) -> str:
    """/help, built from the command table: everyone's commands, then the officers' when relevant."""
    lines = [t("engine.help_intro")]
    for command in commands.COMMANDS:
        if command.roles or command.name in ("/help", "/privacy", "/incident"):
            continue
        lines.append(t("engine.help_command", command=command.name, help=command.help))
    officer = [c.name + (f" {c.usage}" if c.usage else "") for c in commands.COMMANDS
               if c.roles or c.name == "/incident"]
    lines.append(t("engine.help_officers", commands=" en ".join(officer)))
    return "\n".join(lines) + "\n\n" + t("engine.help_outro")


class Engine:
    def __init__(
        self,
        store: Store,
        config: Config,
        knowledge: KnowledgeBase,
        clock: Callable[[], datetime] = utc_now,
        handlers: list[Handler] | None = None,
        detectors: dict | None = None,
    ):
        self.store = store
        self.config = config
        self.knowledge = knowledge
        self.clock = clock
        self.questions = QuestionsHandler()
        self.handlers: dict[str, Handler] = {}
        self.detectors: dict = dict(detectors or {})
        self.subscribers: list[Callable[[Event], Awaitable[None]]] = []
        self.middleware: list[Middleware] = list(MIDDLEWARE)
        for handler in [self.questions, *(handlers or [])]:
            self.register(handler)
        self.prune_deliveries()

    def register(self, handler: Handler, detect=None) -> None:
        self.handlers[handler.name] = handler
        if detect is not None:
            self.detectors[handler.name] = detect

    def subscribe(self, listener: Callable[[Event], Awaitable[None]]) -> None:
        """`listener(event)` is awaited for every event a turn emits, after the turn is saved."""
        self.subscribers.append(listener)

    # -- state -----------------------------------------------------------------------------
    def load_dialogue(self, person_key: str) -> tuple[str, dict] | None:
        dialogue, version = dialogues.load_with_version(self.store, person_key)
        seen = _TURN_VERSIONS.get()
        if seen is not None:
            seen.setdefault(person_key, version)  # the turn answers what it read first
        return dialogue

    def save_dialogue(self, person_key: str, flow: str, state: dict | None) -> None:
        """Within a turn, refused (`DialogueConflict`) when another instance saved since the turn read it."""
        seen = _TURN_VERSIONS.get()
        expected = seen.get(person_key) if seen is not None else None
        version = dialogues.save(self.store, person_key, flow, state, self.clock(), expected_version=expected)
        if seen is not None:
            seen[person_key] = version

    def prune_deliveries(self, keep: timedelta = timedelta(days=7)) -> None:
        """Delivery ids only guard against platform retries: keep a week of them, no more."""
        deliveries.prune(self.store, self.clock() - keep)

    def first_delivery(self, delivery_id: str | None) -> bool:
        """Record a platform delivery id; False when it was seen before (a duplicate)."""
        return not delivery_id or deliveries.first_delivery(self.store, delivery_id, self.clock())

    def context(self) -> Context:
        return Context(self.store, self.config, self.clock, self.knowledge)

    def current_question(self, person_key: str) -> list[Reply]:
        """The open question of `person_key`'s dialogue, if any (to repeat it)."""
        dialogue = self.load_dialogue(person_key)
        if not dialogue:
            return []
        return self.handlers[dialogue[0]].current(self.context(), dialogue[1])

    # -- the adapters' seam ----------------------------------------------------------------
    async def handle(self, msg: Message) -> list[Reply]:
        """Handle one message; every reply returned is for the sender (pings go through the outbox)."""
        ctx = self.context()

        async def innermost(current: Message) -> list[Reply]:
            try:
                replies = self.route(ctx, current)
            except dialogues.DialogueConflict as conflict:  # another instance answered this person first
                log.warning("dialogue of %s changed during the turn: not saved", conflict.person)
                replies = [Reply(t("engine.conflict"))]
            await self.publish(ctx.events)
            return replies

        def link(mw: Middleware, nxt: Callable[[Message], Awaitable[list[Reply]]]):
            # a middleware passes the message on unchanged (`next()`) or changed (`next(changed)`)
            return lambda m: mw(self, m, lambda changed=None: nxt(m if changed is None else changed))

        chain: Callable[[Message], Awaitable[list[Reply]]] = innermost
        for middleware in reversed(self.middleware):
            chain = link(middleware, chain)
        versions = _TURN_VERSIONS.set({})
        try:
            replies = await chain(msg)
        finally:
            _TURN_VERSIONS.reset(versions)
        for reply in replies:
            reply.text = ctx.fill(reply.text)
        return replies

    def health(self) -> dict:
        """Is the 72-hour clock alive (heartbeat, late pings)? For /healthz, like `python -m bot status`."""
        from bot.reminders.status import status

        return status(self.store, self.config, self.clock()).to_dict()

    def resume(self, person_key: str) -> list[Reply]:
        """What to show a user who comes back (e.g. after a restart) with an open dialogue."""
        question = self.current_question(person_key)
        return [Reply(t("engine.welcome_back"))] + question if question else []

    def home(self, person_key: str) -> incident_views.HomeView:
        """What `person_key`'s home screen shows (Slack's App Home): own reports, and open incidents for the roles."""
        return incident_views.home(self.context(), person_key)

    async def publish(self, events: list[Event]) -> None:
        for event in events:
            for listener in self.subscribers:
                try:
                    await listener(event)
                except Exception:  # a ping must never lose the user's turn
                    log.exception("listener failed on %s", event)

    # -- routing ---------------------------------------------------------------------------
    def handler_for_command(self, word: str) -> tuple[commands.Command, Handler | None] | None:
        command = commands.find(word)
        if command is None:
            return None
        return command, (self.handlers.get(command.flow) if command.flow else None)

    def handler_for_action(self, action: str) -> Handler | None:
        prefix = action.split(":", 1)[0]
        for handler in self.handlers.values():
            if handler.action_prefix == prefix:
                return handler
        return None

    def route(self, ctx: Context, msg: Message) -> list[Reply]:
        person = msg.person.key
        text = msg.text.strip()
        word = normalise(msg.content)
        first = word.split(" ", 1)[0]
        command = commands.find(first) if first.startswith("/") else None
        dialogue = self.load_dialogue(person)

        if is_stop(msg) or (command is not None and command.name == "/stop"):
            if dialogue:
                self.save_dialogue(person, dialogue[0], None)
                return [Reply(t("engine.stopped"))]
            return [Reply(t("engine.nothing_to_stop"))]
        if word in HELP_WORDS or (command is not None and (command.name == "/help" or (command.name == "/privacy" and word == first))):
            replies = [Reply(help_text(self.config.roles_of(person)))]
            if dialogue and msg.private:  # never repeat an open question (a report's summary) in a group
                replies.append(Reply(t("engine.help_resume")))
                replies += self.handlers[dialogue[0]].current(ctx, dialogue[1])
            return replies

        # A button of a stateless handler (e.g. a CISO ping) works anywhere, even mid-dialogue.
        if msg.action is not None:
            owner = self.handler_for_action(msg.action)
            if owner is not None and owner.private_only and not msg.private:
                # a button of a private handler (an incident's Details) pressed in a group: a pointer only
                words = commands.of_flow(owner.name)
                return [Reply(t("engine.private_only", command=words[0] if words else "/help"), meta={"kind": "private_only"})]
            if owner is not None and (dialogue is None or dialogue[0] != owner.name):
                handled = owner.on_action(ctx, msg)
                if isinstance(handled, Turn):
                    if handled.state is not None and dialogue is not None:
                        return [Reply(t("engine.busy_button")), *self.handlers[dialogue[0]].current(ctx, dialogue[1])]
                    return self.run(ctx, person, owner, handled)
                if handled is not None:
                    return handled
                if dialogue is None:
                    return [Reply(t("engine.stale_button"))]

        if first.startswith("/") and msg.action is None:
            if command is None or command.flow is None:
                return [Reply(t("engine.unknown_command", command=first))]
            handler = self.handlers[command.flow]
            if dialogue and dialogue[0] != handler.name:
                return [Reply(t("engine.busy_command")), *self.handlers[dialogue[0]].current(ctx, dialogue[1])]
            return self.open_flow(ctx, msg, handler, {"command": text}, command.name)

        if dialogue and not msg.private:
            # a dialogue (a breach report, a sharing check) is never continued in a group
            return [Reply(t("engine.dialogue_in_group"))]
        if dialogue:
            handler = self.handlers[dialogue[0]]
            return self.run(ctx, person, handler, handler.resume(ctx, dialogue[1], msg))

        if msg.action is not None:
            return [Reply(t("engine.stale_button"))]

        # "ik wil nog iets toevoegen aan DL-2026-0001: ..." amends that report (bot/handlers/amend.py)
        amend = self.detectors.get("amend")
        if amend is not None and "amend" in self.handlers and (found := amend(text)) is not None:
            return self.open_flow(ctx, msg, self.handlers["amend"], found, commands.of_flow("amend")[0])

        # The router scores every intent and every entry (bot/router/); a "ja" answers its last offer.
        decision = router.decide(ctx, msg)
        if decision.kind == "start" and decision.flow in self.handlers:
            handler = self.handlers[decision.flow]
            replies = self.open_flow(ctx, msg, handler, decision.prefill, commands.of_flow(decision.flow)[0])
            if replies and msg.private:
                replies[0].meta.update({"kind": "start", "flow": decision.flow})
                replies = router.flow_intro(decision, replies)  # one English sentence: the flow is Dutch only
            return replies
        return self.questions.reply(ctx, msg, decision)  # smalltalk, offer, answer, suggest or unknown

    def open_flow(self, ctx: Context, msg: Message, handler: Handler, prefill: dict, command: str) -> list[Reply]:
        """Start a handler: the one place where private-only handlers are kept out of groups."""
        if handler.private_only and not msg.private:
            # the adapter may carry the request into a private chat (Slack: the user's DM)
            return [Reply(t("engine.private_only", command=command), meta={"kind": "private_only"})]
        return self.run(ctx, msg.person.key, handler, handler.start(ctx, msg, prefill))

    def run(self, ctx: Context, person: str, handler: Handler, turn: Turn) -> list[Reply]:
        self.save_dialogue(person, handler.name, turn.state)
        return turn.replies
