"""The one "now" of the product: the real clock, a settable one for tests, and the bridge between them.

No other module reads the wall time. Everything takes a clock (a callable returning an aware UTC
datetime); whatever must wake up at a moment of that clock (the reminder runner's APScheduler job)
is given `wall_time_for(clock, moment)`, so a fake clock drives the 72 hours in tests and
benchmarks whatever the real date is.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Callable

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def wall_time_for(clock: Clock, moment: datetime) -> datetime:
    """The real time at which `moment` of `clock` will have come: for the real clock, `moment` itself."""
    if clock is utc_now:
        return moment
    return utc_now() + (moment - clock())


class FakeClock:
    """Call it for the time; set `.now` or `advance(hours=...)` to move it. Never sleeps.

    Its default start is a fixed moment, so tests never depend on the real date."""

    def __init__(self, start: datetime | None = None):
        self.now = start or datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs) -> None:
        self.now += timedelta(**kwargs)
