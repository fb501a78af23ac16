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
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Europe/Amsterdam")
SKEW = timedelta(minutes=1)
MAX_YEARS = 5
MAX_CHARS = 200  # a moment is short; longer input is refused before it is tokenized

DAY_NAMES = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MONTH_NAMES = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
               "september", "oktober", "november", "december"]


class DateError(ValueError):
    pass


def local(dt: datetime) -> datetime:
    return dt.astimezone(LOCAL)


def format_local(dt: datetime) -> str:
    """E.g. 'donderdag 26 november 2026 om 09:30' in Dutch local time."""
    d = local(dt)
    return f"{DAY_NAMES[d.weekday()]} {d.day} {MONTH_NAMES[d.month - 1]} {d.year} om {d:%H:%M}"


# --- vocabulary ------------------------------------------------------------------------------

WEEKDAYS = {name: i for i, name in enumerate(DAY_NAMES)} | {
    name: i for i, name in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
}
MONTHS = {
    name: i
    for i, names in enumerate(
        [("januari", "jan", "january"), ("februari", "feb", "february"), ("maart", "mrt", "mar", "march"),
         ("april", "apr"), ("mei", "may"), ("juni", "jun", "june"), ("juli", "jul", "july"),
         ("augustus", "aug", "august"), ("september", "sep", "sept"), ("oktober", "okt", "oct", "october"),
         ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
RELATIVE_DAYS = {"vandaag": 0, "today": 0, "gisteren": -1, "gister": -1, "yesterday": -1,
                 "eergisteren": -2, "eergister": -2, "tomorrow": 1, "overmorgen": 2}  # "morgen": see _word
PARTS = {"ochtend": "ochtend", "voormiddag": "ochtend", "morning": "ochtend", "middag": "middag",
         "namiddag": "middag", "afternoon": "middag", "avond": "avond", "evening": "avond",
         "nacht": "nacht", "night": "nacht"}
ADVERB_PARTS = {"ochtends": "ochtend", "morgens": "ochtend", "middags": "middag", "avonds": "avond", "nachts": "nacht"}
ADVERB_PARTS |= {"s" + word: part for word, part in ADVERB_PARTS.items()}  # "smiddags" without the apostrophe
PART_DEFAULT_HOUR = {"ochtend": 9, "middag": 14, "avond": 19, "nacht": 23}
DAY_DEFAULT_HOUR = 9
PART_HOURS = {  # which 24-hour hours a day part allows
    "ochtend": set(range(0, 13)), "middag": set(range(12, 19)), "avond": set(range(17, 24)),
    "nacht": {22, 23, 0, 1, 2, 3, 4, 5, 6},
}
NOW_WORDS = {"nu", "net", "zojuist", "zonet", "daarnet", "daarjuist", "zopas", "now", "just"}
LAST_WORDS = {"vorige", "afgelopen", "last", "previous"}
NEXT_WORDS = {"volgende", "komende", "aanstaande", "as", "next", "coming"}
SINCE_WORDS = {"jl", "jongstleden", "laatstleden", "ll"}  # "maandag jl."
AGO_WORDS = {"geleden", "terug", "ago"}
TIME_SUFFIX = {"uur", "u", "h", "oclock", "hr", "hrs"}
MARKERS = {"om", "rond", "rondom", "omstreeks", "tegen", "ongeveer", "circa", "ca", "at", "around", "about"}
FILLERS = MARKERS | {
    "zon", "op", "de", "het", "in", "s", "the", "on", "approximately", "approx", "ruim", "bijna", "al", "pas",
    "ik", "heb", "hebben", "we", "wij", "was", "is", "ontdekt", "gebeurd", "gemerkt", "gezien",
    "i", "it", "found", "discovered", "noticed", "happened",
}
NUMBER_WORDS = {
    "een": 1, "eentje": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
    "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
    "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19, "twintig": 20, "vijfentwintig": 25,
    "dertig": 30, "veertig": 40, "vijfenveertig": 45, "vijftig": 50, "zestig": 60,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60,
}
ARTICLES = {"een": 1, "a": 1, "an": 1, "one": 1, "eentje": 1}
VAGUE = {"paar", "enkele", "aantal", "few", "couple", "several", "some"}
UNITS = {  # word -> (kind, size): s seconds, m minutes, h hours, d days
    **dict.fromkeys(["seconde", "seconden", "sec", "secs", "second", "seconds"], ("s", 1)),
    **dict.fromkeys(["minuut", "minuten", "minuutje", "minuutjes", "min", "mins", "minute", "minutes"], ("m", 1)),
    **dict.fromkeys(["kwartier", "kwartiertje"], ("m", 15)),
    **dict.fromkeys(["uur", "uren", "uurtje", "uurtjes", "u", "h", "hour", "hours", "hr", "hrs"], ("h", 1)),
    **dict.fromkeys(["dag", "dagen", "dagje", "dagjes", "day", "days"], ("d", 1)),
    **dict.fromkeys(["week", "weken", "weekje", "weeks"], ("d", 7)),
}
ORDINAL_SUFFIX = {"e", "ste", "de", "st", "nd", "rd", "th"}

_TOKEN = re.compile(
    r"""
    (?P<iso>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}
        (?:t[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]{1,6})?)?(?:z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?)(?![0-9:/-])
    |(?P<ymd>[0-9]{4}/[0-9]{1,2}/[0-9]{1,2})(?![0-9/])
    |(?P<dmy>[0-9]{1,2}[-/][0-9]{1,2}(?:[-/](?:[0-9]{4}|[0-9]{2}))?|[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4})(?![-/.]?[0-9])
    |(?P<hm>[0-9]{1,2}(?:[:.][0-9]{2}(?:[:.][0-9]{2})?|[uh][0-9]{2}))(?![0-9])
    |(?P<dec>[0-9]{1,3}[.,][0-9])(?![0-9])
    |(?P<num>[0-9]{1,6})(?P<suffix>[a-z]*)
    |(?P<word>'s(?![a-z])|[a-z]+)
    |(?P<skip>[\s,;:!?"'()\[\]./-]+)
    |(?P<other>.)
    """,
    re.VERBOSE | re.ASCII | re.DOTALL,
)
_PHRASES = {
    "the day before yesterday": " eergisteren ", "zo net": " zonet ", "zo juist": " zojuist ",
    "daar net": " daarnet ", "daar juist": " daarjuist ", "right now": " nu ", "o'clock": " oclock ",
    "a.m.": " am ", "p.m.": " pm ", "a.m": " am ", "p.m": " pm ", "zo'n": " zon ", "a.s.": " as ",
}
_PHRASE = re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(p) for p in _PHRASES) + r")(?![a-z])")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "`": "'", "\u00b4": "'",
                         "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})
_COMPOUND = re.compile(
    r"(van|gisteren|gister|eergisteren|eergister|vandaag|morgen|overmorgen|"
    + "|".join(DAY_NAMES) + r")(ochtend|voormiddag|morgen|middag|namiddag|avond|nacht)"
)


@dataclass
class _Tok:
    kind: str
    raw: str
    val: int = 0
    ordinal: bool = False
    origin: str = ""  # the word as typed when a compound was split ("gisterochtend")


@dataclass
class _Clock:
    hour: int  # 24-hour hour, or for a flexible clock the 12-hour hour (1-12) after "half"/"kwart" arithmetic
    minute: int = 0
    second: int = 0
    micro: int = 0
    flexible: bool = False  # a 12-hour reading: the day part (or am/pm) decides morning or afternoon
    spoken: int = 0  # the hour as said ("half 4" -> 4): 1-6 without a day part is ambiguous
    src: str = ""


class _Refuse(Exception):
    """Internal: why the text cannot be read. `kind` picks the message (see _message)."""

    def __init__(self, reason: str = "", kind: str = "parse", moment: datetime | None = None, hint: str = ""):
        super().__init__(reason)
        self.reason, self.kind, self.moment, self.hint = reason, kind, moment, hint


def _normalise(text: str) -> str:
    t = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    t = "".join(c for c in t if not unicodedata.combining(c)).casefold()
    t = " ".join(t.split())
    return _PHRASE.sub(lambda m: _PHRASES[m.group(0)], t)


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "skip":
            continue
        if kind == "suffix":  # lastgroup is the last group that matched: the suffix of a number
            kind = "num"
        raw = m.group(kind)
        if kind == "num":
            digits, suffix = m.group("num"), m.group("suffix")
            out.append(_Tok("num", digits, int(digits), suffix in ORDINAL_SUFFIX))
            if suffix and suffix not in ORDINAL_SUFFIX:
                out.extend(_split_word(suffix))
        elif kind == "word":
            out.extend(_split_word(raw))
        else:
            out.append(_Tok(kind, raw))
    return out


def _split_word(word: str) -> list[_Tok]:
    known = (word in WEEKDAYS or word in RELATIVE_DAYS or word in PARTS or word in ADVERB_PARTS
             or word in NUMBER_WORDS or word in UNITS or word in FILLERS or word == "morgen")
    m = None if known else _COMPOUND.fullmatch(word)
    if m:  # gisterochtend, maandagmiddag, vanavond, morgenochtend
        return [_Tok("word", m.group(1), origin=word), _Tok("word", m.group(2), origin=word)]
    return [_Tok("word", word)]


def _hour_text(h: int, m: int) -> str:
    return f"{h:02d}:{m:02d}"


class _Reader:
    """One pass over the tokens, filling slots; every slot can be set once (or again to the same value)."""

    def __init__(self, toks: list[_Tok]):
        self.toks = toks
        self.now_word: str | None = None
        self.ago: timedelta | None = None
        self.ago_src = ""
        self.dates: list[tuple[str, object, str]] = []  # ("rel", offset, src) | ("ymd", (y, m, d), src)
        self.year: int | None = None
        self.weekday: int | None = None
        self.wd_src = ""
        self.wd_mode = "bare"  # bare | strict (before today) | next (after today)
        self.week: int | None = None  # week offset: -1 vorige week, 0 deze week, +1 volgende week
        self.part: str | None = None
        self.part_src = ""
        self.night = "clock"  # prev: the night that ended this morning | of_day: the night after that day
        self.clock: _Clock | None = None
        self.ampm: str | None = None
        self.bare: _Clock | None = None  # a lone number: an hour only with "om"/"at" or a day around it
        self.marker = False
        self.offset: timezone | None = None
        self.last = ""  # kind of the last thing read: day | clock | date

    # token helpers
    def w(self, k: int) -> str | None:
        return self.toks[k].raw if k < len(self.toks) and self.toks[k].kind == "word" else None

    def num(self, k: int) -> int | None:
        t = self.toks[k] if k < len(self.toks) else None
        return t.val if t is not None and t.kind == "num" and not t.ordinal else None

    def src(self, i: int, j: int) -> str:
        words: list[str] = []
        for t in self.toks[max(i, 0):j]:
            word = t.origin or t.raw
            if not (t.origin and words and words[-1] == word):
                words.append(word)
        return " ".join(words)

    # slots
    def set_clock(self, clock: _Clock) -> None:
        if self.clock is not None or self.bare is not None:
            other = (self.clock or self.bare).src
            raise _Refuse(f"er staan twee tijden in ('{other}' en '{clock.src}')")
        self.clock = clock
        self.last = "clock"

    def set_part(self, part: str, src: str, night: str) -> None:
        if self.part is not None and self.part != part:
            raise _Refuse(f"'{self.part_src}' en '{src}' spreken elkaar tegen")
        if self.part is None or night != "clock":
            self.night = night
        self.part, self.part_src = part, src

    def add_date(self, kind: str, value, src: str) -> None:
        self.dates.append((kind, value, src))
        self.last = "day" if kind == "rel" else "date"

    def set_weekday(self, wd: int, src: str, mode: str = "bare") -> None:
        if self.weekday is not None and self.weekday != wd:
            raise _Refuse(f"'{self.wd_src}' en '{src}' spreken elkaar tegen")
        self.weekday, self.wd_src = wd, src
        if mode != "bare":
            self.wd_mode = mode
        self.last = "day"

    def set_week(self, offset: int, src: str) -> None:
        if self.week is not None and self.week != offset:
            raise _Refuse(f"er staan twee weken in ('{src}')")
        self.week = offset

    # the pass
    def read(self) -> None:
        i = 0
        while i < len(self.toks):
            i = self.step(i)

    def step(self, i: int) -> int:
        t = self.toks[i]
        j = self.duration(i)
        if j is None:
            j = self.spoken(i)
        if j is not None:
            return j
        if t.kind == "iso":
            return self.iso(i)
        if t.kind in ("ymd", "dmy"):
            pieces = re.split(r"[-/.]", t.raw)
            if t.kind == "ymd":
                y, m, d = (int(p) for p in pieces)
            else:
                d, m = int(pieces[0]), int(pieces[1])
                y = None if len(pieces) == 2 else int(pieces[2]) + (2000 if len(pieces[2]) == 2 else 0)
            self.check_day_month(d, m)
            self.add_date("ymd", (y, m, d), t.raw)
            return i + 1
        if t.kind == "hm":
            self.set_clock(self.digital(t.raw))
            return i + 1
        if t.kind == "num":
            return self.number(i)
        if t.kind == "word":
            return self.word(i)
        if t.kind == "dec":
            raise _Refuse(f"'{t.raw}' lees ik niet als tijd; typ een tijd als 14:30")
        raise _Refuse(f"het teken '{t.raw}' hoort niet in een datum of tijd")

    @staticmethod
    def check_day_month(d: int, m: int) -> None:
        if not 1 <= m <= 12:
            raise _Refuse(f"maand {m} bestaat niet")
        if not 1 <= d <= 31:
            raise _Refuse(f"dag {d} bestaat niet")

    def iso(self, i: int) -> int:
        raw = self.toks[i].raw
        m = re.fullmatch(
            r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:t([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,6}))?)?"
            r"(z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?",
            raw,
        )
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        self.check_day_month(d, mo)
        self.add_date("ymd", (y, mo, d), raw)
        if m.group(4) is not None:
            h, mi, s = int(m.group(4)), int(m.group(5)), int(m.group(6) or 0)
            self.check_time(h, mi, s, raw)
            micro = int((m.group(7) or "0").ljust(6, "0"))
            self.set_clock(_Clock(h, mi, s, micro, src=raw))
            tz = m.group(8)
            if tz:
                if tz == "z":
                    self.offset = timezone.utc
                else:
                    sign = -1 if tz[0] == "-" else 1
                    digits = tz[1:].replace(":", "")
                    oh, om = int(digits[:2]), int(digits[2:] or 0)
                    if oh > 14 or om > 59:
                        raise _Refuse(f"'{tz}' is geen tijdzone")
                    self.offset = timezone(sign * timedelta(hours=oh, minutes=om))
        return i + 1

    @staticmethod
    def check_time(h: int, m: int, s: int, raw: str) -> None:
        if h == 24 and m == 0 and s == 0:
            raise _Refuse(f"'{raw}' bestaat niet; middernacht is 00:00 van de volgende dag")
        if h > 23 or m > 59 or s > 59:
            raise _Refuse(f"'{raw}' is geen geldige tijd")

    def digital(self, raw: str) -> _Clock:
        parts = [int(p) for p in re.split(r"[:.uh]", raw)]
        h, m, s = (parts + [0])[:3]
        self.check_time(h, m, s, raw)
        flexible = 1 <= h <= 12 and not raw.startswith("0")
        return _Clock(h, m, s, flexible=flexible, spoken=h, src=raw)

    def hour_clock(self, t: _Tok, src: str) -> _Clock:
        """An hour on its own: "14 uur", "9u", "om 9", "negen uur"."""
        h = t.val if t.kind == "num" else NUMBER_WORDS[t.raw]
        self.check_time(h, 0, 0, src)
        flexible = 1 <= h <= 12 and not (t.kind == "num" and t.raw.startswith("0"))
        return _Clock(h, flexible=flexible, spoken=h, src=src)

    def number(self, i: int) -> int:
        t = self.toks[i]
        k = i + 1
        if self.w(k) in ("of", "van") and self.w(k + 1) in MONTHS:  # "21st of November"
            k += 1
        if self.w(k) in MONTHS:  # 21 november [2026]
            month = MONTHS[self.w(k)]
            self.check_day_month(t.val, month)
            k += 1
            year = None
            if self.num(k) is not None and len(self.toks[k].raw) == 4:
                year = self.toks[k].val
                k += 1
            self.add_date("ymd", (year, month, t.val), self.src(i, k))
            return k
        if t.ordinal:
            raise _Refuse(f"bij '{t.raw}e' mis ik de maand")
        nxt = self.w(i + 1)
        if nxt in TIME_SUFFIX:  # 14 uur, 9u, 3 o'clock
            self.set_clock(self.hour_clock(t, self.src(i, i + 2)))
            return i + 2
        if nxt in ("am", "pm"):
            if not 1 <= t.val <= 12:
                raise _Refuse(f"'{self.src(i, i + 2)}' is geen geldige tijd")
            self.set_clock(_Clock(t.val, flexible=True, spoken=t.val, src=self.src(i, i + 2)))
            self.ampm = nxt
            return i + 2
        if len(t.raw) == 4:
            if self.year is not None:
                raise _Refuse("er staan twee jaartallen in")
            self.year = t.val
            return i + 1
        if len(t.raw) <= 2 and t.val <= 24:
            self.set_bare(self.hour_clock(t, t.raw))
            return i + 1
        raise _Refuse(f"'{t.raw}' lees ik niet als dag, uur of jaar")

    def set_bare(self, clock: _Clock) -> None:
        if self.clock is not None or self.bare is not None:
            other = (self.clock or self.bare).src
            raise _Refuse(f"er staan twee tijden in ('{other}' en '{clock.src}')")
        self.bare = clock
        self.last = "clock"

    # "2 uur geleden", "een half uurtje geleden", "1 uur en 20 minuten geleden", "an hour and a half ago"
    def quantity(self, k: int) -> tuple[float | str | None, int]:
        t = self.toks[k] if k < len(self.toks) else None
        if t is None:
            return None, k
        if t.kind == "num" and not t.ordinal:
            return t.val, k + 1
        if t.kind == "dec":
            return float(t.raw.replace(",", ".")), k + 1
        w = self.w(k)
        if w in ARTICLES:
            if self.w(k + 1) == "half":
                return 0.5, k + 2
            if self.w(k + 1) in VAGUE:
                return "vague", k + 3 if self.w(k + 2) == "of" else k + 2
            return 1, k + 1
        if w == "half":
            return 0.5, k + 2 if self.w(k + 1) in ARTICLES else k + 1
        if w in ("anderhalf", "anderhalve"):
            return 1.5, k + 1
        if w in VAGUE:
            return "vague", k + 2 if self.w(k + 1) == "of" else k + 1
        if w in NUMBER_WORDS:
            return NUMBER_WORDS[w], k + 1
        return None, k

    def duration(self, i: int) -> int | None:
        amounts: list[list] = []
        k = i
        while True:
            q, k = self.quantity(k)
            if q is None or self.w(k) not in UNITS:
                return None
            amounts.append([q, UNITS[self.w(k)]])
            k += 1
            if self.w(k) in ("en", "and") and self.w(k + 1) in ("een", "a") and self.w(k + 2) == "half":
                if q != "vague":
                    amounts[-1][0] = q + 0.5
                k += 3
            if self.w(k) in ("en", "and") and self.quantity(k + 1)[0] is not None:
                k += 1
                continue
            break
        if self.w(k) not in AGO_WORDS:
            return None
        src = self.src(i, k + 1)
        if any(q == "vague" for q, _ in amounts):
            raise _Refuse(f"'{src}' is te vaag; noem een getal")
        if all(unit == "d" and float(q).is_integer() for q, (unit, _) in amounts):
            days = sum(int(q) * size for q, (_, size) in amounts)
            if days > 366 * (MAX_YEARS + 1):
                raise _Refuse("dat is meer dan vijf jaar geleden")
            self.add_date("rel", -days, src)
            return k + 1
        seconds = sum(q * size * {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit] for q, (unit, size) in amounts)
        if seconds > 86400 * 366 * (MAX_YEARS + 1):
            raise _Refuse("dat is meer dan vijf jaar geleden")
        if self.ago is not None:
            raise _Refuse(f"er staan twee tijdsduren in ('{self.ago_src}' en '{src}')")
        self.ago, self.ago_src = timedelta(seconds=seconds), src
        return k + 1

    # "half 10", "kwart voor negen", "tien over half 4", "quarter past 3", "half past 3"
    def hour_at(self, k: int) -> int | None:
        t = self.toks[k] if k < len(self.toks) else None
        if t is None:
            return None
        if t.kind == "num" and not t.ordinal and len(t.raw) <= 2 and 1 <= t.val <= 23:
            return t.val
        if t.kind == "word" and 1 <= NUMBER_WORDS.get(t.raw, 0) <= 12:
            return NUMBER_WORDS[t.raw]
        return None

    def minute_at(self, k: int) -> int | None:
        t = self.toks[k] if k < len(self.toks) else None
        if t is None:
            return None
        if t.kind == "word" and t.raw in ("kwart", "quarter"):
            return 15
        if t.kind == "word" and t.raw not in ARTICLES and 1 <= NUMBER_WORDS.get(t.raw, 0) <= 29:
            return NUMBER_WORDS[t.raw]
        if t.kind == "num" and not t.ordinal and 1 <= t.val <= 29:
            return t.val
        return None

    def spoken(self, i: int) -> int | None:
        k = i
        if self.w(k) in ("a", "een") and self.w(k + 1) in ("quarter", "kwart"):
            k += 1
        if self.w(k) == "half":
            if self.w(k + 1) == "past":
                hour = self.hour_at(k + 2)
                return None if hour is None else self.spoken_clock(hour, hour, 30, i, k + 3)
            hour = self.hour_at(k + 1)
            return None if hour is None else self.spoken_clock(hour, hour - 1, 30, i, k + 2)
        minutes = self.minute_at(k)
        rel = self.w(k + 1)
        if minutes is None or rel not in ("over", "voor", "past", "to"):
            return None
        if rel in ("over", "voor") and self.w(k + 2) == "half":
            hour = self.hour_at(k + 3)
            if hour is None:
                return None
            minute = 30 + minutes if rel == "over" else 30 - minutes
            if not 0 < minute < 60:
                raise _Refuse(f"'{self.src(i, k + 4)}' is geen geldige tijd")
            return self.spoken_clock(hour, hour - 1, minute, i, k + 4)
        hour = self.hour_at(k + 2)
        if hour is None:
            return None
        if rel in ("over", "past"):
            return self.spoken_clock(hour, hour, minutes, i, k + 3)
        return self.spoken_clock(hour, hour - 1, 60 - minutes, i, k + 3)

    def spoken_clock(self, spoken: int, hour: int, minute: int, i: int, j: int) -> int:
        flexible = spoken <= 12
        if flexible and hour == 0:
            hour = 12
        self.set_clock(_Clock(hour, minute, flexible=flexible, spoken=spoken, src=self.src(i, j)))
        return j

    def word(self, i: int) -> int:
        w = self.toks[i].raw
        nxt = self.w(i + 1)
        if w in NOW_WORDS:
            self.now_word = w
            return i + 1
        if w in TIME_SUFFIX and self.last == "clock":
            return i + 1
        if w in FILLERS:
            self.marker = self.marker or w in MARKERS
            return i + 1
        if w == "'s":
            return i + 1
        if w == "morgen":  # "gisteren morgen", "in de morgen" = the morning; otherwise tomorrow
            if self.last == "day" or (i > 0 and self.toks[i - 1].raw in ("de", "'s")):
                self.set_part("ochtend", self.src(i, i + 1), "of_day" if self.last == "day" else "clock")
            else:
                self.add_date("rel", 1, self.src(i, i + 1))
            return i + 1
        if w in RELATIVE_DAYS:
            self.add_date("rel", RELATIVE_DAYS[w], self.src(i, i + 1))
            return i + 1
        if w in ("van", "this", "deze"):
            if nxt in PARTS or nxt == "morgen":
                part = PARTS.get(nxt, "ochtend")
                self.add_date("rel", 0, self.src(i, i + 2))
                self.set_part(part, self.src(i, i + 2), "prev" if part == "nacht" else "of_day")
                return i + 2
            if w != "van" and nxt == "week":
                self.set_week(0, self.src(i, i + 2))
                return i + 2
            if w != "van" and nxt in WEEKDAYS:
                self.set_week(0, self.src(i, i + 2))
                self.set_weekday(WEEKDAYS[nxt], self.src(i, i + 2))
                return i + 2
        if w == "tonight":
            self.add_date("rel", 0, w)
            self.set_part("avond", w, "of_day")
            return i + 1
        if w in LAST_WORDS:
            if nxt == "week":
                if w == "afgelopen":
                    raise _Refuse("'afgelopen week' kan de laatste zeven dagen of de vorige week zijn; noem de dag")
                self.set_week(-1, self.src(i, i + 2))
                return i + 2
            if nxt in WEEKDAYS:
                self.set_weekday(WEEKDAYS[nxt], self.src(i, i + 2), "strict")
                return i + 2
            if nxt in ("nacht", "night"):
                self.add_date("rel", 0, self.src(i, i + 2))
                self.set_part("nacht", self.src(i, i + 2), "prev")
                return i + 2
        if w in NEXT_WORDS:
            if nxt == "week":
                self.set_week(1, self.src(i, i + 2))
                return i + 2
            if nxt in WEEKDAYS:
                self.set_weekday(WEEKDAYS[nxt], self.src(i, i + 2), "next")
                return i + 2
        if w in LAST_WORDS or w in NEXT_WORDS:
            raise _Refuse(f"'{self.src(i, i + 2)}' ken ik niet")
        if w in SINCE_WORDS:
            if self.last == "day" and self.weekday is not None:
                self.wd_mode = "strict"
            return i + 1
        if w in WEEKDAYS:
            self.set_weekday(WEEKDAYS[w], self.src(i, i + 1))
            return i + 1
        if w in PARTS:
            self.set_part(PARTS[w], self.src(i, i + 1), "of_day" if self.last == "day" else "clock")
            return i + 1
        if w in ADVERB_PARTS:
            self.set_part(ADVERB_PARTS[w], w, "clock")
            return i + 1
        if w in ("middernacht", "midnight"):
            self.set_clock(_Clock(0, src=w))
            return i + 1
        if w in ("noon", "middaguur"):
            self.set_clock(_Clock(12, src=w))
            return i + 1
        if w in ("am", "pm") and self.clock is not None and self.last == "clock":
            if not 1 <= self.clock.hour <= 12 and not (w == "pm" and self.clock.hour > 12):
                raise _Refuse(f"'{self.clock.src} {w}' is geen geldige tijd")
            self.ampm = w
            return i + 1
        if w in MONTHS:  # November 21[,] [2026]
            day = self.toks[i + 1] if i + 1 < len(self.toks) else None
            if day is not None and day.kind == "num" and len(day.raw) <= 2:
                self.check_day_month(day.val, MONTHS[w])
                k = i + 2
                year = None
                if self.num(k) is not None and len(self.toks[k].raw) == 4:
                    year, k = self.toks[k].val, k + 1
                self.add_date("ymd", (year, MONTHS[w], day.val), self.src(i, k))
                return k
            raise _Refuse(f"bij '{w}' mis ik de dag")
        if w in NUMBER_WORDS and nxt in MONTHS:  # "twaalf november"
            self.check_day_month(NUMBER_WORDS[w], MONTHS[nxt])
            self.add_date("ymd", (None, MONTHS[nxt], NUMBER_WORDS[w]), self.src(i, i + 2))
            return i + 2
        if w in NUMBER_WORDS and NUMBER_WORDS[w] <= 24:
            if nxt in TIME_SUFFIX:  # "negen uur"
                self.set_clock(self.hour_clock(self.toks[i], self.src(i, i + 2)))
                return i + 2
            self.set_bare(self.hour_clock(self.toks[i], w))
            return i + 1
        if w in AGO_WORDS:
            raise _Refuse(f"hoe lang '{w}'? Noem een getal")
        if w == "week":
            raise _Refuse("welke dag van die week? Noem de dag")
        raise _Refuse(f"'{w}' ken ik niet")


def _five_years_before(d: datetime) -> datetime:
    try:
        return d.replace(year=d.year - MAX_YEARS)
    except ValueError:  # 29 February
        return d.replace(year=d.year - MAX_YEARS, day=28)


def _short(d: date) -> str:
    return f"{DAY_NAMES[d.weekday()]} {d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


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
