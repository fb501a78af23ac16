"""`python -m bot run`: every configured platform in one loop, one clock, one database; clean stop."""
import asyncio
import socket

from bot.__main__ import main
from bot.messages import Message, Person
from bot.runner import configured_adapters, serve
from tests.fake_slack import FakeSlack
from tests.fake_telegram import FakeTelegram
from tests.helpers import new_app

# the first message already tells the kind, the recipients (several residents) and the data (addresses)
INTAKE = ["cc in plaats van bcc", "nu", "Op hetzelfde moment", "2 tot 10", "Nee",
          "Mailadressen van inwoners zichtbaar", "Communicatie", "Klopt, melding indienen"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_no_tokens_explains_and_starts_the_console(tmp_path, monkeypatch, capsys):
    for var in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "TELEGRAM_BOT_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setattr("builtins.input", lambda prompt="": (_ for _ in ()).throw(EOFError))
    assert main(["run", "--db", str(tmp_path / "bot.db")]) == 0
    out = capsys.readouterr().out
    assert "geen Slack- of Telegram-token" in out and "Privacyloket — console" in out


async def test_slack_and_telegram_in_one_process_with_one_clock(tmp_path, clock):
    async with FakeSlack() as slack:
        telegram = await FakeTelegram(token="123:TEST").start()
        try:
            app = new_app(
                tmp_path, clock,
                ciso_users=("slack:UCISO",), fg_users=("telegram:1002",), deputy_users=(),
                slack_bot_token="xoxb-test", slack_signing_secret="secret", slack_api_url=slack.url + "/api/",
                port=free_port(), telegram_bot_token="123:TEST", telegram_api_url=telegram.url,
            )
            engine = app.engine
            adapters = configured_adapters(engine, engine.config)
            assert [a.platform for a in adapters] == ["slack", "telegram"]
            stop = asyncio.Event()
            running = asyncio.create_task(serve(app, adapters, stop))
            telegram.say(2001, "hoi")
            answered = await telegram.wait_sent(2001, 1)
            assert "Waarmee kan ik je helpen" in answered[0]["text"]
            # a report filed by a Telegram user pings the CISO on Slack and the FG on Telegram
            reporter = Person("telegram", "2001")
            for step in INTAKE:
                await engine.handle(Message(reporter, text=step))
            assert engine.store.db["incidents"].count == 1
            await slack.wait_for(lambda: any("DL-2026-0001" in t for t in slack.texts()))
            await telegram.wait_sent(1002, 1)
            assert app.reminders.scheduler is not None and app.reminders.scheduler.running
            wake = app.reminders.wake  # in the injected clock's time, whatever the real date
            assert (wake.ref, wake.reason) == ("DL-2026-0001", "unacked-1h")
            assert app.reminders.scheduler.get_job("reminders:wake") is not None
            stop.set()  # what SIGTERM does
            await asyncio.wait_for(running, 15)
            assert app.reminders.scheduler is None  # the clock stopped with the adapters
            sent = {r["recipient"] for r in engine.store.db["notifications"].rows if r["status"] == "sent"}
            assert sent == {"slack:UCISO", "telegram:1002"}
        finally:
            await telegram.stop()
