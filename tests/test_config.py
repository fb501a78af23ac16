"""Configuration from the environment and .env; secrets stay out of logs."""
import os

import pytest

from bot.config import load_config


@pytest.fixture(autouse=True)
def private_environ(monkeypatch):
    """load_dotenv writes to os.environ: give each test its own copy so nothing leaks."""
    monkeypatch.setattr(os, "environ", os.environ.copy())


def test_env_file_and_roles(tmp_path, monkeypatch):
    for var in ("CISO_USERS", "FG_USERS", "DEPUTY_USERS", "SLACK_BOT_TOKEN", "ORGANISATION_NAME", "PRIVACYLOKET_DB"):
        monkeypatch.delenv(var, raising=False)
    env = tmp_path / ".env"
    env.write_text(
        "ORGANISATION_NAME=Gemeente Voorbeeld\nCISO_USERS=slack:U1, telegram:42\nFG_USERS=console:fg\n"
        "SLACK_BOT_TOKEN=xoxb-very-secret\nPRIVACYLOKET_DB=/tmp/x.db\n"
    )
    config = load_config(str(env))
    assert config.organisation == "Gemeente Voorbeeld"
    assert config.ciso_users == ("slack:U1", "telegram:42")
    assert config.roles_of("telegram:42") == {"ciso"}
    assert config.roles_of("console:fg") == {"fg"}
    assert config.roles_of("slack:U2") == set()
    assert config.db_path == "/tmp/x.db"
    assert "xoxb-very-secret" not in repr(config)


def test_defaults_without_env(tmp_path, monkeypatch):
    monkeypatch.delenv("PRIVACYLOKET_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    config = load_config(env_file=None)
    assert config.db_path == str(tmp_path / "privacyloket" / "privacyloket.db")
