"""Test helpers: a fake clock, a transcript-style chat driver (after errbot's TestBot), and where a
test's database lives (`database(path)`: the SQLite file, or a PostgreSQL database of its own)."""
from __future__ import annotations

import asyncio
import os
from datetime import timezone

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.app import build_app
from bot.clock import FakeClock  # noqa: F401 (re-exported for tests)
from bot.config import Config
from bot.messages import Message, Person, Reply
from storage import open_db


# -- where a test's database lives ------------------------------------------------------------------
# Set by conftest's `backend` fixture for the PostgreSQL half of a test (tests/pg.py): every SQLite path
# the test names then stands for a PostgreSQL database of its own, made on first use and dropped after.
POSTGRES = None


def database(path) -> str:
    """The location of the test database at `path`: the path itself (SQLite) or its PostgreSQL URL."""
    return str(path) if POSTGRES is None else POSTGRES.url_for(path)


def db_args(path) -> list[str]:
    """Command-line arguments that point `python -m bot ...` at the database at `path`: `--db PATH` for
    SQLite, DATABASE_URL for PostgreSQL (the fixture restores the environment afterwards)."""
    if POSTGRES is None:
        return ["--db", str(path)]
    os.environ["DATABASE_URL"] = POSTGRES.url_for(path)
    return []


def make_config(db_path: str, **overrides) -> Config:
    if POSTGRES is not None:
        overrides.setdefault("database_url", POSTGRES.url_for(db_path))
    base = dict(
        db_path=db_path,
        organisation="Gemeente Teststad",
        fg_email="fg@teststad.example",
        ciso_email="ciso@teststad.example",
        privacy_officer_email="privacy@teststad.example",
        ciso_users=("test:ciso",),
        fg_users=("test:fg",),
        deputy_users=("test:deputy",),
    )
    base.update(overrides)
    return Config(**base)


class ChatDriver:
    """Feed messages to the engine and read the replies, like a transcript."""

    def __init__(self, engine, platform: str = "test"):
        self.engine = engine
        self.platform = platform
        self.last: dict[str, list[Reply]] = {}
        self.counter = 0

    def person(self, user: str) -> Person:
        return Person(self.platform, user)

    def send(self, message: Message) -> list[Reply]:
        replies = asyncio.run(self.engine.handle(message))
        mine = [r for r in replies if r.to is None]
        if mine:
            self.last[message.person.user_id] = mine
        return replies

    def say(self, text: str, user: str = "medewerker", private: bool = True) -> str:
        replies = self.send(Message(self.person(user), text=text, private=private))
        return "\n".join(r.text for r in replies if r.to is None)

    def choices(self, user: str = "medewerker") -> list[str]:
        return [c.label for r in self.last.get(user, []) for c in r.choices]

    def act(self, action: str, user: str = "medewerker", delivery_id: str | None = None) -> str:
        """Press a button by its value (e.g. one from a ping delivered through a notifier)."""
        replies = self.send(Message(self.person(user), text="", action=action, delivery_id=delivery_id))
        return "\n".join(r.text for r in replies if r.to is None)

    def press(self, label: str, user: str = "medewerker", delivery_id: str | None = None) -> str:
        """Press the button whose label contains `label` in the last replies to `user`."""
        for reply in reversed(self.last.get(user, [])):
            for choice in reply.choices:
                if label.lower() in choice.label.lower():
                    msg = Message(self.person(user), text=choice.label, action=choice.value, delivery_id=delivery_id)
                    replies = self.send(msg)
                    return "\n".join(r.text for r in replies if r.to is None)
        raise AssertionError(f"no button {label!r} in {self.choices(user)}")


def new_app(tmp_path, clock=None, **config_overrides):
    """The whole app (engine, outbox, reminders) on a database in `tmp_path`, with a fake clock."""
    config = make_config(str(tmp_path / "bot.db"), **config_overrides)
    return build_app(config, clock or FakeClock(), store=open_db(config.database))


def new_engine(tmp_path, clock=None, **config_overrides):
    return new_app(tmp_path, clock, **config_overrides).engine


# Answers to the intake by the step being asked: ("press", label) presses a button, a str is typed,
# a list is answered in turn. Scripts keyed by step survive changes in the order or the pre-filling.
TYPICAL_ANSWERS = {
    "kind": ("press", "E-mail naar verkeerde ontvanger"),
    "discovered_at": "vanochtend 9:15",
    "occurred_at": ("press", "Op hetzelfde moment"),
    "data_categories": ("press", "Gezondheid"),
    "subjects": ("press", "2 tot 10"),
    "encrypted": ("press", "Nee"),
    "key_compromised": ("press", "Weet ik niet"),
    "recipient": ("press", "Een andere inwoner"),
    "recipient_trusted": ("press", "Nog niet gevonden"),
    "data_contained": ("press", "Nee"),
    "accessed": ("press", "Weet ik niet"),
    "exfiltrated": ("press", "Weet ik niet"),
    "availability": ("press", "Alles staat ook elders"),
    "description": "Wmo-beschikking naar verkeerd adres gemaild",
    "department": "Team Wmo",
    "contact": ("press", "Via deze chat"),
}


def answer(chat: ChatDriver, value, user: str) -> str:
    if isinstance(value, list):
        return "\n".join(answer(chat, v, user) for v in value)
    if isinstance(value, tuple):
        return chat.press(value[1], user=user)
    return chat.say(value, user=user)


def run_intake(chat: ChatDriver, first: str, answers: dict | None = None, user: str = "medewerker",
               confirm: bool = True, until: str | None = None, limit: int = 30) -> tuple[str, list[str]]:
    """Report a breach by answering whatever step is asked; returns (the last reply, the steps asked).
    `until`: stop (unanswered) when that step is asked; `confirm=False`: stop at the summary."""
    answers = {**TYPICAL_ANSWERS, **(answers or {})}
    text = chat.say(first, user=user)
    asked: list[str] = []
    if chat.engine.load_dialogue(f"{chat.platform}:{user}") is None and "Ja, melden" in chat.choices(user):
        asked.append("offer")  # "Wil je dit melden als (mogelijk) datalek?": one more turn
        text = chat.press("Ja, melden", user=user)
    for _ in range(limit):
        dialogue = chat.engine.load_dialogue(f"{chat.platform}:{user}")
        if dialogue is None:
            return text, asked
        step = dialogue[1]["step"]
        asked.append(step)
        if step == until:
            return text, asked
        if step == "confirm":
            if not confirm:
                return text, asked
            text = chat.press("Klopt", user=user)
            continue
        if step not in answers:
            raise AssertionError(f"the intake asked {step!r}, which the script does not answer: {text}")
        text = answer(chat, answers[step], user)
    raise AssertionError(f"the intake did not end after {limit} answers: {asked}")


class OutboxRecorder:
    """A notifier that records everything the outbox sends (pings and notices), in order."""

    platform = "test"

    def __init__(self):
        self.replies: list[tuple[str, Reply]] = []

    async def deliver(self, recipient: str, reply: Reply) -> bool:
        self.replies.append((recipient, reply))
        return True


def filed_app(tmp_path, clock, recorder: OutboxRecorder, first: str = "ik heb een mail naar de verkeerde persoon gestuurd"):
    """An app with `recorder` on its outbox and one report filed (DL-2026-0001); the filing pings forgotten."""
    app = new_app(tmp_path, clock)
    app.add_notifier(recorder)
    chat = ChatDriver(app.engine)
    run_intake(chat, first)
    recorder.replies.clear()
    return app, recorder, chat


def paused_scheduler() -> AsyncIOScheduler:
    """A started scheduler whose jobs are kept but never run by wall-clock time: the test fires them.
    Call it inside a running event loop."""
    scheduler = AsyncIOScheduler(timezone=timezone.utc)
    scheduler.start(paused=True)
    return scheduler


def run_runner(app, *steps):
    """Start the app's reminder runner on a paused scheduler, await each step, then stop the runner."""
    async def go():
        await app.reminders.start(paused_scheduler())
        try:
            for step in steps:
                await step()
        finally:
            await app.reminders.stop()

    asyncio.run(go())
