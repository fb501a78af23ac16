"""CISO/FG commands: list, show, refusal for others, idempotent actions, decisions, audit log."""
import pytest

from tests.test_datalek import complete_intake

pytestmark = pytest.mark.both_backends

REF = "DL-2026-0001"


@pytest.fixture
def filed(chat):
    complete_intake(chat)
    return chat


def test_list_shows_open_incidents_most_urgent_first(filed):
    complete_intake(filed, first="cc in plaats van bcc", user="b")  # same discovery time
    text = filed.say("/incidenten", user="ciso")
    assert text.index("DL-2026-0001") < text.index("DL-2026-0002")
    assert "nog 2 dagen en 23 uur" in text and "nog niet gezien" in text


def test_non_role_user_is_refused(filed):
    assert "alleen voor de CISO en de FG" in filed.say("/incidenten", user="buurman")
    assert "kan ik je niet laten zien" in filed.say(f"/incident {REF}", user="buurman")
    assert "kan ik je niet laten zien" in filed.act(f"inc:ack:{REF}", user="buurman")
    assert "kan ik je niet laten zien" in filed.act(f"inc:show:{REF}", user="buurman")


MISSING = "DL-2026-0999"
BUTTONS = ["show", "ack", "reported", "notreportable", "correct", "note", "informed", "informed:yes", "close",
           "correct_to:reported", "bogus"]


def reply_to(chat, how: str, ref: str, user: str) -> str:
    if how == "command":
        return chat.say(f"/incident {ref}", user=user)
    action, _, arg = how.partition(":")
    return chat.act(f"inc:{action}:{ref}" + (f":{arg}" if arg else ""), user=user)


@pytest.mark.parametrize("how", ["command", *BUTTONS])
@pytest.mark.parametrize("user", ["buurman", "medewerker"])  # an outsider; the reporter of DL-2026-0001
def test_outsiders_cannot_tell_an_existing_reference_from_a_missing_one(filed, engine, how, user):
    """Seen: "Ik ken geen incident DL-2026-0999" to anyone, so outsiders could probe for references."""
    from bot.handlers.incidents.views import REFUSAL

    missing = reply_to(filed, how, MISSING, user)
    assert missing == REFUSAL
    if user == "buurman":
        assert reply_to(filed, how, REF, user) == REFUSAL
    assert engine.load_dialogue(f"test:{user}") is None  # no question opened either way


@pytest.mark.parametrize("how", ["command", "show", "ack", "note", "close"])
@pytest.mark.parametrize("user", ["ciso", "fg", "deputy"])
def test_a_role_still_hears_that_a_reference_is_unknown(filed, how, user):
    assert f"Ik ken geen incident {MISSING}" in reply_to(filed, how, MISSING, user)


def test_reporter_sees_status_but_cannot_act(filed):
    text = filed.say(f"/incident {REF}")
    assert "Status: open" in text and "Omschrijving" not in text
    assert "Alleen de CISO en de FG" in filed.act(f"inc:ack:{REF}")


def test_role_sees_details_and_assessment(filed):
    text = filed.say(f"/incident {REF}", user="fg")
    assert "Omschrijving: ik heb een mail naar de verkeerde persoon gestuurd" in text
    assert "Voorlopige inschatting" in text and "Logboek" in text
    assert "Gemeld bij AP" in " ".join(filed.choices("fg"))


def test_unknown_reference(filed):
    assert "Ik ken geen incident DL-2026-0999" in filed.say("/incident DL-2026-0999", user="ciso")
    assert "Gebruik: /incident" in filed.say("/incident", user="ciso")


def test_acknowledge_twice_does_nothing_twice(filed, engine):
    filed.act(f"inc:ack:{REF}", user="ciso")
    text = filed.act(f"inc:ack:{REF}", user="fg")
    assert "was al gezien door test:ciso" in text
    actions = [e["action"] for e in engine.store.table("incident_events").rows]
    assert actions.count("acknowledged") == 1


def test_not_reportable_with_reason_and_decide_twice(filed, engine):
    assert "Waarom" in filed.act(f"inc:notreportable:{REF}", user="ciso")
    assert "Klopt dit?" in filed.say("Ontvanger is collega en heeft verwijderd", user="ciso")
    assert engine.store.table("incidents").get(REF)["decision"] is None  # nothing recorded before "vastleggen"
    assert "niet meldplichtig" in filed.press("Ja, vastleggen", user="ciso")
    row = engine.store.table("incidents").get(REF)
    assert row["decision"] == "not_reportable" and row["not_reportable_reason"].startswith("Ontvanger")
    assert "al een besluit" in filed.act(f"inc:reported:{REF}", user="fg")


def test_decision_in_time_needs_no_delay_reason(filed, engine):
    filed.act(f"inc:reported:{REF}", user="ciso")
    assert "Klopt dit?" in filed.say("AP-2026-101", user="ciso")
    assert "gemeld bij de AP (kenmerk AP-2026-101)" in filed.press("Ja, vastleggen", user="ciso")
    assert engine.store.table("incidents").get(REF)["delay_reason"] is None


def test_close_needs_a_decision_first(filed):
    assert "pas worden afgesloten" in filed.act(f"inc:close:{REF}", user="ciso")
    filed.act(f"inc:notreportable:{REF}", user="ciso")
    filed.say("geen risico: ontvanger is collega", user="ciso")
    filed.press("Ja, vastleggen", user="ciso")
    filed.act(f"inc:informed:{REF}:yes", user="ciso")
    assert "afgesloten" in filed.act(f"inc:close:{REF}", user="ciso")
    assert "was al afgesloten" in filed.act(f"inc:close:{REF}", user="ciso")
    assert "geen openstaande" in filed.say("/incidenten", user="ciso")


def test_note_strips_identifiers_and_is_an_event(filed, engine):
    filed.act(f"inc:note:{REF}", user="fg")
    text = filed.say("Gebeld met ontvanger 0612345678, verwijderd", user="fg")
    assert "Notitie toegevoegd" in text and "persoonsgegevens" in text
    note = [e for e in engine.store.table("incident_events").rows if e["action"] == "note"][0]
    assert "0612345678" not in note["details"]
    assert note["actor"] == "test:fg"


def test_event_log_is_append_only(filed, engine):
    with pytest.raises(Exception, match="append-only"):
        engine.store.execute("UPDATE incident_events SET actor = 'x'")
    with pytest.raises(Exception, match="append-only"):
        engine.store.execute("DELETE FROM incident_events")


def decided_state(engine):
    return engine.store.table("incidents").get(REF)["decision"]


def test_terug_at_the_reason_prompt_records_nothing(filed, engine):
    """Seen: "terug" at the reason prompt recorded "niet meldplichtig" with reason "terug"."""
    filed.act(f"inc:notreportable:{REF}", user="ciso")
    assert "niets vastgelegd" in filed.say("terug", user="ciso")
    assert decided_state(engine) is None
    filed.act(f"inc:notreportable:{REF}", user="ciso")
    assert "gestopt" in filed.say("stop", user="ciso")
    assert decided_state(engine) is None


def test_a_question_at_the_ap_prompt_is_answered_not_stored(filed, engine):
    """Seen: a question typed at the AP-reference prompt became the AP reference."""
    filed.act(f"inc:reported:{REF}", user="ciso")
    text = filed.say("moeten we de betrokkenen ook informeren?", user="ciso")
    assert "meldingsnummer" in text  # asked again
    assert decided_state(engine) is None
    assert "geen meldingsnummer" in filed.say("weet ik nog niet", user="ciso")
    assert decided_state(engine) is None


@pytest.mark.parametrize("reference", ["AP-2026-12345", "M-123456", "2026-004512", "AP 2026 771"])
def test_ap_references_that_look_like_one_are_accepted(filed, engine, reference):
    filed.act(f"inc:reported:{REF}", user="ciso")
    assert reference in filed.say(reference, user="ciso")
    filed.press("Ja, vastleggen", user="ciso")
    assert engine.store.table("incidents").get(REF)["ap_reference"] == reference


def test_terug_from_the_confirmation_goes_back_one_step(filed, engine):
    filed.act(f"inc:reported:{REF}", user="ciso")
    filed.say("AP-2026-1", user="ciso")
    assert "meldingsnummer" in filed.say("terug", user="ciso")
    filed.say("AP-2026-2", user="ciso")
    filed.press("Ja, vastleggen", user="ciso")
    assert engine.store.table("incidents").get(REF)["ap_reference"] == "AP-2026-2"


def test_a_decision_is_corrected_by_a_new_event(filed, engine):
    filed.act(f"inc:notreportable:{REF}", user="ciso")
    filed.say("ontvanger is collega en heeft verwijderd", user="ciso")
    filed.press("Ja, vastleggen", user="ciso")
    assert "Welk besluit" in filed.act(f"inc:correct:{REF}", user="fg")
    assert "meldingsnummer" in filed.press("Toch gemeld bij de AP", user="fg")
    assert "corrigeert" in filed.say("AP-2026-999", user="fg")
    filed.press("Ja, vastleggen", user="fg")
    row = engine.store.table("incidents").get(REF)
    assert row["decision"] == "reported" and row["ap_reference"] == "AP-2026-999" and row["not_reportable_reason"] is None
    actions = [e["action"] for e in engine.store.table("incident_events").rows_where("ref = ?", [REF], order_by="id")]
    assert actions[-2:] == ["decided_not_reportable", "decision_corrected"]  # the first decision stays in the log


def test_closing_a_high_risk_incident_without_informing_asks_why(tmp_path, clock):
    from tests.helpers import ChatDriver, new_engine, run_intake

    engine = new_engine(tmp_path, clock)
    chat = ChatDriver(engine)
    run_intake(chat, "laptop gestolen", {"discovered_at": "nu", "subjects": ("press", "101 tot 1000"),
                                          "backup_available": ("press", "Weet ik niet"),
                                          "unavailable_impact": ("press", "Ja")})
    assert engine.store.table("incidents").get(REF)["assessment"].count('"high"') == 1
    chat.act(f"inc:reported:{REF}", user="ciso")
    chat.say("AP-2026-555", user="ciso")
    chat.press("Ja, vastleggen", user="ciso")
    assert "Waarom sluit je het toch af" in chat.act(f"inc:close:{REF}", user="ciso")
    assert "Klopt dit?" in chat.say("betrokkenen onvindbaar, via de website geïnformeerd", user="ciso")
    assert "afgesloten" in chat.press("Ja, vastleggen", user="ciso")
    closed = [e for e in engine.store.table("incident_events").rows if e["action"] == "closed"][0]
    assert "onvindbaar" in closed["details"]


def test_buttons_of_the_register_pressed_in_a_group_show_nothing(filed, engine):
    """Issue 12: the Details button (or any incident button) in a channel or group never posts the register."""
    from bot.messages import Message, Person

    replies = filed.send(Message(Person("test", "ciso"), action=f"inc:show:{REF}", private=False))
    text = "\n".join(r.text for r in replies)
    assert "privébericht" in text and "Logboek" not in text and "Omschrijving" not in text
    replies = filed.send(Message(Person("test", "ciso"), action=f"inc:ack:{REF}", private=False))
    assert "privébericht" in "\n".join(r.text for r in replies)
    assert engine.store.table("incidents").get(REF)["acknowledged_at"] is None  # nothing done from a group
