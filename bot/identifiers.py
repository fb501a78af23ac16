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
# Dutch numbers: 0 + 9 digits (06 mobile or a 2-3 digit area code), or +31 / 0031 + 9 digits.
# A separator (space or hyphen) may sit between digits, but not right after a one-digit area code
# ("01-02-2026" is a date, not a phone number).
_PHONE = re.compile(
    r"(?<![\w+/-])(?:(?:\+|00)31[ -]?(?:\(0\)[ -]?)?|0)"
    r"(?:6[ -]?\d|[1-57-9]\d)(?:[ -]?\d){7}"
    r"(?!\d|-\d|:\d)"
)
_BSN = re.compile(
    r"(?<![\w.,/-])(?:\d{9}|\d{3}([. ])\d{3}\1\d{3}|\d{4}([. ])\d{2}\2\d{3})(?!\w|[.,/-]\d)"
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


def _find_phones(text: str):
    for m in _PHONE.finditer(text):
        yield Found("phone", m.start(), m.end(), m.group())


def _find_bsns(text: str):
    for m in _BSN.finditer(text):
        if _AMOUNT_BEFORE.search(text[max(0, m.start() - 4):m.start()]):
            continue  # "€ 123.456.782" is an amount
        if is_valid_bsn(m.group()):
            yield Found("bsn", m.start(), m.end(), m.group())


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
