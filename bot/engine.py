"""The one conversation engine: routes a Message to the open dialogue or the right handler."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Callable

from bot.clock import utc_now
from bot.config import Config
from bot.handlers.base import Context, Handler, Turn, is_stop, normalise
from bot.handlers.questions import QuestionsHandler
from bot.intents import classify
from bot.messages import Message, Reply
from knowledge import KnowledgeBase
from storage import deliveries, dialogues
from storage.db import Store

if TYPE_CHECKING:  # pragma: no cover
    from bot.reminders import Reminders

log = logging.getLogger(__name__)

MAX_TEXT = 4000
HELP_COMMANDS = {"/help", "/hulp", "help", "hulp", "/start", "?", "menu", "/menu"}

HELP_TEXT = """Hoi! Ik ben Privacyloket, de privacyhulp van {organisation}.

Wat kan ik voor je doen?
• Stel een privacyvraag in je eigen woorden, bijvoorbeeld "wat zijn bijzondere persoonsgegevens?" of "hoe snel moet een inzageverzoek beantwoord?".
• /datalek: meld een (mogelijk) datalek. Het kost een paar minuten; je krijgt meteen advies wat je nu moet doen.
• /delen: "Mag ik dit delen?": een korte check voordat je gegevens deelt.
• /mijnmeldingen: je eigen datalekmeldingen en hun status.
• /stop: stop het gesprek waar je mee bezig bent.
Voor de CISO en de FG: /incidenten en /incident DL-jjjj-nnnn.

Twijfel je? Neem contact op met {fg_contact}."""

STALE_BUTTON = "Deze knop hoort bij een gesprek dat al is afgerond. Typ /help om opnieuw te beginnen."

SMALLTALK = {
    "greeting": "Hoi! Waarmee kan ik je helpen? Stel een privacyvraag, meld een datalek met /datalek, of typ /help.",
    "thanks": "Graag gedaan! Nog iets anders? Typ gerust je vraag.",
    "bye": "Tot ziens! Je kunt me altijd weer een vraag stellen.",
    "howareyou": "Prima, dank je! Waarmee kan ik je helpen?",
}


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
        self.reminders = None
        self.questions = QuestionsHandler()
        self.handlers: dict[str, Handler] = {}
        self.detectors: dict = dict(detectors or {})
        for handler in [self.questions, *(handlers or [])]:
            self.register(handler)
        self.prune_deliveries()

    def register(self, handler: Handler, detect=None) -> None:
        self.handlers[handler.name] = handler
        if detect is not None:
            self.detectors[handler.name] = detect

    # -- the 72-hour clock -----------------------------------------------------------------
    def attach_reminders(self, notifiers: list) -> "Reminders":
        from bot.reminders import Reminders

        self.reminders = Reminders(self.store, self.config, self.clock, notifiers)
        return self.reminders

    async def start_reminders(self, notifiers: list, scheduler=None) -> None:
        """Start the clock (needs a running event loop): rebuild jobs, send what is overdue once."""
        await self.attach_reminders(notifiers).start(scheduler)

    async def stop_reminders(self) -> None:
        if self.reminders is not None:
            await self.reminders.stop()

    # -- state ---------------------------------------------------------------------------
    def load_dialogue(self, person_key: str) -> tuple[str, dict] | None:
        return dialogues.load(self.store, person_key)

    def save_dialogue(self, person_key: str, flow: str, state: dict | None) -> None:
        dialogues.save(self.store, person_key, flow, state, self.clock())

    def prune_deliveries(self, keep: timedelta = timedelta(days=7)) -> None:
        """Delivery ids only guard against platform retries: keep a week of them, no more."""
        deliveries.prune(self.store, self.clock() - keep)

    def first_delivery(self, delivery_id: str | None) -> bool:
        """Record a platform delivery id; False when it was seen before (a duplicate)."""
        return not delivery_id or deliveries.first_delivery(self.store, delivery_id, self.clock())

    def context(self) -> Context:
        return Context(self.store, self.config, self.clock, self.knowledge, self.reminders)

    # -- routing ---------------------------------------------------------------------------
    def handler_for_command(self, command: str) -> Handler | None:
        for handler in self.handlers.values():
            if command in handler.commands:
                return handler
        return None

    def handler_for_action(self, action: str) -> Handler | None:
        prefix = action.split(":", 1)[0]
        for handler in self.handlers.values():
            if handler.action_prefix == prefix:
                return handler
        return None

    async def handle(self, msg: Message) -> list[Reply]:
        """Handle one message; returns the replies (to the sender, and pings to others)."""
        if not self.first_delivery(msg.delivery_id):
            return []
        ctx = self.context()
        replies = self.route(ctx, msg)
        for effect in ctx.deferred:
            try:
                await effect()
            except Exception:  # an effect (a ping) must never lose the user's turn
                log.exception("deferred effect failed")
        for reply in replies:
            reply.text = ctx.fill(reply.text)
        return replies

    def route(self, ctx: Context, msg: Message) -> list[Reply]:
        person = msg.person.key
        text = msg.text.strip()
        if msg.action is None and len(text) > MAX_TEXT:
            open_ = self.load_dialogue(person)
            replies = [
                Reply(
                    f"Je bericht is erg lang ({len(text)} tekens). Houd het korter dan {MAX_TEXT} tekens "
                    "en laat persoonsgegevens weg; er is niets verloren gegaan."
                )
            ]
            if open_:
                replies += self.handlers[open_[0]].current(ctx, open_[1])
            return replies
        word = normalise(msg.content)
        command = word.split(" ", 1)[0] if word.startswith("/") else None
        dialogue = self.load_dialogue(person)

        if is_stop(msg):
            if dialogue:
                self.save_dialogue(person, dialogue[0], None)
                return [Reply("Oké, gestopt. Er is niets opgeslagen of verstuurd. Typ /help als je iets anders wilt.")]
            return [Reply("Er loopt nu geen gesprek dat ik kan stoppen. Typ /help om te zien wat ik kan.")]
        if word in HELP_COMMANDS or command in HELP_COMMANDS:
            replies = [Reply(HELP_TEXT)]
            if dialogue:
                replies.append(Reply("Je was nog bezig; we gaan verder waar je was (of typ stop):"))
                replies += self.handlers[dialogue[0]].current(ctx, dialogue[1])
            return replies

        # A button of a stateless handler (e.g. a CISO ping) works anywhere, even mid-dialogue.
        if msg.action is not None:
            owner = self.handler_for_action(msg.action)
            if owner is not None and (dialogue is None or dialogue[0] != owner.name):
                handled = owner.on_action(ctx, msg)
                if isinstance(handled, Turn):
                    if handled.state is not None and dialogue is not None:
                        return [
                            Reply("Je bent nog bezig met een ander gesprek. Typ stop en druk daarna opnieuw op de knop."),
                            *self.handlers[dialogue[0]].current(ctx, dialogue[1]),
                        ]
                    return self.run(ctx, person, owner, handled)
                if handled is not None:
                    return handled
                if dialogue is None:
                    return [Reply(STALE_BUTTON)]

        if command is not None:
            handler = self.handler_for_command(command)
            if handler is None:
                return [Reply(f"Het commando {command} ken ik niet. Typ /help voor wat ik wel kan.")]
            if dialogue and dialogue[0] != handler.name:
                current = self.handlers[dialogue[0]]
                return [
                    Reply("Je bent nog bezig met een ander gesprek. Rond dat eerst af, of typ stop om het te beëindigen."),
                    *current.current(ctx, dialogue[1]),
                ]
            return self.run(ctx, person, handler, handler.start(ctx, msg, {"command": text}))

        if dialogue and not msg.private:
            # a dialogue (a breach report, a sharing check) is never continued in a group
            return [Reply("Je hebt een gesprek met mij openstaan. Ga daarmee verder in een privébericht, "
                          "zodat niemand anders meeleest. (Typ daar stop om het te beëindigen.)")]
        if dialogue:
            handler = self.handlers[dialogue[0]]
            return self.run(ctx, person, handler, handler.resume(ctx, dialogue[1], msg))

        if msg.action is not None:
            return [Reply(STALE_BUTTON)]

        intent = classify(text, self.detectors)
        if intent.kind == "smalltalk":
            return [Reply(SMALLTALK[intent.topic], meta={"kind": "smalltalk"})]
        if intent.kind == "flow":
            handler = self.handlers[intent.flow]
            turn = handler.start(ctx, msg, intent.prefill)
            if turn.replies:
                turn.replies[0].meta.update({"kind": "start", "flow": intent.flow})
            return self.run(ctx, person, handler, turn)
        return [self.questions.answer(ctx, text)]

    def run(self, ctx: Context, person: str, handler: Handler, turn: Turn) -> list[Reply]:
        self.save_dialogue(person, handler.name, turn.state)
        return turn.replies

    def resume_prompt(self, person_key: str) -> list[Reply]:
        """What to show a user who comes back (e.g. after a restart) with an open dialogue."""
        dialogue = self.load_dialogue(person_key)
        if not dialogue:
            return []
        ctx = self.context()
        replies = [Reply("Welkom terug! We gaan verder waar je gebleven was (typ stop om te stoppen):")]
        return replies + self.handlers[dialogue[0]].current(ctx, dialogue[1])
