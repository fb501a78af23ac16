"""Ownership: the CISO or the FG takes an incident on (chat button, desk form); an `owner_taken` event
and the `owner` column; the reminders before the deadline then go to the owner only."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.adapters.web import create_app
from bot.handlers.incidents.views import REFUSAL
from storage.incidents import events, get_incident
from storage.register import verify
from tests.helpers import ChatDriver, OutboxRecorder, filed_app, new_app, run_intake
from tests.test_web import login, post, text_of

REF = "DL-2026-0001"
DEADLINE = datetime(2026, 11, 26, 8, 15, tzinfo=timezone.utc)  # discovered 23-11 09:15 local


class Recorder(OutboxRecorder):

    def pings(self) -> list[tuple[str, str]]:
        found = sorted((r, reply.meta["ping"]) for r, reply in self.replies if "ping" in reply.meta)
        return found

    def take(self) -> list[tuple[str, str]]:
        found = self.pings()
        self.replies.clear()
        return found


@pytest.fixture
def setup(tmp_path, clock):
    return filed_app(tmp_path, clock, Recorder())


def fire(app):
    return asyncio.run(app.reminders.fire_due())


def owner_events(app):
    return [e for e in events(app.store, REF) if e["action"] == "owner_taken"]


def test_the_ciso_takes_an_incident_on(setup):
    app, rec, chat = setup
    assert "🙋 Ik pak dit op" in [c.label for c in chat.engine.handlers["incidents"].buttons(get_incident(app.store, REF))]
    text = chat.act(f"inc:own:{REF}", user="ciso")
    assert f"je hebt {REF} opgepakt" in text
    assert get_incident(app.store, REF)["owner"] == "test:ciso"
    (event,) = owner_events(app)
    assert event["actor"] == "test:ciso" and event["details"]["changes"] == {"owner": "test:ciso"}
    assert event["details"]["previous"] is None
    assert "al opgepakt" in chat.act(f"inc:own:{REF}", user="ciso")  # twice: once
    assert len(owner_events(app)) == 1
    assert verify(app.store).ok  # the column changed with its event
    # the other officers hear of it
    told = sorted((r, reply.text) for r, reply in rec.replies if reply.meta.get("notice") == "owner_taken")
    assert [r for r, _ in told] == ["test:deputy", "test:fg"]
    assert told[0][1].startswith(f"🙋 De CISO heeft {REF} opgepakt.")


def test_the_fg_takes_it_over(setup):
    app, rec, chat = setup
    chat.act(f"inc:own:{REF}", user="ciso")
    details = chat.say(f"/incident {REF}", user="fg")
    assert "Opgepakt door: test:ciso (CISO)" in details
    assert "🙋 Ik neem het over" in chat.choices("fg")
    assert "overgenomen van test:ciso (CISO)" in chat.press("Ik neem het over", user="fg")
    assert get_incident(app.store, REF)["owner"] == "test:fg"
    assert owner_events(app)[-1]["details"]["previous"] == "test:ciso"
    assert verify(app.store).ok


def test_only_the_roles_take_an_incident_on(setup):
    app, rec, chat = setup
    assert chat.act(f"inc:own:{REF}", user="buurman") == REFUSAL
    assert "Alleen de CISO en de FG" in chat.act(f"inc:own:{REF}")  # the reporter
    assert owner_events(app) == [] and get_incident(app.store, REF)["owner"] is None


def test_the_owner_gets_the_reminders_before_the_deadline_everyone_the_deadline(setup, clock):
    app, rec, chat = setup
    chat.act(f"inc:ack:{REF}", user="ciso")
    chat.act(f"inc:own:{REF}", user="fg")
    rec.replies.clear()
    clock.now = DEADLINE - timedelta(hours=24)
    fire(app)
    assert rec.take() == [("test:fg", "t-24h")]  # the owner only
    assert app.reminders.wake.reason == "t-12h"  # the others' t-24h is left to the owner, not retried
    for hours, name in [(12, "t-12h"), (4, "t-4h"), (1, "t-1h")]:
        clock.now = DEADLINE - timedelta(hours=hours)
        fire(app)
        assert rec.take() == [("test:fg", name)]
    left = {(r["recipient"], r["milestone"]) for r in app.store.db["notifications"].rows if r["status"] == "owner"}
    assert left == {("test:ciso", name) for name in ("t-24h", "t-12h", "t-4h", "t-1h")}
    clock.now = DEADLINE
    fire(app)
    pings = {r: reply for r, reply in rec.replies}
    assert rec.take() == [("test:ciso", "deadline"), ("test:deputy", "deadline"), ("test:fg", "deadline")]
    assert "• Opgepakt door test:fg" in pings["test:ciso"].text  # every ping names the owner


def test_without_an_owner_everyone_gets_the_t_24h_ping(setup, clock):
    app, rec, chat = setup
    chat.act(f"inc:ack:{REF}", user="ciso")
    rec.replies.clear()
    clock.now = DEADLINE - timedelta(hours=24)
    fire(app)
    assert rec.take() == [("test:ciso", "t-24h"), ("test:fg", "t-24h")]


def test_unacknowledged_after_an_hour_still_pings_everyone(setup, clock):
    app, rec, chat = setup
    chat.act(f"inc:own:{REF}", user="ciso")  # taken on, but not marked as seen
    rec.replies.clear()
    clock.advance(minutes=61)
    fire(app)
    assert rec.take() == [("test:ciso", "unacked-1h"), ("test:deputy", "unacked-1h"), ("test:fg", "unacked-1h")]


def test_a_deputy_who_owns_it_gets_the_owners_reminders(setup, clock):
    app, rec, chat = setup
    chat.act(f"inc:ack:{REF}", user="ciso")  # acknowledged: deputies would rest until the deadline
    chat.act(f"inc:own:{REF}", user="deputy")
    rec.replies.clear()
    clock.now = DEADLINE - timedelta(hours=24)
    fire(app)
    assert rec.take() == [("test:deputy", "t-24h")]


def test_the_migration_adds_the_owner_column(tmp_path):
    from storage import open_db
    from storage.db import migrations

    assert "m007_incident_owner" in [m.name for m in migrations._migrations]
    store = open_db(tmp_path / "fresh.db")
    assert "owner" in store.db["incidents"].columns_dict


# -- the desk ----------------------------------------------------------------------------------------
@pytest.fixture
def desk_app(tmp_path, clock):
    return new_app(tmp_path, clock, web_base_url="http://desk.test")


@pytest.fixture
async def client(desk_app):
    async with TestClient(TestServer(create_app(desk_app)), cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        yield client


async def test_the_desk_form_takes_an_incident_on_and_the_pages_show_the_owner(client, desk_app):
    chat = ChatDriver(desk_app.engine)
    await asyncio.to_thread(run_intake, chat, "ik heb een mail naar de verkeerde persoon gestuurd")
    await login(client, desk_app, "test:fg")
    page = text_of(await (await client.get(f"/incidenten/{REF}")).text())
    assert "Opgepakt door: nog niemand" in page and "Ik pak dit op" in page
    response = await post(client, f"/incidenten/{REF}/oppakken")
    assert response.status == 303
    page = text_of(await (await client.get(f"/incidenten/{REF}")).text())
    assert f"Genoteerd: je hebt {REF} opgepakt" in page
    assert "Opgepakt door: test:fg (FG)" in page and "Ik pak dit op" not in page  # the owner gets no form
    assert "test:fg (FG) heeft het incident opgepakt (eigenaar)." in page  # the log in words
    listing = text_of(await (await client.get("/")).text())
    assert "Opgepakt door test:fg (FG)" in listing
    assert get_incident(desk_app.store, REF)["owner"] == "test:fg"


async def test_the_desk_shows_amendments(client, desk_app):
    chat = ChatDriver(desk_app.engine)
    await asyncio.to_thread(run_intake, chat, "ik heb een mail naar de verkeerde persoon gestuurd")
    await asyncio.to_thread(chat.say, "ik wil nog iets toevoegen aan DL-2026-0001: het waren 41 mensen")
    await login(client, desk_app, "test:ciso")
    page = text_of(await (await client.get(f"/incidenten/{REF}")).text())
    assert "Aanvullingen van de melder (1)" in page and "het waren 41 mensen" in page
    assert "Aanvulling van de melder: het waren 41 mensen" in page  # the log in words
