"""The terminal chat: the embedded default when no tokens are set.

Choices show as numbered options; type the number or the text. Pings to console users (the CISO
and the FG in a local setup) are printed as clearly marked messages. `/als NAAM` switches who you
are in the console (to try the CISO or FG role), `/wie` shows it, `/quit` (or Ctrl-D) leaves.
"""
from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Callable

from bot.choices import STOP
from bot.config import ROLE_LABELS
from bot.engine import Engine
from bot.messages import Choice, Message, Person, Reply
from bot.text import t

if TYPE_CHECKING:  # pragma: no cover
    from bot.app import App

PLATFORM = "console"


def render(reply: Reply) -> str:
    lines = [reply.text]
    for i, choice in enumerate(reply.choices, 1):
        lines.append(f"  {i}. {choice.label}")
    return "\n".join(lines)


class ConsoleNotifier:
    """Delivers pings addressed to console users by printing them, clearly marked."""

    platform = PLATFORM

    def __init__(self, chat: "ConsoleChat"):
        self.chat = chat

    async def deliver(self, recipient: str, reply: Reply) -> bool:
        if not recipient.startswith(PLATFORM + ":"):
            return False
        roles = self.chat.engine.config.roles_of(recipient)
        label = "/".join(ROLE_LABELS[r] for r in sorted(roles)) or t("console.default_role")
        who = recipient.split(":", 1)[1]
        self.chat.show("\n" + t("console.ping_header", label=label, who=who) + "\n" + render(reply) + "\n"
                       + t("console.ping_footer", who=who, label=label))
        # a ping's buttons belong to the ping's recipient only: they never take over someone else's "1"
        if who == self.chat.user:
            self.chat.last_choices = list(reply.choices)
        else:
            self.chat.ping_choices[who] = list(reply.choices)
        return True


class ConsoleChat:
    def __init__(self, engine: Engine, user: str, output: Callable[[str], None] = print):
        self.engine = engine
        self.user = user
        self.output = output
        self.last_choices: list[Choice] = []
        self.ping_choices: dict[str, list[Choice]] = {}  # the last ping's buttons, per console user
        self.confirming_stop = False
        self.counter = 0

    def show(self, text: str) -> None:
        self.output(text)

    def to_message(self, line: str) -> Message | None:
        person = Person(PLATFORM, self.user)
        typed = line.strip()
        if typed.isdigit() and self.last_choices:
            index = int(typed) - 1
            if 0 <= index < len(self.last_choices):
                choice = self.last_choices[index]
                if choice.value == STOP.value and not self.confirming_stop:
                    self.confirming_stop = True  # a stray number must not silently end a dialogue
                    return None
                return Message(person, text=choice.label, action=choice.value)
        for choice in self.last_choices:
            if typed.lower() == choice.label.lower():
                return Message(person, text=choice.label, action=choice.value)
        return Message(person, text=line)

    async def send(self, line: str) -> None:
        """Handle one typed line and print what comes back."""
        typed = line.strip()
        if typed.startswith("/als"):
            name = typed[4:].strip()
            if not name:
                self.show(t("console.usage_as"))
                return
            self.user = name
            roles = self.engine.config.roles_of(f"{PLATFORM}:{name}")
            role_text = ", ".join(ROLE_LABELS[r] for r in sorted(roles)) or t("console.no_role")
            self.show(t("console.now_you_are", name=name, roles=role_text))
            self.last_choices = self.ping_choices.pop(name, [])  # "1" now answers the ping shown for them
            for reply in self.engine.resume(f"{PLATFORM}:{name}"):
                self.emit(reply)
            return
        if typed == "/wie":
            self.show(t("console.you_are", name=self.user))
            return
        message = self.to_message(line)
        if message is None:
            self.show("\n" + t("console.confirm_stop", typed=line.strip()))
            return
        self.confirming_stop = False
        replies = await self.engine.handle(message)
        for reply in replies:
            self.emit(reply)

    def emit(self, reply: Reply) -> None:
        self.show("\n" + render(reply))
        self.last_choices = list(reply.choices)


async def run_console(app: "App", user: str, reader: Callable[[], str] | None = None) -> None:
    engine = app.engine
    chat = ConsoleChat(engine, user)
    app.add_notifier(ConsoleNotifier(chat))
    await app.reminders.start()
    chat.show(t("console.welcome", user=user))
    for reply in engine.resume(f"{PLATFORM}:{user}"):
        chat.emit(reply)
    read = reader or (lambda: input("\n" + t("console.prompt")))
    try:
        while True:
            try:
                line = await asyncio.to_thread(read)
            except EOFError:
                break
            if line.strip() in {"/quit", "/exit", "/q"}:
                break
            if not line.strip():
                continue
            await chat.send(line)
    finally:
        await app.reminders.stop()
        chat.show(t("console.bye"))
