"""PostgreSQL as the second backend (issue 14): migrations on both, the register's triggers in plpgsql,
several instances on one database (references, the chain, dialogue versions), and the refusals at
start (an old schema with PRIVACYLOKET_MIGRATE=never, the SQLite default on a PaaS without a disk).

Tests about PostgreSQL itself use `pg_databases` (a database of their own, dropped after); tests marked
both_backends run on SQLite and on PostgreSQL.
"""
import json
import sqlite3
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

from bot.__main__ import main
from bot.config import Config, load_config
from bot.config_check import check, ephemeral_platform
from bot.text import t

CONFLICT = t("engine.conflict")
from storage import dialogues, open_db
from storage.db import DatabaseUnusable, SchemaNotCurrent, migration_names, migrations
from storage.incidents import add_event, events, file_incident
from storage.postgres import MIGRATIONS, applied
from storage.register import event_hash, verify
from storage.sql import integrity_errors, redacted, to_psycopg
from tests import pg
from tests.helpers import ChatDriver, database, db_args, new_engine
from tests.test_datalek import complete_intake

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
REFUSED = integrity_errors()


def empty(pg_databases) -> str:
    """The URL of a new, empty database (no migration applied)."""
    return pg.url(pg_databases.create(migrated=False))


def file_one(store, now=NOW, reporter="test:medewerker") -> str:
    return file_incident(store, reporter=reporter, facts={"discovered_at": now.isoformat(), "kind": "lost_device"},
                         assessment={"risk": "high"}, deadline=now + timedelta(hours=72), now=now)


# -- the portable layer ------------------------------------------------------------------------------
def test_placeholders_become_psycopg_ones_outside_quotes_only():
    assert to_psycopg("SELECT * FROM t WHERE a = ? AND b LIKE ?") == "SELECT * FROM t WHERE a = %s AND b LIKE %s"
    assert to_psycopg("SELECT '?', \"?\" -- ?\n, ?") == "SELECT '?', \"?\" -- ?\n, %s"
    assert to_psycopg("SELECT '50%' || ?, 'it''s ?' WHERE x % 2 = ?") == "SELECT '50%%' || %s, 'it''s ?' WHERE x %% 2 = %s"


def test_a_url_is_printed_without_its_password():
    assert redacted("postgresql://bot:geheim@db.example:5432/loket") == "postgresql://bot:[verborgen]@db.example:5432/loket"
    assert redacted("/var/lib/privacyloket/privacyloket.db") == "/var/lib/privacyloket/privacyloket.db"


# -- migrations: the same on both backends -----------------------------------------------------------
def test_both_backends_have_the_same_migrations():
    assert migration_names("postgres") == migration_names("sqlite")
    assert migration_names("sqlite")[-1] == "m008_dialogue_version"


def test_a_new_postgres_database_is_migrated_once_and_says_so(pg_databases, monkeypatch, capsys):
    url = empty(pg_databases)
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["migrate"]) == 0
    out = capsys.readouterr().out
    assert f"Migraties toegepast op {url} (PostgreSQL): m001_core, m002_incidents" in out
    assert "Het schema staat op m008_dialogue_version (8 migraties)." in out
    assert main(["migrate"]) == 0
    assert f"Niets te doen: {url} (PostgreSQL) is al bij." in capsys.readouterr().out
    store = open_db(url)
    assert store.migrated == [] and applied(store.conn) == [m.name for m in MIGRATIONS]
    assert {"incidents", "incident_events", "dialogues", "notifications", "heartbeat", "desk_tokens",
            "_migrations"} <= set(store.tables())
    store.close()


def test_two_instances_starting_together_migrate_once(pg_databases):
    url = empty(pg_databases)
    opened, failures = [], []

    def start():
        try:
            opened.append(open_db(url))
        except Exception as exc:  # pragma: no cover - shown by the assert below
            failures.append(exc)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert sorted(len(store.migrated) for store in opened) == [0, 0, 8]
    assert applied(opened[0].conn) == [m.name for m in MIGRATIONS]
    for store in opened:
        store.close()


def old_postgres_schema(pg_databases) -> str:
    """A database migrated up to m007, as a previous release left it (with a dialogue in it)."""
    url = empty(pg_databases)
    store = open_db(url)
    store.execute("ALTER TABLE dialogues DROP COLUMN version")
    store.execute("DELETE FROM _migrations WHERE name = 'm008_dialogue_version'")
    store.execute("INSERT INTO dialogues (person, flow, state, updated_at) VALUES ('test:a', 'datalek', '{}', ?)",
                  [NOW.isoformat()])
    store.close()
    return url


def test_with_migrate_never_an_old_postgres_schema_refuses_to_start(pg_databases, monkeypatch, capsys):
    url = old_postgres_schema(pg_databases)
    with pytest.raises(SchemaNotCurrent) as refused:
        open_db(url, migrate=False)
    message = str(refused.value)
    assert message.startswith("Fout: de database ") and "python -m bot migrate" in message
    assert "m008_dialogue_version" in message and "\n" not in message
    # the worker: one Dutch line, exit 2, nothing migrated
    from bot.runner import run_all

    config = Config(database_url=url, db_migrate="never", ciso_users=("console:ciso",), fg_users=("console:fg",))
    assert run_all(config) == 2
    assert "python -m bot migrate" in capsys.readouterr().err
    # an admin command too; then `migrate` brings it up to date and the same start works
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("PRIVACYLOKET_MIGRATE", "never")
    assert main(["register", "verify"]) == 2
    assert "python -m bot migrate" in capsys.readouterr().err
    assert main(["migrate"]) == 0
    assert capsys.readouterr().out.startswith(f"Migraties toegepast op {url} (PostgreSQL): m008_dialogue_version.")
    store = open_db(url, migrate=False)
    assert dialogues.load_with_version(store, "test:a") == (("datalek", {}), 1)  # the old row kept, version 1
    store.close()


def test_without_migrate_never_an_old_postgres_schema_is_migrated_at_start(pg_databases):
    url = old_postgres_schema(pg_databases)
    store = open_db(url)
    assert store.migrated == ["m008_dialogue_version"]
    store.close()


def test_an_existing_sqlite_file_opens_and_migrates_as_before(tmp_path, capsys):
    """A file of the previous release (up to m007, sqlite-utils' history): m008 is added, nothing else moves."""
    from sqlite_utils import Database

    path = tmp_path / "oud.db"
    db = Database(sqlite3.connect(path))
    migrations.apply(db, stop_before="m008_dialogue_version")
    db["dialogues"].insert({"person": "test:a", "flow": "datalek", "state": "{}", "updated_at": NOW.isoformat()})
    db.conn.commit()
    db.conn.close()
    assert main(["migrate", "--db", str(path)]) == 0
    assert capsys.readouterr().out.startswith(f"Migraties toegepast op {path} (SQLite): m008_dialogue_version.")
    store = open_db(path)
    assert store.migrated == []
    assert [m.name for m in migrations.applied(store.db)] == migration_names("sqlite")
    assert dialogues.load_with_version(store, "test:a") == (("datalek", {}), 1)
    assert main(["migrate", "--db", str(path)]) == 0
    assert "Niets te doen" in capsys.readouterr().out


def test_a_server_that_does_not_answer_is_one_dutch_line_without_the_password():
    with pytest.raises(DatabaseUnusable) as refused:
        open_db("postgresql://bot:geheim@127.0.0.1:1/loket")
    message = str(refused.value)
    assert "geheim" not in message and "[verborgen]" in message
    assert "de server antwoordt niet" in message and "DATABASE_URL" in message and "\n" not in message


def test_backup_on_postgres_points_at_pg_dump(pg_databases, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DATABASE_URL", pg.url(pg_databases.create()))
    assert main(["backup", str(tmp_path / "kopie.db")]) == 2
    assert "pg_dump" in capsys.readouterr().err and not (tmp_path / "kopie.db").exists()


# -- the register's integrity rules, in plpgsql ------------------------------------------------------
def raw(url):
    import psycopg

    return psycopg.connect(url)


def test_truncate_is_refused_on_postgres(pg_databases):
    url = pg.url(pg_databases.create())
    store = open_db(url)
    file_one(store)
    for table in ("incident_events", "incidents"):
        with pytest.raises(REFUSED, match="never deleted|append-only"):
            store.execute(f"TRUNCATE {table} CASCADE")
    assert verify(store).ok and store.table("incident_events").count == 1
    store.close()


def test_two_sessions_writing_plain_sql_cannot_fork_the_chain(pg_databases):
    """Without storage's lock: the second insert waits for the first (the trigger takes the writer lock),
    then sees the first one's event as the head, and is refused."""
    url = pg.url(pg_databases.create())
    store = open_db(url)
    ref = file_one(store)
    head = store.value("SELECT hash FROM incident_events ORDER BY id DESC LIMIT 1")

    def note(at):
        return ("INSERT INTO incident_events (ref, at, actor, action, details, prev_hash, hash) "
                f"VALUES ('{ref}', '{at}', 'x', 'note', '{{}}', '{head}', '{event_hash(head, ref, at, 'x', 'note', '{}')}')")

    first, second = raw(url), raw(url)
    first.execute(note("2026-11-23T10:00:00+00:00"))  # in a transaction, not committed yet
    outcome = {}

    def other():
        try:
            second.execute(note("2026-11-23T10:01:00+00:00"))
            second.commit()
            outcome["result"] = "accepted"
        except Exception as exc:
            outcome["result"] = str(exc)

    thread = threading.Thread(target=other)
    thread.start()
    for _ in range(200):  # until the second session waits for the lock
        waiting = store.value("SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND wait_event_type = 'Lock'",
                              [second.info.backend_pid])
        if waiting:
            break
        time.sleep(0.01)
    assert waiting, "the second insert did not wait for the first"
    first.commit()
    thread.join(timeout=10)
    assert "prev_hash is not the hash of the newest event" in outcome["result"]
    first.close()
    second.close()
    report = verify(store)
    assert report.ok and report.events == 2
    store.close()


# -- several instances on one database ---------------------------------------------------------------
@pytest.mark.both_backends
def test_two_instances_filing_at_once_get_unique_references_and_one_chain(tmp_path):
    location = database(tmp_path / "bot.db")
    stores = [open_db(location), open_db(location)]  # two connections: two processes
    refs, failures = [], []
    start = threading.Barrier(2)

    def instance(store, who):
        start.wait()
        for i in range(8):
            try:
                refs.append(file_one(store, NOW + timedelta(seconds=i), reporter=f"test:{who}"))
            except Exception as exc:  # pragma: no cover - shown by the assert below
                failures.append(exc)

    threads = [threading.Thread(target=instance, args=(store, n)) for n, store in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert sorted(refs) == [f"DL-2026-{n:04d}" for n in range(1, 17)]
    report = verify(stores[0])
    assert report.ok and report.incidents == 16 and report.events == 16


@pytest.mark.both_backends
def test_a_delivery_and_a_ping_claim_are_taken_by_one_instance_only(tmp_path):
    from storage import deliveries, notifications

    location = database(tmp_path / "bot.db")
    one, other = open_db(location), open_db(location)
    assert deliveries.first_delivery(one, "slack:Ev1", NOW) and not deliveries.first_delivery(other, "slack:Ev1", NOW)
    key = "DL-2026-0001|filed|test:ciso"
    assert notifications.claim(one, key, "DL-2026-0001", "filed", "test:ciso", NOW, NOW, "sending")
    assert not notifications.claim(other, key, "DL-2026-0001", "filed", "test:ciso", NOW, NOW, "sending")


@pytest.mark.both_backends
def test_a_dialogue_save_that_lost_the_race_is_refused(tmp_path):
    location = database(tmp_path / "bot.db")
    one, other = open_db(location), open_db(location)
    assert dialogues.load_with_version(one, "test:a") == (None, 0)
    assert dialogues.save(one, "test:a", "datalek", {"step": "kind"}, NOW, expected_version=0) == 1
    with pytest.raises(dialogues.DialogueConflict):  # both read "no dialogue"; the first one won
        dialogues.save(other, "test:a", "share_check", {"step": "x"}, NOW, expected_version=0)
    (flow, state), version = dialogues.load_with_version(other, "test:a")
    assert dialogues.save(other, "test:a", flow, {"step": "discovered_at"}, NOW, expected_version=version) == 2
    with pytest.raises(dialogues.DialogueConflict):  # the first instance still holds version 1
        dialogues.save(one, "test:a", "datalek", {"step": "oud"}, NOW, expected_version=1)
    with pytest.raises(dialogues.DialogueConflict):  # nor may it end the dialogue the other one moved on
        dialogues.save(one, "test:a", "datalek", None, NOW, expected_version=1)
    assert dialogues.load(one, "test:a") == ("datalek", {"step": "discovered_at"})  # nothing overwritten
    assert dialogues.save(one, "test:a", "datalek", None, NOW, expected_version=2) == 0
    assert dialogues.load(other, "test:a") is None
    assert dialogues.save(one, "test:b", "datalek", {"step": "kind"}, NOW) == 1  # without a version: always


@pytest.mark.both_backends
def test_a_turn_that_lost_the_race_is_answered_and_overwrites_nothing(tmp_path, clock, monkeypatch):
    """Two instances answer the same person at once: the one that saves second says so and saves nothing."""
    first = new_engine(tmp_path, clock)
    second = new_engine(tmp_path, clock)  # another process on the same database
    chat = ChatDriver(first)
    chat.say("/datalek")
    before = first.load_dialogue("test:medewerker")
    original = dialogues.load_with_version
    raced = []

    def load_then_the_other_instance_saves(store, person):
        found = original(store, person)
        if person == "test:medewerker" and not raced:
            raced.append(person)  # the other instance answers this person's message right now
            dialogues.save(second.store, person, "datalek", {**before[1], "step": "discovered_at", "other": 1},
                           clock())
        return found

    monkeypatch.setattr(dialogues, "load_with_version", load_then_the_other_instance_saves)
    assert chat.press("E-mail naar verkeerde ontvanger") == CONFLICT
    monkeypatch.setattr(dialogues, "load_with_version", original)
    stored = first.load_dialogue("test:medewerker")
    assert stored[1]["other"] == 1 and stored[1]["step"] == "discovered_at"  # the other instance's turn stands
    # the next message goes on from what is stored, as any turn does
    assert chat.say("vanochtend 9:15") != CONFLICT
    assert first.load_dialogue("test:medewerker")[1]["step"] != "discovered_at"


@pytest.mark.both_backends
def test_the_engine_transcript_is_unchanged_by_the_version_check(chat, engine):
    complete_intake(chat)
    assert engine.load_dialogue("test:medewerker") is None
    assert [e["action"] for e in events(engine.store, "DL-2026-0001")] == ["filed"]
    add_event(engine.store, "DL-2026-0001", "test:fg", "note", {"text": "gebeld"}, NOW + timedelta(hours=1))
    assert verify(engine.store).ok


# -- register verify and status on PostgreSQL, through the command line ---------------------------
@pytest.mark.both_backends
def test_register_verify_on_the_configured_database(tmp_path, chat, engine, capsys):
    complete_intake(chat)
    assert main(["register", "verify", *db_args(tmp_path / "bot.db")]) == 0
    assert capsys.readouterr().out.startswith("OK, 1 events")


# -- settings and the refusal on a PaaS without a disk ----------------------------------------------
def test_database_url_and_migrate_are_settings(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "postgresql://bot:geheim@db:5432/loket")
    monkeypatch.setenv("PRIVACYLOKET_MIGRATE", "never")
    config = load_config(env_file=None)
    assert config.database == "postgresql://bot:geheim@db:5432/loket" and not config.migrate_at_start
    assert "geheim" not in repr(config)
    assert not [p for p in check(config) if "DATABASE_URL" in p or "PRIVACYLOKET_MIGRATE" in p]
    explicit = load_config(env_file=None, db_path=str(tmp_path / "x.db"))  # --db names a SQLite file
    assert explicit.database == str(tmp_path / "x.db") and explicit.db_explicit
    monkeypatch.setenv("DATABASE_URL", "mysql://db/loket")
    monkeypatch.setenv("PRIVACYLOKET_MIGRATE", "nooit")
    problems = check(load_config(env_file=None))
    assert any(p.startswith("DATABASE_URL begint niet met postgresql://") for p in problems)
    assert any(p.startswith("PRIVACYLOKET_MIGRATE 'nooit' bestaat niet") for p in problems)


@pytest.mark.parametrize("variable, platform", [
    ("DYNO", "Heroku"), ("SCALINGO_POSTGRESQL_URL", "Scalingo"), ("CC_APP_ID", "Clever Cloud"),
    ("DOKKU_APP_TYPE", "Dokku"), ("RENDER", "Render"), ("FLY_APP_NAME", "Fly.io"), ("RAILWAY_ENVIRONMENT", "Railway"),
])
def test_run_refuses_the_sqlite_default_on_a_paas_without_a_disk(variable, platform, monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.delenv("PRIVACYLOKET_DB", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv(variable, "web.1" if variable == "DYNO" else "true")
    assert ephemeral_platform([variable]) == platform
    assert main(["run"]) == 2
    err = capsys.readouterr().err.strip().splitlines()  # (warnings about the console may come first)
    assert err[-1].startswith(f"Privacyloket start niet: dit draait op {platform}")
    assert "DATABASE_URL" in err[-1] and "PRIVACYLOKET_DB" in err[-1] and "Traceback" not in "\n".join(err)
    assert not (tmp_path / "privacyloket").exists()  # no database was made on the disk that goes away


def test_on_a_paas_a_database_url_or_an_explicit_file_is_accepted():
    from bot.runner import ephemeral_disk_gate

    names = ("DYNO", "PATH")
    assert ephemeral_disk_gate(Config(env_names=names)) == 2
    assert ephemeral_disk_gate(Config(env_names=names, database_url="postgresql://db/loket")) is None
    assert ephemeral_disk_gate(Config(env_names=names, db_explicit=True)) is None  # PRIVACYLOKET_DB on a volume
    assert ephemeral_disk_gate(Config(env_names=("PATH", "HOME"))) is None  # not on a PaaS
    assert ephemeral_platform(["CCACHE_DIR", "RENDERER"]) is None


def test_explicit_sqlite_file_via_the_environment_counts(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PRIVACYLOKET_DB", "/data/privacyloket.db")
    assert load_config(env_file=None).db_explicit
    monkeypatch.delenv("PRIVACYLOKET_DB")
    assert not load_config(env_file=None).db_explicit


def test_a_dropped_connection_fails_one_statement_then_reconnects(pg_databases):
    import psycopg

    store = open_db(pg.url(pg_databases.create()))
    file_one(store)
    with pg.admin() as conn:
        conn.execute("SELECT pg_terminate_backend(%s)", (store.conn.info.backend_pid,))
    with pytest.raises(psycopg.OperationalError):
        store.value("SELECT count(*) FROM incidents")
    assert store.value("SELECT count(*) FROM incidents") == 1  # connected again
    store.close()


def test_store_rows_are_plain_values(pg_databases):
    """What storage reads from PostgreSQL is what it reads from SQLite: str, int, float, None."""
    store = open_db(pg.url(pg_databases.create()))
    ref = file_one(store)
    row = store.table("incidents").get(ref)
    assert isinstance(row["year"], int) and isinstance(row["deadline"], str) and row["closed_at"] is None
    assert json.loads(row["facts"])["kind"] == "lost_device"
    store.close()
