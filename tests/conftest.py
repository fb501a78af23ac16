import os
from datetime import datetime

import pytest

from tests.helpers import ChatDriver, FakeClock, new_engine

# PRIVACYLOKET_TEST_DATE=2027-02-28T23:30:00+00:00 runs the whole suite as if the machine's clock
# said so (time-machine, ticking): the suite must pass unchanged on any date (.ci/run proves it).
_SHIFT = os.environ.get("PRIVACYLOKET_TEST_DATE")
_traveller = None


def pytest_configure(config):
    global _traveller
    if _SHIFT:
        import time_machine

        _traveller = time_machine.travel(datetime.fromisoformat(_SHIFT), tick=True)
        _traveller.start()


def pytest_unconfigure(config):
    if _traveller is not None:
        _traveller.stop()


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
