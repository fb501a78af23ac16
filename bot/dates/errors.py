"""Why a moment cannot be read: the public `DateError` and its Dutch message (bot.dates)."""
from __future__ import annotations

from datetime import datetime, timedelta

from bot.dates.formatting import format_local, local
from bot.dates.words import MAX_CHARS


class DateError(ValueError):
    pass


class _Refuse(Exception):
    """Internal: why the text cannot be read. `kind` picks the message (see _message)."""

    def __init__(self, reason: str = "", kind: str = "parse", moment: datetime | None = None, hint: str = ""):
        super().__init__(reason)
        self.reason, self.kind, self.moment, self.hint = reason, kind, moment, hint


def _shown(text: str) -> str:
    t = " ".join(text[: MAX_CHARS + 1].split())
    return t if len(t) <= 40 else t[:40].rstrip() + "…"


def _examples(now: datetime) -> str:
    y = local(now).date() - timedelta(days=1)
    return f"'gisteren 15:00' of '{y.day}-{y.month}-{y.year} 09:30'"


def _message(exc: _Refuse, text: str, now: datetime) -> str:
    shown, examples = _shown(text), _examples(now)
    if exc.kind == "future":
        if exc.hint.startswith("'"):  # a date without a year: offer the same date last year
            return (f"'{shown}' ligt in de toekomst ({format_local(exc.moment)}). Een datum zonder jaar is "
                    f"dit jaar. Bedoel je vorig jaar? Typ dan het jaar erbij, bijvoorbeeld {exc.hint}.")
        return (f"'{shown}' ligt in de toekomst ({format_local(exc.moment)}).{exc.hint} "
                f"Typ wanneer het al gebeurd of ontdekt is, bijvoorbeeld {examples}.")
    if exc.kind == "old":
        return (f"'{shown}' is meer dan vijf jaar geleden ({format_local(exc.moment)}). Klopt dat? "
                f"Typ de datum opnieuw, bijvoorbeeld {examples}.")
    if exc.kind == "ambiguous":
        return (f"Ik kan '{shown}' niet zeker als datum of tijd lezen: {exc.reason}, "
                f"bijvoorbeeld {exc.hint}{examples}.")
    reason = f": {exc.reason}" if exc.reason else ""
    return f"Ik kan '{shown}' niet als datum of tijd lezen{reason}. Typ bijvoorbeeld {examples}."
