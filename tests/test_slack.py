"""End-to-end tests of the Slack adapter against a fake Slack (tests/fake_slack.py).

The real slack-bolt app and slack_sdk clients run unchanged: HTTP mode receives signed requests on
a local port, Socket Mode connects to the fake's websocket, and every Web API call lands in the
fake, which records it. The clock is a FakeClock; nothing waits on real time except local I/O.
"""
from __future__ import annotations

import json
from datetime import timedelta

import aiohttp
import pytest

from bot import commands as bot_commands
from bot.adapters.outbox import Delivery
from bot.adapters.slack import SlackAdapter
from bot.adapters.slack import app as slack_adapter
from bot.adapters.slack.app import SENT_TO_DM, api_base_url
from bot.adapters.slack.blocks import (
    chosen_blocks,
    escape_mrkdwn,
    render_reply,
    slack_to_plain,
    split_rendered,
    split_text,
    truncate,
)
from bot.messages import Choice, Reply
from storage.incidents import file_incident, get_incident
from tests.fake_slack import (
    FakeSlack,
    block_actions,
    dm_event,
    form_body,
    home_opened_event,
    interactive_body,
    json_body,
    mention_event,
    sign,
    slash_command,
    view_block_actions,
)
from tests.helpers import FakeClock, new_app, new_engine

SECRET = "secret"
REPORT = "mail naar verkeerde persoon gestuurd"  # short: the description is asked


# -- transports: the same conversation over HTTP and over Socket Mode --------------------------
class HttpTransport:
    """Sends what Slack would send to /slack/events, signed with the signing secret."""

    def __init__(self, adapter: SlackAdapter, secret: str = SECRET):
        self.adapter = adapter
        self.secret = secret

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.adapter.http_port}/slack/events"

    async def raw(self, body: str, content_type: str, headers: dict | None = None, signed: bool = True,
                  secret: str | None = None) -> tuple[int, str]:
        all_headers = {"Content-Type": content_type, **(sign(secret or self.secret, body) if signed else {}), **(headers or {})}
        async with aiohttp.ClientSession() as session:
            async with session.post(self.url, data=body.encode(), headers=all_headers) as response:
                return response.status, await response.text()

    async def _send(self, body: str, content_type: str, headers: dict | None = None) -> tuple[int, str]:
        status, text = await self.raw(body, content_type, headers)
        assert await self.adapter.idle()
        return status, text

    async def event(self, payload: dict, retry: int = 0) -> int:
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else {}
        status, _ = await self._send(*json_body(payload), headers)
        return status

    async def action(self, payload: dict) -> int:
        status, _ = await self._send(*interactive_body(payload))
        return status

    async def command(self, payload: dict) -> tuple[int, dict | None]:
        status, text = await self._send(*form_body(payload))
        if not text:
            return status, None
        # bolt answers ack(text=...) as text/plain, which Slack shows as an ephemeral message
        return status, (json.loads(text) if text.startswith("{") else {"text": text})


class SocketTransport:
    """Pushes Socket Mode envelopes over the fake's websocket and waits for each acknowledgement."""

    def __init__(self, adapter: SlackAdapter, fake: FakeSlack):
        self.adapter = adapter
        self.fake = fake

    async def _push(self, kind: str, payload: dict, retry: int = 0) -> dict | None:
        envelope = await self.fake.push(kind, payload, retry_attempt=retry, retry_reason="timeout" if retry else "")
        ack = await self.fake.wait_ack(envelope)
        assert await self.adapter.idle()
        return ack

    async def event(self, payload: dict, retry: int = 0) -> int:
        await self._push("events_api", payload, retry)
        return 200  # acknowledged (wait_ack would have timed out otherwise)

    async def action(self, payload: dict) -> int:
        await self._push("interactive", payload)
        return 200

    async def command(self, payload: dict) -> tuple[int, dict | None]:
        return 200, await self._push("slash_commands", payload)


class Slack:
    """One running adapter with its fake Slack, engine and clock, plus transcript helpers."""

    def __init__(self, fake: FakeSlack, engine, adapter: SlackAdapter, transport, clock: FakeClock, waits: list):
        self.fake = fake
        self.engine = engine
        self.adapter = adapter
        self.transport = transport
        self.clock = clock
        self.waits = waits

    async def say(self, user: str, text: str, **kw) -> int:
        return await self.transport.event(dm_event(user, text, **kw))

    def last_post(self, channel: str, with_button: str | None = None):
        for call in reversed(self.fake.posts(channel)):
            if with_button is None or self.find_button(call, with_button):
                return call
        raise AssertionError(f"no message in {channel} with button {with_button!r}: {self.fake.texts(channel)[-3:]}")

    @staticmethod
    def find_button(call, label: str) -> dict | None:
        buttons = FakeSlack.buttons(call)
        exact = [b for b in buttons if b["text"]["text"].lower() == label.lower()]
        partial = [b for b in buttons if label.lower() in b["text"]["text"].lower()]
        return (exact or partial or [None])[0]

    def press_payload(self, user: str, label: str, channel: str | None = None) -> dict:
        call = self.last_post(channel or "D" + user, with_button=label)
        return block_actions(user, call, self.find_button(call, label))

    async def press(self, user: str, label: str, channel: str | None = None) -> int:
        return await self.transport.action(self.press_payload(user, label, channel))

    def texts(self, channel: str) -> list[str]:
        return self.fake.texts(channel)


async def make_slack(tmp_path, fake: FakeSlack, mode: str = "http", **overrides) -> Slack:
    clock = FakeClock()
    settings = dict(
        ciso_users=("slack:UCISO",), fg_users=("slack:UFG",), deputy_users=(),
        slack_bot_token="xoxb-test", slack_signing_secret=SECRET, slack_api_url=fake.url + "/api/", port=0,
    )
    if mode == "socket":
        settings.update(slack_app_token="xapp-test", slack_signing_secret=None)
    settings.update(overrides)
    app = new_app(tmp_path, clock, **settings)
    engine = app.engine
    waits: list[float] = []

    async def no_wait(seconds: float) -> None:
        waits.append(seconds)

    adapter = SlackAdapter(engine, engine.config, sleep=no_wait, host="127.0.0.1")
    app.add_notifier(adapter.notifier)  # the clock without a scheduler: tests fire it by hand
    await adapter.start()
    transport = HttpTransport(adapter) if mode == "http" else SocketTransport(adapter, fake)
    slack = Slack(fake, engine, adapter, transport, clock, waits)
    slack.reminders = app.reminders
    return slack


@pytest.fixture
async def fake():
    async with FakeSlack() as server:
        yield server


@pytest.fixture
async def slack(tmp_path, fake):
    bot = await make_slack(tmp_path, fake, "http")
    yield bot
    await bot.adapter.stop()


@pytest.fixture
async def socket_slack(tmp_path, fake):
    bot = await make_slack(tmp_path, fake, "socket")
    yield bot
    await bot.adapter.stop()


def all_text(call) -> str:
    """Everything Slack would render from a posted message: the text and every block's text."""
    parts = [call.body.get("text", "")]
    for block in call.body.get("blocks") or []:
        if "text" in block:
            parts.append(block["text"]["text"])
        for element in block.get("elements") or []:
            if isinstance(element.get("text"), dict):
                parts.append(element["text"]["text"])
            elif isinstance(element.get("text"), str):
                parts.append(element["text"])
    return "\n".join(parts)


SLACK_ANSWERS = {  # by the step asked: a button label to press, or text to type
    "discovered_at": ("press", "Nu net"), "occurred_at": ("press", "Op hetzelfde moment"),
    "data_categories": ("press", "Contactgegevens"), "subjects": ("press", "1 persoon"),
    "recipient": ("press", "Een collega"), "data_contained": ("press", "Ja"), "department": ("say", "Burgerzaken"),
}


async def intake(s: Slack, user: str = "UREP", description: str = "De mail met een bijlage ging naar een collega van een andere afdeling.") -> str:
    """A complete datalek intake from the first free-text DM to the filed incident; returns the reference."""
    channel = "D" + user
    assert await s.say(user, REPORT) == 200
    texts = "\n".join(s.texts(channel))
    assert "Je meldt een (mogelijk) datalek" in texts
    assert "e-mail naar verkeerde ontvanger" in texts.lower()
    answers = {**SLACK_ANSWERS, "description": ("say", description)}
    for _ in range(20):
        step = s.engine.load_dialogue(f"slack:{user}")[1]["step"]
        if step == "confirm":
            break
        for how, value in answers[step] if isinstance(answers[step], list) else [answers[step]]:
            assert await (s.press(user, value) if how == "press" else s.say(user, value)) == 200
    assert "Klopt dit?" in s.texts(channel)[-1]
    await s.press(user, "Klopt, melding indienen")
    filed = s.texts(channel)[-1]
    assert "je melding is ingediend" in filed
    return filed.split("Je referentie is ")[1].split(".")[0]


def ping_for(s: Slack, user: str, ref: str):
    return [c for c in s.fake.posts("D" + user) if ref in c.body["text"]]


# -- (1) HTTP mode: intake, ping, acknowledgement, reminder ----------------------------------------
async def test_http_intake_ping_ack_and_reminder(slack: Slack):
    ref = await intake(slack)
    assert ref == "DL-2026-0001"
    incident = get_incident(slack.engine.store, ref)
    assert incident["reporter"] == "slack:UREP"
    assert incident["facts"]["kind"] == "misdirected_email"
    assert incident["facts"]["data_categories"] == ["contact"]

    # every pressed message lost its buttons and shows the choice instead
    updates = slack.fake.calls_to("chat.update", channel="DUREP")
    assert len(updates) == 6  # one per button pressed in the intake
    first = updates[0].body["blocks"]
    assert not [b for b in first if b["type"] == "actions"]
    assert first[-1]["elements"][0]["text"] == "✔ Nu net"

    # the DM pings to the CISO and the FG, with buttons
    assert slack.fake.calls_to("conversations.open", users="UCISO")
    assert slack.fake.calls_to("conversations.open", users="UFG")
    (ping,) = ping_for(slack, "UCISO", ref)
    assert "Nieuw datalek gemeld" in ping.body["text"]
    values = [b["value"] for b in FakeSlack.buttons(ping)]
    assert f"inc:ack:{ref}" in values and f"inc:reported:{ref}" in values
    assert ping_for(slack, "UFG", ref)
    sent = slack.engine.store.db.execute("SELECT recipient, status FROM notifications WHERE milestone = 'filed'").fetchall()
    assert sorted(sent) == [("slack:UCISO", "sent"), ("slack:UFG", "sent")]

    # the CISO presses "Gezien" on the ping
    await slack.press("UCISO", "Gezien")
    assert "Genoteerd" in slack.texts("DUCISO")[-1]
    assert get_incident(slack.engine.store, ref)["acknowledged_by"].startswith("slack:UCISO")
    (update,) = slack.fake.calls_to("chat.update", channel="DUCISO")
    assert update.body["ts"] == ping.ts
    assert update.body["blocks"][-1]["elements"][0]["text"] == "✔ Gezien"

    # a reminder when the clock reaches 24 hours before the deadline
    slack.clock.advance(hours=48)
    assert await slack.reminders.fire_due() == 2
    reminder = slack.fake.posts("DUCISO")[-1]
    assert f"Herinnering {ref}" in reminder.body["text"]
    assert "nog 24 uur" in reminder.body["text"]
    assert FakeSlack.buttons(reminder)
    assert await slack.reminders.fire_due() == 0  # recorded: never twice


# -- (2) Socket Mode over the fake websocket ------------------------------------------------------
async def test_socket_mode_intake_and_ping(socket_slack: Slack):
    fake = socket_slack.fake
    assert socket_slack.adapter.mode == "socket"
    (connect,) = fake.calls_to("apps.connections.open")
    assert connect.headers["authorization"] == "Bearer xapp-test"
    ref = await intake(socket_slack)
    assert ping_for(socket_slack, "UCISO", ref) and ping_for(socket_slack, "UFG", ref)
    await socket_slack.press("UCISO", "Gezien")
    assert "Genoteerd" in socket_slack.texts("DUCISO")[-1]
    assert len(fake.acks) >= 9  # every envelope was acknowledged

    socket_slack.clock.advance(hours=48)
    assert await socket_slack.reminders.fire_due() == 2
    assert "Herinnering" in socket_slack.texts("DUFG")[-1]


async def test_socket_mode_slash_command_ack_and_duplicate_envelope(socket_slack: Slack):
    status, ack = await socket_slack.transport.command(slash_command("UREP", "/privacy", "", channel="CGENERAL"))
    assert ack == {"text": SENT_TO_DM}
    assert "Ik ben Privacyloket" in socket_slack.texts("DUREP")[-1]

    payload = dm_event("UREP", "hallo")
    await socket_slack.transport.event(payload)
    await socket_slack.transport.event(payload, retry=1)  # Slack re-sends the envelope: acked, not redone
    assert sum("Waarmee kan ik je helpen" in t for t in socket_slack.texts("DUREP")) == 1


# -- (3) duplicates ---------------------------------------------------------------------------------
async def test_duplicate_event_and_retry_are_acknowledged_and_answered_once(slack: Slack):
    payload = dm_event("UREP", REPORT)
    assert await slack.transport.event(payload) == 200
    posted = len(slack.fake.posts("DUREP"))
    assert posted >= 2
    assert await slack.transport.event(payload) == 200  # the same event_id again
    assert await slack.transport.event(payload, retry=1) == 200  # Slack's retry with X-Slack-Retry-Num
    assert await slack.transport.event(payload, retry=2) == 200
    assert len(slack.fake.posts("DUREP")) == posted
    assert slack.engine.load_dialogue("slack:UREP")[1]["step"] == "discovered_at"


async def test_button_pressed_twice_is_one_action(slack: Slack):
    await slack.say("UREP", REPORT)
    payload = slack.press_payload("UREP", "Nu net")
    assert await slack.transport.action(payload) == 200
    posted = len(slack.fake.posts("DUREP"))
    assert await slack.transport.action(payload) == 200  # a double click
    assert len(slack.fake.posts("DUREP")) == posted
    assert len(slack.fake.calls_to("chat.update")) == 1
    assert slack.engine.load_dialogue("slack:UREP")[1]["step"] == "data_categories"


async def test_same_value_pressed_again_on_a_new_message_counts(slack: Slack):
    await slack.say("UREP", REPORT)
    await slack.press("UREP", "Nu net")
    await slack.say("UREP", "terug")  # the bot asks again in a new message, with the same buttons
    assert "Wanneer heb je het ontdekt" in slack.texts("DUREP")[-1]
    await slack.press("UREP", "Nu net")  # same value, new message: it counts
    assert slack.engine.load_dialogue("slack:UREP")[1]["step"] == "data_categories"


async def test_two_people_pressing_ack_records_one_acknowledgement(slack: Slack):
    ref = await intake(slack)
    await slack.press("UCISO", "Gezien")
    await slack.press("UFG", "Gezien")
    assert "was al gezien door slack:UCISO" in slack.texts("DUFG")[-1]
    acks = [e for e in slack.engine.store.db.execute("SELECT action FROM incident_events WHERE ref = ?", [ref]).fetchall()
            if e[0] == "acknowledged"]
    assert len(acks) == 1


# -- (4) signatures ---------------------------------------------------------------------------------
async def test_unsigned_or_wrongly_signed_requests_are_refused(slack: Slack):
    body, content_type = json_body(dm_event("UREP", REPORT))
    status, _ = await slack.transport.raw(body, content_type, signed=False)
    assert status == 401
    status, _ = await slack.transport.raw(body, content_type, secret="not-the-secret")
    assert status == 401
    stale = sign(SECRET, body, timestamp=1_000_000_000)  # a replayed, years-old signature
    status, _ = await slack.transport.raw(body, content_type, headers=stale, signed=False)
    assert status == 401
    tampered = sign(SECRET, body)
    status, _ = await slack.transport.raw(body.replace("verkeerde", "andere"), content_type, headers=tampered, signed=False)
    assert status == 401
    await slack.adapter.idle()
    assert slack.fake.posts() == []
    assert slack.engine.load_dialogue("slack:UREP") is None


async def test_url_verification_challenge(slack: Slack):
    body, content_type = json_body({"token": "x", "challenge": "abc123", "type": "url_verification"})
    status, text = await slack.transport.raw(body, content_type)
    assert status == 200 and "abc123" in text


# -- (5) safe rendering -----------------------------------------------------------------------------
async def test_user_text_with_mentions_is_echoed_harmlessly(slack: Slack):
    # What Slack sends when someone types "@channel", mentions a user, and types "<!here>" literally
    nasty = "Mail ging naar <!channel> en <@U123>; ook &lt;!here&gt; en &lt;@U999&gt; &amp; *vet*"
    await intake(slack, description=nasty)
    summary = [c for c in slack.fake.posts("DUREP") if "Klopt dit?" in c.body["text"]][-1]
    rendered = all_text(summary)
    assert "&lt;!here&gt;" in rendered and "&lt;@U999&gt;" in rendered and "&amp;" in rendered
    assert "@channel" in rendered and "@U123" in rendered
    for call in slack.fake.posts() + slack.fake.calls_to("chat.update"):
        text = all_text(call)
        assert "<!" not in text and "<@" not in text, text
        assert call.body.get("link_names") in (None, False, "false", 0)
        assert call.body.get("parse") in (None, "none")
    incident = get_incident(slack.engine.store, "DL-2026-0001")
    assert incident["facts"]["description"] == "Mail ging naar @channel en @U123; ook <!here> en <@U999> & *vet*"
    # the CISO's detail view echoes the description escaped too
    await slack.transport.action(slack.press_payload("UCISO", "Details"))
    details = slack.fake.posts("DUCISO")[-1]
    assert "&lt;!here&gt;" in all_text(details) and "<!" not in all_text(details)


def test_render_helpers():
    assert escape_mrkdwn("a & <!channel> > b") == "a &amp; &lt;!channel&gt; &gt; b"
    assert slack_to_plain("hoi <@U1> <!here> <!subteam^S1|@privacy> <#C1|algemeen> <mailto:a@b.nl|a@b.nl>") == \
        "hoi @U1 @here @privacy #algemeen a@b.nl"
    assert slack_to_plain("zie <https://ap.nl/x|ap.nl/x> en <https://x.nl|hier> &lt;b&gt; &amp;lt;") == \
        "zie ap.nl/x en hier (https://x.nl) <b> &lt;"
    text = "\n\n".join(f"Alinea {i}. " + "woord " * 100 for i in range(20))
    chunks = split_text(text, 3000)
    assert all(len(c) <= 3000 for c in chunks) and len(chunks) > 1
    assert "\n\n".join(chunks) == text
    assert split_text("", 10) == []
    assert all(len(c) <= 10 for c in split_text("x" * 35, 10))
    escaped = split_rendered("<" * 5000, 3000, escape_mrkdwn)
    assert all(len(c) <= 3000 for c in escaped) and "".join(escaped) == "&lt;" * 5000
    assert len(truncate("x" * 100, 75)) == 75 and truncate("kort", 75) == "kort"
    assert api_base_url("https://slack-gov.com/api") == "https://slack-gov.com/api/"
    assert api_base_url(None) == "https://slack.com/api/"


def test_render_reply_limits():
    long = "\n\n".join("Alinea " + "a" * 2500 for _ in range(25))
    choices = [Choice(f"Keuze {i} " + "lang " * 30, f"v:{i}") for i in range(30)]
    messages = render_reply(Reply(long, choices))
    assert len(messages) == 3  # 25 sections: 10 per message
    for message in messages:
        sections = [b for b in message["blocks"] if b["type"] == "section"]
        assert all(len(b["text"]["text"]) <= 3000 and b["text"]["verbatim"] for b in sections)
        assert len(message["text"]) < 40000 and len(message["blocks"]) <= 50
    actions = [b for b in messages[-1]["blocks"] if b["type"] == "actions"]
    assert [len(b["elements"]) for b in actions] == [25, 5]
    buttons = [e for b in actions for e in b["elements"]]
    assert len({b["action_id"] for b in buttons}) == 30
    assert all(len(b["text"]["text"]) <= 75 for b in buttons)
    assert [b["value"] for b in buttons] == [f"v:{i}" for i in range(30)]
    blocks = chosen_blocks({"blocks": messages[-1]["blocks"]}, "✔ Gezien")
    assert blocks[-1]["elements"][0]["text"] == "✔ Gezien" and not [b for b in blocks if b["type"] == "actions"]


# -- (6) rate limits and failed pings ---------------------------------------------------------------
async def test_rate_limited_post_is_retried_after_retry_after(slack: Slack):
    slack.fake.rate_limit("chat.postMessage", times=1, retry_after=7)
    await slack.say("UREP", "hallo")
    attempts = [c for c in slack.fake.calls if c.method == "chat.postMessage"]
    assert [c.status for c in attempts] == [429, 200]
    assert slack.waits == [7.0]
    assert "Waarmee kan ik je helpen" in slack.texts("DUREP")[-1]


async def test_undelivered_ping_is_not_recorded_and_retried_later(slack: Slack):
    ref_notes = "SELECT recipient, status FROM notifications WHERE milestone = 'filed'"
    await slack.say("UREP", REPORT)
    for label in ("Nu net", "Contactgegevens", "1 persoon", "Een collega", "Ja"):
        await slack.press("UREP", label)
    await slack.say("UREP", "Een mail ging naar de verkeerde collega.")
    await slack.say("UREP", "Burgerzaken")
    # file while the CISO's DM cannot be opened and the FG's DM stays rate limited beyond the retries
    slack.fake.fail("conversations.open", error="user_not_found", times=1)
    slack.fake.rate_limit("chat.postMessage", times=4, retry_after=30)  # first try + 3 retries
    await slack.press("UREP", "Klopt, melding indienen")
    assert "je melding is ingediend" in slack.texts("DUREP")[-1]
    assert slack.engine.store.db.execute(ref_notes).fetchall() == []
    assert not ping_for(slack, "UCISO", "DL-2026-0001") and not ping_for(slack, "UFG", "DL-2026-0001")
    assert slack.waits == [30.0, 30.0, 30.0]  # Retry-After was honoured (with the injected sleep)

    slack.fake._failures.clear()
    slack.clock.advance(minutes=5)
    assert await slack.reminders.fire_due() == 2  # the clock retries: now delivered
    assert ping_for(slack, "UCISO", "DL-2026-0001")
    assert sorted(slack.engine.store.db.execute(ref_notes).fetchall()) == [("slack:UCISO", "sent"), ("slack:UFG", "sent")]


async def test_deliver_returns_failed_and_never_raises(slack: Slack):
    notifier = slack.adapter.notifier
    slack.fake.fail("chat.postMessage", error="is_archived")
    assert await notifier.deliver("slack:UCISO", Reply("test", [Choice("✔ Gezien", "inc:ack:DL-2026-0001")])) is Delivery.FAILED
    slack.fake.rate_limit("chat.postMessage", times=10, retry_after=1)
    assert await notifier.deliver("slack:UCISO", Reply("test")) is Delivery.FAILED
    assert await notifier.deliver("telegram:123", Reply("test")) is Delivery.FAILED
    slack.fake._failures.clear()
    assert await notifier.deliver("slack:UCISO", Reply("test")) is Delivery.DELIVERED
    assert notifier.platform == "slack"


# -- (7) App Home -----------------------------------------------------------------------------------
def _file(s: Slack, reporter: str = "slack:UREP") -> str:
    now = s.clock()
    return file_incident(
        s.engine.store, reporter=reporter,
        facts={"kind": "misdirected_email", "discovered_at": now.isoformat(timespec="seconds"), "data_categories": ["contact"]},
        assessment={"risk": "risk"}, deadline=now + timedelta(hours=72), now=now,
    )


def _home(s: Slack, user: str) -> dict:
    return [c for c in s.fake.calls_to("views.publish") if c.body["user_id"] == user][-1].body["view"]


def _home_text(view: dict) -> str:
    parts = []
    for block in view["blocks"]:
        if isinstance(block.get("text"), dict):
            parts.append(block["text"]["text"])
        for element in block.get("elements") or []:
            parts.append(element["text"] if isinstance(element.get("text"), str) else element.get("text", {}).get("text", ""))
    return "\n".join(parts)


async def test_app_home_for_reporter_and_ciso(slack: Slack):
    ref = _file(slack)
    other = _file(slack, reporter="slack:UOTHER")
    await slack.transport.event(home_opened_event("UREP"))
    view = _home(slack, "UREP")
    assert view["type"] == "home"
    text = _home_text(view)
    assert ref in text and "in behandeling" in text and other not in text
    assert "Openstaande incidenten" not in text

    slack.clock.advance(hours=2)
    await slack.transport.event(home_opened_event("UCISO"))
    view = _home(slack, "UCISO")
    text = _home_text(view)
    assert "Openstaande incidenten (2)" in text and ref in text and other in text
    assert "nog 2 dagen en 22 uur" in text and "nog niet gezien" in text
    assert "Je hebt (via Slack) nog geen datalekken gemeld" in text
    details = [b["accessory"] for b in view["blocks"] if b.get("accessory")]
    assert [d["value"] for d in details] == [f"inc:show:{ref}", f"inc:show:{other}"]
    assert len({d["action_id"] for d in details}) == 2

    # pressing "Details" in the Home tab answers in the DM and refreshes the Home tab
    published = len(slack.fake.calls_to("views.publish"))
    response = slack.fake.calls_to("views.publish")[-1].response["view"]
    await slack.transport.action(view_block_actions("UCISO", response, details[0]))
    assert slack.texts("DUCISO")[-1].startswith(f"{ref} — E-mail naar verkeerde ontvanger")
    assert len(slack.fake.calls_to("views.publish")) == published + 1


async def test_app_home_datalek_button_starts_intake_in_dm(slack: Slack):
    await slack.transport.event(home_opened_event("UREP"))
    response = slack.fake.calls_to("views.publish")[-1].response["view"]
    start = next(e for b in response["blocks"] if b["type"] == "actions" for e in b["elements"])
    await slack.transport.action(view_block_actions("UREP", response, start))
    assert "Je meldt een (mogelijk) datalek" in "\n".join(slack.texts("DUREP"))
    assert "Wat is er gebeurd?" in slack.texts("DUREP")[-1]


async def test_welcome_back_after_restart_once(tmp_path, fake):
    first = await make_slack(tmp_path, fake)
    await first.say("UREP", REPORT)
    await first.adapter.stop()
    # a new process on the same database: the user opens the Messages tab
    engine = first.engine
    again = SlackAdapter(engine, engine.config, host="127.0.0.1")
    await again.start()
    try:
        transport = HttpTransport(again)
        before = len(fake.posts("DUREP"))
        await transport.event(home_opened_event("UREP", tab="messages"))
        await transport.event(home_opened_event("UREP", tab="messages"))
        new = fake.texts("DUREP")[before:]
        assert new[0].startswith("Welkom terug!") and "Wanneer heb je het ontdekt?" in new[1]
        assert len(new) == 2
    finally:
        await again.stop()


# -- (8) slash commands and mentions ----------------------------------------------------------------
async def test_slash_privacy_asks_or_helps(slack: Slack):
    status, body = await slack.transport.command(slash_command("UREP", "/privacy", ""))
    assert status == 200 and body is None  # typed in our DM: nothing extra to say in the channel
    assert slack.fake.calls_to("conversations.open", users="UREP")
    assert "Ik ben Privacyloket" in slack.texts("DUREP")[-1]

    await slack.transport.command(slash_command("UREP", "/privacy", "wat zijn bijzondere persoonsgegevens?"))
    answer = slack.texts("DUREP")[-1]
    assert "Bron" in answer or "Bedoel je" in answer

    status, body = await slack.transport.command(slash_command("UREP", "/privacy", "mijnmeldingen", channel="CGENERAL"))
    assert body == {"text": SENT_TO_DM}  # typed elsewhere: an ephemeral pointer to the DM
    assert "nog geen datalekken gemeld" in slack.texts("DUREP")[-1]


async def test_slash_datalek_and_incidenten(slack: Slack):
    status, _ = await slack.transport.command(slash_command("UREP", "/datalek", "", channel="CGENERAL"))
    assert status == 200
    assert "Je meldt een (mogelijk) datalek" in "\n".join(slack.texts("DUREP"))
    kind = slack.last_post("DUREP")
    assert "Wat is er gebeurd?" in kind.body["text"]
    assert Slack.find_button(kind, "E-mail naar verkeerde ontvanger")
    await slack.press("UREP", "E-mail naar verkeerde ontvanger")
    assert "Vraag de ontvanger de e-mail" in "\n".join(slack.texts("DUREP")[-2:])

    await slack.transport.command(slash_command("UREP", "/incidenten"))  # mid-intake: the intake goes first
    assert "nog bezig met een ander gesprek" in slack.texts("DUREP")[-2]
    await slack.transport.command(slash_command("UOTHER", "/incidenten"))
    assert "alleen voor de CISO en de FG" in slack.texts("DUOTHER")[-1]
    ref = _file(slack)
    await slack.transport.command(slash_command("UCISO", "/incidenten"))
    overview = slack.last_post("DUCISO")
    assert "Openstaande incidenten (1)" in overview.body["text"] and ref in overview.body["text"]
    assert Slack.find_button(overview, ref)

    await slack.transport.command(slash_command("UREP", "/stop"))  # Slack only delivers registered commands
    assert "gestopt" in slack.texts("DUREP")[-1]
    assert slack.engine.load_dialogue("slack:UREP") is None


def test_manifest_matches_the_adapter(tmp_path):
    import yaml

    manifest = yaml.safe_load(open(__file__.rsplit("/tests/", 1)[0] + "/slack_manifest.yaml", encoding="utf-8"))
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "chat:write", "im:history", "im:read", "im:write", "app_mentions:read", "commands", "users:read"}
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == {"message.im", "app_mention", "app_home_opened"}
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    commands = {c["command"] for c in manifest["features"]["slash_commands"]}
    assert {"/privacy", "/datalek", "/incidenten"} <= commands
    engine = new_engine(tmp_path, FakeClock(), slack_bot_token="xoxb-test")
    adapter = SlackAdapter(engine, engine.config)
    for command in commands - {"/privacy"}:
        assert adapter.command_text(command, "") == command
    assert adapter.command_text("/privacy", "") == "/help"
    assert adapter.command_text("/privacy", "mijnmeldingen") == "/mijnmeldingen"
    assert adapter.command_text("/privacy", "incident DL-2026-0001") == "/incident DL-2026-0001"
    assert adapter.command_text("/privacy", "mijnmeldingen zijn weg?") == "mijnmeldingen zijn weg?"
    assert adapter.command_text("/privacy", "wat is een datalek?") == "wat is een datalek?"


def test_manifest_slash_commands_are_the_command_table():
    """slack_manifest.yaml registers exactly bot.commands.slack_commands(), with the same words."""
    import yaml

    manifest = yaml.safe_load(open(__file__.rsplit("/tests/", 1)[0] + "/slack_manifest.yaml", encoding="utf-8"))
    registered = {c["command"]: (c["description"], c.get("usage_hint", "")) for c in manifest["features"]["slash_commands"]}
    declared = {c.name: (c.help, c.usage) for c in bot_commands.slack_commands()}
    assert registered == declared


def test_the_slack_package_reads_no_register():
    """The App Home renders the engine's view: Slack imports no storage, assessment, clock or label tables."""
    import ast
    from pathlib import Path

    package = Path(slack_adapter.__file__).parent
    imported = set()
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    bot_modules = {m for m in imported if m.split(".")[0] in ("bot", "storage", "knowledge")}
    assert bot_modules == {"bot", "bot.adapters.slack.app", "bot.adapters.slack.blocks", "bot.messages",
                           "bot.handlers.incidents.views", "bot.adapters.outbox", "bot.adapters.slack.http",
                           "bot.adapters.slack.webapi", "bot.adapters.local_http"}, bot_modules


async def test_mention_in_a_channel_answers_in_thread_and_keeps_reports_private(slack: Slack):
    payload = mention_event("UREP", REPORT, channel="CGENERAL")
    await slack.transport.event(payload)
    (reply,) = slack.fake.posts("CGENERAL")  # the channel sees only the pointer
    assert reply.body["thread_ts"] == payload["event"]["ts"]
    assert "niet in een groep" in reply.body["text"] and "DL-" not in reply.body["text"]
    # ... and the report goes on in the reporter's DM (issue 12: private by rule)
    assert "Je meldt een (mogelijk) datalek" in "\n".join(slack.texts("DUREP"))
    assert slack.engine.load_dialogue("slack:UREP") is not None


async def test_incident_details_asked_in_a_channel_go_to_the_dm(slack: Slack):
    ref = await intake(slack)
    await slack.transport.event(mention_event("UCISO", f"/incident {ref}", channel="CGENERAL"))
    channel_text = "\n".join(slack.texts("CGENERAL"))
    assert "niet in een groep" in channel_text
    assert "Omschrijving" not in channel_text and "Logboek" not in channel_text  # no register entry in a channel
    assert any("Logboek" in text for text in slack.texts("DUCISO"))


async def test_bot_and_edited_messages_are_ignored_with_200(slack: Slack):
    own = dm_event("UBOT", "een bericht van de bot zelf")
    own["event"]["bot_id"] = "BBOT"
    edited = dm_event("UREP", "bewerkt")
    edited["event"]["subtype"] = "message_changed"
    other = {**dm_event("UREP", "x"), "event": {"type": "reaction_added", "user": "UREP", "event_ts": "1.2"}}
    for payload in (own, edited, other):
        assert await slack.transport.event(payload) == 200
    assert slack.fake.posts() == []


async def test_stop_is_clean_and_http_port_closes(tmp_path, fake):
    bot = await make_slack(tmp_path, fake)
    port = bot.adapter.http_port
    await bot.say("UREP", "hallo")
    await bot.adapter.stop()
    with pytest.raises(aiohttp.ClientError):
        async with aiohttp.ClientSession() as session:
            await session.post(f"http://127.0.0.1:{port}/slack/events", data=b"{}")


def test_adapter_needs_a_mode(tmp_path):
    engine = new_engine(tmp_path, FakeClock(), slack_bot_token="xoxb-test")
    adapter = SlackAdapter(engine, engine.config)
    assert adapter.platform == "slack" and adapter.notifier.platform == "slack"
    import asyncio

    with pytest.raises(RuntimeError):
        asyncio.run(adapter.start())
    assert slack_adapter.api_base_url(engine.config.slack_api_url) == "https://slack.com/api/"


async def test_socket_mode_start_fails_fast(tmp_path, fake, monkeypatch):
    from slack_sdk.errors import SlackApiError

    fake.fail("auth.test", error="invalid_auth")
    with pytest.raises(SlackApiError):
        await make_slack(tmp_path / "a", fake, "socket")
    monkeypatch.setattr(slack_adapter, "CONNECT_TIMEOUT", 0.3)
    fake.fail("apps.connections.open", error="invalid_auth", times=5)
    with pytest.raises(RuntimeError, match="SLACK_APP_TOKEN"):
        await make_slack(tmp_path / "b", fake, "socket")


# -- (9) a slow Slack: pings are "maybe delivered", never silently "failed" -------------------------
async def test_a_ping_answered_late_is_maybe_delivered_and_did_arrive(tmp_path, fake):
    from bot.adapters.outbox import PING_TIMEOUT

    bot = await make_slack(tmp_path, fake)
    try:
        assert bot.adapter.ping_client.timeout == PING_TIMEOUT == 30.0
        short = SlackAdapter(bot.engine, bot.engine.config, host="127.0.0.1", ping_timeout=0.3)
        fake.delay("chat.postMessage", 1.0)
        assert await short.notifier.deliver("slack:UCISO", Reply("ping 1")) is Delivery.MAYBE
        assert [c.body["text"] for c in fake.posts("DUCISO")] == ["ping 1"]  # it did arrive
        assert len([c for c in fake.calls if c.method == "chat.postMessage"]) == 1  # and was not retried

        fake.delay("chat.postMessage", 0.1)
        assert await bot.adapter.notifier.deliver("slack:UCISO", Reply("ping 2")) is Delivery.DELIVERED

        fake.delay("conversations.open", 1.0)  # no DM channel yet: nothing can have been posted
        assert await short.notifier.deliver("slack:UFG", Reply("ping 3")) is Delivery.FAILED
        assert fake.posts("DUFG") == []
    finally:
        await bot.adapter.stop()


async def test_a_ping_to_an_unreachable_slack_failed(tmp_path):
    async with FakeSlack() as gone:
        url = gone.url
    engine = new_engine(tmp_path, FakeClock(), slack_bot_token="xoxb-test", slack_api_url=url + "/api/")
    adapter = SlackAdapter(engine, engine.config, host="127.0.0.1")
    assert await adapter.notifier.deliver("slack:UCISO", Reply("ping")) is Delivery.FAILED
