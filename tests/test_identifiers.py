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


# --- issue 12: BSNs glued to their label, phone numbers written in every Dutch way, and what
# must still not be flagged (dates, times, amounts, postcodes, references, short numbers)

FORMATTED_POSITIVES = [
    # BSN right after its label, glued or not (the 11-proef still applies)
    ("bsn123456782", "bsn", "123456782"),
    ("BSN123456782 van de klant", "bsn", "123456782"),
    ("BSN:123456782", "bsn", "123456782"),
    ("klant (bsn:111222333) belde", "bsn", "111222333"),
    ("bsnnr 123456782", "bsn", "123456782"),
    ("bsnnr123456782", "bsn", "123456782"),
    ("BSN-nr. 123456782", "bsn", "123456782"),
    ("bsn.nr.123456782", "bsn", "123456782"),
    ("BSN-nummer: 123.456.782", "bsn", "123.456.782"),
    ("bsn-123456782", "bsn", "123456782"),
    ("burgerservicenummer:111222333", "bsn", "111222333"),
    ("sofinr111222333", "bsn", "111222333"),
    ("Bsn#111222333", "bsn", "111222333"),
    ("bsn=123 456 782", "bsn", "123 456 782"),
    ("bsn:\n123456782", "bsn", "123456782"),
    # Dutch phone numbers with parentheses, dots, spaces or hyphens, national or international
    ("(020) 123 4567", "phone", "(020) 123 4567"),
    ("bel (020) 1234567 terug", "phone", "(020) 1234567"),
    ("(020)-1234567", "phone", "(020)-1234567"),
    ("(0591) 12 34 56", "phone", "(0591) 12 34 56"),
    ("(06) 12345678", "phone", "(06) 12345678"),
    ("bel (070) 765 43 21 of mail", "phone", "(070) 765 43 21"),
    ("06.12.34.56.78", "phone", "06.12.34.56.78"),
    ("mobiel 06.12345678.", "phone", "06.12345678"),
    ("020.123.4567", "phone", "020.123.4567"),
    ("020.123.45.67", "phone", "020.123.45.67"),
    ("0591.12.34.56", "phone", "0591.12.34.56"),
    ("06-12-34-56-78", "phone", "06-12-34-56-78"),
    ("06 123 456 78", "phone", "06 123 456 78"),
    ("010-123 45 67", "phone", "010-123 45 67"),
    ("+31 (0)6 1234 5678", "phone", "+31 (0)6 1234 5678"),
    ("+31 (0)20 123 4567", "phone", "+31 (0)20 123 4567"),
    ("+31(0)20-1234567", "phone", "+31(0)20-1234567"),
    ("+31 6 1234 5678", "phone", "+31 6 1234 5678"),
    ("+31-6-12345678", "phone", "+31-6-12345678"),
    ("+31 20 123 45 67", "phone", "+31 20 123 45 67"),
    ("0031 20 123 4567", "phone", "0031 20 123 4567"),
    ("0031 (0)6 12345678", "phone", "0031 (0)6 12345678"),
    ("0031612345678", "phone", "0031612345678"),
    ("+31 06 12345678", "phone", "+31 06 12345678"),
    ("tel0612345678", "phone", "0612345678"),
    ("telnr.0612345678", "phone", "0612345678"),
    ("mobiel:06-1234 5678", "phone", "06-1234 5678"),
    ("06\u00a012345678", "phone", "06\u00a012345678"),
    ("kamer 12 0612345678", "phone", "0612345678"),
    ("<0612345678>", "phone", "0612345678"),
    ("ontdekt 06-02-2026, bel 06-12345678", "phone", "06-12345678"),
    ("op 21-11 om 09:30 gebeld: 06.12.34.56.78", "phone", "06.12.34.56.78"),
]


@pytest.mark.parametrize("text, kind, value", FORMATTED_POSITIVES, ids=[t for t, _, _ in FORMATTED_POSITIVES])
def test_finds_glued_and_formatted_identifier(text, kind, value):
    found = find_identifiers(text)
    assert [(f.kind, f.value) for f in found] == [(kind, value)]
    assert text[found[0].start:found[0].end] == value
    assert value not in strip_identifiers(text)


FORMATTED_NEGATIVES = [
    # dates and times
    "06-02-2026", "op 06-02-2026 12 mensen gemaild", "06.02.2026 om 10.30 uur", "06-12-26 1234",
    "01-02-2026 9 mensen", "6 februari 2026 om 09:30", "van 06:00 tot 18:00", "09:30-10:45", "06.30 uur",
    "06.00-18.00", "tijd 23.59, datum 31.12.2026", "06-02-2026 06:30", "2026-02-06 12:30",
    # amounts and postcodes
    "bedrag € 1.234.567,89", "€ 0,50 per kopie", "postcode 1012 AB", "1234AB Amsterdam",
    "Postbus 12345, 1000 AB Amsterdam",
    # incident and AP references
    "DL-2026-0001", "DL-2026-0001 en DL-2026-0012", "AP-2026-12345", "AP 2026 771", "kenmerk 2026-004512",
    "M-123456",
    # short numbers, service numbers, numbers with a digit too many or too few
    "112", "14 020", "0800-1234", "0900-8844", "06-123456789", "06 123 456 789 0", "0612345678901",
    "06.12.34.56.78.90", "06-12345678-9", "020-123456", "06 12 34", "+31 6 1234567", "0031 6 1234567",
    "(06) 1234",
    # other numbers
    "10.0.0.1 en 192.168.0.10", "versie 0.12.3456.789", "3 mensen, 12 dossiers, 250 brieven",
    "tussen 0 en 10 procent", "0 1 2 3 4 5 6 7 8 9",
    # a BSN label without a valid BSN
    "bsn 123456789", "bsn123456789", "bsn1234567820", "bsn 12345678", "bsn-nummer onbekend",
    "BSN: nog niet bekend, volgt 06-02-2026", "telefoon: nog onbekend",
]


@pytest.mark.parametrize("text", FORMATTED_NEGATIVES)
def test_no_false_positives_on_dates_references_and_short_numbers(text):
    assert find_identifiers(text) == []
    assert strip_identifiers(text) == text


def test_the_tables_are_large_enough():
    assert len(FORMATTED_POSITIVES) >= 40 and len(FORMATTED_NEGATIVES) >= 40


def test_strip_glued_and_formatted():
    assert strip_identifiers("bsn123456782, bel (020) 123 4567 of +31 (0)6 1234 5678 vóór 06-02-2026") == (
        "bsn[BSN verwijderd], bel [telefoonnummer verwijderd] of [telefoonnummer verwijderd] vóór 06-02-2026"
    )


def test_the_same_phone_number_written_differently_counts_once():
    found = find_identifiers("(06) 12345678, 06.12.34.56.78, +31 (0)6 1234 5678 en 0031 6 12345678")
    assert [f.kind for f in found] == ["phone"] * 4
    assert describe(found) == "een telefoonnummer"


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
