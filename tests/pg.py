"""The PostgreSQL half of the tests: a server on 127.0.0.1:5432 (user postgres, trust), one database
per test database path, made from a migrated template and dropped after the test.

CREATE DATABASE takes a few tenths of a second (it waits for the disk), so a background thread keeps
a few fresh copies of the template ready and drops the used ones: the tests run on Python's core
while the server makes the next databases on the other.

Where no server answers, the PostgreSQL half is skipped with a clear message; under CI=true it fails
instead (.ci/run starts the server first).
"""
from __future__ import annotations

import os
import queue
import threading
import uuid

import pytest

SERVER = "postgresql://postgres@127.0.0.1:5432"
ADMIN_URL = f"{SERVER}/postgres"
PREFIX = "privacyloket_test_"


def url(name: str) -> str:
    return f"{SERVER}/{name}"


def admin():
    import psycopg

    return psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3)


def new_name() -> str:
    """A unique database name that says which test process made it."""
    return f"{PREFIX}{os.getpid()}_{uuid.uuid4().hex[:12]}"


def drop_abandoned(conn) -> None:
    """Drop the test databases of test processes that are gone (killed, timed out) on this machine.
    (Several test sessions may share the server: those still running keep theirs.)"""
    for (name,) in conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", (PREFIX + "%",)).fetchall():
        pid = name[len(PREFIX):].split("_", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Server:
    """One per session: is there a server, the migrated template every test database is copied from,
    and the thread that makes and drops the copies."""

    READY = 3  # fresh databases kept waiting

    def __init__(self):
        self.problem: str | None = None
        self.template: str | None = None
        self._checked = False
        self._ready: queue.Queue = queue.Queue()
        self._wanted = threading.Semaphore(0)  # one release per database to make
        self._to_drop: list[str] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None

    def ready(self) -> str | None:
        """None when the server answers (the template made once), else why not."""
        if self._checked:
            return self.problem
        self._checked = True
        try:
            conn = admin()
        except Exception as exc:  # psycopg missing, server down, refused
            self.problem = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
            return self.problem
        from storage import open_db

        self.template = f"{PREFIX}{os.getpid()}_template"
        with conn:
            drop_abandoned(conn)
            conn.execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{self.template}"')
        store = open_db(url(self.template))  # every migration, once per session
        store.close()
        self._thread = threading.Thread(target=self._work, name="postgres-test-databases", daemon=True)
        self._thread.start()
        for _ in range(self.READY):
            self._wanted.release()
        return None

    def _work(self) -> None:
        try:
            with admin() as conn:
                while not self._stop.is_set():
                    if not self._wanted.acquire(timeout=0.05):
                        self._drop_some(conn)
                        continue
                    name = new_name()
                    conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
                    self._ready.put(name)
                self._drop_some(conn)
        except BaseException as exc:  # reported to the test that waits for a database
            self._failure = exc
            self._ready.put(None)

    def _drop_some(self, conn) -> None:
        with self._lock:
            names, self._to_drop = self._to_drop, []
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def take(self) -> str:
        """A fresh, migrated database of its own (and one more is made in its place)."""
        self._wanted.release()
        name = self._ready.get(timeout=120)
        if name is None:
            raise RuntimeError(f"making a test database failed: {self._failure!r}")
        return name

    def give_back(self, names: list[str]) -> None:
        with self._lock:
            self._to_drop.extend(names)

    def close(self) -> None:
        """At the end of the session: drop what is left (used, waiting) and the template."""
        if self._thread is not None:
            self._stop.set()
            self._thread.join(timeout=60)
        leftovers = list(self._to_drop)
        while not self._ready.empty():
            name = self._ready.get_nowait()
            if name:
                leftovers.append(name)
        if not self.template:
            return
        with admin() as conn:
            for name in [*leftovers, self.template]:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Databases:
    """The PostgreSQL databases of one test: one per path the test names, dropped at the end."""

    def __init__(self, server: Server):
        self.server = server
        self.urls: dict[str, str] = {}
        self.names: list[str] = []

    def url_for(self, path) -> str:
        key = str(path)
        if key not in self.urls:
            self.urls[key] = url(self.create())
        return self.urls[key]

    def create(self, migrated: bool = True) -> str:
        """A new database of this test: a copy of the migrated template, or (migrated=False) an empty one."""
        if migrated:
            name = self.server.take()
        else:
            name = new_name()
            with admin() as conn:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        self.names.append(name)
        return name

    def drop(self) -> None:
        """Dropped by the server's thread (WITH FORCE: connections the test left open are ended)."""
        self.server.give_back(self.names)
        self.names = []


def unavailable(problem: str) -> None:
    """Skip the PostgreSQL half, or fail it under CI=true."""
    message = (f"PostgreSQL half skipped: no PostgreSQL server answers on 127.0.0.1:5432 ({problem}). "
               "Start it (pg_ctlcluster VERSION main start, as .ci/run does) to run the tests on both backends.")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message.replace("skipped", "FAILED (CI=true)"), pytrace=False)
    pytest.skip(message)
