"""The grammar: one pass over the tokens, filling the slots of a `_Reader` (bot.dates)."""
from __future__ import annotations

import re
from datetime import timedelta, timezone

from bot.dates.errors import _Refuse
from bot.dates.spoken import _Spoken
from bot.dates.tokens import _Clock, _Tok
from bot.dates.words import (
    ADVERB_PARTS, AGO_WORDS, FILLERS, LAST_WORDS, MARKERS, MONTHS, NEXT_WORDS, NOW_WORDS, NUMBER_WORDS, PARTS,
    RELATIVE_DAYS, SINCE_WORDS, TIME_SUFFIX, WEEKDAYS,
)


class _Reader(_Spoken):
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
