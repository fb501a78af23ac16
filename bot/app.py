"""Wire the engine: configuration, database, knowledge base and every handler."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

import knowledge
from bot.config import Config
from bot.clock import utc_now
from bot.engine import Engine
from storage import open_db

_KB_CACHE: dict[str, knowledge.KnowledgeBase] = {}


def load_knowledge() -> knowledge.KnowledgeBase:
    """Load (once per process) and index the knowledge base."""
    kb = _KB_CACHE.get("default")
    if kb is None:
        kb = knowledge.load()
        kb.matcher  # build the index now, not on the first question
        _KB_CACHE["default"] = kb
    return kb


def build_engine(config: Config, clock: Callable[[], datetime] = utc_now, store=None) -> Engine:
    store = store or open_db(config.db_path)
    engine = Engine(store, config, load_knowledge(), clock)
    for handler, detect in flow_handlers():
        engine.register(handler, detect)
    return engine


def flow_handlers() -> list:
    """The guided dialogues and command handlers, each with its free-text detector (or None)."""
    from bot.handlers import datalek, incidents, share_check

    return [
        (datalek.DatalekHandler(), datalek.detect),
        (share_check.ShareCheckHandler(), share_check.detect),
        (incidents.IncidentsHandler(), None),
    ]
