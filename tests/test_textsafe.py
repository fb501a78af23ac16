"""Hidden characters (bidi overrides, zero-width, control characters) never reach a handler, the
register or the CISO: `bot.textsafe.clean`, applied once to every incoming message by the engine."""
import json
import unicodedata

import pytest

from bot.messages import Message, Person
from bot.textsafe import clean
from tests.helpers import run_intake

REF = "DL-2026-0001"
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u061c"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u00ad"]
CONTROLS = [chr(c) for c in [*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), *range(0x7f, 0xa0)]]
HIDDEN = BIDI + ZERO_WIDTH + CONTROLS


@pytest.mark.parametrize("char", HIDDEN, ids=[f"U+{ord(c):04X}" for c in HIDDEN])
def test_clean_removes_hidden_characters(char):
    assert clean(f"bestand{char} factuur{char}.pdf") == "bestand factuur.pdf"


def test_clean_keeps_newlines_and_tabs_and_unifies_line_ends():
    assert clean("regel 1\nregel 2\tkolom") == "regel 1\nregel 2\tkolom"
    assert clean("a\r\nb\rc\u2028d\u2029e") == "a\nb\nc\nd\ne"


def test_clean_normalises_to_nfc():
    decomposed = "e\u0301 cafe\u0301 ree\u0308l"
    assert clean(decomposed) == "é café reël"
    assert unicodedata.is_normalized("NFC", clean(decomposed))


def test_clean_leaves_ordinary_text_alone_and_is_idempotent():
    text = "Brief naar mevrouw Çelik 👍 — € 12,50, café «Oost», 2026-11-23 09:30\nGroet"
    assert clean(text) == text
    messy = "a\u202eb\u200b\x00c\r\ne\u0301"
    assert clean(clean(messy)) == clean(messy) == "abc\né"
    assert clean("") == ""


def test_the_override_that_hides_a_file_extension_is_gone():
    assert clean("bijlage_\u202egpj.exe") == "bijlage_gpj.exe"


def test_a_message_reaches_the_handlers_without_hidden_characters(engine, chat):
    seen = []
    route = engine.route

    def spy(ctx, msg):
        seen.append(msg.text)
        return route(ctx, msg)

    engine.route = spy
    chat.say("Hallo\u202e, ik heb\u200b een\x07 vraag\u2066 over\u2069 de AVG")
    assert seen == ["Hallo, ik heb een vraag over de AVG"]
    original = Message(Person("test", "medewerker"), text="x\u202ey")
    chat.send(original)
    assert original.text == "x\u202ey" and seen[-1] == "xy"  # the adapter's message is left as it was


def test_a_zero_width_space_no_longer_hides_a_bsn(filed, engine):
    filed.act(f"inc:note:{REF}", user="fg")
    assert "persoonsgegevens" in filed.say("BSN 123\u200b456\u200b782 gebeld, verwijderd", user="fg")
    note = [e for e in engine.store.db["incident_events"].rows if e["action"] == "note"][0]
    assert "123456782" not in note["details"] and "[BSN verwijderd]" in json.loads(note["details"])["text"]


@pytest.fixture
def filed(chat):
    run_intake(chat, "ik heb een mail\u200b naar de verkeerde\u2067 persoon gestuurd, bijlage \u202egpj.exe\x1b[31m")
    return chat


def stored(engine) -> str:
    rows = [*engine.store.db["incidents"].rows, *engine.store.db["incident_events"].rows]
    return json.dumps(rows, ensure_ascii=False, default=str)


def has_hidden(text: str) -> bool:
    return any(c not in "\n\t" and unicodedata.category(c) in ("Cc", "Cf") for c in text)


def test_a_stored_description_and_note_hold_no_hidden_characters(filed, engine):
    filed.act(f"inc:note:{REF}", user="ciso")
    assert "Notitie toegevoegd" in filed.say("Ontvanger\u202e gebeld\u200d,\x00 bestand\u2066 verwijderd", user="ciso")
    everything = stored(engine)
    assert "mail naar de verkeerde persoon gestuurd, bijlage gpj.exe[31m" in everything
    assert "Ontvanger gebeld, bestand verwijderd" in everything
    assert not has_hidden(everything)
    shown = filed.say(f"/incident {REF}", user="ciso")
    assert "Omschrijving: ik heb een mail naar de verkeerde persoon gestuurd, bijlage gpj.exe[31m" in shown
    assert not has_hidden(shown)
