"""Detect and strip direct identifiers (BSN, IBAN, e-mail address, phone number) in free text.

Used to keep chat messages and the breach register free of data that identify people. Detection
is deliberately strict to avoid false positives on dates, times, amounts and reference numbers:
BSNs must pass the 11-proef, IBANs the mod-97 check with the right length for their country.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("bsn", "iban", "email", "phone")

PLACEHOLDERS = {
    "bsn": "[BSN verwijderd]",
    "iban": "[IBAN verwijderd]",
    "email": "[e-mailadres verwijderd]",
    "phone": "[telefoonnummer verwijderd]",
}

# (singular, plural) for describe()
_NOUNS = {
    "bsn": ("BSN", "BSN's"),
    "iban": ("IBAN", "IBAN's"),
    "email": ("e-mailadres", "e-mailadressen"),
    "phone": ("telefoonnummer", "telefoonnummers"),
}
_NUMBERS = {1: "een", 2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes", 7: "zeven",
            8: "acht", 9: "negen", 10: "tien"}

# IBAN length per country (SWIFT IBAN registry).
_IBAN_LENGTHS = dict(
    (entry[:2], int(entry[2:])) for entry in (
        "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 "
        "DO28 EE20 EG29 ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 "
        "IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 MR27 "
        "MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25 QA29 RO24 RS22 SA24 SC31 SE24 SI19 SK24 SM27 "
        "ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20"
    ).split()
)

_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
    r"(?![\w@-])"
)
_IBAN_START = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2})\d{2}")
# Dutch phone numbers: 0 + 9 digits (06 mobile or a 2-3 digit area code), or +31 / 0031 + 9 digits
# (with or without "(0)"). A run of digit groups separated by one space, dot or hyphen, an area code
# possibly in parentheses, is cut into groups and checked by `_phone_at` (see there).
_PHONE_GROUP = r"(?:\(0[0-9]{0,3}\)|[0-9]+)"
_PHONE_RUN = re.compile(r"(?:\+(?=[0-9]))?" + _PHONE_GROUP + r"(?:[ \u00a0.-]?" + _PHONE_GROUP + r")*")
_PHONE_PART = re.compile(r"([ \u00a0.-]?)(" + _PHONE_GROUP + ")")
_PHONE_WORD = re.compile(r"(?i)(?:^|[^a-z])(?:tel|telefoon|telnr|mob|mobiel|gsm)(?:nr|nummer)?\.?$")
# a BSN: nine digits, written together or as 123.456.782 / 123 456 782 / 1234.56.782
_BSN_NUMBER = (r"(?P<number>\d{9}|\d{3}(?P<a>[. ])\d{3}(?P=a)\d{3}|\d{4}(?P<b>[. ])\d{2}(?P=b)\d{3})"
               r"(?!\w|[.,/-]\d)")
_BSN = re.compile(r"(?<![\w.,/-])" + _BSN_NUMBER)
# ... also right after its label, glued or not: "bsn123456782", "BSN:123456782", "bsnnr 123456782"
_BSN_LABELLED = re.compile(
    r"\b(?:bsn|burgerservicenummer|sofinummer|sofinr)(?:[ .-]?(?:nr|nummer|no)\.?)?[\s:.#=-]*" + _BSN_NUMBER,
    re.IGNORECASE,
)
_AMOUNT_BEFORE = re.compile(r"(?:€|EUR|eur)\s?$")


@dataclass(frozen=True)
class Found:
    kind: str  # "bsn" | "iban" | "email" | "phone"
    start: int
    end: int
    value: str


def is_valid_bsn(value: str) -> bool:
    """The 11-proef: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is divisible by 11 (and not all zeros)."""
    digits = [int(c) for c in value if c.isdigit()]
    if len(digits) != 9 or not any(digits):
        return False
    total = sum(weight * d for weight, d in zip(range(9, 1, -1), digits[:8])) - digits[8]
    return total % 11 == 0


def is_valid_iban(value: str) -> bool:
    """Country length and mod-97 check (ISO 13616)."""
    iban = re.sub(r"[\s-]", "", value).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", iban):
        return False
    if _IBAN_LENGTHS.get(iban[:2]) != len(iban):
        return False
    return int("".join(str(int(c, 36)) for c in iban[4:] + iban[:4])) % 97 == 1


def _find_emails(text: str):
    for m in _EMAIL.finditer(text):
        yield Found("email", m.start(), m.end(), m.group())


def _find_ibans(text: str):
    """Walk from each country code + check digits, taking exactly the country's IBAN length."""
    for m in _IBAN_START.finditer(text):
        length = _IBAN_LENGTHS.get(m.group(1).upper())
        if not length:
            continue
        end, count = m.start(), 0
        while end < len(text) and count < length:
            if text[end].isalnum():
                count += 1
            elif not (text[end] == " " and count >= 4 and end + 1 < len(text)
                      and text[end + 1].isalnum()):
                break
            end += 1
        if count != length or (end < len(text) and text[end].isalnum()):
            continue
        if is_valid_iban(text[m.start():end]):
            yield Found("iban", m.start(), end, text[m.start():end])


def _phone_start_allowed(text: str, start: int) -> bool:
    """Not glued to a word, a reference (DL-2026-0001), an amount or another number; a label is
    fine: "tel:0201234567", "tel.0612345678", "telnr0612345678"."""
    if start == 0:
        return True
    before = text[start - 1]
    if before in ".:" and (start < 2 or not text[start - 2].isdigit()):
        return True
    if before.isalpha():
        return bool(_PHONE_WORD.search(text[max(0, start - 20):start]))  # 20 > the longest label
    return not (before.isalnum() or before in "_+/,.:@-")


def _is_date(parts: list[tuple[str, str, int]], i: int) -> bool:
    """Groups i.. read as a date: 06-02-2026, 06.02.26 (but not 06.12.34.56.78)."""
    if i + 2 >= len(parts):
        return False
    (_, day, _), (sep1, month, _), (sep2, year, _) = parts[i:i + 3]
    if sep1 not in "-./" or not sep1 or sep2 != sep1 or len(day) > 2 or len(month) > 2 or len(year) not in (2, 4):
        return False
    return len(year) == 4 or i + 3 >= len(parts) or parts[i + 3][0] != sep1


def _phone_at(text: str, parts: list[tuple[str, str, int]], i: int, plus: bool) -> int | None:
    """The end of a Dutch phone number that starts with group i, or None.

    parts are (separator before, group, start of group). The number has exactly ten digits
    (0 + nine, after +31/0031 and an optional (0) or 0), ends where a group ends, starts with 06
    or a two or three digit area code kept together ("01-02-2026" is no number), is no date and
    is not continued by "-digit", ".digit", ":digit" or ",digit".
    """
    first = parts[i][1]
    if plus and not first.startswith("31"):
        return None
    international = plus or first.startswith("0031")
    following = [(index, parts[index][1]) for index in range(i + 1, min(len(parts), i + 13))]
    if international:
        rest = first[2:] if plus else first[4:]
        groups = ([(i, rest)] if rest else []) + following
        digits, national, leading = "0", False, True
    else:
        if not first.strip("()").startswith("0") or _is_date(parts, i):
            return None
        groups = [(i, first)] + following
        digits, national, leading = "", True, True
    for k, (index, group) in enumerate(groups):
        if group.startswith("("):
            if international and leading and group == "(0)":
                continue  # +31 (0)6 ...
            if not (national and k == 0):
                return None
            group = group[1:-1]
        if international and leading and group.startswith("0"):
            group = group[1:]  # "+31 06 ..." is a common way to write +31 6 ...
            if not group:
                continue
        if leading:
            leading = False
            if national and len(group) < 3 and group != "06":
                return None  # "01-02-2026", "09.30"
            if international and len(group) == 1 and group != "6":
                return None
        digits += group
        if len(digits) > 10:
            return None
        if len(digits) == 10:
            if digits[1] == "0":
                return None
            end = parts[index][2] + len(parts[index][1])
            if index + 1 < len(parts) and parts[index + 1][0] in (".", "-", ""):
                return None  # 06-12345678-9, 06.12.34.56.78.90
            if text[end:end + 1] in (":", ",") and text[end + 1:end + 2].isdigit():
                return None
            return end
    return None


def _find_phones(text: str):
    for run in _PHONE_RUN.finditer(text):
        plus = run.group().startswith("+")
        offset = run.start() + plus
        parts = [(m.group(1), m.group(2), offset + m.start(2)) for m in _PHONE_PART.finditer(run.group()[plus:])]
        i = 0
        while i < len(parts):
            sep, _, start = parts[i]
            start -= plus and i == 0
            end = None
            if (i == 0 or sep in (" ", "\u00a0")) and _phone_start_allowed(text, start):
                end = _phone_at(text, parts, i, plus and i == 0)
            if end is None:
                i += 1
                continue
            yield Found("phone", start, end, text[start:end])
            while i < len(parts) and parts[i][2] < end:
                i += 1


def _find_bsns(text: str):
    seen = set()
    for m in (*_BSN.finditer(text), *_BSN_LABELLED.finditer(text)):
        start, end = m.span("number")
        if (start, end) in seen:
            continue
        seen.add((start, end))
        if _AMOUNT_BEFORE.search(text[max(0, start - 4):start]):
            continue  # "€ 123.456.782" is an amount
        if is_valid_bsn(m.group("number")):
            yield Found("bsn", start, end, m.group("number"))


def find_identifiers(text: str) -> list[Found]:
    """All direct identifiers in text, in order; overlaps go to the most specific kind."""
    accepted: list[Found] = []
    for finder in (_find_emails, _find_ibans, _find_phones, _find_bsns):
        for found in finder(text):
            if all(found.end <= other.start or found.start >= other.end for other in accepted):
                accepted.append(found)
    return sorted(accepted, key=lambda found: found.start)


def strip_identifiers(text: str) -> str:
    """Replace every identifier by a Dutch placeholder such as "[BSN verwijderd]"."""
    for found in reversed(find_identifiers(text)):
        text = text[:found.start] + PLACEHOLDERS[found.kind] + text[found.end:]
    return text


def _normalise(found: Found) -> str:
    """Same number written differently counts once: '06-1234 5678' == '+31 6 12345678'."""
    if found.kind == "email":
        return found.value.lower()
    compact = re.sub(r"[^0-9A-Za-z+]", "", found.value).upper()
    if found.kind == "phone":
        compact = re.sub(r"^(?:\+31|0031)0?", "0", compact)
    return compact


def describe(found_list) -> str:
    """Dutch summary, e.g. "een BSN en een e-mailadres" or "twee BSN's en een IBAN"."""
    counts = {kind: len({_normalise(f) for f in found_list if f.kind == kind}) for kind in KINDS}
    parts = []
    for kind, count in counts.items():
        if count:
            singular, plural = _NOUNS[kind]
            parts.append(f"{_NUMBERS.get(count, str(count))} {singular if count == 1 else plural}")
    if not parts:
        return "geen BSN, IBAN, e-mailadres of telefoonnummer"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
