"""Incoming text made safe to store and to show: no hidden or direction-changing characters.

A message may carry characters that are invisible or that change how the text around them is shown:
U+202E RIGHT-TO-LEFT OVERRIDE makes "gpj.exe" read as "exe.jpg" to the CISO, a zero-width space
inside "123456782" hides a BSN from `bot.identifiers`, a control character can garble a terminal or
a log. `clean(text)` removes them once, when a message comes in (the engine's middleware):

- every control character (Unicode category Cc) except newline and tab; "\\r\\n" and a lone "\\r"
  become "\\n", and so do the line and paragraph separators U+2028 and U+2029;
- every format character (category Cf): the bidi embeddings, overrides and isolates
  (U+202A..U+202E, U+2066..U+2069), the marks U+200E, U+200F and U+061C, the zero-width characters
  (U+200B..U+200D, U+2060, U+FEFF), the soft hyphen, the invisible operators and the tag characters;
- lone surrogates, which no database can store.

Then the text is normalised to NFC, so "é" is one character however it was typed. `clean` is
idempotent. Emoji joined by U+200D (👩‍💻) fall apart into their parts; that is the price of a simple rule.
"""
from __future__ import annotations

import re
import unicodedata

_NEWLINES = re.compile("\r\n?|[\u2028\u2029]")
_DROPPED_CATEGORIES = {"Cc", "Cf", "Cs"}
_KEPT = {"\n", "\t"}


def _dropped(char: str) -> bool:
    return char not in _KEPT and unicodedata.category(char) in _DROPPED_CATEGORIES


def clean(text: str) -> str:
    """`text` without control, format (bidi, zero-width) and surrogate characters, in NFC."""
    if not text:
        return text
    text = _NEWLINES.sub("\n", text)
    text = "".join(c for c in text if not _dropped(c))
    return unicodedata.normalize("NFC", text)
