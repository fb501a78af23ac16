import os
from datetime import datetime

import pytest

from tests import helpers, pg
from tests.helpers import ChatDriver, FakeClock, new_engine

# PRIVACYLOKET_TEST_DATE=2027-02-28T23:30:00+00:00 runs the whole suite as if the machine's clock
# said so (time-machine, ticking): the suite must pass unchanged on any date (.ci/run proves it).
_SHIFT = os.environ.get("PRIVACYLOKET_TEST_DATE")
_traveller = None


def pytest_configure(config):
    global _traveller
    config.addinivalue_line("markers", "both_backends: run each test that uses a database (tmp_path) on SQLite "
                                       "and on PostgreSQL (the `backend` fixture); on a module via pytestmark")
    config.addinivalue_line("markers", "sqlite_only: a test in a both_backends module that is about SQLite itself")
    if _SHIFT:
        import time_machine

        _traveller = time_machine.travel(datetime.fromisoformat(_SHIFT), tick=True)
        _traveller.start()


def pytest_unconfigure(config):
    if _traveller is not None:
        _traveller.stop()
    if _server is not None:
        _server.close()


# -- two backends: SQLite (the default) and PostgreSQL ---------------------------------------------
# A test marked both_backends (or in a module with `pytestmark = pytest.mark.both_backends`) that uses
# a database runs twice, [sqlite] and [postgres]. In the PostgreSQL run every database path the test
# names (tests.helpers.database, new_app, make_config, db_args) is a PostgreSQL database of its own.
_server: pg.Server | None = None


def pytest_generate_tests(metafunc):
    definition = metafunc.definition
    if ("backend" in metafunc.fixturenames and "tmp_path" in metafunc.fixturenames
            and definition.get_closest_marker("both_backends") and not definition.get_closest_marker("sqlite_only")):
        metafunc.parametrize("backend", ["sqlite", "postgres"], indirect=True)


def _postgres_server() -> pg.Server:
    """The session's server (template made on first use); skips, or under CI=true fails, without one."""
    global _server
    if _server is None:
        _server = pg.Server()
    problem = _server.ready()
    if problem is not None:
        pg.unavailable(problem)
    return _server


@pytest.fixture(autouse=True)
def backend(request, monkeypatch):
    """'sqlite' (every test, as always) or 'postgres' (the second run of a both_backends test)."""
    name = getattr(request, "param", "sqlite")
    if name != "postgres":
        yield name
        return
    databases = pg.Databases(_postgres_server())
    monkeypatch.setattr(helpers, "POSTGRES", databases)
    monkeypatch.setenv("DATABASE_URL", databases.url_for(request.getfixturevalue("tmp_path") / "bot.db"))
    try:
        yield name
    finally:
        databases.drop()


def pytest_report_header(config):
    return f"wall clock shifted to {_SHIFT} (time-machine)" if _SHIFT else None


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def engine(tmp_path, clock):
    return new_engine(tmp_path, clock)


@pytest.fixture
def chat(engine):
    return ChatDriver(engine)


@pytest.fixture
def pg_databases():
    """PostgreSQL databases of a test about PostgreSQL itself (tests/test_postgres.py), dropped after it."""
    databases = pg.Databases(_postgres_server())
    try:
        yield databases
    finally:
        databases.drop()
