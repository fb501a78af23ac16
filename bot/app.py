"""The only wiring: configuration, database, knowledge base, engine, outbox, reminders and notices.

The outbox, the reminders and the notices exist before any adapter: adapters add their notifier to
the outbox when they start, and the events of each turn (an incident filed or changed) reach the
reminders (the clock re-reads the incident) and the notices (the other officers and the reporter
hear what happened).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

import knowledge
from bot.adapters.outbox import Outbox
from bot.clock import utc_now
from bot.config import Config, smtp_configured
from bot.engine import Engine
from bot.notices import Notices
from bot.reminders import Reminders
from storage import open_db
from storage.db import Store

_KB_CACHE: dict[str, knowledge.KnowledgeBase] = {}


def load_knowledge() -> knowledge.KnowledgeBase:
    """Load (once per process) and index the knowledge base."""
    kb = _KB_CACHE.get("default")
    if kb is None:
        kb = knowledge.load()
        kb.matcher  # build the index now, not on the first question
        _KB_CACHE["default"] = kb
    return kb


@dataclass
class App:
    config: Config
    store: Store
    engine: Engine
    outbox: Outbox
    reminders: Reminders
    notices: Notices | None = None

    def add_notifier(self, notifier) -> None:
        self.outbox.register(notifier)


def flow_handlers() -> list:
    """The guided dialogues and command handlers, each with its free-text detector (or None)."""
    from bot.handlers import amend, datalek, desk, incidents, share_check

    return [
        (datalek.DatalekHandler(), None),  # free words reach these through the router (bot/router/)
        (share_check.ShareCheckHandler(), None),
        (incidents.IncidentsHandler(), None),
        (desk.DeskHandler(), None),
        (amend.AmendHandler(), amend.detect),  # the engine asks it before the router (a DL reference + "aanvullen")
    ]


def build_app(config: Config, clock: Callable[[], datetime] = utc_now, store: Store | None = None) -> App:
    # SQLite (config.db_path) or PostgreSQL (DATABASE_URL); PRIVACYLOKET_MIGRATE=never refuses an old PostgreSQL schema
    store = store or open_db(config.database, migrate=config.migrate_at_start)
    engine = Engine(store, config, load_knowledge(), clock)
    for handler, detect in flow_handlers():
        engine.register(handler, detect)
    outbox = Outbox()
    reminders = Reminders(store, config, clock, outbox)
    if smtp_configured(config):  # pings by e-mail too: always, or when the chat fails (SMTP_MODE)
        from bot.adapters.email import EmailNotifier

        reminders.email = EmailNotifier(config, clock)
    engine.subscribe(reminders.on_event)
    notices = Notices(store, config, clock, outbox)
    engine.subscribe(notices.on_event)
    return App(config, store, engine, outbox, reminders, notices)


def build_engine(config: Config, clock: Callable[[], datetime] = utc_now, store: Store | None = None) -> Engine:
    """An engine on its own (questions, `ask`, benchmarks): the app's, without running reminders."""
    return build_app(config, clock, store).engine
