"""From the filled slots to one moment: which day, which hour, which night (bot.dates)."""
from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta, timezone

from bot.dates.checks import _build
from bot.dates.errors import _Refuse
from bot.dates.formatting import _hour_text, _short, local
from bot.dates.reader import _Reader
from bot.dates.words import DAY_DEFAULT_HOUR, DAY_NAMES, MONTH_NAMES, PART_DEFAULT_HOUR, PART_HOURS, SKEW


def _resolve(r: _Reader, now: datetime) -> tuple[datetime, dict]:
    base = local(now)
    today = base.date()
    info = {"yearless": False, "default": None}
    if r.bare is not None:  # a lone number is an hour only with "om"/"at" or a day around it
        if not (r.marker or r.dates or r.weekday is not None or r.part or r.week is not None):
            raise _Refuse("een los getal is geen datum of tijd")
        r.clock, r.bare = r.bare, None
    if r.year is not None:
        yearless = [k for k, (kind, v, _) in enumerate(r.dates) if kind == "ymd" and v[0] is None]
        if len(yearless) != 1:
            raise _Refuse("bij dat jaartal mis ik de dag en de maand")
        kind, (_, m, d), src = r.dates[yearless[0]]
        r.dates[yearless[0]] = (kind, (r.year, m, d), f"{src} {r.year}")
    has_more = bool(r.dates or r.clock or r.part or r.weekday is not None or r.week is not None or r.ampm)
    if r.now_word is not None:
        if r.ago is not None or r.clock or r.part or r.weekday is not None or any(v != 0 for _, v, _ in r.dates):
            raise _Refuse(f"'{r.now_word}' en de rest spreken elkaar tegen")
        return now.astimezone(timezone.utc), info
    if r.ago is not None:
        if has_more:
            raise _Refuse(f"'{r.ago_src}' en de rest spreken elkaar tegen")
        return now.astimezone(timezone.utc) - r.ago, info
    if not has_more:
        raise _Refuse("")

    # the day, from every source that names one; they must agree
    fixed: list[tuple[date, str]] = []
    for kind, value, src in r.dates:
        if kind == "rel":
            fixed.append((today + timedelta(days=value), src))
        else:
            y, m, d = value
            if y is None:
                y = today.year
                info["yearless"] = True
            if not 1900 <= y <= 2999:
                raise _Refuse(f"het jaar {y} klopt niet")
            if d > calendar.monthrange(y, m)[1]:
                raise _Refuse(f"{d} {MONTH_NAMES[m - 1]} {y} bestaat niet")
            fixed.append((date(y, m, d), src))
    for d, src in fixed[1:]:
        if d != fixed[0][0]:
            raise _Refuse(f"'{fixed[0][1]}' en '{src}' spreken elkaar tegen")
    day = fixed[0][0] if fixed else None

    if r.week is not None and r.weekday is None:
        raise _Refuse("welke dag van die week? Noem de dag")
    wd_fixed = None
    if r.weekday is not None:
        if r.week is not None:
            wd_fixed = today - timedelta(days=today.weekday()) + timedelta(days=7 * r.week + r.weekday)
        elif r.wd_mode == "strict":
            wd_fixed = today - timedelta(days=(today.weekday() - r.weekday) % 7 or 7)
        elif r.wd_mode == "next":
            wd_fixed = today + timedelta(days=(r.weekday - today.weekday()) % 7 or 7)
        if day is not None:
            if day.weekday() != r.weekday or (wd_fixed is not None and wd_fixed != day):
                raise _Refuse(f"{_short(day)} is geen {DAY_NAMES[r.weekday]}" if day.weekday() != r.weekday
                              else f"'{r.wd_src}' en '{fixed[0][1]}' spreken elkaar tegen")
        elif wd_fixed is not None:
            day = wd_fixed

    # the time of day
    hour, minute, second, micro = _time_of_day(r, info)

    if r.clock is not None and r.clock.src in ("middernacht", "midnight") and (fixed or r.weekday is not None) \
            and not (r.part == "nacht" and r.night == "prev"):
        raise _Refuse("bedoel je het begin of het eind van die dag? Typ 00:00 met de datum", kind="ambiguous")

    # nights: which calendar day the hour falls on
    if r.part == "nacht" and r.night == "prev":
        day = today - timedelta(days=1) if hour >= 12 else today
    elif r.part == "nacht" and r.night == "of_day" and hour < 12 and info["default"] is None:
        at = _hour_text(hour, minute)
        if day is None and r.weekday is not None:
            day = today - timedelta(days=(today.weekday() - r.weekday) % 7)
        which = (f": {_short(day)} om {at} of {_short(day + timedelta(days=1))} om {at}?" if day is not None
                 else "?")
        raise _Refuse(f"welke nacht bedoel je met '{r.part_src}'{which} Typ de datum en de tijd", kind="ambiguous")

    if r.offset is not None:  # ISO with an offset: taken as given
        moment = datetime(day.year, day.month, day.day, hour, minute, second, micro, tzinfo=r.offset)
        return moment.astimezone(timezone.utc), info
    if day is None and r.weekday is not None:  # a bare weekday: the most recent one not in the future
        day = today - timedelta(days=(today.weekday() - r.weekday) % 7)
        if _build(day, hour, minute, second, micro) > now + SKEW:
            day -= timedelta(days=7)
    if day is None:
        day = today
    return _build(day, hour, minute, second, micro).astimezone(timezone.utc), info


def _time_of_day(r: _Reader, info: dict) -> tuple[int, int, int, int]:
    c = r.clock
    if c is None:
        hour = PART_DEFAULT_HOUR[r.part] if r.part else DAY_DEFAULT_HOUR
        if r.ampm:
            raise _Refuse(f"bij '{r.ampm}' mis ik het uur")
        info["default"] = _hour_text(hour, 0)
        return hour, 0, 0, 0
    part, src = r.part, c.src
    if r.ampm:
        if c.flexible or c.hour <= 12:
            hour = c.hour % 12 + (12 if r.ampm == "pm" else 0)
        elif r.ampm == "pm":
            hour = c.hour
        else:
            raise _Refuse(f"'{src} am' is geen geldige tijd")
    elif not c.flexible:
        hour = c.hour
    elif part is None:
        if 1 <= c.spoken <= 6:
            am, pm = c.hour % 12, c.hour % 12 + 12
            raise _Refuse(
                f"bedoel je {_hour_text(am, c.minute)} of {_hour_text(pm, c.minute)}? "
                "Typ de tijd met 24 uur of zeg welk dagdeel", kind="ambiguous", hint="'gistermiddag 3 uur' of ")
        hour = c.hour
    elif part == "ochtend":
        hour = c.hour
    elif part == "middag":
        hour = 12 if c.hour == 12 else c.hour + 12
    elif part == "avond":
        if c.hour == 12:
            raise _Refuse(f"'{r.part_src} {src}' is middernacht: typ dan 00:00 met de datum van de dag erna")
        hour = c.hour + 12
    else:  # nacht
        hour = 0 if c.hour == 12 else c.hour + 12 if c.hour in (10, 11) else c.hour
    if part and hour not in PART_HOURS[part]:
        raise _Refuse(f"'{src}' past niet bij '{r.part_src}'")
    return hour, c.minute, c.second, c.micro
