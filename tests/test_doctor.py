"""`python -m bot run` refuses a broken configuration (exit 2), and `python -m bot doctor` reports on it.

Through `bot.__main__.main`, as an operator runs it: the settings come from the environment (every
variable of ours is cleared first, and the working directory has no .env). The fake Slack and
Telegram servers run on their own event loop in a thread, because `main` runs its own loop.
"""
from __future__ import annotations

import asyncio
import logging
import threading

import pytest

from bot import logsafe
from bot.__main__ import main
from bot.config import KNOWN_VARIABLES, OUR_PREFIXES
from tests.fake_slack import FakeSlack
from tests.fake_telegram import FakeTelegram

LONG_TOKEN = "123456:ABCdefGhIJKlmNoPQRsTUVwxyZ0123456789"


class Background:
    """An event loop in a thread, for the fake servers while `main` runs its own loop."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(10)

    def close(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A clean environment: none of our variables, no .env, data under tmp_path."""
    import os

    for name in list(os.environ):
        if name.startswith(OUR_PREFIXES) or name in KNOWN_VARIABLES:
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr("builtins.input", lambda prompt="": (_ for _ in ()).throw(EOFError))

    def set_env(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    yield set_env
    logsafe.uninstall()


@pytest.fixture
def servers():
    background = Background()
    slack = background.run(FakeSlack().start())
    telegram = background.run(FakeTelegram(token="123:TEST").start())
    yield background, slack, telegram
    background.run(telegram.stop())
    background.run(slack.stop())
    background.close()


def platforms(slack: FakeSlack, telegram: FakeTelegram) -> dict:
    return dict(SLACK_BOT_TOKEN="xoxb-test", SLACK_APP_TOKEN="xapp-test", SLACK_API_URL=slack.url + "/api/",
                TELEGRAM_BOT_TOKEN="123:TEST", TELEGRAM_API_URL=telegram.url,
                CISO_USERS="slack:UCISO", FG_USERS="telegram:1002")


# -- run: a broken configuration stops the worker -----------------------------------------------------
@pytest.mark.parametrize("settings, line", [
    (dict(SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1", CISO_USERS="U0123ABCD", FG_USERS="slack:UFG"),
     "CISO_USERS: 'U0123ABCD' mist het platform ervoor; schrijf bijvoorbeeld slack:U0123ABCD."),
    (dict(SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1", CISO_USERS="slack:UCISO", FG_USERS="slak:U1"),
     "FG_USERS: onbekend platform 'slak' in 'slak:U1' (kies uit slack, telegram, console)."),
    (dict(SLACK_BOT_TOKEN="xoxb-1"),
     "SLACK_BOT_TOKEN is gezet, maar SLACK_APP_TOKEN (Socket Mode) en SLACK_SIGNING_SECRET (HTTP-modus) ontbreken allebei"),
    (dict(SLACK_APP_TOKEN="xapp-1"), "SLACK_APP_TOKEN is gezet zonder SLACK_BOT_TOKEN: Slack kan zo niet starten."),
    (dict(TELEGRAM_BOT_TOKEN="1:A", CISO_USERS="telegram:1,slack:UCISO", FG_USERS="telegram:2"),
     "CISO_USERS: slack:UCISO staat op Slack, maar Slack is niet ingesteld: deze persoon krijgt zo geen pings."),
    (dict(TELEGRAM_BOT_TOKEN="1:A", CISO_USERS="telegram:1", FG_USERS="telegram:2", CISO_USER="telegram:3"),
     "Onbekende instelling CISO_USER (bedoel je CISO_USERS?): die doet niets."),
    (dict(TELEGRAM_BOT_TOKEN="1:A", CISO_USERS="", FG_USERS="telegram:2"),
     "CISO_USERS is leeg: er is geen CISO die de pings van de 72-uursklok krijgt."),
    (dict(TELEGRAM_BOT_TOKEN="1:A", FG_USERS="telegram:2"),
     "CISO_USERS noemt alleen de console (console:ciso), maar naast Telegram draait geen console"),
])
def test_run_refuses_a_broken_configuration_with_exit_2(env, tmp_path, capsys, settings, line):
    env(**settings)
    assert main(["run", "--db", str(tmp_path / "bot.db")]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("Privacyloket start niet: de configuratie klopt niet.\n")
    assert f"  - {line}" in captured.err
    assert "console" not in captured.out  # nothing started
    assert not (tmp_path / "bot.db").exists()


def test_run_without_any_platform_still_starts_the_console_and_warns(env, tmp_path, capsys):
    env(CISO_USERS="console:ciso,slack:UCISO")
    assert main(["run", "--db", str(tmp_path / "bot.db")]) == 0
    captured = capsys.readouterr()
    assert "geen Slack- of Telegram-token" in captured.out and "Privacyloket — console" in captured.out
    assert ("Let op: CISO_USERS: slack:UCISO staat op Slack, maar Slack is niet ingesteld: deze persoon krijgt zo "
            "geen pings.") in captured.err


def test_a_rejected_telegram_token_stops_run_with_exit_1_and_never_shows_the_token(env, servers, tmp_path, caplog, capsys):
    _, _, telegram = servers
    env(TELEGRAM_BOT_TOKEN=LONG_TOKEN, TELEGRAM_API_URL=telegram.url, CISO_USERS="telegram:1", FG_USERS="telegram:2")
    with caplog.at_level(logging.DEBUG):
        assert main(["run", "--db", str(tmp_path / "bot.db")]) == 1
    captured = capsys.readouterr()
    text = caplog.text + captured.out + captured.err
    assert "Privacyloket is gestopt: InvalidToken: The token `[verborgen]` was rejected by the server." in caplog.text
    assert LONG_TOKEN not in text and "ABCdefGhIJ" not in text


# -- doctor ---------------------------------------------------------------------------------------
def test_doctor_all_well(env, servers, tmp_path, capsys):
    _, slack, telegram = servers
    env(**platforms(slack, telegram))
    assert main(["doctor", "--db", str(tmp_path / "bot.db")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Privacyloket doctor\n")
    assert "Configuratie:\n  ✔ geen problemen gevonden" in out
    assert f"Database:\n  ✔ {tmp_path / 'bot.db'} opent en is bijgewerkt" in out
    assert f"✔ Slack bot-token (SLACK_BOT_TOKEN): geaccepteerd door {slack.url}/api/ (bot @privacyloket in Teststad)" in out
    assert f"✔ Slack app-token (SLACK_APP_TOKEN): geaccepteerd door {slack.url}/api/" in out
    assert f"✔ Telegram-token (TELEGRAM_BOT_TOKEN): geaccepteerd door {telegram.url} (bot @PrivacyloketTestBot)" in out
    assert out.rstrip().endswith("Alles in orde.")
    assert "Testpings" not in out and slack.posts() == [] and telegram.calls_of("sendMessage") == []


def test_doctor_rejected_tokens(env, servers, tmp_path, capsys):
    _, slack, telegram = servers
    slack.fail("auth.test", error="invalid_auth")
    env(**{**platforms(slack, telegram), "TELEGRAM_BOT_TOKEN": LONG_TOKEN})
    assert main(["doctor", "--db", str(tmp_path / "bot.db")]) == 1
    out = capsys.readouterr().out
    assert f"✘ Slack bot-token (SLACK_BOT_TOKEN): geweigerd door {slack.url}/api/ (invalid_auth)" in out
    assert f"✘ Telegram-token (TELEGRAM_BOT_TOKEN): geweigerd door {telegram.url}" in out
    assert "✔ Slack app-token" in out
    assert out.rstrip().endswith("2 problemen gevonden.")
    assert LONG_TOKEN not in out and "xoxb-test" not in out


def test_doctor_unreachable_api(env, tmp_path, capsys):
    env(TELEGRAM_BOT_TOKEN="1:A", TELEGRAM_API_URL="http://127.0.0.1:9", CISO_USERS="telegram:1", FG_USERS="telegram:2")
    assert main(["doctor", "--db", str(tmp_path / "bot.db")]) == 1
    assert "✘ Telegram: http://127.0.0.1:9 is niet bereikbaar (NetworkError)" in capsys.readouterr().out


def test_doctor_reports_the_configuration_and_the_database(env, tmp_path, capsys):
    env(SLACK_BOT_TOKEN="xoxb-1", CISO_USERS="U0123ABCD")
    (tmp_path / "folder.db").mkdir()
    assert main(["doctor", "--db", str(tmp_path / "folder.db")]) == 1
    out = capsys.readouterr().out
    assert "  ✘ SLACK_BOT_TOKEN is gezet, maar SLACK_APP_TOKEN" in out
    assert "  ✘ CISO_USERS: 'U0123ABCD' mist het platform ervoor" in out
    assert "Database:\n  ✘ Fout: de database" in out and "op dat pad staat een map" in out


def test_doctor_ping_sends_a_test_ping_to_every_role_user(env, servers, tmp_path, capsys):
    _, slack, telegram = servers
    env(**{**platforms(slack, telegram), "DEPUTY_USERS": "console:plv"})
    assert main(["doctor", "--ping", "--db", str(tmp_path / "bot.db")]) == 0
    out = capsys.readouterr().out
    assert "Testpings:\n  ✔ slack:UCISO (CISO): testping afgeleverd\n  ✔ telegram:1002 (FG): testping afgeleverd\n" in out
    assert "  - console:plv (plaatsvervanger): de console krijgt pings alleen in een console-sessie" in out
    (ping,) = slack.texts("DUCISO")
    assert ping.startswith("🩺 Testbericht van Privacyloket") and "als CISO" in ping
    (sent,) = telegram.texts(1002)
    assert "als FG" in sent


def test_doctor_ping_that_does_not_arrive(env, servers, tmp_path, capsys):
    _, slack, telegram = servers
    telegram.block_chat(1002)
    env(**{**platforms(slack, telegram), "CISO_USERS": "slack:UCISO,telegram:1001"})
    assert main(["doctor", "--ping", "--db", str(tmp_path / "bot.db")]) == 1
    out = capsys.readouterr().out
    assert "✔ telegram:1001 (CISO): testping afgeleverd" in out
    assert "✘ telegram:1002 (FG): testping NIET afgeleverd" in out
    assert out.rstrip().endswith("1 probleem gevonden.")
