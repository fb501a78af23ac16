"""Showing a moment in Dutch local time (bot.dates)."""
from __future__ import annotations

from datetime import date, datetime

from bot.dates.words import DAY_NAMES, LOCAL, MONTH_NAMES


def local(dt: datetime) -> datetime:
    return dt.astimezone(LOCAL)


def format_local(dt: datetime) -> str:
    """E.g. 'donderdag 26 november 2026 om 09:30' in Dutch local time."""
    d = local(dt)
    return f"{DAY_NAMES[d.weekday()]} {d.day} {MONTH_NAMES[d.month - 1]} {d.year} om {d:%H:%M}"


def _short(d: date) -> str:
    return f"{DAY_NAMES[d.weekday()]} {d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def _hour_text(h: int, m: int) -> str:
    return f"{h:02d}:{m:02d}"
