"""Shared pieces for the benchmarks: a recording notifier, a scripted intake, percentiles."""
from __future__ import annotations

import contextlib
import os
import statistics
import uuid
from datetime import datetime
from pathlib import Path

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
    """The whole app on `db_path` (a SQLite file or a postgresql:// URL) with a fake clock; pings go to
    `recorder`. Each call opens a store (a connection) of its own: two calls are two instances."""
    config = Config(db_path=db_path, ciso_users=("bench:ciso",), fg_users=("bench:fg",), deputy_users=("bench:deputy",))
    if db_path.startswith(("postgresql://", "postgres://")):
        config.database_url = db_path
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


# -- PostgreSQL: a throwaway database on the local server --------------------------------------------
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432"


def postgres_answers(server: str = POSTGRES_SERVER) -> str | None:
    """None when the PostgreSQL server answers, else why not (one line)."""
    try:
        import psycopg

        psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3).close()
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
    return None


@contextlib.contextmanager
def postgres_database(server: str = POSTGRES_SERVER):
    """A new, empty database for one benchmark run (the app migrates it), dropped afterwards."""
    import psycopg

    name = f"privacyloket_bench_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def database(backend: str, tmp: str, name: str):
    """Where a run's database is: a SQLite file in `tmp`, or a PostgreSQL database of its own."""
    if backend == "postgres":
        with postgres_database() as url:
            yield url
    else:
        yield str(Path(tmp) / f"{name}.db")
