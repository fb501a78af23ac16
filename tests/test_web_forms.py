"""The desk's forms (aiohttp test client): the chat's actions, the same events, checks and confirmation."""
from __future__ import annotations

import re

from bot.handlers.incidents import actions
from storage.incidents import events, get_incident
import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.adapters.web import create_app
from tests.helpers import new_app
from tests.test_web import HIGH_RISK, Recorder, login, post, report, text_of


@pytest.fixture
def app(tmp_path, clock):
    return new_app(tmp_path, clock, web_base_url="http://desk.test")


@pytest.fixture
async def client(app):
    async with TestClient(TestServer(create_app(app)), cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        yield client


def log_of(app, ref: str) -> list[tuple[str, str]]:
    return [(e["actor"], e["action"]) for e in events(app.store, ref)]


async def flash_after(client, response) -> str:
    """Follow a form's redirect and return the words of the page it lands on."""
    assert response.status == 303, await response.text()
    return text_of(await (await client.get(response.headers["Location"].split("#")[0])).text())


async def test_seen_and_a_note_record_the_chats_events(client, app):
    ref = await report(app)
    await login(client, app)
    words = await flash_after(client, await post(client, f"/incidenten/{ref}/gezien"))
    assert f"Genoteerd: je hebt {ref} gezien." in words and "Ik heb het gezien" not in words  # the form is gone
    words = await flash_after(client, await post(client, f"/incidenten/{ref}/gezien"))  # twice: once
    assert "was al gezien door test:ciso (CISO)" in words
    words = await flash_after(client, await post(client, f"/incidenten/{ref}/notitie",
                                                 text="Melder gebeld; BSN 111222333 stond erin"))
    assert "persoonsgegevens (zoals een BSN" in words and "Notitie toegevoegd" in words
    assert "111222333" not in words
    assert log_of(app, ref) == [("melder", "filed"), ("test:ciso", "acknowledged"), ("test:ciso", "note")]
    assert get_incident(app.store, ref)["acknowledged_by"] == "test:ciso (CISO)"  # as in the chat


async def test_what_people_typed_is_shown_as_text_never_as_markup(client, app):
    ref = await report(app)
    await login(client, app)
    await post(client, f"/incidenten/{ref}/notitie", text="<script>alert('x')</script> en <b>vet</b> geschreven")
    html = await (await client.get(f"/incidenten/{ref}")).text()
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&lt;b&gt;vet&lt;/b&gt;" in html


async def test_a_note_must_say_something(client, app):
    ref = await report(app)
    await login(client, app)
    response = await post(client, f"/incidenten/{ref}/notitie", text="ok")
    assert response.status == 400 and "Schrijf in een paar woorden" in text_of(await response.text())
    assert log_of(app, ref) == [("melder", "filed")]


async def test_reported_needs_an_ap_reference_and_a_confirmation_then_the_pings_stop(client, app, clock):
    recorder = Recorder()
    app.add_notifier(recorder)
    ref = await report(app)
    assert recorder.take() == [("test:ciso", "filed"), ("test:fg", "filed")]
    assert app.reminders.wake is not None and app.reminders.wake.reason == "unacked-1h"
    await login(client, app, "test:fg")
    response = await post(client, f"/incidenten/{ref}/gemeld", ap_reference="weet ik niet")
    words = text_of(await response.text())
    assert response.status == 400 and "Dat lijkt geen meldingsnummer van de AP" in words and "'terug'" not in words
    assert 'value="weet ik niet"' in await response.text()  # what was typed stays
    response = await post(client, f"/incidenten/{ref}/gemeld", ap_reference=" AP-2026-4711 ")
    words = text_of(await response.text())
    assert response.status == 200 and "Klopt dit?" in words
    assert f"Vastleggen: {ref} is gemeld bij de AP met kenmerk AP-2026-4711." in words
    assert "Daarna stoppen de herinneringen." in words
    assert log_of(app, ref) == [("melder", "filed")]  # nothing recorded before the second form
    response = await post(client, f"/incidenten/{ref}/gemeld", ap_reference="AP-2026-4711", confirm="ja")
    words = await flash_after(client, response)
    assert f"Vastgelegd: {ref} is gemeld bij de AP (kenmerk AP-2026-4711)" in words
    assert "AP-kenmerk AP-2026-4711" in words and "De klok is gestopt" in words
    incident = get_incident(app.store, ref)
    assert (incident["decision"], incident["ap_reference"], incident["decision_by"]) == (
        "reported", "AP-2026-4711", "test:fg (FG)")
    assert log_of(app, ref)[-1] == ("test:fg", "decided_reported")
    assert app.reminders.wake is None  # the engine's subscribers heard it: nothing left to wake for
    clock.advance(days=5)
    assert await app.reminders.fire_due() == 0 and recorder.take() == []
    await login(client, app, "test:fg")  # five days on, the session has ended
    words = await flash_after(client, await post(client, f"/incidenten/{ref}/gemeld", ap_reference="AP-2026-1",
                                                 confirm="ja"))
    assert "is al een besluit vastgelegd" in words
    assert [a for _, a in log_of(app, ref)].count("decided_reported") == 1


async def test_a_late_report_needs_the_reason_for_the_delay(client, app, clock):
    ref = await report(app)
    clock.advance(days=3, hours=1)
    await login(client, app)
    html = await (await client.get(f"/incidenten/{ref}")).text()
    assert "Reden van de vertraging" in html
    response = await post(client, f"/incidenten/{ref}/gemeld", ap_reference="AP-2026-12345")
    assert response.status == 400 and "Vul dit in." in text_of(await response.text())
    response = await post(client, f"/incidenten/{ref}/gemeld", ap_reference="AP-2026-12345",
                          delay_reason="Melder was ziek, pas later ontdekt")
    assert "Reden van de vertraging: Melder was ziek, pas later ontdekt" in text_of(await response.text())
    await flash_after(client, await post(client, f"/incidenten/{ref}/gemeld", ap_reference="AP-2026-12345",
                                         delay_reason="Melder was ziek, pas later ontdekt", confirm="ja"))
    assert get_incident(app.store, ref)["delay_reason"] == "Melder was ziek, pas later ontdekt"


async def test_not_reportable_needs_a_reason_and_a_confirmation(client, app):
    ref = await report(app)
    await login(client, app)
    response = await post(client, f"/incidenten/{ref}/niet-meldplichtig", reason="nee")
    assert response.status == 400 and "Schrijf in een paar woorden" in text_of(await response.text())
    reason = "Ontvanger is een collega en heeft de mail verwijderd"
    response = await post(client, f"/incidenten/{ref}/niet-meldplichtig", reason=reason)
    assert f"Vastleggen: {ref} is niet meldplichtig. Reden: {reason}" in text_of(await response.text())
    words = await flash_after(client, await post(client, f"/incidenten/{ref}/niet-meldplichtig", reason=reason,
                                                 confirm="ja"))
    assert f"Vastgelegd: {ref} is niet meldplichtig" in words and reason in words
    assert log_of(app, ref)[-1] == ("test:ciso", "decided_not_reportable")


async def test_informed_correct_and_close_a_high_risk_incident(client, app):
    ref = await report(app, steps=HIGH_RISK)
    actions.decide(app.engine.context(), "test:ciso", get_incident(app.store, ref), "not_reportable",
                   reason="Eerst gedacht dat de ontvanger betrouwbaar was")
    await login(client, app, "test:deputy")
    # correcting a decision: a new event, confirmed first
    response = await post(client, f"/incidenten/{ref}/corrigeren", decision="reported", ap_reference="x")
    assert response.status == 400
    response = await post(client, f"/incidenten/{ref}/corrigeren")
    assert response.status == 400 and "Kies het besluit dat nu geldt." in text_of(await response.text())
    response = await post(client, f"/incidenten/{ref}/corrigeren", decision="reported", ap_reference="AP-2026-777")
    assert "Dit corrigeert het eerdere besluit" in text_of(await response.text())
    words = await flash_after(client, await post(client, f"/incidenten/{ref}/corrigeren", decision="reported",
                                                 ap_reference="AP-2026-777", confirm="ja"))
    assert "AP-kenmerk AP-2026-777" in words and "heeft het besluit gecorrigeerd naar: gemeld bij de AP" in words
    assert "(was: niet meldplichtig)" in words
    # closing a high-risk incident whose people were not informed needs a reason, confirmed
    words = await flash_after(client, await post(client, f"/incidenten/{ref}/betrokkenen", informed="no"))
    assert "betrokkenen (nog) niet geïnformeerd" in words
    response = await post(client, f"/incidenten/{ref}/afsluiten")
    assert response.status == 400 and "Vul dit in." in text_of(await response.text())
    reason = "Betrokkenen zijn niet te achterhalen, publieke mededeling gedaan"
    response = await post(client, f"/incidenten/{ref}/afsluiten", close_reason=reason)
    assert "zonder dat de betrokkenen zijn geïnformeerd" in text_of(await response.text())
    words = await flash_after(client, await post(client, f"/incidenten/{ref}/afsluiten", close_reason=reason,
                                                 confirm="ja"))
    assert f"{ref} is afgesloten" in words and "Handelingen" not in words
    assert f"Reden om af te sluiten zonder de betrokkenen te informeren: {reason}" in words
    assert [a for _, a in log_of(app, ref)] == ["filed", "decided_not_reportable", "decision_corrected",
                                                "subjects_informed", "closed"]
    assert {actor for actor, _ in log_of(app, ref)[2:]} == {"test:deputy"}


async def test_closing_after_informing_needs_no_reason(client, app):
    ref = await report(app)
    actions.decide(app.engine.context(), "test:ciso", get_incident(app.store, ref), "reported",
                   ap_reference="AP-2026-1000")
    await login(client, app)
    response = await post(client, f"/incidenten/{ref}/betrokkenen", informed="bogus")
    assert response.status == 400
    await flash_after(client, await post(client, f"/incidenten/{ref}/betrokkenen", informed="not_needed"))
    words = await flash_after(client, await post(client, f"/incidenten/{ref}/afsluiten"))
    assert f"{ref} is afgesloten en staat in het datalekregister." in words
    words = await flash_after(client, await post(client, f"/incidenten/{ref}/notitie", text="Nog een notitie achteraf"))
    assert f"{ref} is afgesloten." in words  # the chat's answer: nothing is added to a closed incident


async def test_nothing_to_correct_before_a_decision(client, app):
    ref = await report(app)
    await login(client, app)
    words = await flash_after(client, await post(client, f"/incidenten/{ref}/corrigeren", decision="reported",
                                                 ap_reference="AP-2026-5555"))
    assert "heeft geen open besluit om te corrigeren" in words
    assert log_of(app, ref) == [("melder", "filed")]


async def test_an_unknown_action_is_not_found(client, app):
    ref = await report(app)
    await login(client, app)
    response = await post(client, f"/incidenten/{ref}/verwijderen")
    assert response.status == 404
    assert re.findall(r"action", str(log_of(app, ref))) == []
