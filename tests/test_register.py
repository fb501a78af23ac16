"""The register is tamper-evident: what the triggers refuse, what the hash chain and `register verify` catch.

Every attack is plain SQL against the database through a connection of its own (as someone with the
file and the sqlite3 tool, or psql, would do it: no foreign keys switched on, no help from storage).
Each test runs on SQLite and on PostgreSQL (same triggers, same messages); the few statements that
only one dialect has (INSERT OR REPLACE; ON CONFLICT DO UPDATE, DROP TRIGGER ... ON) come in both.
"""
import json
import os
import sqlite3
from datetime import timedelta

import pytest

from bot.__main__ import main
from storage import open_db
from storage.db import migrations
from storage.incidents import add_event, events, get_incident, parse_iso, update_incident
from storage.register import GENESIS, event_hash, verify
from storage.sql import integrity_errors, is_url
from tests.test_datalek import complete_intake

REF = "DL-2026-0001"
REFUSED_BY_THE_DATABASE = integrity_errors()  # sqlite3.IntegrityError or psycopg.IntegrityError
pytestmark = pytest.mark.both_backends


@pytest.fixture
def register(chat, engine, clock):
    """A filed, acknowledged, annotated and decided incident: five events. Returns the database path."""
    complete_intake(chat)
    clock.advance(minutes=10)
    chat.act(f"inc:ack:{REF}", user="ciso")
    add_event(engine.store, REF, "test:fg", "note", {"text": "Ontvanger gebeld, mail verwijderd"}, clock())
    clock.advance(hours=2)
    now = clock().isoformat(timespec="seconds")
    update_incident(engine.store, REF, "test:ciso", "decided_not_reportable",
                    {"decision": "not_reportable", "status": "decided", "decision_at": now,
                     "decision_by": "test:ciso (CISO)", "not_reportable_reason": "Ontvanger is collega"}, clock())
    assert [e["action"] for e in events(engine.store, REF)] == ["filed", "acknowledged", "note", "decided_not_reportable"]
    return engine.store.location  # the SQLite file, or the PostgreSQL URL


def connect(location):
    """A connection of the attacker's own: sqlite3 on the file, or psycopg on the server."""
    if is_url(location):
        import psycopg

        return psycopg.connect(location)
    return sqlite3.connect(location)


def attack(location, *statements):
    """Run the statements in one transaction of their own; `dialect(sqlite, postgres)` picks per backend."""
    conn = connect(location)
    try:
        for sql in statements:
            conn.execute(sql.for_location(location) if isinstance(sql, Dialect) else sql)
        conn.commit()
    finally:
        conn.close()


class Dialect:
    """A statement that SQLite and PostgreSQL spell differently."""

    def __init__(self, sqlite: str, postgres: str):
        self.sqlite, self.postgres = sqlite, postgres

    def for_location(self, location) -> str:
        return self.postgres if is_url(location) else self.sqlite


def drop_trigger(name, table):
    return Dialect(f"DROP TRIGGER {name}", f"DROP TRIGGER {name} ON {table}")


def head(location):
    conn = connect(location)
    try:
        return conn.execute("SELECT id, hash FROM incident_events ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        conn.close()


def chained_note(path, at, ref=REF):
    """A well-formed event an attacker could compute: chained, hashed, with a note."""
    last_id, last_hash = head(path)
    details = json.dumps({"text": "niets aan de hand"})
    digest = event_hash(last_hash, ref, at, "x", "note", details)
    return (f"INSERT INTO incident_events (ref, at, actor, action, details, prev_hash, hash) VALUES "
            f"('{ref}', '{at}', 'x', 'note', '{details}', '{last_hash}', '{digest}')")


def verify_cli(location, capsys):
    if is_url(location):  # DATABASE_URL, as an operator on PostgreSQL would (the fixture restores it)
        os.environ["DATABASE_URL"] = location
        code = main(["register", "verify"])
    else:
        code = main(["register", "verify", "--db", str(location)])
    return code, capsys.readouterr().out


# -- refused by the database ---------------------------------------------------------------------
REFUSED = {
    "INSERT OR REPLACE rewrites an event": (Dialect(
        "INSERT OR REPLACE INTO incident_events (id, ref, at, actor, action, details, prev_hash, hash) "
        "SELECT id, ref, at, 'aanvaller', action, details, prev_hash, hash FROM incident_events WHERE id = 1",
        "INSERT INTO incident_events (id, ref, at, actor, action, details, prev_hash, hash) "
        "SELECT id, ref, at, 'aanvaller', action, details, prev_hash, hash FROM incident_events WHERE id = 1 "
        "ON CONFLICT (id) DO UPDATE SET actor = excluded.actor"),
        "append-only"),
    "REPLACE INTO an event": (Dialect(
        "REPLACE INTO incident_events (id, ref, at, actor, action, details, prev_hash, hash) "
        "SELECT id, ref, at, actor, 'filed', '{}', prev_hash, hash FROM incident_events WHERE id = 4",
        "INSERT INTO incident_events (id, ref, at, actor, action, details, prev_hash, hash) "
        "SELECT id, ref, at, actor, 'filed', '{}', prev_hash, hash FROM incident_events WHERE id = 4 "
        "ON CONFLICT DO NOTHING"),
        "append-only"),
    "an event slipped in with an old id": (
        "INSERT INTO incident_events (id, ref, at, actor, action, details, prev_hash, hash) "
        "VALUES (0, 'DL-2026-0001', '2026-11-23T09:00:00+00:00', 'x', 'note', '{}', 'x', 'x')",
        "append-only"),
    "UPDATE of an event": ("UPDATE incident_events SET actor = 'aanvaller' WHERE id = 2", "append-only"),
    "DELETE of an event": ("DELETE FROM incident_events WHERE id = 3", "append-only"),
    "DELETE of an incident that has events": (f"DELETE FROM incidents WHERE ref = '{REF}'", "never deleted"),
    "INSERT OR REPLACE of an incident": (Dialect(
        "INSERT OR REPLACE INTO incidents (ref, year, seq, reporter, status, discovered_at, deadline) "
        f"VALUES ('{REF}', 2026, 1, 'x', 'open', '2026-11-23T08:15:00+00:00', '2026-11-26T08:15:00+00:00')",
        "INSERT INTO incidents (ref, year, seq, reporter, status, discovered_at, deadline) "
        f"VALUES ('{REF}', 2026, 1, 'x', 'open', '2026-11-23T08:15:00+00:00', '2026-11-26T08:15:00+00:00') "
        "ON CONFLICT (ref) DO UPDATE SET reporter = excluded.reporter"),
        "never replaced"),
    "REPLACE of an incident by its year and number": (Dialect(
        "INSERT OR REPLACE INTO incidents (ref, year, seq, reporter, status, discovered_at, deadline) "
        "VALUES ('DL-2026-9999', 2026, 1, 'x', 'open', '2026-11-23T08:15:00+00:00', '2026-11-26T08:15:00+00:00')",
        "INSERT INTO incidents (ref, year, seq, reporter, status, discovered_at, deadline) "
        "VALUES ('DL-2026-9999', 2026, 1, 'x', 'open', '2026-11-23T08:15:00+00:00', '2026-11-26T08:15:00+00:00') "
        "ON CONFLICT (year, seq) DO UPDATE SET ref = excluded.ref"),
        "never replaced"),
    "decision changed without an event": (
        f"UPDATE incidents SET decision = 'reported', ap_reference = 'AP-1' WHERE ref = '{REF}'", "new event"),
    "a change that reuses the last event": (
        f"UPDATE incidents SET decision = 'reported', last_event_id = last_event_id WHERE ref = '{REF}'", "new event"),
    "a change that names an older event": (
        f"UPDATE incidents SET decision = 'reported', last_event_id = 1 WHERE ref = '{REF}'", "new event"),
    "an event without a place in the chain": (
        f"INSERT INTO incident_events (ref, at, actor, action, details) "
        f"VALUES ('{REF}', '2026-11-30T09:00:00+00:00', 'x', 'note', '{{}}')", "prev_hash"),
    "an event for an incident that does not exist": (
        "INSERT INTO incident_events (ref, at, actor, action, details, prev_hash, hash) "
        "VALUES ('DL-2026-0404', '2026-11-30T09:00:00+00:00', 'x', 'note', '{}', 'x', 'x')", "no such incident"),
    "an event time in another notation": (
        f"INSERT INTO incident_events (ref, at, actor, action, details, prev_hash, hash) "
        f"VALUES ('{REF}', '2026-11-30 09:00', 'x', 'note', '{{}}', 'x', 'x')", "at must be UTC"),
}


@pytest.mark.parametrize("name", REFUSED)
def test_tampering_is_refused_by_the_database(register, name):
    sql, message = REFUSED[name]
    with pytest.raises(REFUSED_BY_THE_DATABASE, match=message):
        attack(register, sql)


def test_a_backdated_event_is_refused_even_when_chained(register):
    with pytest.raises(REFUSED_BY_THE_DATABASE, match="backdated"):
        attack(register, chained_note(register, "2026-11-23T09:05:00+00:00"))
    attack(register, chained_note(register, "2026-11-30T09:00:00+00:00"))  # the same, dated after: accepted


def test_storage_refuses_to_backdate_an_event(register, engine, clock):
    clock.advance(hours=-3)  # a clock that went back (another host, a fake clock in a test)
    with pytest.raises(REFUSED_BY_THE_DATABASE, match="backdated"):
        add_event(engine.store, REF, "test:fg", "note", {"text": "te vroeg"}, clock())
    assert len(events(engine.store, REF)) == 4


def test_a_refused_change_leaves_nothing_behind(register, engine, clock):
    with pytest.raises(ValueError):
        update_incident(engine.store, REF, "test:ciso", "renumber", {"seq": 7}, clock())
    assert len(events(engine.store, REF)) == 4 and verify(engine.store).ok


# -- verify: the whole register ------------------------------------------------------------------
def test_an_untouched_register_verifies(register, capsys):
    code, out = verify_cli(register, capsys)
    assert code == 0
    assert out.splitlines()[0] == "OK, 4 events"
    assert "Laatste hash:" in out


def test_an_event_changed_with_the_triggers_dropped_is_caught(register, capsys):
    attack(register, drop_trigger("incident_events_no_update", "incident_events"),
           "UPDATE incident_events SET details = '{\"reason\": \"anders\"}' WHERE id = 4")
    code, out = verify_cli(register, capsys)
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith(f"GEBROKEN: {REF}, gebeurtenis 4: hash klopt niet")
    assert "gewijzigd" in first


def test_an_event_rehashed_after_a_change_breaks_the_next_link(register, engine):
    conn = connect(register)
    rows = conn.execute("SELECT id, ref, at, actor, action, details, prev_hash FROM incident_events ORDER BY id").fetchall()
    conn.close()
    event_id, ref, at, _, action, details, prev = rows[1]
    forged = event_hash(prev, ref, at, "iemand anders", action, details)
    attack(register, drop_trigger("incident_events_no_update", "incident_events"),
           f"UPDATE incident_events SET actor = 'iemand anders', hash = '{forged}' WHERE id = {event_id}")
    report = verify(engine.store)
    assert not report.ok
    assert (report.problems[0].ref, report.problems[0].event_id) == (REF, 3)
    assert "prev_hash" in report.problems[0].what


def test_a_deleted_event_is_caught(register, engine):
    attack(register, drop_trigger("incident_events_no_delete", "incident_events"),
           "DELETE FROM incident_events WHERE id = 3")
    problem = verify(engine.store).problems[0]
    assert (problem.ref, problem.event_id) == (REF, 4) and "weggehaald" in problem.what


def test_a_decision_changed_with_the_triggers_dropped_is_caught(register, capsys):
    attack(register, drop_trigger("incidents_change_needs_event", "incidents"),
           f"UPDATE incidents SET decision = 'reported', ap_reference = 'AP-2026-1' WHERE ref = '{REF}'")
    code, out = verify_cli(register, capsys)
    assert code == 1
    assert "kolom decision: het register zegt 'reported', het logboek 'not_reportable'" in out


def test_a_change_dressed_up_with_a_chained_note_is_caught(register, engine):
    """The trigger is satisfied (a new event, named by the row), but the event does not say that."""
    attack(register, chained_note(register, "2026-11-30T09:00:00+00:00"),
           f"UPDATE incidents SET decision = 'reported', last_event_id = (SELECT MAX(id) FROM incident_events) "
           f"WHERE ref = '{REF}'")
    whats = [p.what for p in verify(engine.store).problems]
    assert any(w.startswith("kolom decision") for w in whats)


def test_other_columns_changed_behind_the_log_are_caught(register, engine):
    attack(register, drop_trigger("incidents_change_needs_event", "incidents"),
           f"UPDATE incidents SET department = 'Burgerzaken' WHERE ref = '{REF}'")
    problems = verify(engine.store).problems
    assert len(problems) == 1 and "wijkt af van de stand" in problems[0].what


def test_an_incident_slipped_in_without_events_is_caught(register, engine):
    attack(register, "INSERT INTO incidents (ref, year, seq, reporter, status, discovered_at, deadline) "
                     "VALUES ('DL-2026-0002', 2026, 2, 'x', 'open', '2026-11-23T08:15:00+00:00', '2026-11-26T08:15:00+00:00')")
    problems = verify(engine.store).problems
    assert [(p.ref, "zonder gebeurtenissen" in p.what) for p in problems] == [("DL-2026-0002", True)]


def test_a_removed_incident_is_caught(register, engine):
    attack(register, drop_trigger("incidents_kept_with_events", "incidents"),
           "ALTER TABLE incident_events DROP CONSTRAINT incident_events_ref_fkey" if is_url(register) else "SELECT 1",
           f"DELETE FROM incidents WHERE ref = '{REF}'")
    problem = verify(engine.store).problems[0]
    assert problem.ref == REF and "bestaat" in problem.what


# -- how storage writes ----------------------------------------------------------------------------
def test_every_change_records_its_changes_and_the_row_digest(register, engine):
    log = events(engine.store, REF)
    assert log[0]["prev_hash"] == GENESIS
    assert all(later["prev_hash"] == earlier["hash"] for earlier, later in zip(log, log[1:]))
    decided = log[-1]["details"]
    assert decided["changes"]["decision"] == "not_reportable" and len(decided["row"]) == 64
    assert get_incident(engine.store, REF)["last_event_id"] == log[-1]["id"]
    assert "changes" not in log[2]["details"]  # a note changes nothing


def test_the_filed_event_names_the_role_not_the_reporter(register, engine):
    filed = events(engine.store, REF)[0]
    assert filed["actor"] == "melder"
    assert get_incident(engine.store, REF)["reporter"] == "test:medewerker"  # in the row, until the register term


def test_two_processes_writing_keep_one_chain(register, engine, clock):
    other = open_db(register)
    for i in range(5):
        clock.advance(minutes=1)
        store = (engine.store, other)[i % 2]
        add_event(store, REF, "test:fg", "note", {"text": f"notitie {i}"}, clock())
    report = verify(other)
    assert report.ok and report.events == 9


@pytest.mark.sqlite_only  # PostgreSQL has no register from before m004 (tests/test_postgres.py migrates it)
def test_an_older_database_is_chained_by_the_migration(tmp_path, capsys):
    """A register written before m004: its events are chained, each incident gets a baseline event."""
    from sqlite_utils import Database

    path = tmp_path / "oud.db"
    db = Database(sqlite3.connect(path))
    migrations.apply(db, stop_before="m004_tamper_evident_register")
    db["incidents"].insert({"ref": REF, "year": 2026, "seq": 1, "reporter": "test:medewerker", "status": "decided",
                            "kind": "lost_device", "discovered_at": "2026-11-23T08:15:00+00:00",
                            "deadline": "2026-11-26T08:15:00+00:00", "facts": "{}", "assessment": "{}",
                            "created_at": "2026-11-23T09:00:00+00:00", "acknowledged_at": "2026-11-23T09:10:00+00:00",
                            "acknowledged_by": "test:ciso (CISO)", "decision": "reported", "ap_reference": "AP-1"})
    for at, action, details in (("2026-11-23T09:00:00+00:00", "filed", {"risk": "risk"}),
                                ("2026-11-23T09:10:00+00:00", "acknowledged", {}),
                                ("2026-11-23T11:00:00+00:00", "decided_reported", {"decision": "reported"})):
        db["incident_events"].insert({"ref": REF, "at": at, "actor": "test:ciso", "action": action,
                                      "details": json.dumps(details)})
    db.conn.commit()
    db.conn.close()

    migrated = open_db(path)
    report = verify(migrated)
    assert report.ok and report.events == 4
    log = events(migrated, REF)
    assert [e["action"] for e in log] == ["filed", "acknowledged", "decided_reported", "baseline"]
    assert log[-1]["at"] == "2026-11-23T11:00:00+00:00" and log[-1]["details"]["state"]["decision"] == "reported"
    # from here on it is an ordinary register
    update_incident(migrated, REF, "test:fg", "subjects_informed", {"subjects_informed": "yes"},
                    parse_iso(log[-1]["at"]) + timedelta(hours=1))
    assert verify(migrated).ok
    with pytest.raises(REFUSED_BY_THE_DATABASE, match="new event"):
        attack(path, f"UPDATE incidents SET decision = 'not_reportable' WHERE ref = '{REF}'")
