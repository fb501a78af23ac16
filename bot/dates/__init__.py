"""Reading the moments Dutch staff type ("gistermiddag 3 uur", "half 10 gisteren", "21-11 09:30").

The breach intake asks "Wanneer is het ontdekt?" and the answer starts the 72 hours of the GDPR,
so this module never guesses: what it cannot read for sure it refuses with a `DateError` whose
Dutch message repeats what was typed and gives an example that does work.

`parse_moment(text, now)` reads against the injected `now` (aware; naive counts as UTC), in
Europe/Amsterdam local time, and returns an aware UTC datetime. It is a small hand-written
tokenizer and grammar (linear time, bounded regexes, no dateparser), so the rules are explicit:

* Refused, never adjusted: a moment more than 1 minute after `now`; more than five years ago;
  a date without a year that would be in the future (a date without a year is this year, never
  last year); impossible dates and times ("31-04", "25:00"); things that contradict each other
  ("vanochtend 15:00", "maandag 21-11-2026" when that is a Saturday); words it does not know.
* Hours on the 12-hour clock ("3 uur", "half 4", "kwart over 3", "3:15", "om 3"):
  with a day part the day part decides: ochtend as said (1-12), middag 12-18 ("3 uur" -> 15:00),
  avond 17-23 ("9 uur" -> 21:00), nacht 22-06 ("2 uur" -> 02:00, "11 uur" -> 23:00, "12 uur" ->
  00:00); "am"/"pm" likewise. Without a day part an hour 7-12 is read as written (morning/noon,
  "om 9 uur" -> 09:00, "half 7" -> 06:30) and an hour 1-6 is refused as ambiguous ("03:00 of
  15:00?"). A zero-padded ("03:15") or 13-23/0 hour is a 24-hour time and read as written.
* Dutch clock talk: "half 10" = 09:30, "kwart over 3" = 3:15, "kwart voor 9" = 8:45,
  "tien over half 4" = 3:40, "vijf voor half 3" = 2:25; English "half past 3" = 3:30.
* Default times when only a day or a day part is given: ochtend 09:00, middag 14:00, avond 19:00,
  nacht 23:00 on the evening the night starts; a day without a day part 09:00. A default that
  lies in the future is refused like any other future moment (never clamped to now).
* Nights: "vannacht" / "afgelopen nacht" / "last night" is the night that ended this morning
  (00:00-11:59 today, 12:00-23:59 yesterday). "gisternacht" / "maandagnacht" is the night that
  starts on that day: 22:00/23:00 fall on that day, but an early hour ("gisternacht 3 uur") could
  be either night and is refused. "'s nachts" with a date just means the hour is at night.
* Weekdays: a bare weekday is the most recent such day that is not in the future (today if the
  moment on that day is not in the future, else a week earlier); "afgelopen/vorige maandag",
  "maandag jl." and "last Monday" are the most recent Monday before today; "vorige week dinsdag"
  and "dinsdag vorige week" the Tuesday of the previous Monday-Sunday week.
* "N dagen/weken geleden" is that calendar day (09:00 unless a time is given); "N uur/minuten
  geleden" is exactly now minus that. Vague amounts ("een paar minuten") are refused.
* Dates are day-month-year ("21-11", "21/11/2026", "21-11-26", "21.11.2026", "21 nov",
  "november 21"), never month-first; "21.11" and "14.30" are times. ISO 8601 is read as well; an
  ISO offset ("Z", "+01:00") is used as given, otherwise local time.
* Daylight saving time: a local time that does not exist (02:00-02:59 on the last Sunday of
  March) is refused; a local time that happens twice (02:00-02:59 on the last Sunday of October)
  is the first one, still summer time (+02:00).

The package: `words` (vocabulary and limits), `tokens` (normalising and tokenizing), `reader` and
`spoken` (the grammar that fills the slots), `rules` (from the slots to one moment), `checks`
(daylight saving time, future, five years), `errors` (the Dutch messages) and `formatting`.
"""
from __future__ import annotations

from datetime import datetime, timezone

from bot.dates.checks import _check
from bot.dates.errors import DateError, _message, _Refuse
from bot.dates.formatting import format_local, local
from bot.dates.reader import _Reader
from bot.dates.rules import _resolve
from bot.dates.tokens import _normalise, _tokens
from bot.dates.words import DAY_NAMES, LOCAL, MAX_CHARS, MAX_YEARS, MONTH_NAMES, SKEW

__all__ = ["DAY_NAMES", "LOCAL", "MAX_CHARS", "MAX_YEARS", "MONTH_NAMES", "SKEW", "DateError", "format_local",
           "local", "parse_moment"]


def parse_moment(text: str, now: datetime) -> datetime:
    """Parse a Dutch (or English) moment relative to `now` (aware). Raises DateError in Dutch."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    try:
        if not text or not text.strip():
            raise _Refuse("ik zie geen datum of tijd")
        if len(" ".join(text.split())) > MAX_CHARS:
            raise _Refuse("dat is te lang voor een datum of tijd")
        reader = _Reader(_tokens(_normalise(text)))
        reader.read()
        moment, info = _resolve(reader, now)
        _check(moment, now, info)
        return moment
    except _Refuse as exc:
        raise DateError(_message(exc, text, now)) from None
