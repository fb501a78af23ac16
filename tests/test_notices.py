"""People hear what happened: the other officers and the reporter get one notice per acknowledgement,
decision, correction and closing (bot/notices.py), through the outbox, claimed once."""
from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from bot.adapters.console import ConsoleChat, ConsoleNotifier
from bot.events import IncidentChanged
from bot.handlers.incidents import actions
from storage.incidents import events, get_incident
from tests.helpers import ChatDriver, OutboxRecorder, filed_app, new_app, run_intake

REF = "DL-2026-0001"
REASON = "ontvanger is een collega en heeft de mail verwijderd"


class Recorder(OutboxRecorder):
    """A notifier that records everything the outbox sends; pings and notices apart."""


    def notices(self) -> list[tuple[str, str, str]]:
        return [(recipient, reply.meta["notice"], reply.text) for recipient, reply in self.replies
                if "notice" in reply.meta]

    def take(self) -> list[tuple[str, str, str]]:
        found = sorted(self.notices())
        self.replies.clear()
        return found


@pytest.fixture
def setup(tmp_path, clock):
    return filed_app(tmp_path, clock, Recorder())


def not_reportable(chat, user="fg", reason=REASON):
    chat.act(f"inc:notreportable:{REF}", user=user)
    chat.say(reason, user=user)
    return chat.press("Ja, vastleggen", user=user)


def test_an_acknowledgement_tells_the_other_officers_not_the_reporter(setup):
    app, rec, chat = setup
    chat.act(f"inc:ack:{REF}", user="ciso")
    assert rec.take() == [("test:deputy", "acknowledged", f"👀 De CISO heeft {REF} gezien."),
                          ("test:fg", "acknowledged", f"👀 De CISO heeft {REF} gezien.")]
    chat.act(f"inc:ack:{REF}", user="fg")  # already seen: nothing happened, nobody is told
    assert rec.take() == []


def test_a_decision_tells_the_other_officers_and_the_reporter_once(setup):
    app, rec, chat = setup
    assert "niet meldplichtig" in not_reportable(chat)
    officer = f"🚫 De FG heeft {REF} als niet meldplichtig vastgelegd: {REASON}"
    reporter = (f"Je melding {REF} is bekeken: het hoeft niet gemeld te worden bij de Autoriteit Persoonsgegevens. "
                "Dank je dat je het meteen meldde.")
    assert rec.take() == [("test:ciso", "decided_not_reportable", officer),
                          ("test:deputy", "decided_not_reportable", officer),
                          ("test:medewerker", "decided_not_reportable", reporter)]
    # the same button again, the other officer trying too: nothing recorded, nobody told twice
    chat.act(f"inc:notreportable:{REF}", user="fg")
    chat.act(f"inc:reported:{REF}", user="ciso")
    assert rec.take() == []


def test_the_reporter_hears_the_outcome_without_internal_details(setup):
    app, rec, chat = setup
    chat.act(f"inc:reported:{REF}", user="ciso")
    chat.say("AP-2026-12345", user="ciso")
    chat.press("Ja, vastleggen", user="ciso")
    told = {recipient: text for recipient, _, text in rec.take()}
    assert told["test:fg"] == f"📨 De CISO heeft {REF} als gemeld bij de AP vastgelegd (kenmerk AP-2026-12345)."
    assert told["test:medewerker"].startswith(f"Je melding {REF} is bekeken: het is gemeld bij de Autoriteit "
                                              "Persoonsgegevens (AP).")
    assert "AP-2026-12345" not in told["test:medewerker"] and "CISO" not in told["test:medewerker"]
    assert "test:ciso" not in told  # who acted is not told what they did


def test_a_correction_and_the_closing_are_told_once_each(setup):
    app, rec, chat = setup
    not_reportable(chat, user="ciso")
    rec.take()
    chat.act(f"inc:correct:{REF}", user="fg")
    chat.press("Toch gemeld bij de AP", user="fg")
    chat.say("AP-2026-999", user="fg")
    chat.press("Ja, vastleggen", user="fg")
    corrected = rec.take()
    assert [(r, w) for r, w, _ in corrected] == [("test:ciso", "decision_corrected"), ("test:deputy", "decision_corrected"),
                                                 ("test:medewerker", "decision_corrected")]
    assert corrected[0][2] == (f"✏️ De FG heeft het besluit over {REF} gecorrigeerd: nu gemeld bij de AP "
                               "(kenmerk AP-2026-999); was: niet meldplichtig.")
    assert "opnieuw bekeken: het is toch gemeld" in corrected[2][2]

    chat.act(f"inc:informed:{REF}:yes", user="fg")
    assert rec.take() == []  # recording that the people were informed is not news for anyone
    assert "afgesloten" in chat.act(f"inc:close:{REF}", user="fg")
    chat.act(f"inc:close:{REF}", user="ciso")  # closed already: nothing new
    assert rec.take() == [("test:ciso", "closed", f"🔒 De FG heeft {REF} afgesloten."),
                          ("test:deputy", "closed", f"🔒 De FG heeft {REF} afgesloten."),
                          ("test:medewerker", "closed", f"Je melding {REF} is afgesloten. Dank je voor je melding.")]


def test_each_officer_and_the_reporter_get_exactly_one_notice_per_decision_and_closing(setup):
    app, rec, chat = setup
    chat.act(f"inc:ack:{REF}", user="ciso")
    not_reportable(chat)
    chat.act(f"inc:informed:{REF}:yes", user="ciso")
    chat.act(f"inc:close:{REF}", user="ciso")
    counts = Counter((recipient, what) for recipient, what, _ in rec.notices())
    assert counts == {("test:fg", "acknowledged"): 1, ("test:deputy", "acknowledged"): 1,
                      ("test:ciso", "decided_not_reportable"): 1, ("test:deputy", "decided_not_reportable"): 1,
                      ("test:medewerker", "decided_not_reportable"): 1,
                      ("test:fg", "closed"): 1, ("test:deputy", "closed"): 1, ("test:medewerker", "closed"): 1}


def test_a_notice_is_claimed_once_even_when_the_event_is_published_again(setup):
    app, rec, chat = setup
    not_reportable(chat)
    first = rec.take()
    asyncio.run(app.engine.publish([IncidentChanged(REF, "decided_not_reportable", "test:fg")]))
    assert rec.take() == [] and len(first) == 3
    claims = [r for r in app.store.db["notifications"].rows if r["milestone"].startswith("notice:")]
    event_id = [e for e in events(app.store, REF) if e["action"] == "decided_not_reportable"][0]["id"]
    assert {r["key"] for r in claims} == {f"{REF}|notice:{event_id}|{who}"
                                          for who in ("test:ciso", "test:deputy", "test:medewerker")}
    assert {r["status"] for r in claims} == {"sent"}


def test_an_event_without_what_or_actor_still_works_and_tells_nobody(setup):
    app, rec, chat = setup
    assert IncidentChanged(REF) == IncidentChanged(REF, None, None)  # backward compatible
    asyncio.run(app.engine.publish([IncidentChanged(REF)]))
    assert rec.take() == []


def test_the_desk_tells_the_same_people(setup):
    """The desk's forms call the same actions and publish the turn's events (forms.finish)."""
    app, rec, chat = setup
    ctx = app.engine.context()
    actions.decide(ctx, "test:ciso", get_incident(app.store, REF), "not_reportable", reason=REASON)
    asyncio.run(app.engine.publish(ctx.events))
    assert [(r, w) for r, w, _ in rec.take()] == [("test:deputy", "decided_not_reportable"),
                                                   ("test:fg", "decided_not_reportable"),
                                                   ("test:medewerker", "decided_not_reportable")]


def test_without_deputies_only_the_other_officer_and_the_reporter_hear_it(tmp_path, clock):
    app = new_app(tmp_path, clock, deputy_users=())
    rec = Recorder()
    app.add_notifier(rec)
    chat = ChatDriver(app.engine)
    run_intake(chat, "ik heb een mail naar de verkeerde persoon gestuurd")
    rec.replies.clear()
    not_reportable(chat)
    assert [(r, w) for r, w, _ in rec.take()] == [("test:ciso", "decided_not_reportable"),
                                                   ("test:medewerker", "decided_not_reportable")]


def test_console_users_get_notices_through_the_console_notifier(tmp_path, clock):
    app = new_app(tmp_path, clock, ciso_users=("console:ciso",), fg_users=("console:fg",), deputy_users=())
    shown: list[str] = []
    console = ConsoleChat(app.engine, "medewerker", output=shown.append)
    app.add_notifier(ConsoleNotifier(console))
    chat = ChatDriver(app.engine, platform="console")
    run_intake(chat, "ik heb een mail naar de verkeerde persoon gestuurd")
    shown.clear()
    chat.act(f"inc:ack:{REF}", user="ciso")
    (printed,) = shown
    assert "Melding voor FG (fg)" in printed and f"De CISO heeft {REF} gezien." in printed
    shown.clear()
    not_reportable(chat, user="ciso")
    assert len(shown) == 2
    assert any("Melding voor gebruiker (medewerker)" in s and "hoeft niet gemeld te worden" in s for s in shown)
