"""Detection and stripping of BSN, IBAN, e-mail addresses and phone numbers in free text."""
from __future__ import annotations

import pytest

from bot.identifiers import (
    Found,
    describe,
    find_identifiers,
    is_valid_bsn,
    is_valid_iban,
    strip_identifiers,
)


def kinds_and_values(text):
    return [(f.kind, f.value) for f in find_identifiers(text)]


# --- positives: (text, kind, value as written)

POSITIVES = [
    # BSN (11-proef)
    ("BSN 123456782 van de klant", "bsn", "123456782"),
    ("bsn: 123.456.782.", "bsn", "123.456.782"),
    ("nummer 123 456 782 in de brief", "bsn", "123 456 782"),
    ("BSN 1112.22.333 op het paspoort", "bsn", "1112.22.333"),
    ("(111222333)", "bsn", "111222333"),
    # IBAN (mod-97)
    ("rekening NL91ABNA0417164300 graag", "iban", "NL91ABNA0417164300"),
    ("rekening NL91 ABNA 0417 1643 00, dank", "iban", "NL91 ABNA 0417 1643 00"),
    ("iban nl91abna0417164300", "iban", "nl91abna0417164300"),
    ("Duitse rekening DE89 3704 0044 0532 0130 00.", "iban", "DE89 3704 0044 0532 0130 00"),
    ("Belgisch: BE68539007547034", "iban", "BE68539007547034"),
    # e-mail
    ("mail naar j.jansen@gemeente.nl.", "email", "j.jansen@gemeente.nl"),
    ("<piet+wmo@voorbeeld.co.uk>", "email", "piet+wmo@voorbeeld.co.uk"),
    ("Contact: INFO@Example.ORG", "email", "INFO@Example.ORG"),
    # phone
    ("bel 06-12345678 terug", "phone", "06-12345678"),
    ("bel 0612345678", "phone", "0612345678"),
    ("tel. 06 1234 5678", "phone", "06 1234 5678"),
    ("06 12 34 56 78 is haar nummer", "phone", "06 12 34 56 78"),
    ("mobiel +31 6 12345678", "phone", "+31 6 12345678"),
    ("mobiel +31612345678", "phone", "+31612345678"),
    ("mobiel +31 (0)6 12345678", "phone", "+31 (0)6 12345678"),
    ("mobiel 0031 6 12345678", "phone", "0031 6 12345678"),
    ("kantoor 020-1234567", "phone", "020-1234567"),
    ("kantoor 020 123 4567", "phone", "020 123 4567"),
    ("kantoor 0591-123456", "phone", "0591-123456"),
    ("tel:0201234567", "phone", "0201234567"),
    ("servicenummer 088-1234567", "phone", "088-1234567"),
]


@pytest.mark.parametrize("text, kind, value", POSITIVES, ids=[f"{k}-{v}" for _, k, v in POSITIVES])
def test_finds_identifier(text, kind, value):
    found = find_identifiers(text)
    assert [(f.kind, f.value) for f in found] == [(kind, value)]
    assert text[found[0].start:found[0].end] == value


# --- negatives: nothing should be found

NEGATIVES = [
    "Melding op 21-11 09:30 gedaan",
    "ontdekt op 2026-11-23 om 14:05",
    "datum 23-11-2026, tijd 09:30",
    "01-02-2026 09:30",
    "referentie DL-2026-0001",
    "zaaknummer Z-2026-123456",
    "bedrag € 1.250,00",
    "schade € 123.456.782",
    "EUR 123.456.782",
    "totaal 1.250.000,00",
    "123456789 is geen geldig BSN",
    "123.456.789 ook niet",
    "000000000",
    "1234567820 is te lang voor een BSN",
    "NL91ABNA0417164301 heeft een foute controle",
    "NL91ABNA041716430 is te kort",
    "XX91ABNA0417164300 bestaat niet",
    "jan@localhost of @gemeente of jan@",
    "06-1234567 mist een cijfer",
    "postcode 1234 AB, huisnummer 56",
    "versie 3.11.4 en poort 8080",
    "artikel 33 lid 5 AVG",
    "1 2 3 4 5 6 7 8 9",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_no_false_positives(text):
    assert find_identifiers(text) == []


# --- checks


@pytest.mark.parametrize("value, valid", [
    ("123456782", True), ("123.456.782", True), ("111222333", True),
    ("123456789", False), ("000000000", False), ("12345678", False),
])
def test_elfproef(value, valid):
    assert is_valid_bsn(value) is valid


@pytest.mark.parametrize("value, valid", [
    ("NL91ABNA0417164300", True), ("NL91 ABNA 0417 1643 00", True), ("GB82WEST12345698765432", True),
    ("NL91ABNA0417164301", False), ("NL91ABNA04171643", False), ("ZZ91ABNA0417164300", False),
])
def test_iban_check(value, valid):
    assert is_valid_iban(value) is valid


# --- mixed text, overlaps, strip


MESSAGE = ("Mevrouw De Vries (BSN 123.456.782, tel. 06-12345678, mail devries@example.nl) kreeg "
           "op 21-11 09:30 een brief met rekening NL91 ABNA 0417 1643 00 en zaak DL-2026-0001 "
           "over € 1.250,00.")


def test_mixed_message_in_order():
    assert kinds_and_values(MESSAGE) == [
        ("bsn", "123.456.782"),
        ("phone", "06-12345678"),
        ("email", "devries@example.nl"),
        ("iban", "NL91 ABNA 0417 1643 00"),
    ]


def test_spaced_iban_is_not_also_a_phone_or_bsn():
    assert kinds_and_values("NL91 ABNA 0417 1643 00") == [("iban", "NL91 ABNA 0417 1643 00")]


def test_digits_in_email_are_part_of_the_email():
    assert kinds_and_values("0612345678@sms.example.nl") == [("email", "0612345678@sms.example.nl")]


def test_found_is_a_frozen_record():
    found = find_identifiers("BSN 123456782")[0]
    assert found == Found("bsn", 4, 13, "123456782")
    with pytest.raises(AttributeError):
        found.kind = "iban"


def test_strip_identifiers():
    assert strip_identifiers(MESSAGE) == (
        "Mevrouw De Vries (BSN [BSN verwijderd], tel. [telefoonnummer verwijderd], mail "
        "[e-mailadres verwijderd]) kreeg op 21-11 09:30 een brief met rekening [IBAN verwijderd] "
        "en zaak DL-2026-0001 over € 1.250,00."
    )


def test_strip_leaves_clean_text_alone():
    text = "Op 2026-11-23 om 09:30 is zaak DL-2026-0001 gemeld; schade € 1.250,00."
    assert strip_identifiers(text) == text


def test_strip_is_idempotent():
    once = strip_identifiers(MESSAGE)
    assert strip_identifiers(once) == once
    assert find_identifiers(once) == []


# --- describe


@pytest.mark.parametrize("text, summary", [
    ("BSN 123456782 en mail a@b.nl", "een BSN en een e-mailadres"),
    ("123456782 en 111222333 en NL91ABNA0417164300", "twee BSN's en een IBAN"),
    ("a@b.nl, c@d.nl, e@f.nl", "drie e-mailadressen"),
    ("123456782, NL91ABNA0417164300, a@b.nl, 06-12345678",
     "een BSN, een IBAN, een e-mailadres en een telefoonnummer"),
    ("06-12345678 of +31 6 12345678 of 020-1234567", "twee telefoonnummers"),
    ("BSN 123.456.782, nogmaals: 123456782", "een BSN"),
    ("niets bijzonders", "geen BSN, IBAN, e-mailadres of telefoonnummer"),
])
def test_describe(text, summary):
    assert describe(find_identifiers(text)) == summary


def test_describe_large_counts_use_digits():
    text = " ".join(f"p{i}@example.nl" for i in range(12))
    assert describe(find_identifiers(text)) == "12 e-mailadressen"


def test_an_identifier_typed_before_the_warning_is_never_stored(tmp_path):
    """A reporter types a BSN in the description and walks away at the warning: the state holds no BSN."""
    import json

    from tests.helpers import ChatDriver, new_engine, run_intake

    engine = new_engine(tmp_path)
    chat = ChatDriver(engine)
    run_intake(chat, "mail verkeerd gestuurd", until="description")
    assert "Let op" in chat.say("Brief over BSN 111222333 ging naar de buren")
    stored = json.dumps(engine.load_dialogue("test:medewerker"))
    assert "111222333" not in stored
    assert "Weggehaald" in chat.press("Ja, haal ze weg")
