"""The reporter amends a report: free words, /aanvullen and the button; only the reporter (or a role);
identifiers stripped; an `amended` event in the log; the CISO and the FG hear of it."""
from __future__ import annotations

import json

import pytest

from bot import commands
from bot.adapters.web.words import event_sentence
from bot.engine import help_text
from bot.handlers.amend import addition, detect
from bot.handlers.incidents.views import REFUSAL
from storage.incidents import events
from tests.helpers import ChatDriver, OutboxRecorder, filed_app, new_app, run_intake

REF = "DL-2026-0001"


class Recorder(OutboxRecorder):
    """A notifier that records everything the outbox sends (pings and notices)."""


    def notices(self, what: str = "amended"):
        return [(recipient, reply) for recipient, reply in self.replies if reply.meta.get("notice") == what]


@pytest.fixture
def setup(tmp_path, clock):
    return filed_app(tmp_path, clock, Recorder())


def amendments(app, ref: str = REF) -> list[dict]:
    return [e for e in events(app.store, ref) if e["action"] == "amended"]


# -- recognising the words -----------------------------------------------------------------------
@pytest.mark.parametrize("text, ref, added", [
    ("ik wil nog iets toevoegen aan DL-2026-0001: het waren 41 mensen", REF, "het waren 41 mensen"),
    ("aanvulling DL-2026-0003 de mail ging ook naar een tweede adres", "DL-2026-0003",
     "de mail ging ook naar een tweede adres"),
    ("Ik wil dl-2026-0001 aanvullen met het volgende: het waren 41 mensen", REF, "het waren 41 mensen"),
    ("kan ik DL-2026-0001 nog aanvullen?", REF, ""),
    ("ik wil iets toevoegen aan DL-2026-0001", REF, ""),
    ("ik ben vergeten te melden bij DL-2026-0001 dat er ook een bijlage was", REF, "dat er ook een bijlage was"),
])
def test_amend_words_and_a_reference_are_recognised(text, ref, added):
    assert detect(text) == {"ref": ref, "text": added}


@pytest.mark.parametrize("text", ["wat is de status van DL-2026-0001?", "ik wil iets toevoegen aan mijn melding",
                                  "hoe vul ik een formulier aan?"])
def test_without_both_a_reference_and_an_amend_word_nothing_is_detected(text):
    assert detect(text) is None


def test_the_addition_is_what_follows_the_reference():
    assert addition("/aanvullen DL-2026-0001 het waren 41 mensen") == "het waren 41 mensen"
    assert addition("/aanvullen DL-2026-0001") == ""


# -- the three ways in ------------------------------------------------------------------------------
def test_free_words_record_the_addition_and_ping_the_ciso_and_the_fg(setup):
    app, rec, chat = setup
    text = chat.say("ik wil nog iets toevoegen aan DL-2026-0001: het waren 41 mensen")
    assert f"Toegevoegd aan {REF}: “het waren 41 mensen”" in text
    assert "Dat weet ik niet zeker" not in text
    assert app.engine.load_dialogue("test:medewerker") is None
    (event,) = amendments(app)
    assert event["actor"] == "melder" and event["details"] == {"text": "het waren 41 mensen"}
    assert event["at"] == "2026-11-23T09:00:00+00:00"
    pinged = rec.notices()
    assert sorted(r for r, _ in pinged) == ["test:ciso", "test:fg"]  # the CISO and the FG, once each
    reply = pinged[0][1]
    assert reply.text == f"📝 {REF}: de melder heeft iets aangevuld: “het waren 41 mensen”"
    assert [c.value for c in reply.choices] == [f"inc:show:{REF}"]  # the Details button


def test_free_words_without_the_addition_ask_for_it(setup):
    app, rec, chat = setup
    assert f"Wat wil je toevoegen aan je melding {REF}?" in chat.say("kan ik DL-2026-0001 nog aanvullen?")
    assert amendments(app) == [] and rec.notices() == []
    assert "Toegevoegd" in chat.say("de ontvanger heeft de mail nog niet verwijderd")
    assert amendments(app)[0]["details"]["text"] == "de ontvanger heeft de mail nog niet verwijderd"
    assert len(rec.notices()) == 2


def test_the_aanvullen_command(setup):
    app, rec, chat = setup
    assert f"Wat wil je toevoegen aan je melding {REF}?" in chat.say(f"/aanvullen {REF}")
    assert "kort" in chat.say("41")  # one word says too little: asked again
    assert "Toegevoegd" in chat.say("het waren 41 mensen")
    assert "Toegevoegd" in chat.say(f"/aanvullen {REF} ook de bijlage met het rapport zat erbij")
    assert [e["details"]["text"] for e in amendments(app)] == [
        "het waren 41 mensen", "ook de bijlage met het rapport zat erbij"]


def test_the_aanvullen_command_without_a_reference_offers_the_open_reports(setup):
    app, rec, chat = setup
    assert "Welke melding wil je aanvullen?" in chat.say("/aanvullen")
    assert chat.choices() == [REF, "✖ Stop"]
    assert "Wat wil je toevoegen" in chat.press(REF)
    assert "Toegevoegd" in chat.say("het waren 41 mensen")


def test_terug_adds_nothing(setup):
    app, rec, chat = setup
    chat.say(f"/aanvullen {REF}")
    assert "niets toegevoegd" in chat.say("terug")
    assert amendments(app) == [] and rec.notices() == []


def test_the_button_under_the_filing_reply_and_under_mijnmeldingen(tmp_path, clock):
    app = new_app(tmp_path, clock)
    rec = Recorder()
    app.add_notifier(rec)
    chat = ChatDriver(app.engine)
    run_intake(chat, "ik heb een mail naar de verkeerde persoon gestuurd")
    assert "➕ Aanvullen" in chat.choices()  # under "je melding is ingediend"
    assert f"Wat wil je toevoegen aan je melding {REF}?" in chat.press("Aanvullen")
    assert "Toegevoegd" in chat.say("het waren 41 mensen")
    chat.say("/mijnmeldingen")
    assert chat.choices() == ["➕ Aanvullen"]
    assert "Wat wil je toevoegen" in chat.press("Aanvullen")
    chat.say("de ontvanger heeft gebeld")
    assert len(amendments(app)) == 2 and len(rec.notices()) == 4


def test_the_command_is_declared_once_for_help_slack_and_telegram():
    command = commands.find("/aanvullen")
    assert command.flow == "amend" and command.private_only and not command.roles and command.usage
    assert command in commands.slack_commands()
    assert ("aanvullen", command.help) in commands.telegram_menu()
    assert "/aanvullen" in help_text(set())


# -- who may amend -----------------------------------------------------------------------------------
def test_someone_else_gets_the_same_refusal_as_for_a_missing_reference(setup):
    app, rec, chat = setup
    existing = chat.say("ik wil nog iets toevoegen aan DL-2026-0001: het waren 41 mensen", user="buurman")
    missing = chat.say("ik wil nog iets toevoegen aan DL-2026-0999: het waren 41 mensen", user="buurman")
    assert existing == missing == REFUSAL
    assert chat.say(f"/aanvullen {REF}", user="buurman") == chat.say("/aanvullen DL-2026-0999", user="buurman") == REFUSAL
    assert chat.act(f"amend:start:{REF}", user="buurman") == chat.act("amend:start:DL-2026-0999", user="buurman") \
        == REFUSAL
    assert amendments(app) == [] and rec.replies == []
    assert app.engine.load_dialogue("test:buurman") is None


def test_a_role_may_amend_and_is_not_pinged_about_itself(setup):
    app, rec, chat = setup
    assert "Toegevoegd" in chat.say("aanvulling DL-2026-0001: melder meldt dat er 41 mensen in de cc stonden",
                                    user="ciso")
    (event,) = amendments(app)
    assert event["actor"] == "test:ciso"
    assert [(r, reply.text.split(":")[1].strip()) for r, reply in rec.notices()] == [("test:fg", "de CISO heeft iets aangevuld")]
    assert "Ik ken geen incident DL-2026-0999" in chat.say("/aanvullen DL-2026-0999", user="ciso")


def test_a_closed_report_cannot_be_amended(setup):
    app, rec, chat = setup
    chat.act(f"inc:notreportable:{REF}", user="ciso")
    chat.say("ontvanger is een collega en heeft de mail verwijderd", user="ciso")
    chat.press("Ja, vastleggen", user="ciso")
    chat.act(f"inc:informed:{REF}:yes", user="ciso")
    assert "afgesloten" in chat.act(f"inc:close:{REF}", user="ciso")
    text = chat.say("ik wil nog iets toevoegen aan DL-2026-0001: het waren 41 mensen")
    assert "al afgesloten" in text and "ciso@teststad.example" in text
    assert amendments(app) == []


def test_not_in_a_group(setup):
    app, rec, chat = setup
    text = chat.say("ik wil nog iets toevoegen aan DL-2026-0001: het waren 41 mensen", private=False)
    assert "privébericht" in text and "/aanvullen" in text
    assert amendments(app) == []


# -- what is stored ----------------------------------------------------------------------------------
def test_identifiers_are_stripped_before_storage_and_before_the_ping(setup):
    app, rec, chat = setup
    text = chat.say("aanvulling DL-2026-0001: de ontvanger was jan@voorbeeld.nl en het ging om BSN 111222333")
    assert "persoonsgegevens" in text and "Toegevoegd" in text
    assert "jan@voorbeeld.nl" not in text and "111222333" not in text
    stored = json.dumps(amendments(app)[0]["details"])
    assert "jan@voorbeeld.nl" not in stored and "111222333" not in stored and "verwijderd" in stored
    assert all("111222333" not in reply.text and "jan@voorbeeld.nl" not in reply.text for _, reply in rec.notices())


def test_the_incident_shows_the_amendment_in_the_chat_and_on_the_desk(setup):
    app, rec, chat = setup
    chat.say("ik wil nog iets toevoegen aan DL-2026-0001: het waren 41 mensen")
    details = chat.say(f"/incident {REF}", user="fg")
    assert "Aanvullingen (1):" in details and "de melder: het waren 41 mensen" in details
    assert "· melder · amended" in details  # the log
    assert event_sentence(amendments(app)[0], app.config) == "Aanvulling van de melder: het waren 41 mensen"
    status = chat.say(f"/incident {REF}")  # the reporter's short status, with the button
    assert "Status: open" in status and "41" not in status and chat.choices() == ["➕ Aanvullen"]


def test_the_register_still_verifies_after_an_amendment(setup):
    from storage.register import verify

    app, rec, chat = setup
    chat.say("ik wil nog iets toevoegen aan DL-2026-0001: het waren 41 mensen")
    assert verify(app.store).ok
