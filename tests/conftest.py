import pytest

from tests.helpers import ChatDriver, FakeClock, new_engine


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def engine(tmp_path, clock):
    return new_engine(tmp_path, clock)


@pytest.fixture
def chat(engine):
    return ChatDriver(engine)
