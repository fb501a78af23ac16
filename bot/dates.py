"""Dutch date/time parsing for the intake ("gisteren om 15:00", "vanochtend", "21-11 09:30").

dateparser does the real work; we only normalise a few Dutch day-part words it does not know
and the "14u" / "14 uur" way of writing times. Results are aware datetimes in UTC.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import dateparser

LOCAL = ZoneInfo("Europe/Amsterdam")
NOW_WORDS = {"nu", "net", "zojuist", "nu net", "net nu", "just now", "now", "zonet", "daarnet", "vandaag net"}
DAY_PARTS = {  # word -> (day offset, default hour)
    "vannacht": (0, 3),
    "vanochtend": (0, 9),
    "vanmorgen": (0, 9),
    "vanmiddag": (0, 14),
    "vanavond": (0, 19),
    "gisterochtend": (-1, 9),
    "gistermorgen": (-1, 9),
    "gistermiddag": (-1, 14),
    "gisteravond": (-1, 20),
    "gisternacht": (-1, 23),
}


class DateError(ValueError):
    pass


def local(dt: datetime) -> datetime:
    return dt.astimezone(LOCAL)


def format_local(dt: datetime) -> str:
    """E.g. 'donderdag 26 november 2026 om 09:30' in Dutch local time."""
    days = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
              "september", "oktober", "november", "december"]
    d = local(dt)
    return f"{days[d.weekday()]} {d.day} {months[d.month - 1]} {d.year} om {d:%H:%M}"


def _normalise(text: str) -> str:
    t = text.lower().strip().rstrip(".!")
    t = re.sub(r"\b(\d{1,2})\s*(?:u|uur)\b(?!\s*geleden)", r"\1:00", t)  # 14u, 14 uur
    t = re.sub(r"\b(\d{1,2})[.u](\d{2})\b", r"\1:\2", t)  # 14.30, 14u30
    t = re.sub(r"\b(?:rond|ongeveer|om|omstreeks|rond de|tegen)\b", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def parse_moment(text: str, now: datetime) -> datetime:
    """Parse a Dutch (or English) moment relative to `now` (aware). Raises DateError in Dutch."""
    t = _normalise(text)
    if not t:
        raise DateError("Ik zie geen datum of tijd.")
    if re.fullmatch(r"\d+", t):
        raise DateError(f"'{text[:20]}' is geen datum of tijd. Typ bijvoorbeeld 'vanochtend 10:00' of '21-11 09:30'.")
    if t in NOW_WORDS:
        return now.astimezone(timezone.utc)
    base = local(now)
    for word, (offset, hour) in DAY_PARTS.items():
        if t.startswith(word):
            rest = t[len(word):].strip()
            day = (base + timedelta(days=offset)).date()
            moment = datetime(day.year, day.month, day.day, hour, 0, tzinfo=LOCAL)
            if rest:
                m = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?", rest)
                if not m:
                    raise DateError(f"Ik begrijp '{text}' niet helemaal.")
                moment = moment.replace(hour=int(m.group(1)), minute=int(m.group(2) or 0))
            moment = min(moment, base)  # "vanavond" said at 18:00 means "just now", not the future
            return _checked(moment, now, text)
    parsed = dateparser.parse(
        t,
        languages=["nl", "en"],
        settings={
            "PREFER_DATES_FROM": "past",
            "DATE_ORDER": "DMY",
            "RELATIVE_BASE": base.replace(tzinfo=None),
            "TIMEZONE": "Europe/Amsterdam",
            "RETURN_AS_TIMEZONE_AWARE": True,
        },
    )
    if parsed is None:
        raise DateError(
            f"Ik kan '{text[:60]}' niet als datum of tijd lezen. Probeer bijvoorbeeld "
            "'gisteren om 15:00', 'vanochtend', '21-11 09:30' of 'nu'."
        )
    return _checked(parsed, now, text)


def _checked(moment: datetime, now: datetime, text: str) -> datetime:
    moment = moment.astimezone(timezone.utc)
    if moment > now.astimezone(timezone.utc) + timedelta(minutes=1):
        raise DateError(
            f"'{text[:60]}' ligt in de toekomst ({format_local(moment)}). "
            "Geef aan wanneer het al gebeurd of ontdekt is, bijvoorbeeld 'vanochtend 10:00'."
        )
    if moment < now.astimezone(timezone.utc) - timedelta(days=366 * 5):
        raise DateError(f"'{text[:60]}' is meer dan vijf jaar geleden. Klopt dat? Typ de datum opnieuw, bijvoorbeeld 21-11-2026 09:30.")
    return moment
