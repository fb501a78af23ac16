"""Open the database: the embedded SQLite file (the default) or PostgreSQL (`DATABASE_URL`).

`open_db(location)`: a path (or ':memory:') opens SQLite: WAL, migrations, one connection guarded by
one lock (one writer). The file is private: its folder 0700, the database and its -wal/-shm files
0600. A `postgresql://` URL opens PostgreSQL (storage/postgres.py) with the same migrations. Either
way the storage modules get a `Store` (storage/sql.py) and write one SQL text for both.

A database that cannot be used (not a database, damaged, read-only, a folder, a server that does not
answer) raises `DatabaseUnusable`, whose message is one Dutch line for the command line; so does a
PostgreSQL schema that is behind when migrating at start is switched off (`SchemaNotCurrent`).
"""
from __future__ import annotations

import json
import logging
import os
import sqlite3
import stat
from pathlib import Path

from sqlite_utils import Database, Migrations

from storage.sql import PostgresStore, SqliteStore, Store, is_url, redacted  # noqa: F401 (Store: the type)

log = logging.getLogger(__name__)

migrations = Migrations("privacyloket")


@migrations()
def m001_core(db: Database) -> None:
    db["dialogues"].create(
        {"person": str, "flow": str, "state": str, "updated_at": str}, pk="person"
    )
    db["deliveries"].create({"delivery_id": str, "seen_at": str}, pk="delivery_id")
    db["question_log"].create(
        {"id": int, "asked_at": str, "question": str, "kind": str, "best_entry": str, "score": float},
        pk="id",
    )


@migrations()
def m002_incidents(db: Database) -> None:
    db["incidents"].create(
        {
            "ref": str,
            "year": int,
            "seq": int,
            "reporter": str,
            "status": str,  # open | decided | closed
            "kind": str,
            "discovered_at": str,
            "occurred_at": str,
            "deadline": str,
            "facts": str,  # JSON
            "assessment": str,  # JSON
            "department": str,
            "contact": str,
            "created_at": str,
            "acknowledged_at": str,
            "acknowledged_by": str,
            "decision": str,  # reported | not_reportable
            "decision_at": str,
            "decision_by": str,
            "ap_reference": str,
            "delay_reason": str,
            "not_reportable_reason": str,
            "subjects_informed": str,  # yes | no | not_needed
            "closed_at": str,
        },
        pk="ref",
        not_null={"ref", "year", "seq", "reporter", "status", "discovered_at", "deadline"},
    )
    db["incidents"].create_index(["year", "seq"], unique=True)
    db["incident_events"].create(
        {"id": int, "ref": str, "at": str, "actor": str, "action": str, "details": str},
        pk="id",
        foreign_keys=[("ref", "incidents", "ref")],
    )
    db["incident_events"].create_index(["ref"])
    # The audit log is append-only: refuse updates and deletes at the database level.
    db.execute(
        "CREATE TRIGGER incident_events_no_update BEFORE UPDATE ON incident_events "
        "BEGIN SELECT RAISE(ABORT, 'incident_events is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER incident_events_no_delete BEFORE DELETE ON incident_events "
        "BEGIN SELECT RAISE(ABORT, 'incident_events is append-only'); END"
    )
    db["notifications"].create(
        {
            "key": str,  # ref|milestone|recipient: unique, so a ping is never recorded twice
            "ref": str,
            "milestone": str,
            "recipient": str,
            "due_at": str,
            "sent_at": str,
            "status": str,  # sending | sent | superseded
        },
        pk="key",
    )
    db["notifications"].create_index(["ref"])


@migrations()
def m003_platform_state(db: Database) -> None:
    # created by the Telegram adapter itself before this migration: keep what is there
    db["telegram_callbacks"].create({"key": str, "value": str, "created_at": str}, pk="key", if_not_exists=True)
    db["telegram_pressed"].create(
        {"chat_id": int, "message_id": int, "pressed_by": str, "pressed_at": str},
        pk=("chat_id", "message_id"), if_not_exists=True,
    )


@migrations()
def m004_tamper_evident_register(db: Database) -> None:
    """Hash-chain the events, tie every incident change to a new event, refuse tampering (storage/register.py)."""
    from storage.register import GENESIS, STATE_COLUMNS, event_hash, row_digest

    db.execute("ALTER TABLE incident_events ADD COLUMN prev_hash TEXT")
    db.execute("ALTER TABLE incident_events ADD COLUMN hash TEXT")
    db.execute("ALTER TABLE incidents ADD COLUMN last_event_id INTEGER")
    # chain the events written before this migration, in id order (the update trigger steps aside for it)
    db.execute("DROP TRIGGER incident_events_no_update")
    prev = GENESIS
    for event_id, ref, at, actor, action, details in db.execute(
        "SELECT id, ref, at, actor, action, details FROM incident_events ORDER BY id"
    ).fetchall():
        digest = event_hash(prev, ref, at, actor, action, details)
        db.execute("UPDATE incident_events SET prev_hash = ?, hash = ? WHERE id = ?", [prev, digest, event_id])
        prev = digest
    # one 'baseline' event per existing incident: its state and row digest as they are now, so that
    # `register verify` can compare every later change (older events did not record all their changes)
    cursor = db.execute("SELECT * FROM incidents ORDER BY year, seq")
    columns = [d[0] for d in cursor.description]
    for values in cursor.fetchall():
        row = dict(zip(columns, values))
        newest = db.execute("SELECT MAX(at) FROM incident_events WHERE ref = ?", [row["ref"]]).fetchone()[0]
        at = newest or row["created_at"]
        details = json.dumps({"reason": "m004: register hash-chained; state as found",
                              "state": {c: row[c] for c in STATE_COLUMNS}, "row": row_digest(row)}, ensure_ascii=False)
        digest = event_hash(prev, row["ref"], at, "systeem", "baseline", details)
        event_id = db.execute(
            "INSERT INTO incident_events (ref, at, actor, action, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [row["ref"], at, "systeem", "baseline", details, prev, digest],
        ).lastrowid
        db.execute("UPDATE incidents SET last_event_id = ? WHERE ref = ?", [event_id, row["ref"]])
        prev = digest
    for statement in REGISTER_TRIGGERS:
        db.execute(statement)


UTC_SECONDS = "[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00"
REGISTER_TRIGGERS = [
    # as in m002 (dropped above only to chain the existing rows)
    "CREATE TRIGGER incident_events_no_update BEFORE UPDATE ON incident_events "
    "BEGIN SELECT RAISE(ABORT, 'incident_events is append-only'); END",
    # NEW.id is -1 when SQLite picks the id; an explicit id must come after every existing one, so
    # INSERT OR REPLACE (which would delete the old row without firing the delete trigger) is refused
    f"""CREATE TRIGGER incident_events_insert_checks BEFORE INSERT ON incident_events BEGIN
        SELECT RAISE(ABORT, 'incident_events is append-only: that event id exists or is out of order')
            WHERE EXISTS (SELECT 1 FROM incident_events WHERE id = NEW.id)
               OR (NEW.id <> -1 AND NEW.id <= COALESCE((SELECT MAX(id) FROM incident_events), 0));
        SELECT RAISE(ABORT, 'incident_events: no such incident')
            WHERE NOT EXISTS (SELECT 1 FROM incidents WHERE ref = NEW.ref);
        SELECT RAISE(ABORT, 'incident_events: at must be UTC, YYYY-MM-DDTHH:MM:SS+00:00')
            WHERE NEW.at IS NULL OR NEW.at NOT GLOB '{UTC_SECONDS}';
        SELECT RAISE(ABORT, 'incident_events: backdated, earlier than the newest event of this incident')
            WHERE NEW.at < (SELECT MAX(at) FROM incident_events WHERE ref = NEW.ref);
        SELECT RAISE(ABORT, 'incident_events: prev_hash is not the hash of the newest event')
            WHERE NEW.prev_hash IS NOT COALESCE((SELECT hash FROM incident_events ORDER BY id DESC LIMIT 1),
                                                '{"0" * 64}');
        SELECT RAISE(ABORT, 'incident_events: hash missing')
            WHERE NEW.hash IS NULL OR length(NEW.hash) <> 64;
    END""",
    # INSERT OR REPLACE would delete the old row without firing the delete trigger: refuse it here
    "CREATE TRIGGER incidents_never_replaced BEFORE INSERT ON incidents "
    "WHEN EXISTS (SELECT 1 FROM incidents WHERE ref = NEW.ref OR (year = NEW.year AND seq = NEW.seq)) "
    "BEGIN SELECT RAISE(ABORT, 'incidents: an incident is never replaced'); END",
    "CREATE TRIGGER incidents_kept_with_events BEFORE DELETE ON incidents "
    "WHEN EXISTS (SELECT 1 FROM incident_events WHERE ref = OLD.ref) "
    "BEGIN SELECT RAISE(ABORT, 'incidents: an incident with events is never deleted'); END",
    # a change names its own event: the incident's newest, not used by an earlier change
    "CREATE TRIGGER incidents_change_needs_event BEFORE UPDATE ON incidents "
    "WHEN NEW.ref IS NOT OLD.ref OR NEW.last_event_id IS NULL "
    "OR NEW.last_event_id <= COALESCE(OLD.last_event_id, 0) "
    "OR NEW.last_event_id IS NOT (SELECT MAX(id) FROM incident_events WHERE ref = OLD.ref) "
    "BEGIN SELECT RAISE(ABORT, 'incidents: a change needs a new event of its own (storage.incidents.update_incident)'); END",
]


@migrations()
def m005_heartbeat(db: Database) -> None:
    """One row per running reminder runner (host:pid): `python -m bot status` reads the newest beat."""
    db["heartbeat"].create(
        {"instance": str, "host": str, "pid": int, "started_at": str, "beat_at": str, "retention_at": str},
        pk="instance",
    )


SQLITE_HINT = ("Zet een back-up terug (python -m bot backup maakt er een) of wijs met --db of PRIVACYLOKET_DB "
               "een ander bestand aan.")


class DatabaseUnusable(RuntimeError):
    """The database cannot be used. `str()` is one Dutch line for stderr."""

    def __init__(self, path: str | Path, reason: str, hint: str = SQLITE_HINT):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"Fout: de database {self.path} is niet bruikbaar: {reason}. {hint}")


class SchemaNotCurrent(DatabaseUnusable):
    """PostgreSQL with PRIVACYLOKET_MIGRATE=never and migrations not yet applied: start refused."""

    def __init__(self, path: str, pending: list[str]):
        self.pending = list(pending)
        super().__init__(
            path, f"het schema loopt achter (nog niet toegepast: {', '.join(self.pending)})",
            hint="Voer eerst python -m bot migrate uit; met PRIVACYLOKET_MIGRATE=never migreert Privacyloket "
                 "niet zelf bij het starten.")


def _reason(exc: BaseException) -> str:
    text = str(exc)
    if "file is not a database" in text:
        return "dit is geen SQLite-database (of het bestand is beschadigd)"
    if "malformed" in text:
        return "het bestand is beschadigd (bijvoorbeeld afgekapt)"
    if "readonly" in text or "read-only" in text:
        return "het bestand is alleen-lezen"
    if "unable to open" in text:
        return "het bestand kan niet worden geopend"
    if "locked" in text or "busy" in text:
        return "een ander proces houdt de database bezet"
    return f"SQLite meldt: {text}"


PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
SIDE_FILES = ("-wal", "-shm", "-journal")


def _prepare_files(path: Path) -> None:
    """Make sure the folder (0700) and the file (0600) exist and can be written, before SQLite opens it."""
    if path.is_dir():
        raise DatabaseUnusable(path, "op dat pad staat een map, geen databasebestand")
    folder = path.parent
    try:
        created = not folder.exists()
        if created:
            folder.mkdir(parents=True, mode=PRIVATE_FOLDER)
    except OSError as exc:
        raise DatabaseUnusable(path, f"de map {folder} kan niet worden gemaakt ({exc.strerror})") from exc
    _private_folder(folder, path.name, created)
    if path.exists():
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise DatabaseUnusable(path, "dat is geen gewoon bestand")
        # the owner's write bit too: root may write to any file, but a file set read-only means "hands off"
        if not st.st_mode & stat.S_IWUSR or not os.access(path, os.R_OK | os.W_OK):
            raise DatabaseUnusable(path, "het bestand is alleen-lezen")
    if not os.access(folder, os.W_OK | os.X_OK):  # SQLite creates its -wal and -shm files beside it
        raise DatabaseUnusable(path, f"de map {folder} is alleen-lezen")
    if not path.exists():
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE))
        except FileExistsError:
            pass  # another process made it a moment ago
        except OSError as exc:
            raise DatabaseUnusable(path, f"het bestand kan niet worden gemaakt ({exc.strerror})") from exc
    _private_files(path)


def _private_folder(folder: Path, name: str, created: bool) -> None:
    """0700 for a folder we made, or one that holds nothing but this database (the default's own folder).

    Any other folder (a project folder, /tmp) is not ours to change: a warning instead."""
    try:
        st = folder.stat()
        if not st.st_mode & 0o077:
            return
        ours = created or (
            st.st_uid == os.geteuid() and not st.st_mode & stat.S_ISVTX
            and all(child.name.startswith(name) for child in folder.iterdir())
        )
        if ours:
            os.chmod(folder, PRIVATE_FOLDER)
        else:
            log.warning("De map %s is leesbaar voor anderen; de database zelf staat op 0600.", folder)
    except OSError as exc:
        log.warning("Kan de rechten van %s niet beperken: %s", folder, exc.strerror)


def _private_files(path: Path) -> None:
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in SIDE_FILES)):
        try:
            if candidate.exists() and candidate.stat().st_mode & 0o077:
                os.chmod(candidate, stat.S_IMODE(candidate.stat().st_mode) & 0o700)
        except OSError as exc:
            log.warning("Kan de rechten van %s niet beperken: %s", candidate, exc.strerror)


def open_db(location: str | Path, migrate: bool = True) -> Store:
    """Open (create, migrate) the database at `location`: a SQLite path or a `postgresql://` URL.

    `DatabaseUnusable` when it cannot be used. `migrate=False` (PRIVACYLOKET_MIGRATE=never) applies
    to PostgreSQL only: pending migrations then refuse the start (`SchemaNotCurrent`) instead of
    running; a SQLite file is migrated when it is opened, as it always was. `store.migrated` names
    what this open applied."""
    if is_url(location):
        from storage.postgres import open_postgres

        return open_postgres(str(location), migrate_now=migrate)
    return _open_sqlite(str(location))


def _open_sqlite(path: str) -> SqliteStore:
    memory = path == ":memory:"
    if not memory:
        _prepare_files(Path(path))
    conn = None
    try:
        conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
        db = Database(conn)
        if not memory:
            # damage shows here rather than halfway through a dialogue: a torn page, a cut-off file
            result = db.execute("PRAGMA quick_check").fetchone()
            if result is None or result[0] != "ok":
                raise sqlite3.DatabaseError("database disk image is malformed")
            db.enable_wal()
            _private_files(Path(path))
        db.execute("PRAGMA foreign_keys = ON")
        waiting = [m.name for m in migrations.pending(db)]
        migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise DatabaseUnusable(path, _reason(exc)) from exc
    store = SqliteStore(db, path)
    store.migrated = waiting
    return store


def pending_migrations(store: Store) -> list[str]:
    """The migrations not yet applied to this database (empty after `open_db` with migrate)."""
    if isinstance(store, PostgresStore):
        from storage.postgres import pending

        with store.lock:
            return pending(store.conn)
    return [m.name for m in migrations.pending(store.db)]


def migration_names(backend: str) -> list[str]:
    """Every migration, in order, of one backend ('sqlite' or 'postgres')."""
    if backend == "postgres":
        from storage.postgres import MIGRATIONS

        return [m.name for m in MIGRATIONS]
    return [m.name for m in migrations._migrations]


class BackupNotHere(RuntimeError):
    """`backup` copies a SQLite file; a PostgreSQL database is copied with pg_dump."""


def backup(store: Store, destination: str | Path) -> Path:
    """An online, consistent copy with SQLite's backup API, private (0600). Refuses to overwrite."""
    if not isinstance(store, SqliteStore):
        raise BackupNotHere(redacted(store.location))
    target = Path(destination)
    if target.exists():
        raise FileExistsError(target)
    if not target.parent.exists():
        target.parent.mkdir(parents=True, mode=PRIVATE_FOLDER)
    os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE))
    copy = sqlite3.connect(target)
    try:
        with store.lock:
            store.db.conn.backup(copy)
        result = copy.execute("PRAGMA integrity_check").fetchone()
        if result is None or result[0] != "ok":
            raise sqlite3.DatabaseError(f"the copy fails its integrity check: {result}")
    finally:
        copy.close()
    _private_files(target)
    return target


@migrations()
def m006_desk(db: Database) -> None:
    """The web desk (storage/desk.py): single-use login links and sessions, both stored as sha256 only."""
    db["desk_tokens"].create(
        {"token_hash": str, "person": str, "created_at": str, "expires_at": str, "used_at": str},
        pk="token_hash", not_null={"person", "created_at", "expires_at"},
    )
    db["desk_sessions"].create(
        {"session_hash": str, "person": str, "created_at": str, "expires_at": str, "last_seen_at": str,
         "ended_at": str, "user_agent": str, "flash": str},
        pk="session_hash", not_null={"person", "created_at", "expires_at"},
    )
    db["desk_sessions"].create_index(["person"])


@migrations()
def m007_incident_owner(db: Database) -> None:
    """Who took an incident on (the CISO, the FG or a deputy, as a person key): the reminders before
    the deadline then go to the owner only. Set only with an `owner_taken` event (update_incident)."""
    db.execute("ALTER TABLE incidents ADD COLUMN owner TEXT")


@migrations()
def m008_dialogue_version(db: Database) -> None:
    """Dialogue state is saved with a version check (storage/dialogues.py): a save that lost a race
    with another instance is refused instead of overwriting. Existing rows start at version 1."""
    db.execute("ALTER TABLE dialogues ADD COLUMN version INTEGER NOT NULL DEFAULT 1")
