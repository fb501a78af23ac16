"""Shared pieces for the benchmarks: a recording notifier, a scripted intake, percentiles."""
from __future__ import annotations

import statistics
from datetime import datetime

from bot.app import build_app
from bot.clock import FakeClock  # noqa: F401 (re-exported for the benchmarks)
from bot.config import Config
from storage import open_db


class Recorder:
    platform = "bench"

    def __init__(self, clock):
        self.clock = clock
        self.sent: list[tuple[str, str, str, datetime]] = []  # ref, milestone, recipient, sent at

    async def deliver(self, recipient, reply) -> bool:
        self.sent.append((reply.meta["ref"], reply.meta["ping"], recipient, self.clock()))
        return True


def app_for(db_path: str, clock, recorder=None):
    """The whole app on `db_path` with a fake clock; pings go to `recorder`."""
    config = Config(db_path=db_path, ciso_users=("bench:ciso",), fg_users=("bench:fg",), deputy_users=("bench:deputy",))
    app = build_app(config, clock, store=open_db(db_path))
    if recorder is not None:
        app.add_notifier(recorder)
    return app


# One scripted intake: (typed text, button value) per step; a misdirected e-mail. The first message
# already tells the kind and the story (the description), so those are not asked; a test
# (tests/test_benchmarks.py) files it through the engine, so this script cannot silently fall behind.
INTAKE = [
    ("ik heb een mail naar de verkeerde persoon gestuurd", None),
    ("vanochtend 8:30", None),
    ("Gezondheid", "dl:cat:health"),
    ("2 tot 10", "dl:subjects:2-10"),
    ("Een andere inwoner", "dl:recipient:resident"),
    ("Nee", "dl:data_contained:false"),
    ("Klopt", "dl:confirm"),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
