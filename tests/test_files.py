"""The database files: private permissions, one clear Dutch line for a file that cannot be used, backups."""
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bot.__main__ import main
from storage import open_db
from storage.db import DatabaseUnusable, backup
from storage.register import verify
from tests.test_datalek import complete_intake

ROOT = Path(__file__).resolve().parent.parent


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def write_something(store):
    store.db["question_log"].insert({"asked_at": "2026-11-23T09:00:00+00:00", "question": "x", "kind": "unknown"})
    store.db.conn.commit()


# -- permissions -----------------------------------------------------------------------------------
def test_a_new_database_is_private(tmp_path):
    path = tmp_path / "data" / "privacyloket" / "bot.db"
    store = open_db(path)
    write_something(store)
    assert mode(path.parent) == 0o700
    assert mode(path) == 0o600
    assert Path(f"{path}-wal").exists() and Path(f"{path}-shm").exists()
    assert mode(f"{path}-wal") == 0o600 and mode(f"{path}-shm") == 0o600


def test_an_existing_world_readable_database_is_made_private(tmp_path):
    folder = tmp_path / "privacyloket"
    path = folder / "bot.db"
    store = open_db(path)
    write_something(store)
    store.db.conn.close()
    os.chmod(folder, 0o755)
    for name in (path, f"{path}-wal", f"{path}-shm"):
        if Path(name).exists():
            os.chmod(name, 0o644)
    open_db(path)
    assert mode(folder) == 0o700
    assert all(mode(name) == 0o600 for name in (path, f"{path}-wal", f"{path}-shm") if Path(name).exists())


def test_a_shared_folder_is_left_alone_but_the_file_is_private(tmp_path, caplog):
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "README.txt").write_text("andermans bestand")
    os.chmod(folder, 0o755)
    open_db(folder / "bot.db")
    assert mode(folder) == 0o755  # not ours to change: a warning instead
    assert "leesbaar voor anderen" in caplog.text
    assert mode(folder / "bot.db") == 0o600


# -- a database that cannot be used --------------------------------------------------------------
def random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def truncated(path: Path) -> None:
    store = open_db(path)
    for i in range(300):
        store.db["question_log"].insert({"asked_at": "2026-11-23T09:00:00+00:00", "question": "x" * 400, "kind": "unknown"})
    store.db.conn.commit()
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.db.conn.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def read_only(path: Path) -> None:
    open_db(path).db.conn.close()
    os.chmod(path, 0o400)


def a_folder(path: Path) -> None:
    path.mkdir()


DAMAGE = {"random bytes": random_bytes, "truncated": truncated, "read-only": read_only, "a folder": a_folder}
REASONS = {"random bytes": "geen SQLite-database", "truncated": "beschadigd", "read-only": "alleen-lezen",
           "a folder": "een map"}


@pytest.mark.parametrize("damage", DAMAGE)
def test_open_db_says_why_the_database_cannot_be_used(tmp_path, damage):
    path = tmp_path / "bot.db"
    DAMAGE[damage](path)
    with pytest.raises(DatabaseUnusable) as caught:
        open_db(path)
    message = str(caught.value)
    assert message.startswith(f"Fout: de database {path} is niet bruikbaar: ")
    assert REASONS[damage] in message and "\n" not in message


COMMANDS = [
    ["status"], ["register", "verify"], ["retention", "--dry-run"], ["retention"], ["backup", "{tmp}/kopie.db"],
    ["ask", "wat is een datalek"], ["console"], ["run"],
]


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_every_command_gives_one_dutch_line_and_exit_2(tmp_path, monkeypatch, capsys, damage, command):
    for var in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "TELEGRAM_BOT_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setattr("builtins.input", lambda prompt="": (_ for _ in ()).throw(EOFError))
    path = tmp_path / "bot.db"
    DAMAGE[damage](path)
    argv = [part.format(tmp=tmp_path) for part in command]
    argv = [*argv[:1], *argv[1:], "--db", str(path)] if argv[0] != "ask" else ["ask", "--db", str(path), argv[1]]
    assert main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Fout: de database") and REASONS[damage] in lines[0]
    assert "Traceback" not in captured.err + captured.out


def test_python_m_bot_exits_2_without_a_traceback(tmp_path):
    path = tmp_path / "bot.db"
    random_bytes(path)
    result = subprocess.run([sys.executable, "-m", "bot", "status", "--db", str(path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "niet bruikbaar" in result.stderr and "Traceback" not in result.stderr


def test_a_missing_database_is_not_created_by_the_admin_commands(tmp_path, capsys):
    path = tmp_path / "typo.db"
    assert main(["register", "verify", "--db", str(path)]) == 2
    assert "bestaat niet" in capsys.readouterr().err
    assert not path.exists()


# -- backups -----------------------------------------------------------------------------------------
def test_backup_is_a_private_consistent_copy(tmp_path, chat, engine, capsys):
    complete_intake(chat)
    source = tmp_path / "bot.db"
    # another process is halfway through a write: the copy holds what was committed, nothing more
    other = sqlite3.connect(source)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO question_log (asked_at, question, kind) VALUES ('2026-11-23T09:00:00+00:00', 'half', 'unknown')")
    target = tmp_path / "backups" / "bot-2026-11-23.db"
    assert main(["backup", str(target), "--db", str(source)]) == 0
    other.rollback()
    other.close()
    assert "Back-up gemaakt" in capsys.readouterr().out
    assert mode(target) == 0o600
    copy = open_db(target)
    assert copy.db["incidents"].count == 1 and copy.db["question_log"].count == 0
    assert verify(copy).ok


def test_backup_never_overwrites(tmp_path, engine, capsys):
    target = tmp_path / "kopie.db"
    target.write_text("een ander bestand")
    assert main(["backup", str(target), "--db", str(tmp_path / "bot.db")]) == 2
    assert "bestaat al" in capsys.readouterr().err
    assert target.read_text() == "een ander bestand"


def test_backup_function_copies_while_the_bot_keeps_writing(tmp_path, engine):
    first = backup(engine.store, tmp_path / "een.db")
    write_something(engine.store)
    second = backup(engine.store, tmp_path / "twee.db")
    assert open_db(first).db["question_log"].count == 0
    assert open_db(second).db["question_log"].count == 1
