"""The edges facing the internet: what an unsigned or malformed request gets, and what it leaves in the log.

Against the real HTTP endpoints: Slack HTTP mode (/slack/events) and the Telegram webhook, started
here on 127.0.0.1 with the fake Slack and Telegram servers behind them. The bodies are the ones of
the probe that found 500s and tracebacks (issue 12). And secrets never reach a log line.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import socket
import time
from urllib.parse import urlencode

import aiohttp
import pytest

from bot import logsafe
from bot.adapters.slack import SlackAdapter
from bot.adapters.telegram import TelegramAdapter
from tests.fake_slack import FakeSlack, dm_event, sign
from tests.fake_telegram import FakeTelegram
from tests.helpers import FakeClock, new_app

SECRET = "edge-signing-secret"
WEBHOOK_SECRET = "geheim-123"
JSON, FORM = "application/json", "application/x-www-form-urlencoded"
PROBES = [("{not json", JSON), ("[1]", JSON), ("payload={x", FORM)]
MARKERS = ("not json", "payload={x", "123456782", "Jansen")  # pieces of bodies that must never be logged


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def signed(body: bytes, secret: str = SECRET, timestamp: str | None = None) -> dict:
    timestamp = timestamp or str(int(time.time()))
    digest = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": "v0=" + digest}


def assert_clean(caplog, bodies=()) -> None:
    """No traceback, no exception attached, no piece of any body in the captured log."""
    assert "Traceback" not in caplog.text
    assert all(r.exc_info is None and not r.exc_text for r in caplog.records)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    for piece in [*MARKERS, *bodies]:
        assert piece not in caplog.text, piece


# -- Slack HTTP mode ------------------------------------------------------------------------------
@pytest.fixture
async def slack(tmp_path):
    async with FakeSlack() as fake:
        app = new_app(tmp_path, FakeClock(), ciso_users=("slack:UCISO",), fg_users=("slack:UFG",), deputy_users=(),
                      slack_bot_token="xoxb-test", slack_signing_secret=SECRET, slack_api_url=fake.url + "/api/", port=0)
        adapter = SlackAdapter(app.engine, app.engine.config, host="127.0.0.1")
        await adapter.start()
        adapter.url = f"http://127.0.0.1:{adapter.http_port}/slack/events"
        adapter.fake = fake
        yield adapter
        await adapter.stop()


async def post(url: str, body: bytes, headers: dict) -> int:
    async with aiohttp.ClientSession() as http:
        async with http.post(url, data=body, headers=headers) as response:
            await response.read()
            return response.status


async def test_slack_unsigned_garbage_is_401_before_any_parsing(slack, caplog):
    caplog.set_level(logging.INFO)
    requests = [(body.encode(), {"Content-Type": kind}) for body, kind in PROBES]  # no signature at all
    requests += [
        (b"{}", {"Content-Type": JSON, "X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=00"}),
        (b"{not json", {"Content-Type": JSON, **signed(b"{not json", secret="wrong")}),
        (b"[1]", {"Content-Type": JSON, **signed(b"[1]", timestamp=str(int(time.time()) - 600))}),  # replayed
        (b"[1]", {"Content-Type": JSON, **signed(b"[1]", timestamp="1e9")}),
        (b"payload={x", {"Content-Type": FORM, "X-Slack-Signature": signed(b"payload={x")["X-Slack-Signature"]}),
    ]
    for body, headers in requests:
        assert await post(slack.url, body, headers) == 401, body
    for _ in range(50):  # the probe's flood: 44-92 KB of tracebacks before
        for body, kind in PROBES:
            assert await post(slack.url, body.encode(), {"Content-Type": kind}) == 401
    assert_clean(caplog)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and warnings[0].getMessage() == "Slack HTTP: refused a request with no signature (401)"
    assert len(caplog.text) < 500
    assert slack.fake.calls == []  # nothing reached the bot


async def test_slack_signed_but_malformed_is_400_with_one_short_line(slack, caplog):
    caplog.set_level(logging.INFO)
    bodies = [
        (b"{not json", JSON), (b"[1]", JSON), (b"payload={x", FORM), (b"payload=%5B1%5D", FORM),
        (b"{}", JSON), (b"\xff\xfe{", JSON), (b'{"type": "event_callback"}', JSON),
        (json.dumps({"type": "event_callback", "event": {"type": "message", "user": ["Jansen"]}}).encode(), JSON),
        (urlencode({"payload": json.dumps({"type": "block_actions", "actions": [{}], "user": {"id": "U1"}})}).encode(), FORM),
        (urlencode({"payload": json.dumps({"type": "block_actions", "user": "Jansen 123456782"})}).encode(), FORM),
        (b"text=hallo&user_id=U1", FORM),
    ]
    for body, kind in bodies:
        before = len(caplog.records)
        assert await post(slack.url, body, {"Content-Type": kind, **signed(body)}) == 400, body
        (line,) = caplog.records[before:]
        assert line.levelno == logging.WARNING and line.name == "bot.adapters.slack.http"
        assert line.getMessage().startswith("Slack HTTP: refused a signed request: ") and len(line.getMessage()) < 120
    assert_clean(caplog, [b.decode("utf-8", "replace") for b, _ in bodies if len(b) > 4])
    assert slack.fake.calls == []


async def test_slack_signed_requests_still_work(slack, caplog):
    body = json.dumps(dm_event("UREP", "hallo")).encode()
    assert await post(slack.url, body, {"Content-Type": JSON, **signed(body)}) == 200
    assert await slack.idle()
    assert "Waarmee kan ik je helpen" in slack.fake.texts("DUREP")[-1]
    challenge = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "t"}).encode()
    assert await post(slack.url, challenge, {"Content-Type": JSON, **signed(challenge)}) == 200
    # the fake's own signing helper (text bodies) agrees with the raw-bytes check
    text = json.dumps(dm_event("UREP", "nog een"))
    assert await post(slack.url, text.encode(), {"Content-Type": JSON, **sign(SECRET, text)}) == 200


# -- Telegram webhook -----------------------------------------------------------------------------
@pytest.fixture
async def webhook(tmp_path):
    fake = await FakeTelegram(token="123:TEST").start()
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    app = new_app(tmp_path, FakeClock(), ciso_users=("telegram:1001",), fg_users=("telegram:1002",), deputy_users=(),
                  telegram_bot_token="123:TEST", telegram_api_url=fake.url, telegram_webhook_url=url,
                  telegram_webhook_secret=WEBHOOK_SECRET, port=port)
    adapter = TelegramAdapter(app.engine, app.engine.config, listen="127.0.0.1", poll_timeout=1)
    await adapter.start()
    adapter.url, adapter.fake = url, fake
    yield adapter
    await adapter.stop()
    await fake.stop()


async def test_telegram_webhook_malformed_updates_are_400_without_their_content(webhook, caplog):
    caplog.set_level(logging.INFO)
    fake = webhook.fake
    headers = {"Content-Type": JSON, "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
    schema_error = json.dumps({"update_id": 5, "message": {"message_id": "x", "chat": 7, "from": "Jansen",
                                                           "text": "BSN 123456782"}}).encode()
    bad = [b"{not json", b"[1]", b"payload={x", b"\xff\xfe", b"{}", b'{"update_id": "Jansen"}', schema_error]
    for body in bad:
        before = len(caplog.records)
        assert await post(webhook.url, body, headers) == 400, body
        lines = [r for r in caplog.records[before:] if r.name.startswith(("bot.", "telegram"))]
        assert len(lines) == 1 and lines[0].levelno == logging.WARNING, [r.getMessage() for r in lines]
        assert lines[0].getMessage().startswith("telegram webhook: refused an update: ")
    assert_clean(caplog)
    assert not [r for r in caplog.records if r.levelno >= logging.CRITICAL]

    # the secret is checked first, whatever the body; then the content type
    assert await post(webhook.url, b"{not json", {"Content-Type": JSON}) == 403
    assert await post(webhook.url, b"{not json", {**headers, "X-Telegram-Bot-Api-Secret-Token": "fout"}) == 403
    assert await post(webhook.url, b"{}", {**headers, "Content-Type": "text/plain"}) == 415

    # and a real update still works after all that
    update = json.dumps(fake.text_update(2001, "hoi")).encode()
    assert await post(webhook.url, update, headers) == 200
    await fake.wait_sent(2001, 1)
    assert_clean(caplog)


# -- secrets never in logs ------------------------------------------------------------------------
@pytest.fixture
def safe_logs():
    yield logsafe
    logsafe.uninstall()


def test_a_library_logging_a_rejected_token_shows_it_hidden(safe_logs, caplog):
    token = "123456:ABCdefGhIJKlmNoPQRsTUVwxyZ0123456789"
    config = new_config(telegram_bot_token="987654:configured-token-value", slack_signing_secret="sig-secret-42",
                        slack_bot_token="xoxb-111-222-abcdef", telegram_webhook_secret="hook-secret-7")
    safe_logs.install(config)
    library = logging.getLogger("telegram.ext.Application")
    with caplog.at_level(logging.INFO):
        library.error("The token `%s` was rejected by the server.", token)
        library.warning("The token 123456:ABC%s was rejected", "x" * 30)
        logging.getLogger("httpx").info('HTTP Request: POST https://api.telegram.org/bot%s/getMe "HTTP/1.1 401"', token)
        logging.getLogger("slack_sdk").warning("auth failed for %s and %s", "xoxb-111-222-abcdef", "xapp-1-A0-123-abcdef")
        logging.getLogger("aiohttp.server").info("signing secret sig-secret-42, hook hook-secret-7, token 987654:configured-token-value")
        logging.getLogger("storage").warning("cannot connect to postgresql://bot:hunter2pass@db.example/loket")
        try:
            raise RuntimeError(f"The token `{token}` was rejected by the server.")
        except RuntimeError:
            library.exception("initialisation failed")
    text = caplog.text
    assert "The token `[verborgen]` was rejected by the server." in text
    assert "The token [verborgen] was rejected" in text
    assert "/bot[verborgen]/getMe" in text
    for secret in (token, "ABC" + "x" * 30, "xoxb-111", "xapp-1", "sig-secret-42", "hook-secret-7", "configured-token",
                   "hunter2pass"):
        assert secret not in text, secret
    assert text.count("[verborgen]") >= 9
    assert "Traceback" in text and "RuntimeError: The token `[verborgen]`" in text  # the traceback stays, redacted


def test_a_record_without_secrets_is_left_alone(safe_logs, caplog):
    safe_logs.install(new_config(slack_signing_secret="sig-secret-42"))
    with caplog.at_level(logging.INFO):
        logging.getLogger("bot.test").info("%d pings for %s", 2, "DL-2026-0001")
    (record,) = caplog.records
    assert (record.msg, record.args) == ("%d pings for %s", (2, "DL-2026-0001"))


def new_config(**overrides):
    from tests.helpers import make_config

    return make_config(":memory:", **overrides)


async def test_slack_http_mode_healthz_says_whether_the_clock_is_alive(slack):
    """Issue 12: in HTTP mode /healthz reports the heartbeat and late pings, like `python -m bot status`."""
    import aiohttp

    from storage import heartbeat

    url = f"http://127.0.0.1:{slack.http_port}/healthz"
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            assert response.status == 503 and "hartslag" in (await response.json())["problems"][0]
        heartbeat.beat(slack.engine.store, "host", 1, slack.engine.clock())
        async with session.get(url) as response:
            assert response.status == 200 and (await response.json())["ok"] is True
