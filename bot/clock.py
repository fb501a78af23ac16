"""The one "now" of the product: the real clock, a settable one for tests, and the bridge between them.

No other module reads the wall time. Everything takes a clock (a callable returning an aware UTC
datetime); whatever must wake up at a moment of that clock (the reminder runner's APScheduler job)
is given `wall_time_for(clock, moment)`, so a fake clock drives the 72 hours in tests and
benchmarks whatever the real date is.

For tests of whole processes only (tests/test_failover.py): `clock_from_environment` gives
`python -m bot run` a running fake clock when PRIVACYLOKET_FAKE_CLOCK is set (see there). Never set it
in a deployment: the 72-hour clock would then run on a made-up time.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Callable

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def wall_time_for(clock: Clock, moment: datetime) -> datetime:
    """The real time at which `moment` of `clock` will have come: for the real clock, `moment` itself.

    A clock that runs faster than the real one (`RunningFakeClock`) says so with its `speed`."""
    if clock is utc_now:
        return moment
    return utc_now() + (moment - clock()) / getattr(clock, "speed", 1)


class FakeClock:
    """Call it for the time; set `.now` or `advance(hours=...)` to move it. Never sleeps.

    Its default start is a fixed moment, so tests never depend on the real date."""

    def __init__(self, start: datetime | None = None):
        self.now = start or datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs) -> None:
        self.now += timedelta(**kwargs)


class RunningFakeClock:
    """A fake clock that runs by itself, `speed` times as fast as the real one: it reads `start` at the
    real moment `anchor` (default: when it was made). For tests of whole processes only.

    Two processes given the same start, speed and anchor read the same fake time."""

    def __init__(self, start: datetime, speed: float = 1.0, anchor: datetime | None = None):
        if start.tzinfo is None or speed <= 0:
            raise ValueError("a fake clock needs an aware start and a positive speed")
        self.start, self.speed = start.astimezone(timezone.utc), float(speed)
        self.anchor = anchor.astimezone(timezone.utc) if anchor else utc_now()

    def __call__(self) -> datetime:
        return self.start + (utc_now() - self.anchor) * self.speed


FAKE_CLOCK = "PRIVACYLOKET_FAKE_CLOCK"  # the fake time at the anchor, ISO-8601 with offset
FAKE_CLOCK_SPEED = "PRIVACYLOKET_FAKE_CLOCK_SPEED"  # fake seconds per real second (3600: a second is an hour)
FAKE_CLOCK_ANCHOR = "PRIVACYLOKET_FAKE_CLOCK_ANCHOR"  # the real moment the fake clock reads its start (default: now)


def clock_from_environment(env) -> Clock:
    """`utc_now`, unless `env` (the process environment, not .env) sets PRIVACYLOKET_FAKE_CLOCK: then a
    `RunningFakeClock` (TEST ONLY: tests/test_failover.py runs `python -m bot run` on it)."""
    start = env.get(FAKE_CLOCK)
    if not start:
        return utc_now
    anchor = env.get(FAKE_CLOCK_ANCHOR)
    return RunningFakeClock(datetime.fromisoformat(start), float(env.get(FAKE_CLOCK_SPEED) or 1),
                            datetime.fromisoformat(anchor) if anchor else None)
