"""Telegram end to end: the real python-telegram-bot against a fake Bot API server on 127.0.0.1.

Polling and webhook mode, the complete datalek intake with inline buttons, the CISO ping and its
acknowledgement, a reminder after the clock advances, duplicate updates and double presses, HTML
escaping, callback_data within 64 bytes, flood control (429) and undeliverable pings, the command
menu, and a report attempt in a group chat.
"""
from __future__ import annotations

import socket
from types import SimpleNamespace

import aiohttp
import pytest

from bot.adapters.outbox import PING_TIMEOUT, Delivery
from bot.adapters.telegram import TelegramAdapter
from bot.adapters.telegram.render import CALLBACK_LIMIT, split_text, utf16_len
from bot.commands import telegram_menu
from bot.messages import Choice, Reply
from storage.incidents import events, get_incident
from tests.fake_telegram import BOT_USER, FakeTelegram
from tests.helpers import new_app, paused_scheduler

CISO, FG, STAFF, OTHER, MARKER = 1001, 1002, 2001, 2002, 3999
GROUP = -100500
REF = "DL-2026-0001"
MENTION = "@" + BOT_USER["username"]


# -- fixtures -------------------------------------------------------------------------------
@pytest.fixture
async def fake():
    server = await FakeTelegram(token="123:TEST").start()
    yield server
    await server.stop()


def _app(tmp_path, clock, fake, **overrides):
    return new_app(
        tmp_path,
        clock,
        ciso_users=(f"telegram:{CISO}",),
        fg_users=(f"telegram:{FG}",),
        deputy_users=(),
        telegram_bot_token="123:TEST",
        telegram_api_url=fake.url,
        **overrides,
    )


async def _run(app, fake, **adapter_kwargs):
    engine = app.engine
    waits: list[float] = []

    async def sleep(seconds: float) -> None:  # flood-control waits are recorded, not slept
        waits.append(seconds)

    adapter = TelegramAdapter(engine, engine.config, sleep=sleep, poll_timeout=1, **adapter_kwargs)
    scheduler = paused_scheduler()
    app.add_notifier(adapter.notifier)
    await app.reminders.start(scheduler)
    await adapter.start()
    return SimpleNamespace(engine=engine, app=app, reminders=app.reminders, adapter=adapter, fake=fake, waits=waits,
                           scheduler=scheduler)


@pytest.fixture
async def tg(tmp_path, clock, fake):
    env = await _run(_app(tmp_path, clock, fake), fake)
    env.clock = clock
    yield env
    await env.adapter.stop()
    await env.reminders.stop()


# -- helpers --------------------------------------------------------------------------------
async def settle(fake: FakeTelegram) -> None:
    """Updates are processed in order: once a later marker is answered, all before it are done."""
    before = len(fake.sent(MARKER))
    fake.say(MARKER, "hoi")
    await fake.wait_sent(MARKER, before + 1)


async def turn(fake: FakeTelegram, chat_id: int, act) -> dict:
    """Do `act()` (queue an update), then wait for the next message with buttons in `chat_id`."""
    before = len(fake.sent(chat_id))
    act()
    return await fake.wait_for(
        lambda: next((m for m in reversed(fake.sent(chat_id)[before:]) if m.get("reply_markup")), None)
    )


async def text_after(fake: FakeTelegram, chat_id: int, act, needle: str) -> str:
    before = len(fake.sent(chat_id))
    act()
    return await fake.wait_for(lambda: next((m["text"] for m in fake.sent(chat_id)[before:] if needle in m["text"]), None))


TELEGRAM_ANSWERS = {  # by the step asked: (press, label) or (say, text)
    "discovered_at": [("press", "Nu net")], "occurred_at": [("press", "Op hetzelfde moment")],
    "data_categories": [("press", "Contactgegevens")], "subjects": [("press", "2 tot 10")],
    "encrypted": [("press", "Nee")], "recipient_trusted": [("press", "Nog niet gevonden")],
    "data_contained": [("press", "Nee")], "availability": [("press", "Het is weg en mensen")],
    "department": [("say", "Burgerzaken")],
}


async def intake(fake: FakeTelegram, user: int = STAFF, description: str = "Laptop in de trein laten liggen.",
                 engine=None) -> str:
    """The whole intake from the first free-text message to the filed incident; returns the last text.
    Answers by the step asked (read from the engine's dialogue state), so the order may change."""
    prompt = await turn(fake, user, lambda: fake.say(user, "laptop kwijt in de trein"))
    assert "Wanneer heb je het ontdekt" in prompt["text"]
    answers = {**TELEGRAM_ANSWERS, "description": [("say", description)]}
    for _ in range(20):
        step = engine.load_dialogue(f"telegram:{user}")[1]["step"]
        if step == "confirm":
            break
        for how, value in answers[step]:
            if how == "press":
                prompt = await turn(fake, user, lambda: fake.press(user, prompt, value))
            else:
                prompt = await turn(fake, user, lambda: fake.say(user, value))
    assert prompt["text"].startswith("Klopt dit?")
    return await text_after(fake, user, lambda: fake.press(user, prompt, "Klopt, melding indienen"), "referentie")


def all_buttons(fake: FakeTelegram) -> list[dict]:
    return [
        button
        for call in fake.calls
        if call.method in ("sendMessage", "editMessageText", "editMessageReplyMarkup")
        for row in (call.params.get("reply_markup") or {}).get("inline_keyboard", [])
        for button in row
    ]


# -- (1) polling: intake, ping, acknowledgement, reminder --------------------------------------
async def test_datalek_intake_ping_ack_and_reminder_over_polling(tg):
    fake, engine = tg.fake, tg.engine
    filed = await intake(fake, engine=engine)
    assert f"Je referentie is {REF}" in filed
    incident = get_incident(engine.store, REF)
    assert incident["reporter"] == f"telegram:{STAFF}" and incident["kind"] == "lost_device"

    # every pressed keyboard was replaced by the chosen answer
    pressed = [m for m in fake.sent(STAFF) if "✔ " in m["text"]]
    assert any(m["text"].endswith("✔ Nu net") for m in pressed)
    assert all("reply_markup" not in m for m in pressed)
    assert fake.calls_of("answerCallbackQuery")

    # the CISO and the FG got a direct message with action buttons
    for chat_id in (CISO, FG):
        ping = await fake.wait_for(lambda: next((m for m in fake.sent(chat_id) if REF in m["text"]), None))
        assert "Nieuw datalek gemeld" in ping["text"]
        assert fake.labels(ping) == ["✔ Gezien", "📄 Details", "📨 Gemeld bij AP", "🚫 Niet meldplichtig"]
    assert engine.store.db.execute("SELECT COUNT(*) FROM notifications WHERE status = 'sent'").fetchone()[0] == 2

    # the CISO acknowledges by pressing the button
    ping = fake.last(CISO, with_buttons=True)
    done = await text_after(fake, CISO, lambda: fake.press(CISO, ping, "Gezien"), "Genoteerd")
    assert REF in done
    assert get_incident(engine.store, REF)["acknowledged_by"].startswith(f"telegram:{CISO}")
    edited = fake.messages[(CISO, ping["message_id"])]
    assert edited["text"].endswith("✔ ✔ Gezien") and "reply_markup" not in edited

    # the FG presses too, on their own ping: acknowledged once, not twice
    fg_ping = fake.last(FG, with_buttons=True)
    again = await text_after(fake, FG, lambda: fake.press(FG, fg_ping, "Gezien"), "al gezien")
    assert REF in again
    assert [e["action"] for e in events(engine.store, REF)].count("acknowledged") == 1

    # a reminder after the clock advances: 24 hours before the deadline
    tg.clock.advance(hours=48, minutes=1)
    before = len(fake.sent(CISO))
    assert await tg.reminders.fire_due() == 2
    reminder = fake.sent(CISO)[before]
    assert f"⏰ Herinnering {REF}" in reminder["text"].splitlines()[0] and "Gezien door" in reminder["text"]
    assert "📨 Gemeld bij AP" in fake.labels(reminder)
    assert await tg.reminders.fire_due() == 0  # sent once


# -- (2) webhook mode -----------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_webhook_checks_the_secret_and_answers_duplicates_once(tmp_path, clock, fake):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    app = _app(tmp_path, clock, fake, telegram_webhook_url=url, telegram_webhook_secret="geheim-123", port=port)
    env = await _run(app, fake, listen="127.0.0.1")
    try:
        (hook,) = fake.calls_of("setWebhook")
        assert hook.params["url"] == url and hook.params["secret_token"] == "geheim-123"
        assert not fake.calls_of("getUpdates")

        async with aiohttp.ClientSession() as http:
            async def post(update, secret):
                headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
                async with http.post(url, json=update, headers=headers) as response:
                    return response.status

            refused = fake.text_update(OTHER, "hoi")
            assert await post(refused, "fout") == 403
            assert await post(refused, None) == 403

            update = fake.text_update(STAFF, "hoi")
            assert await post(update, "geheim-123") == 200
            assert await post(update, "geheim-123") == 200  # a redelivery: acknowledged, not an error
            await fake.wait_sent(STAFF, 1)
            marker = fake.text_update(MARKER, "hoi")
            assert await post(marker, "geheim-123") == 200
            await fake.wait_sent(MARKER, 1)
        assert len(fake.sent(STAFF)) == 1
        assert fake.sent(OTHER) == []
    finally:
        await env.adapter.stop()
        await env.reminders.stop()


def test_webhook_port_and_interface_come_from_the_config(tmp_path, clock, monkeypatch):
    monkeypatch.setenv("TELEGRAM_WEBHOOK_PORT", "1")  # the adapter never reads the environment itself
    monkeypatch.setenv("TELEGRAM_WEBHOOK_LISTEN", "10.9.9.9")
    settings = dict(telegram_bot_token="123:TEST", port=3000)
    engine = new_app(tmp_path / "a", clock, **settings).engine
    adapter = TelegramAdapter(engine, engine.config)
    assert (adapter.webhook_port, adapter.listen) == (3000, "0.0.0.0")  # PORT, all interfaces
    engine = new_app(tmp_path / "b", clock, telegram_webhook_port=8443, telegram_webhook_listen="127.0.0.1", **settings).engine
    adapter = TelegramAdapter(engine, engine.config)
    assert (adapter.webhook_port, adapter.listen) == (8443, "127.0.0.1")


# -- (3) duplicates in polling ------------------------------------------------------------------
async def test_the_same_update_twice_gets_one_reply(tg):
    fake = tg.fake
    update = fake.text_update(STAFF, "hoi")
    fake.push(update)
    fake.push(update)  # in the same batch
    await fake.wait_sent(STAFF, 1)
    fake.push(update)  # and redelivered later
    await settle(fake)
    assert len(fake.sent(STAFF)) == 1


async def test_a_button_pressed_twice_acts_once(tg):
    fake = tg.fake
    question = await turn(fake, STAFF, lambda: fake.say(STAFF, "/datalek"))
    assert "Wat is er gebeurd?" in question["text"]
    first = fake.press(STAFF, question, "kwijt")
    fake.press(STAFF, question, "kwijt")  # a second callback query for the same message
    fake.push(first)  # and the first one delivered again
    await settle(fake)
    asked = [m for m in fake.sent(STAFF) if "Wanneer heb je het ontdekt" in m["text"]]
    assert len(asked) == 1
    answers = fake.calls_of("answerCallbackQuery")
    assert len(answers) == 3  # every press is answered, so no client keeps spinning
    assert [a.params.get("text") for a in answers].count("Deze keuze is al verwerkt.") == 2
    state = tg.engine.load_dialogue(f"telegram:{STAFF}")
    assert state[1]["facts"]["kind"] == "lost_device" and state[1]["step"] == "discovered_at"


# -- (4) safe rendering ------------------------------------------------------------------------
async def test_user_text_is_escaped_not_formatted(tg):
    fake = tg.fake
    nasty = '<b>vet</b> en <a href="https://evil.example/">klik hier</a> & meer'
    await intake(fake, description=nasty, engine=tg.engine)
    summary = next(m for m in fake.sent(STAFF) if m["text"].startswith("Klopt dit?"))
    assert nasty in summary["text"]  # shown literally ...
    assert "entities" not in summary  # ... without any formatting or link
    sent = next(c for c in fake.calls_of("sendMessage") if c.params["text"].startswith("Klopt dit?"))
    assert sent.params["parse_mode"] == "HTML"
    assert "&lt;b&gt;vet&lt;/b&gt;" in sent.params["text"] and "&lt;a href=" in sent.params["text"]
    # the ping to the CISO shows it harmlessly too
    details = await turn(fake, CISO, lambda: fake.press(CISO, fake.last(CISO, with_buttons=True), "Details"))
    assert nasty in details["text"] and "entities" not in details


async def test_long_answers_are_split_under_the_limit(tg):
    fake = tg.fake
    long_text = "\n\n".join(f"Alinea {i}: " + "privacy & veiligheid <tekst> " * 30 for i in range(20))
    assert await tg.adapter.notifier.deliver(f"telegram:{STAFF}", Reply(long_text, [Choice("OK", "kb:ok")]))
    parts = fake.sent(STAFF)
    assert len(parts) > 1
    assert all(utf16_len(p["text"]) <= 4096 for p in parts)
    assert [bool(p.get("reply_markup")) for p in parts] == [False] * (len(parts) - 1) + [True]
    assert "".join(p["text"] for p in parts).replace("\n", "").replace(" ", "") == long_text.replace("\n", "").replace(" ", "")
    emoji = "🚨" * 3000  # two UTF-16 units each
    assert all(utf16_len(chunk) <= 4000 for chunk in split_text(emoji))


# -- (5) callback data -----------------------------------------------------------------------
async def test_callback_data_fits_64_bytes_and_long_values_round_trip(tg):
    fake, adapter, engine = tg.fake, tg.adapter, tg.engine
    long_value = "kb:" + "é" * 40 + ":" + "x" * 30  # 114 bytes
    exact = "kb:" + "y" * 61  # 64 bytes: kept as it is
    seen = []
    handle = engine.handle

    async def spy(msg):
        seen.append(msg)
        return await handle(msg)

    engine.handle = spy
    assert await adapter.notifier.deliver(f"telegram:{STAFF}", Reply("Kies maar", [Choice("Lang", long_value), Choice("Precies", exact)]))
    message = fake.last(STAFF, with_buttons=True)
    data = [fake.button(message, "Lang")["callback_data"], fake.button(message, "Precies")["callback_data"]]
    assert data[0].startswith("h:") and len(data[0].encode()) <= CALLBACK_LIMIT
    assert data[1] == exact
    fake.press(STAFF, message, "Lang")
    await fake.wait_for(lambda: seen)
    assert seen[0].action == long_value and seen[0].delivery_id.startswith("tgcb:")
    # the map lives in SQLite: a restarted adapter still understands the old button
    restarted = TelegramAdapter(engine, engine.config)
    assert restarted.resolve_callback(data[0]) == long_value
    assert restarted.callback_data("h:looks-like-a-hash") != "h:looks-like-a-hash"

    await intake(fake, engine=tg.engine)
    buttons = all_buttons(fake)
    assert buttons and all(len(b["callback_data"].encode()) <= CALLBACK_LIMIT for b in buttons)
    assert all(len(b["text"]) <= 60 for b in buttons)


# -- (6) flood control and outages -------------------------------------------------------------
async def test_retry_after_is_waited_out_and_the_message_delivered(tg):
    fake = tg.fake
    fake.fail_next("sendMessage", 2, retry_after=1)
    fake.say(STAFF, "hoi")
    await fake.wait_sent(STAFF, 1)
    assert tg.waits == [1.0, 1.0]
    assert [c.status for c in fake.calls_of("sendMessage", ok_only=False)][:3] == [429, 429, 200]
    assert len(fake.sent(STAFF)) == 1


async def test_an_undeliverable_ping_is_not_recorded_and_retried_later(tg):
    fake, engine = tg.fake, tg.engine
    assert await tg.adapter.notifier.deliver("telegram:not-a-number", Reply("x")) is Delivery.FAILED
    fake.block_chat(CISO)
    await intake(fake, engine=tg.engine)
    await fake.wait_for(lambda: any(REF in m["text"] for m in fake.sent(FG)))
    assert not any(REF in m["text"] for m in fake.sent(CISO))
    rows = engine.store.db.execute("SELECT recipient, status FROM notifications").fetchall()
    assert rows == [(f"telegram:{FG}", "sent")]

    fake.fail_next("sendMessage", 10, retry_after=1)  # flood control that does not end soon
    fake.block_chat(CISO, blocked=False)
    assert await tg.adapter.notifier.deliver(f"telegram:{CISO}", Reply("x")) is Delivery.FAILED
    fake.fail_next("sendMessage", 0)

    tg.clock.advance(minutes=5)
    assert await tg.reminders.fire_due() == 1  # the clock retries: now it arrives
    assert any(REF in m["text"] for m in fake.sent(CISO))
    assert engine.store.db.execute(
        "SELECT status FROM notifications WHERE recipient = ?", [f"telegram:{CISO}"]
    ).fetchone() == ("sent",)


# -- (7) command menu -------------------------------------------------------------------------
async def test_commands_are_set_at_start_and_start_shows_help(tg):
    fake = tg.fake
    (call,) = fake.calls_of("setMyCommands")
    commands = {c["command"]: c["description"] for c in call.params["commands"]}
    assert list(commands) == ["help", "datalek", "delen", "mijnmeldingen", "aanvullen", "incidenten", "desk", "stop"]
    assert list(commands.items()) == telegram_menu()  # declared once, in bot/commands.py
    assert "datalek" in commands["datalek"].lower()
    assert fake.calls_of("deleteWebhook")  # polling mode
    help_text = await text_after(fake, STAFF, lambda: fake.say(STAFF, "/start"), "Privacyloket")
    assert "/datalek" in help_text
    # the deep link t.me/<bot>?start=datalek opens the intake
    started = await text_after(fake, OTHER, lambda: fake.say(OTHER, "/start datalek"), "datalek")
    assert started.startswith("Je meldt een (mogelijk) datalek")


# -- (8) groups ------------------------------------------------------------------------------
async def test_a_report_in_a_group_is_redirected_to_a_private_chat(tg):
    fake, engine = tg.fake, tg.engine
    redirect = await text_after(fake, GROUP, lambda: fake.say(STAFF, "/datalek", chat_id=GROUP), "privébericht")
    assert "/datalek" in redirect
    again = await text_after(fake, GROUP, lambda: fake.say(STAFF, f"{MENTION} laptop kwijt in de trein", chat_id=GROUP), "privébericht")
    assert again
    assert engine.load_dialogue(f"telegram:{STAFF}") is None
    assert not engine.store.db.execute("SELECT COUNT(*) FROM incidents").fetchone()[0]
    group_replies = [c for c in fake.calls_of("sendMessage") if c.params["chat_id"] == GROUP]
    assert all("reply_parameters" in c.params for c in group_replies)  # answers quote the question

    # a message in the group that is not for the bot is left alone
    count = len(fake.sent(GROUP))
    fake.say(OTHER, "laptop kwijt in de trein", chat_id=GROUP)
    await settle(fake)
    assert len(fake.sent(GROUP)) == count

    # a question with a mention is answered in the group
    answer = await text_after(fake, GROUP, lambda: fake.say(OTHER, f"{MENTION} wat zijn bijzondere persoonsgegevens?", chat_id=GROUP), "")
    assert "privébericht" not in answer


async def test_an_open_report_is_not_continued_in_a_group(tg):
    fake, engine = tg.fake, tg.engine
    await turn(fake, STAFF, lambda: fake.say(STAFF, "laptop kwijt in de trein"))
    text = await text_after(fake, GROUP, lambda: fake.say(STAFF, f"{MENTION} Nu net", chat_id=GROUP), "privégesprek")
    assert "Ga daar verder" in text
    assert engine.load_dialogue(f"telegram:{STAFF}")[1]["step"] == "discovered_at"
    # nor by pressing a button in the group: the press is answered, nothing else happens
    await tg.adapter.send_reply(GROUP, Reply("Zie ook:", [Choice("Meer weten", "kb:bestaat-niet")]))
    buttons = fake.last(GROUP, with_buttons=True)
    fake.press(STAFF, buttons, "Meer weten")
    await settle(fake)
    assert fake.calls_of("answerCallbackQuery")[-1].params["text"].startswith("Je bent in een privégesprek")
    assert fake.messages[(GROUP, buttons["message_id"])].get("reply_markup")  # others can still press it
    other = await text_after(fake, GROUP, lambda: fake.press(OTHER, buttons, "Meer weten"), "ken ik niet")
    assert other
    stopped = await text_after(fake, GROUP, lambda: fake.say(STAFF, "/stop", chat_id=GROUP), "gestopt")
    assert "niets opgeslagen" in stopped
    assert engine.load_dialogue(f"telegram:{STAFF}") is None


async def test_non_text_messages_get_a_polite_answer(tg):
    fake = tg.fake
    update = fake.text_update(STAFF, "x")
    del update["message"]["text"]
    update["message"]["photo"] = [{"file_id": "f1", "file_unique_id": "u1", "width": 10, "height": 10}]
    fake.push(update)
    texts = await fake.wait_sent(STAFF, 1)
    assert "alleen tekstberichten" in texts[0]["text"]


# -- (9) a slow Telegram: pings are "maybe delivered", never silently "failed" ----------------------
async def test_a_ping_answered_late_is_maybe_delivered_and_did_arrive(tg):
    fake, notifier = tg.fake, tg.adapter.notifier
    assert notifier.timeout == PING_TIMEOUT == 30.0  # six times PTB's default read timeout of 5 s
    notifier.timeout = 0.3
    fake.delay("sendMessage", 1.0)
    assert await notifier.deliver(f"telegram:{CISO}", Reply("ping 1")) is Delivery.MAYBE
    assert fake.texts(CISO) == ["ping 1"]  # Telegram did deliver it: a resend must say it is a repeat

    fake.delay("sendMessage", 0.1)  # slower than nothing, well within the ping timeout
    notifier.timeout = 2.0
    assert await notifier.deliver(f"telegram:{CISO}", Reply("ping 2")) is Delivery.DELIVERED
    assert fake.texts(CISO) == ["ping 1", "ping 2"]


async def test_a_long_ping_cut_off_halfway_is_maybe_delivered(tg):
    fake, notifier = tg.fake, tg.adapter.notifier
    notifier.timeout = 0.3
    fake.delay("sendMessage", 0.0)  # the first part is answered at once ...
    fake.delay("sendMessage", 1.0)  # ... the second too late
    long_text = "\n\n".join("Alinea " + "woorden " * 500 for _ in range(3))
    assert await notifier.deliver(f"telegram:{CISO}", Reply(long_text)) is Delivery.MAYBE


async def test_a_ping_that_cannot_connect_failed(tg):
    notifier = tg.adapter.notifier
    await tg.fake.stop()  # connection refused: nothing can have arrived
    assert await notifier.deliver(f"telegram:{CISO}", Reply("ping")) is Delivery.FAILED
