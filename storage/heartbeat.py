"""The reminder runner's heartbeat: one row per running instance (host:pid), beaten on every wake.

`python -m bot status` reads the newest beat to tell a monitoring check whether the clock still runs.
"""
from __future__ import annotations

from datetime import datetime

from storage.db import Store


def _iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def beat(store: Store, host: str, pid: int, now: datetime, retention_at: datetime | None = None) -> None:
    """Record that the runner on `host` with process id `pid` is alive at `now` (and when it last pruned)."""
    instance = f"{host}:{pid}"
    store.execute(
        "INSERT INTO heartbeat (instance, host, pid, started_at, beat_at, retention_at) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (instance) DO UPDATE SET beat_at = excluded.beat_at, "
        "retention_at = COALESCE(excluded.retention_at, heartbeat.retention_at)",
        [instance, host, pid, _iso(now), _iso(now), _iso(retention_at) if retention_at else None],
    )


def latest(store: Store) -> dict | None:
    """The most recent beat of any instance, or None when no runner ever ran on this database."""
    return store.one("SELECT * FROM heartbeat ORDER BY julianday(beat_at) DESC LIMIT 1")
