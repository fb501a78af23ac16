"""Clocks: the real one, and a settable one for tests, benchmarks and simulations of the 72 hours."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class FakeClock:
    """Call it for the time; set `.now` or `advance(hours=...)` to move it. Never sleeps."""

    def __init__(self, start: datetime | None = None):
        self.now = start or datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs) -> None:
        self.now += timedelta(**kwargs)
