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


# -- the check at start-up (bot.config.check) ------------------------------------------------------
from bot.config import KNOWN_VARIABLES, OUR_PREFIXES, Config, check  # noqa: E402

SLACK = dict(slack_bot_token="xoxb-1-2-abc", slack_app_token="xapp-1-A1-abc")
ROLES = dict(ciso_users=("slack:UCISO",), fg_users=("slack:UFG",), deputy_users=())


def problems(env_names=(), **settings) -> list[str]:
    return check(Config(**{**SLACK, **ROLES, **settings}), env_names=env_names)


def test_a_complete_configuration_has_no_problems():
    assert problems() == []
    assert problems(env_names=["PORT", "SLACK_BOT_TOKEN", "PATH", "HOME", "RETENTION_DIALOGUE_DAYS"]) == []
    telegram = dict(slack_bot_token=None, slack_app_token=None, telegram_bot_token="123:ABC_def-9",
                    ciso_users=("telegram:1001",), fg_users=("telegram:1002", "console:fg"))
    assert problems(**telegram) == []
    assert check(Config()) == []  # no platform at all: the console with its console roles


def test_role_without_platform_or_with_an_unknown_platform():
    assert problems(ciso_users=("U0123ABCD",)) == [
        "CISO_USERS: 'U0123ABCD' mist het platform ervoor; schrijf bijvoorbeeld slack:U0123ABCD.",
        "CISO_USERS: geen enkele CISO is bereikbaar via Slack: niemand krijgt de pings voor de CISO.",
    ]
    assert problems(fg_users=("slak:U1", "slack:UFG")) == [
        "FG_USERS: onbekend platform 'slak' in 'slak:U1' (kies uit slack, telegram, console).",
    ]
    assert "'12345' mist het platform ervoor; schrijf bijvoorbeeld telegram:12345." in problems(deputy_users=("12345",))[0]
    assert "is geen Slack-gebruikers-ID" in problems(ciso_users=("slack:@jan", "slack:UCISO"))[0]
    assert "is geen Telegram-gebruikersnummer" in problems(telegram_bot_token="1:A", fg_users=("telegram:@jan", "slack:UFG"))[0]


def test_half_set_platforms():
    only_bot = problems(slack_app_token=None)
    assert only_bot[0] == ("SLACK_BOT_TOKEN is gezet, maar SLACK_APP_TOKEN (Socket Mode) en SLACK_SIGNING_SECRET "
                           "(HTTP-modus) ontbreken allebei: Slack kan zo niet starten.")
    assert problems(slack_bot_token=None)[0] == "SLACK_APP_TOKEN is gezet zonder SLACK_BOT_TOKEN: Slack kan zo niet starten."
    assert "SLACK_SIGNING_SECRET is gezet zonder SLACK_BOT_TOKEN" in problems(slack_bot_token=None, slack_app_token=None,
                                                                               slack_signing_secret="s")[0]
    assert "begint niet met xoxb-" in problems(slack_bot_token="xapp-1-A1-abc")[0]
    assert "TELEGRAM_WEBHOOK_URL is gezet zonder TELEGRAM_BOT_TOKEN" in problems(telegram_webhook_url="https://x.example/t")[0]
    assert "ziet er niet uit als een bot-token" in problems(telegram_bot_token="geheim")[0]
    assert "mag alleen letters" in problems(telegram_bot_token="1:A", telegram_webhook_url="https://x.example/t",
                                            telegram_webhook_secret="met spatie")[0]
    same_port = problems(slack_app_token=None, slack_signing_secret="s", telegram_bot_token="1:A",
                         telegram_webhook_url="https://x.example/t", port=8080)
    assert "allebei poort 8080" in same_port[0]
    assert problems(slack_app_token=None, slack_signing_secret="s", telegram_bot_token="1:A",
                    telegram_webhook_url="https://x.example/t", port=8080, telegram_webhook_port=8443) == []


def test_role_user_on_a_platform_that_is_not_configured():
    assert problems(ciso_users=("slack:UCISO", "telegram:42")) == [
        "CISO_USERS: telegram:42 staat op Telegram, maar Telegram is niet ingesteld: deze persoon krijgt zo geen pings.",
    ]
    # the console is never "not configured", but it does not run beside Slack or Telegram
    assert check(Config(**SLACK)) == [
        "CISO_USERS noemt alleen de console (console:ciso), maar naast Slack draait geen console: niemand krijgt de "
        "pings voor de CISO. Zet bijvoorbeeld CISO_USERS=slack:U0123ABCD.",
        "FG_USERS noemt alleen de console (console:fg), maar naast Slack draait geen console: niemand krijgt de "
        "pings voor de FG. Zet bijvoorbeeld FG_USERS=slack:U0123ABCD.",
    ]
    assert check(Config(ciso_users=("console:ciso", "slack:U1"))) == [
        "CISO_USERS: slack:U1 staat op Slack, maar Slack is niet ingesteld: deze persoon krijgt zo geen pings.",
    ]


def test_no_ciso_or_fg_at_all():
    assert problems(ciso_users=(), fg_users=()) == [
        "CISO_USERS is leeg: er is geen CISO die de pings van de 72-uursklok krijgt.",
        "FG_USERS is leeg: er is geen FG die de pings van de 72-uursklok krijgt.",
    ]
    assert problems(deputy_users=()) == []  # deputies are optional


def test_unknown_variables_that_look_like_ours():
    found = problems(env_names=["CISO_USER", "SLACK_TOKEN", "TELEGRAM_WEBHOOK_SECRETS", "SMTP_HOST", "PATH", "WEB_PORT",
                                "FG_USERS", "DATABASE_URI", "PRIVACYLOKET_LOGLEVEL"])
    assert found == [
        "Onbekende instelling CISO_USER (bedoel je CISO_USERS?): die doet niets. Zie README.md voor de namen.",
        "Onbekende instelling DATABASE_URI (bedoel je DATABASE_URL?): die doet niets. Zie README.md voor de namen.",
        "Onbekende instelling PRIVACYLOKET_LOGLEVEL: die doet niets. Zie README.md voor de namen.",
        "Onbekende instelling SLACK_TOKEN (bedoel je SLACK_BOT_TOKEN?): die doet niets. Zie README.md voor de namen.",
        "Onbekende instelling TELEGRAM_WEBHOOK_SECRETS (bedoel je TELEGRAM_WEBHOOK_SECRET?): die doet niets. "
        "Zie README.md voor de namen.",
    ]


def test_load_config_remembers_the_names_it_saw(tmp_path, monkeypatch):
    env = tmp_path / ".env"
    env.write_text("CISO_USER=slack:U1\nSLACK_BOT_TOKEN=xoxb-x\n")
    config = load_config(str(env))
    assert "CISO_USER" in config.env_names and "SLACK_BOT_TOKEN" in config.env_names
    assert "xoxb-x" not in repr(config)
    assert any(line.startswith("Onbekende instelling CISO_USER") for line in check(config))


def test_every_variable_load_config_reads_is_known():
    """A new setting must be added to KNOWN_VARIABLES, or `run` would call it unknown and refuse to start."""
    import ast
    import inspect
    import re

    import bot.config as config_module

    source = inspect.getsource(config_module.load_config)
    names = {node.value for node in ast.walk(ast.parse(source))
             if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(r"[A-Z][A-Z0-9_]+", node.value)}
    assert {"SLACK_BOT_TOKEN", "CISO_USERS", "PORT"} <= names  # the scan sees them
    assert names - KNOWN_VARIABLES == set()
    assert all(not n.startswith(OUR_PREFIXES) or n in KNOWN_VARIABLES for n in names)
