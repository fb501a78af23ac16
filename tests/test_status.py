"""`python -m bot status`: the heartbeat, the running clocks and undelivered pings, for a monitoring check."""
import asyncio
from datetime import timedelta

import pytest

from bot.__main__ import main
from storage import heartbeat
from tests.helpers import ChatDriver, db_args, new_app, run_runner
from tests.test_datalek import complete_intake
from tests.test_deadline import Recorder

REF = "DL-2026-0001"
pytestmark = pytest.mark.both_backends


@pytest.fixture(autouse=True)
def roster(monkeypatch, tmp_path):
    """`status` reads the configuration like every command: the same roles as the test app, no .env."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CISO_USERS", "test:ciso")
    monkeypatch.setenv("FG_USERS", "test:fg")
    monkeypatch.setenv("DEPUTY_USERS", "test:deputy")


def setup(tmp_path, clock, fail=False):
    app = new_app(tmp_path, clock)
    recorder = Recorder(fail)
    app.add_notifier(recorder)
    return app, recorder, ChatDriver(app.engine)


def status(tmp_path, now, capsys):
    code = main(["status", *db_args(tmp_path / "bot.db"), "--now", now.isoformat()])
    return code, capsys.readouterr().out


def test_all_well(tmp_path, clock, capsys):
    app, rec, chat = setup(tmp_path, clock)
    complete_intake(chat)
    run_runner(app)
    code, out = status(tmp_path, clock() + timedelta(minutes=2), capsys)
    assert code == 0, out
    assert "Hartslag: 2 min geleden" in out
    assert "Open incidenten zonder besluit: 1" in out
    assert f"{REF} · uiterlijk melden donderdag 26 november 2026 om 09:15 · volgende herinnering unacked-1h" in out
    assert "Niet verzonden herinneringen: geen" in out and out.rstrip().endswith("Status: in orde.")


def test_no_heartbeat_is_a_problem(tmp_path, clock, capsys):
    new_app(tmp_path, clock)
    code, out = status(tmp_path, clock(), capsys)
    assert code == 1
    assert "Hartslag: geen" in out and "PROBLEEM: geen hartslag" in out


def test_an_old_heartbeat_is_a_problem(tmp_path, clock, capsys):
    app, rec, chat = setup(tmp_path, clock)
    run_runner(app)
    assert status(tmp_path, clock() + timedelta(minutes=10), capsys)[0] == 0
    code, out = status(tmp_path, clock() + timedelta(minutes=11), capsys)
    assert code == 1 and "de laatste hartslag is 11 min oud (grens 10 min)" in out


def test_the_runner_beats_on_every_wake(tmp_path, clock):
    app, rec, chat = setup(tmp_path, clock)
    beats = []

    async def wake():
        clock.advance(minutes=5)
        await app.reminders.fire_due()
        beats.append(heartbeat.latest(app.store)["beat_at"])

    start = clock()
    run_runner(app, wake, wake)
    assert beats == [(start + timedelta(minutes=m)).isoformat(timespec="seconds") for m in (5, 10)]
    beat = heartbeat.latest(app.store)
    assert beat["pid"] > 0 and beat["host"]


def test_a_ping_more_than_five_minutes_overdue_is_a_problem(tmp_path, clock, capsys):
    app, rec, chat = setup(tmp_path, clock, fail=True)  # no platform takes the pings
    complete_intake(chat)
    run_runner(app)
    code, out = status(tmp_path, clock() + timedelta(minutes=4), capsys)
    assert code == 0  # late, but within the retry
    assert "Niet verzonden herinneringen: 2" in out and f"{REF} filed aan test:ciso: 4 min" in out
    code, out = status(tmp_path, clock() + timedelta(minutes=6), capsys)
    assert code == 1
    assert f"PROBLEEM: herinnering {REF} filed aan test:ciso is 6 min te laat" in out


def test_a_ping_stuck_in_sending_is_reported(tmp_path, clock, capsys):
    app, rec, chat = setup(tmp_path, clock)
    complete_intake(chat)
    run_runner(app)
    clock.advance(hours=1, minutes=1)
    reminders = app.reminders
    from bot.reminders.milestones import milestones

    unacked = [m for m in milestones(app.store.table("incidents").get(REF), clock()) if m.name == "unacked-1h"][0]
    reminders._claim(f"{REF}|unacked-1h|test:ciso", REF, unacked, "test:ciso", "sending")  # a crash mid-send
    heartbeat.beat(app.store, "host", 1, clock())
    code, out = status(tmp_path, clock() + timedelta(minutes=8), capsys)
    assert code == 1
    assert f"{REF} unacked-1h aan test:ciso" in out


def test_a_decided_incident_has_no_clock(tmp_path, clock, capsys):
    app, rec, chat = setup(tmp_path, clock)
    complete_intake(chat)
    from storage.incidents import update_incident

    update_incident(app.store, REF, "test:ciso", "decided_reported",
                    {"decision": "reported", "status": "decided", "ap_reference": "AP-1"}, clock())
    run_runner(app)
    code, out = status(tmp_path, clock() + timedelta(days=5), capsys)
    assert "Open incidenten zonder besluit: 0" in out and "Niet verzonden herinneringen: geen" in out
    assert code == 1  # only because the runner stopped five days ago


def test_status_of_a_missing_database(tmp_path, capsys):
    assert main(["status", "--db", str(tmp_path / "nergens.db")]) == 2
    assert "bestaat niet" in capsys.readouterr().err
