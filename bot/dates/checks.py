"""Checks on a moment: the hour skipped in spring, not in the future, not over five years ago (bot.dates)."""
from __future__ import annotations

from datetime import date, datetime, timezone

from bot.dates.errors import _Refuse
from bot.dates.formatting import _hour_text, _short, local
from bot.dates.words import LOCAL, MAX_YEARS, SKEW


def _five_years_before(d: datetime) -> datetime:
    try:
        return d.replace(year=d.year - MAX_YEARS)
    except ValueError:  # 29 February
        return d.replace(year=d.year - MAX_YEARS, day=28)


def _build(day: date, hour: int, minute: int, second: int = 0, micro: int = 0) -> datetime:
    """A local wall-clock time as an aware datetime; refuse the hour the clocks skip in spring.

    fold=0: a time that happens twice in autumn is the first one (still summer time)."""
    naive = datetime(day.year, day.month, day.day, hour, minute, second, micro)
    aware = naive.replace(tzinfo=LOCAL)
    if aware.astimezone(timezone.utc).astimezone(LOCAL).replace(tzinfo=None) != naive:
        raise _Refuse(
            f"{_hour_text(hour, minute)} bestond niet op {_short(day)}: de klok ging die nacht "
            "van 02:00 naar 03:00 (zomertijd)"
        )
    return aware


def _check(moment: datetime, now: datetime, info: dict) -> None:
    if moment > now + SKEW:
        hint = ""
        if info["yearless"] and local(moment).date() > local(now).date():
            d = local(moment)
            try:
                earlier = d.replace(year=d.year - 1)
                hint = f"'{earlier.day}-{earlier.month}-{earlier.year} {earlier:%H:%M}'"
            except ValueError:  # 29 February
                hint = ""
        elif info["default"]:
            hint = f" Er stond geen tijd bij, dus ik nam {info['default']} aan."
        raise _Refuse(kind="future", moment=moment, hint=hint)
    if moment < _five_years_before(local(now)):
        raise _Refuse(kind="old", moment=moment)
