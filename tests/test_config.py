"""Configuration from the environment and .env, read once; secrets stay out of logs."""
import os

from bot.config import load_config

ROLE_AND_APP_VARS = ("CISO_USERS", "FG_USERS", "DEPUTY_USERS", "SLACK_BOT_TOKEN", "ORGANISATION_NAME",
                     "PRIVACYLOKET_DB", "TELEGRAM_WEBHOOK_PORT", "TELEGRAM_WEBHOOK_LISTEN", "PORT")


def test_env_file_and_roles(tmp_path, monkeypatch):
    for var in ROLE_AND_APP_VARS:
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


def test_loading_an_env_file_leaves_os_environ_unchanged(tmp_path, monkeypatch):
    for var in ROLE_AND_APP_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("ORGANISATION_NAME", "Gemeente Echt")  # the real environment wins over the file
    env = tmp_path / ".env"
    env.write_text(
        "ORGANISATION_NAME=Gemeente Bestand\nSLACK_BOT_TOKEN=xoxb-from-file\nCISO_USERS=slack:U1\n"
        "TELEGRAM_WEBHOOK_PORT=8443\nTELEGRAM_WEBHOOK_LISTEN=127.0.0.1\nEMPTY_WITHOUT_VALUE\n"
    )
    before = dict(os.environ)
    config = load_config(str(env))
    assert dict(os.environ) == before
    assert "SLACK_BOT_TOKEN" not in os.environ and "TELEGRAM_WEBHOOK_PORT" not in os.environ
    assert config.organisation == "Gemeente Echt"
    assert config.slack_bot_token == "xoxb-from-file"
    assert config.ciso_users == ("slack:U1",)
    assert config.telegram_webhook_port == 8443 and config.telegram_webhook_listen == "127.0.0.1"


def test_telegram_webhook_defaults(tmp_path, monkeypatch):
    for var in ROLE_AND_APP_VARS:
        monkeypatch.delenv(var, raising=False)
    config = load_config(env_file=None)
    assert config.telegram_webhook_port is None and config.telegram_webhook_listen == "0.0.0.0"
    monkeypatch.setenv("TELEGRAM_WEBHOOK_PORT", "9001")
    assert load_config(env_file=None).telegram_webhook_port == 9001


def test_defaults_without_env(tmp_path, monkeypatch):
    monkeypatch.delenv("PRIVACYLOKET_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    config = load_config(env_file=None)
    assert config.db_path == str(tmp_path / "privacyloket" / "privacyloket.db")


def test_data_home_from_the_env_file(tmp_path, monkeypatch):
    monkeypatch.delenv("PRIVACYLOKET_DB", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    env = tmp_path / ".env"
    env.write_text(f"XDG_DATA_HOME={tmp_path / 'data'}\n")
    assert load_config(str(env)).db_path == str(tmp_path / "data" / "privacyloket" / "privacyloket.db")


def test_only_the_config_reads_the_environment():
    """Adapters (and everything else in bot/) get their settings from Config, never from os.environ."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "bot"
    readers = [str(p.relative_to(root)) for p in root.rglob("*.py")
               if p.name != "config.py" and ("os.environ" in p.read_text(encoding="utf-8") or "getenv" in p.read_text(encoding="utf-8"))]
    assert readers == []
