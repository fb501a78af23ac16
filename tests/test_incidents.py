"""CISO/FG commands: list, show, refusal for others, idempotent actions, decisions, audit log."""
import pytest

from tests.test_datalek import complete_intake

REF = "DL-2026-0001"


@pytest.fixture
def filed(chat):
    complete_intake(chat)
    return chat


def test_list_shows_open_incidents_most_urgent_first(filed):
    complete_intake(filed, first="cc in plaats van bcc", user="b")  # same discovery time
    text = filed.say("/incidenten", user="ciso")
    assert text.index("DL-2026-0001") < text.index("DL-2026-0002")
    assert "nog 2 dagen 23 uur" in text and "nog niet gezien" in text


def test_non_role_user_is_refused(filed):
    assert "alleen voor de CISO en de FG" in filed.say("/incidenten", user="buurman")
    assert "kan ik je niet laten zien" in filed.say(f"/incident {REF}", user="buurman")
    assert "kan ik je niet laten zien" in filed.act(f"inc:ack:{REF}", user="buurman")
    assert "kan ik je niet laten zien" in filed.act(f"inc:show:{REF}", user="buurman")


def test_reporter_sees_status_but_cannot_act(filed):
    text = filed.say(f"/incident {REF}")
    assert "Status: open" in text and "Omschrijving" not in text
    assert "Alleen de CISO en de FG" in filed.act(f"inc:ack:{REF}")


def test_role_sees_details_and_assessment(filed):
    text = filed.say(f"/incident {REF}", user="fg")
    assert "Omschrijving: Wmo-beschikking" in text
    assert "Voorlopige inschatting" in text and "Logboek" in text
    assert "Gemeld bij AP" in " ".join(filed.choices("fg"))


def test_unknown_reference(filed):
    assert "Ik ken geen incident DL-2026-0999" in filed.say("/incident DL-2026-0999", user="ciso")
    assert "Gebruik: /incident" in filed.say("/incident", user="ciso")


def test_acknowledge_twice_does_nothing_twice(filed, engine):
    filed.act(f"inc:ack:{REF}", user="ciso")
    text = filed.act(f"inc:ack:{REF}", user="fg")
    assert "was al gezien door test:ciso" in text
    actions = [e["action"] for e in engine.store.db["incident_events"].rows]
    assert actions.count("acknowledged") == 1


def test_not_reportable_with_reason_and_decide_twice(filed, engine):
    assert "Waarom" in filed.act(f"inc:notreportable:{REF}", user="ciso")
    assert "niet meldplichtig" in filed.say("Ontvanger is collega en heeft verwijderd", user="ciso")
    row = engine.store.db["incidents"].get(REF)
    assert row["decision"] == "not_reportable" and row["not_reportable_reason"].startswith("Ontvanger")
    assert "al een besluit" in filed.act(f"inc:reported:{REF}", user="fg")


def test_decision_in_time_needs_no_delay_reason(filed, engine):
    filed.act(f"inc:reported:{REF}", user="ciso")
    assert "gemeld bij de AP (kenmerk AP-1)" in filed.say("AP-1", user="ciso")
    assert engine.store.db["incidents"].get(REF)["delay_reason"] is None


def test_close_needs_a_decision_first(filed):
    assert "pas worden afgesloten" in filed.act(f"inc:close:{REF}", user="ciso")
    filed.act(f"inc:notreportable:{REF}", user="ciso")
    filed.say("geen risico", user="ciso")
    assert "afgesloten" in filed.act(f"inc:close:{REF}", user="ciso")
    assert "was al afgesloten" in filed.act(f"inc:close:{REF}", user="ciso")
    assert "geen openstaande" in filed.say("/incidenten", user="ciso")


def test_note_strips_identifiers_and_is_an_event(filed, engine):
    filed.act(f"inc:note:{REF}", user="fg")
    text = filed.say("Gebeld met ontvanger 0612345678, verwijderd", user="fg")
    assert "Notitie toegevoegd" in text and "persoonsgegevens" in text
    note = [e for e in engine.store.db["incident_events"].rows if e["action"] == "note"][0]
    assert "0612345678" not in note["details"]
    assert note["actor"] == "test:fg"


def test_event_log_is_append_only(filed, engine):
    with pytest.raises(Exception, match="append-only"):
        engine.store.db.execute("UPDATE incident_events SET actor = 'x'")
    with pytest.raises(Exception, match="append-only"):
        engine.store.db.execute("DELETE FROM incident_events")
