"""The tokenizer: quotes, accents and phrases normalised, then tokens, compounds split (bot.dates)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.dates.words import (
    ADVERB_PARTS, DAY_NAMES, FILLERS, NUMBER_WORDS, ORDINAL_SUFFIX, PARTS, RELATIVE_DAYS, UNITS, WEEKDAYS,
)

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
