"""Retention: what is no longer needed is deleted on a schedule; closed incidents shrink to the register.

All with the fake clock: the terms are counted from the rows' own times, never from the real date.
"""
import asyncio
import json
from datetime import timedelta

import pytest

from bot.__main__ import main
from bot.config import Config, load_config
from bot.reminders.runner import retention_policy
from storage import deliveries, dialogues, heartbeat, platform_state, question_log, retention
from storage.incidents import REDUCED_REPORTER, events, get_incident, update_incident
from storage.register import verify
from tests.helpers import db_args, new_app, run_intake, run_runner
from tests.test_datalek import complete_intake

REF = "DL-2026-0001"
pytestmark = pytest.mark.both_backends
TABLES = ["dialogues", "question_log", "telegram_callbacks", "telegram_pressed", "deliveries", "heartbeat"]


def fill(store, now, tag="a"):
    """One row in every table that retention prunes, written at `now`."""
    dialogues.save(store, f"test:{tag}", "datalek", {"step": "description", "facts": {"description": "half verhaal"}}, now)
    question_log.record(store, f"vraag {tag}", "unknown", None, 0.0, now)
    platform_state.remember_callback(store, f"cb-{tag}", "inc:ack:DL-2026-0001", now)
    platform_state.claim_press(store, 1, hash(tag) % 1000, f"test:{tag}", now)
    deliveries.first_delivery(store, f"delivery-{tag}", now)
    heartbeat.beat(store, "host", hash(tag) % 1000, now)


def counts(store):
    return {table: store.table(table).count for table in TABLES}


def gone(outcomes):
    return {o.table: o.count for o in outcomes if o.count}


def test_each_table_is_pruned_after_its_own_term(tmp_path, clock):
    store = new_app(tmp_path, clock).store
    start = clock()
    fill(store, start)
    policy = retention.Policy()
    assert gone(retention.apply(store, policy, start + timedelta(days=6))) == {}
    assert gone(retention.apply(store, policy, start + timedelta(days=8))) == {"deliveries": 1, "heartbeat": 1}
    assert gone(retention.apply(store, policy, start + timedelta(days=15))) == {"dialogues": 1}
    assert gone(retention.apply(store, policy, start + timedelta(days=31))) == {"telegram_callbacks": 1, "telegram_pressed": 1}
    assert gone(retention.apply(store, policy, start + timedelta(days=89))) == {}
    assert gone(retention.apply(store, policy, start + timedelta(days=91))) == {"question_log": 1}
    assert set(counts(store).values()) == {0}


def test_a_dialogue_in_progress_stays_an_abandoned_one_goes(tmp_path, clock):
    store = new_app(tmp_path, clock).store
    dialogues.save(store, "test:weg", "datalek", {"step": "description"}, clock())
    clock.advance(days=15)
    dialogues.save(store, "test:bezig", "datalek", {"step": "description"}, clock())
    retention.apply(store, retention.Policy(), clock())
    assert dialogues.load(store, "test:weg") is None
    assert dialogues.load(store, "test:bezig") is not None


def test_dry_run_counts_and_deletes_nothing(tmp_path, clock):
    store = new_app(tmp_path, clock).store
    fill(store, clock())
    outcomes = retention.apply(store, retention.Policy(), clock() + timedelta(days=365), dry_run=True)
    assert gone(outcomes) == {table: 1 for table in TABLES}
    assert set(counts(store).values()) == {1}


def test_the_terms_are_settings(monkeypatch):
    monkeypatch.setenv("RETENTION_DIALOGUE_DAYS", "3")
    monkeypatch.setenv("RETENTION_QUESTION_DAYS", "30")
    monkeypatch.setenv("RETENTION_REGISTER_YEARS", "7")
    policy = retention_policy(load_config(env_file=None))
    assert (policy.dialogue_days, policy.question_days, policy.register_years) == (3, 30, 7)
    defaults = retention_policy(Config())
    assert (defaults.dialogue_days, defaults.question_days, defaults.register_years) == (14, 90, 5)
    assert (defaults.platform_days, defaults.delivery_days) == (30, 7)


def test_a_shorter_dialogue_term_from_the_settings(tmp_path, clock):
    store = new_app(tmp_path, clock).store
    fill(store, clock())
    policy = retention_policy(Config(retention_dialogue_days=3))
    assert gone(retention.apply(store, policy, clock() + timedelta(days=4))) == {"dialogues": 1}


def test_a_term_of_zero_days_never_deletes_a_dialogue_being_typed(tmp_path, clock):
    store = new_app(tmp_path, clock).store
    fill(store, clock())
    assert gone(retention.apply(store, retention.Policy(dialogue_days=0), clock() + timedelta(hours=1))) == {}


# -- the register: closed incidents shrink, never vanish ---------------------------------------
def close_incident(store, clock, reason="Ontvanger is collega"):
    now = clock().isoformat(timespec="seconds")
    update_incident(store, REF, "test:ciso", "decided_not_reportable",
                    {"decision": "not_reportable", "status": "decided", "decision_at": now,
                     "decision_by": "test:ciso (CISO)", "not_reportable_reason": reason}, clock())
    update_incident(store, REF, "test:ciso", "closed", {"status": "closed", "closed_at": now}, clock(), {})


def file_with_department(chat, first, user="medewerker"):
    """The department is not asked; the reporter adds it in the summary."""
    run_intake(chat, first, user=user, confirm=False)
    chat.press("Iets aanpassen", user=user)
    chat.press("Afdeling", user=user)
    chat.say("Team Wmo", user=user)
    chat.press("Klopt", user=user)


def test_a_closed_incident_is_reduced_after_the_register_term(tmp_path, clock, chat, engine):
    file_with_department(chat, "ik heb een mail naar de verkeerde persoon gestuurd")
    file_with_department(chat, "cc in plaats van bcc", user="b")  # DL-2026-0002 stays open
    store = engine.store
    before = get_incident(store, REF)
    assert before["facts"]["description"] and before["department"] and before["contact"]
    clock.advance(days=2)
    close_incident(store, clock)
    closed = clock()
    policy = retention.Policy()

    assert gone(retention.apply(store, policy, closed + timedelta(days=5 * 365 - 1))) == {}
    later = closed + timedelta(days=5 * 365 + 2)
    assert gone(retention.apply(store, policy, later, dry_run=True)) == {"incidents": 1}
    assert get_incident(store, REF)["department"] == "Team Wmo"  # a dry run changes nothing
    assert gone(retention.apply(store, policy, later)) == {"incidents": 1}

    after = get_incident(store, REF)
    # kept: reference, dates, kind, categories, number band, risk and reasons, decision and its reason
    for column in ("ref", "year", "seq", "kind", "discovered_at", "occurred_at", "deadline", "created_at", "assessment"):
        assert after[column] == before[column]
    assert after["decision"] == "not_reportable" and after["not_reportable_reason"] == "Ontvanger is collega"
    assert after["facts"]["data_categories"] == ["health"] and after["facts"]["subjects"] == "2-10"
    assert after["assessment"]["risk"] == "high" and after["assessment"]["reasons"]
    # dropped: the free text, department, contact and who reported
    assert "description" not in after["facts"]
    assert (after["department"], after["contact"], after["reporter"]) == (None, None, REDUCED_REPORTER)
    log = events(store, REF)
    assert log[-1]["action"] == "reduced" and log[-1]["actor"] == "systeem"
    assert set(log[-1]["details"]["dropped"]) == {"description", "department", "contact", "reporter"}
    assert "test:medewerker" not in json.dumps([dict(e) for e in log])  # the reporter is nowhere in the log
    assert verify(store).ok  # the chain holds: the reduction is an event like any other
    assert get_incident(store, "DL-2026-0002")["department"] == "Team Wmo"  # open: never reduced
    assert gone(retention.apply(store, policy, later + timedelta(days=1))) == {}  # once


def test_the_register_term_is_a_setting(tmp_path, clock, chat, engine):
    complete_intake(chat)
    close_incident(engine.store, clock)
    policy = retention_policy(Config(retention_register_years=7))
    assert gone(retention.apply(engine.store, policy, clock() + timedelta(days=6 * 365))) == {}
    assert gone(retention.apply(engine.store, policy, clock() + timedelta(days=7 * 366))) == {"incidents": 1}


# -- the runner applies it daily ------------------------------------------------------------------
def test_the_runner_prunes_at_start_and_then_daily(tmp_path, clock):
    app = new_app(tmp_path, clock)
    store = app.store
    dialogues.save(store, "test:oud", "datalek", {"step": "x"}, clock() - timedelta(days=20))
    dialogues.save(store, "test:recent", "datalek", {"step": "x"}, clock() - timedelta(days=13, hours=12))
    seen = {}

    async def after_start():
        seen["jobs"] = {job.id for job in app.reminders.scheduler.get_jobs()}
        seen["left"] = dialogues.count(store)
        seen["pruned"] = heartbeat.latest(store)["retention_at"]

    async def half_a_day_later():
        clock.advance(hours=12)
        await app.reminders.fire_due()
        seen["half"] = dialogues.count(store)  # recent is now 14 days old, but retention is not due yet

    async def a_day_later():
        clock.advance(hours=12, minutes=1)
        await app.reminders.fire_due()
        seen["day"] = dialogues.count(store)

    start = clock()
    run_runner(app, after_start, half_a_day_later, a_day_later)
    assert seen["jobs"] == {"reminders:wake"}  # one job: retention is a due moment on the same wake-up
    assert seen["left"] == 1 and seen["pruned"] == start.isoformat(timespec="seconds")
    assert seen["half"] == 1 and seen["day"] == 0


def test_a_failing_retention_does_not_stop_the_pings(tmp_path, clock, monkeypatch, caplog):
    app = new_app(tmp_path, clock)

    def broken(*args, **kwargs):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(retention, "apply", broken)
    run_runner(app)
    assert "retention failed" in caplog.text
    assert app.reminders.retention_at is None


def test_the_cli_shows_per_table_what_would_go_and_what_went(tmp_path, clock, capsys):
    store = new_app(tmp_path, clock).store
    fill(store, clock())
    db = db_args(tmp_path / "bot.db")
    later = (clock() + timedelta(days=20)).isoformat()
    assert main(["retention", "--dry-run", *db, "--now", later]) == 0
    out = capsys.readouterr().out
    assert "proefdraai" in out
    lines = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert "1 te verwijderen" in lines["dialogues"] and "0 te verwijderen" in lines["question_log"]
    assert "0 in te korten" in lines["incidents"]
    assert dialogues.count(store) == 1
    assert main(["retention", *db, "--now", later]) == 0
    out = capsys.readouterr().out
    assert "1 verwijderd" in [line for line in out.splitlines() if line.split()[0] == "dialogues"][0]
    assert dialogues.count(store) == 0


@pytest.mark.parametrize("bad", ["gisteren", "2026-13-01"])
def test_the_cli_refuses_an_unreadable_now(tmp_path, clock, capsys, bad):
    new_app(tmp_path, clock)
    assert main(["retention", *db_args(tmp_path / "bot.db"), "--now", bad]) == 2
    assert "geen ISO-8601" in capsys.readouterr().err
