"""Durations and Dutch clock talk, the phrases that span several tokens (bot.dates)."""
from __future__ import annotations

from datetime import timedelta

from bot.dates.errors import _Refuse
from bot.dates.tokens import _Clock
from bot.dates.words import AGO_WORDS, ARTICLES, MAX_YEARS, NUMBER_WORDS, UNITS, VAGUE


class _Spoken:
    """Part of `_Reader` (bot.dates.reader): it uses the reader's token helpers and slots."""

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
