"""The portable layer under every storage module: one SQL text, two backends.

Storage modules write their SQL once, with `?` placeholders and SQL that SQLite (3.35+) and
PostgreSQL (13+) both read: `INSERT ... ON CONFLICT DO NOTHING`, `ON CONFLICT (...) DO UPDATE`,
`RETURNING`, `COALESCE`. What one of them lacks is supplied where it lives, not in the callers:
PostgreSQL gets `julianday(text)` and `json_extract(text, '$.key')` as SQL functions
(storage/postgres.py, migration m001), so retention and the desk's queries need one text.

    store.execute(sql, params)  -> Result (rowcount, rows of a RETURNING)
    store.query(sql, params)    -> [dict]        store.rows(sql, params) -> [tuple]
    store.one(sql, params)      -> dict | None   store.value(sql, params) -> the first column or None
    store.transaction()         an atomic block (nested: a savepoint)
    store.writing()             an atomic block that is the one writer (see below)
    store.table(name)           a small reader for tests and tools: .count, .rows, .get(pk), .rows_where()

Outside a `transaction()` every statement stands alone and is committed at once.

`writing()` is for a read-then-write that two processes must not interleave (the next reference,
the head of the hash chain): SQLite takes its write lock at once (`BEGIN IMMEDIATE`); PostgreSQL
takes a transaction-level advisory lock (`pg_advisory_xact_lock(WRITER_LOCK)`), released at commit.

One connection per store, guarded by `store.lock` (an RLock): threads of one process take turns.
"""
from __future__ import annotations

import contextlib
import functools
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Iterator, Sequence

SQLITE, POSTGRES = "sqlite", "postgres"
URL_SCHEMES = ("postgresql://", "postgres://")
# advisory lock keys (any bigint): the one writer (per transaction) and migrating (per session)
WRITER_LOCK = 0x5052_4956_4C4B_0001
MIGRATE_LOCK = 0x5052_4956_4C4B_0002
_PASSWORD = re.compile(r"(://[^/@:]*:)([^@/]*)(@)")


def is_url(location) -> bool:
    """Whether `location` names a PostgreSQL server (else it is a SQLite file or ':memory:')."""
    return isinstance(location, str) and location.startswith(URL_SCHEMES)


def redacted(location) -> str:
    """A location fit to print: the password in a URL becomes [verborgen]."""
    return _PASSWORD.sub(lambda m: m.group(1) + "[verborgen]" + m.group(3), str(location))


@functools.lru_cache(maxsize=1024)
def to_psycopg(sql: str) -> str:
    """`?` placeholders to `%s`, a literal `%` to `%%`; `?` inside quotes or comments stays as it is."""
    out, i, n = [], 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in ("'", '"'):
            end = i + 1
            while end < n:
                if sql[end] == ch:
                    if end + 1 < n and sql[end + 1] == ch:  # '' or "" inside the quotes
                        end += 2
                        continue
                    break
                end += 1
            out.append(sql[i:end + 1].replace("%", "%%"))
            i = end + 1
            continue
        if ch == "-" and sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end < 0 else end
            out.append(sql[i:end].replace("%", "%%"))
            i = end
            continue
        out.append("%s" if ch == "?" else "%%" if ch == "%" else ch)
        i += 1
    return "".join(out)


@dataclass
class Result:
    """What a statement returned: the rows of a SELECT or RETURNING (tuples), their columns, rowcount."""

    rowcount: int = -1
    columns: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)

    def dicts(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    def first(self) -> tuple | None:
        return self.rows[0] if self.rows else None


class Table:
    """A small reader for one table (tests, tools): the few sqlite-utils members the tests use."""

    def __init__(self, store: "Store", name: str):
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise ValueError(f"not a table name: {name!r}")
        self.store, self.name = store, name

    @property
    def count(self) -> int:
        return self.store.value(f"SELECT COUNT(*) FROM {self.name}")

    @property
    def rows(self) -> list[dict]:
        return self.rows_where()

    def rows_where(self, where: str | None = None, params: Sequence = (), order_by: str | None = None,
                   select: str = "*") -> list[dict]:
        sql = f"SELECT {select} FROM {self.name}"
        if where:
            sql += f" WHERE {where}"
        if order_by:
            sql += f" ORDER BY {order_by}"
        return self.store.query(sql, params)

    def get(self, key) -> dict:
        """The row whose primary key is `key` (single-column keys); LookupError when there is none."""
        column = self.store.primary_key(self.name)
        row = self.store.one(f"SELECT * FROM {self.name} WHERE {column} = ?", [key])
        if row is None:
            raise LookupError(f"{self.name}: no row {key!r}")
        return row

    @property
    def columns(self) -> list[str]:
        return self.store.columns(self.name)


class Store:
    """One database behind the storage functions. Subclasses supply `_run`, `_begin` and the catalogue."""

    backend: str = ""

    def __init__(self, location: str):
        self.location = location
        self.lock = threading.RLock()
        self._depth = 0  # nesting of transaction(): 0 = every statement commits on its own
        self.migrated: list[str] = []  # the migrations this open applied (python -m bot migrate)

    # -- statements --------------------------------------------------------------------------
    def execute(self, sql: str, params: Sequence | None = None) -> Result:
        with self.lock:
            return self._run(sql, tuple(params or ()))

    def query(self, sql: str, params: Sequence | None = None) -> list[dict]:
        return self.execute(sql, params).dicts()

    def rows(self, sql: str, params: Sequence | None = None) -> list[tuple]:
        return self.execute(sql, params).rows

    def one(self, sql: str, params: Sequence | None = None) -> dict | None:
        found = self.query(sql, params)
        return found[0] if found else None

    def value(self, sql: str, params: Sequence | None = None, default: Any = None) -> Any:
        row = self.execute(sql, params).first()
        return row[0] if row else default

    def table(self, name: str) -> Table:
        return Table(self, name)

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    # -- transactions ------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator["Store"]:
        with self.lock, self._atomic(writer=False):
            yield self

    @contextlib.contextmanager
    def writing(self) -> Iterator["Store"]:
        """A transaction that is the database's one writer until it ends (see the module docstring)."""
        with self.lock, self._atomic(writer=True):
            yield self

    @contextlib.contextmanager
    def _atomic(self, writer: bool) -> Iterator[None]:
        raise NotImplementedError

    # -- catalogue ---------------------------------------------------------------------------
    def columns(self, table: str) -> list[str]:
        raise NotImplementedError

    def primary_key(self, table: str) -> str:
        raise NotImplementedError

    def tables(self) -> list[str]:
        raise NotImplementedError

    def _run(self, sql: str, params: tuple) -> Result:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {redacted(self.location)}>"


class SqliteStore(Store):
    """The embedded default: one sqlite3 connection (and its sqlite-utils `Database` as `.db`)."""

    backend = SQLITE

    def __init__(self, db, location: str = ":memory:"):
        super().__init__(location)
        self.db = db  # sqlite_utils.Database: migrations, backup and the SQLite-only tests use it

    @property
    def conn(self):
        return self.db.conn

    def _run(self, sql: str, params: tuple) -> Result:
        cursor = self.conn.execute(sql, params)
        columns = [d[0] for d in cursor.description] if cursor.description else []
        rows = cursor.fetchall() if cursor.description else []
        result = Result(cursor.rowcount, columns, rows)
        if self._depth == 0 and self.conn.in_transaction:  # outside transaction(): a statement stands alone
            self.conn.commit()
        return result

    @contextlib.contextmanager
    def _atomic(self, writer: bool) -> Iterator[None]:
        conn = self.conn
        if self._depth > 0 or conn.in_transaction:
            name = f"sp{self._depth + 1}"
            conn.execute(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield
            except BaseException:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
                raise
            else:
                conn.execute(f"RELEASE {name}")
            finally:
                self._depth -= 1
            return
        conn.execute("BEGIN IMMEDIATE" if writer else "BEGIN")
        self._depth += 1
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")
        finally:
            self._depth -= 1

    def columns(self, table: str) -> list[str]:
        return [r[1] for r in self.rows(f"PRAGMA table_info({table})")]

    def primary_key(self, table: str) -> str:
        keys = sorted((r[5], r[1]) for r in self.rows(f"PRAGMA table_info({table})") if r[5])
        return keys[0][1] if keys else "rowid"

    def tables(self) -> list[str]:
        return [r[0] for r in self.rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]

    def close(self) -> None:
        with self.lock:
            self.conn.close()


class PostgresStore(Store):
    """PostgreSQL through psycopg 3: one connection in autocommit, explicit transactions.

    A connection the server dropped (a restart, a PaaS's maintenance) fails the statement that finds
    out; the next statement outside a transaction connects again."""

    backend = POSTGRES

    def __init__(self, conn, location: str):
        super().__init__(location)
        self.conn = conn

    def _ensure(self) -> None:
        if self._depth == 0 and (self.conn.closed or self.conn.broken):
            from storage.postgres import connect

            self.conn = connect(self.location)

    def _run(self, sql: str, params: tuple) -> Result:
        self._ensure()
        cursor = self.conn.execute(to_psycopg(sql), params)
        columns = [d.name for d in cursor.description] if cursor.description else []
        rows = cursor.fetchall() if cursor.description else []
        return Result(cursor.rowcount, columns, rows)

    @contextlib.contextmanager
    def _atomic(self, writer: bool) -> Iterator[None]:
        self._ensure()
        with self.conn.transaction():  # nested: a savepoint
            self._depth += 1
            try:
                if writer:
                    self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
                yield
            finally:
                self._depth -= 1

    def columns(self, table: str) -> list[str]:
        return [r[0] for r in self.rows(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? ORDER BY ordinal_position", [table])]

    def primary_key(self, table: str) -> str:
        found = self.value(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = i.indkey[0] WHERE i.indrelid = CAST(? AS regclass) AND i.indisprimary", [table])
        return found or "ctid"

    def tables(self) -> list[str]:
        return [r[0] for r in self.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE' ORDER BY table_name")]

    def close(self) -> None:
        with self.lock:
            self.conn.close()


def integrity_errors() -> tuple[type[BaseException], ...]:
    """The exception classes a refused write raises (a constraint, a trigger), on either backend."""
    import sqlite3

    found: list[type[BaseException]] = [sqlite3.IntegrityError]
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return tuple(found)
    return (*found, psycopg.IntegrityError)
