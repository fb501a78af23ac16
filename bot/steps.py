"""Step builders shared by the guided dialogues: a choice, a yes/no/unknown, a free text."""
from __future__ import annotations

import re
from typing import Callable

from bot.choices import normalise, pick
from bot.dialogue import Answered, Invalid, NeedsConfirmation, Step, always
from bot.handlers.base import Context
from bot.identifiers import describe, find_identifiers, strip_identifiers
from bot.messages import Choice, Message, Reply
from bot.text import t

UNKNOWN_WORDS = re.compile(r"^(weet (ik )?(het )?niet|ik weet het niet|geen idee|onbekend|\?|(i )?don'?t know|no idea)$")
YES_NO_UNKNOWN = [(t("steps.answer_yes"), True), (t("steps.answer_no"), False),
                  (t("steps.answer_unknown"), None)]
MAX_FREE_TEXT = 1000

Options = list[tuple[str, object]] | Callable[[dict], list[tuple[str, object]]]


def token(value) -> str:
    """How a value travels in a button: "true", "false", "none", or the value itself."""
    if value is None or isinstance(value, bool):
        return {True: "true", False: "false", None: "none"}[value]
    return str(value)


def choices_of(prefix: str, key: str, options: list[tuple[str, object]]) -> list[Choice]:
    return [Choice(label, f"{prefix}:{key}:{token(value)}") for label, value in options]


def choice_step(prefix: str, key: str, question: str | Callable[[dict], str], options: Options, *,
                typed: Callable[[str], object] | None = None, any_typed: bool = False, applies=always, label: str = "",
                show: Callable[[dict], str] | None = None, invalid: str | None = None) -> Step:
    """A question answered by a button, its number, its label, or words `typed` understands
    (only values on offer, unless `any_typed`: e.g. a typed number of people)."""
    options_for = options if callable(options) else (lambda facts: options)
    question_for = question if callable(question) else (lambda facts: question)

    def ask(facts: dict) -> Reply:
        return Reply(question_for(facts), choices_of(prefix, key, options_for(facts)))

    def read(ctx: Context, facts: dict, msg: Message):
        opts = options_for(facts)
        picked = pick(msg, choices_of(prefix, key, opts))
        if picked is not None:
            raw = picked.rsplit(":", 1)[1]
            return Answered({key: next(value for _, value in opts if token(value) == raw)})
        if msg.action is None:
            allowed = [value for _, value in opts]
            if UNKNOWN_WORDS.match(normalise(msg.text)) and None in allowed:
                return Answered({key: None})
            if typed is not None:
                value = typed(msg.text)
                if value is not None and (any_typed or value in allowed):
                    return Answered({key: value})
        return Invalid(invalid or t("dialogue.pick_one"))

    def shown(facts: dict) -> str:
        if show is not None:
            return show(facts)
        labels = [lbl for lbl, value in options_for(facts) if value == facts.get(key)]
        return labels[0] if labels else str(facts.get(key))

    return Step(key, ask, read, applies=applies, label=label, show=shown)


def shown_yes_no(value: bool | None) -> str:
    """How the summary shows a yes/no/unknown answer: "ja", "nee", "weet ik niet"."""
    if value is None:
        return t("steps.shown_unknown")
    return t("steps.shown_yes") if value else t("steps.shown_no")


def yes_no_step(prefix: str, key: str, question: str | Callable[[dict], str], *, applies=always,
                label: str = "") -> Step:
    return choice_step(prefix, key, question, YES_NO_UNKNOWN, applies=applies, label=label,
                       show=lambda f: shown_yes_no(f.get(key)), invalid=t("steps.pick_yes_no"))


def free_text_step(prefix: str, key: str, question: str, *, check_identifiers: bool, optional: bool = False,
                   label: str = "", applies=always) -> Step:
    """Free text, refused when too long; identifiers (BSN, IBAN, ...) are offered to be stripped."""
    strip = Choice(t("steps.strip"), f"{prefix}:strip:yes")
    retype = Choice(t("steps.retype"), f"{prefix}:strip:retype")

    def ask(facts: dict) -> Reply:
        return Reply(question, [Choice(t("steps.skip"), f"{prefix}:{key}:skip")] if optional else [])

    def read(ctx: Context, facts: dict, msg: Message):
        if optional and (msg.action == f"{prefix}:{key}:skip" or normalise(msg.text) in {"overslaan", "skip", "-"}):
            return Answered({key: None})
        text = msg.text.strip()
        if not text or msg.action is not None:
            return Invalid(t("steps.empty"))
        if len(text) > MAX_FREE_TEXT:
            return Invalid(t("steps.too_long", length=len(text), limit=MAX_FREE_TEXT))
        if check_identifiers and find_identifiers(text):
            found = describe(find_identifiers(text))
            # only the stripped text waits in the dialogue state: the identifiers themselves are never stored
            return NeedsConfirmation(t("steps.identifiers", found=found), (strip, retype),
                                     {"stripped": strip_identifiers(text)})
        return Answered({key: text})

    def confirm(ctx: Context, facts: dict, pending: dict, msg: Message):
        value = pick(msg, [strip, retype])
        if value == strip.value:
            cleaned = pending["stripped"]
            return Answered({key: cleaned}, note=t("steps.stripped", text=cleaned))
        if value == retype.value:
            return Invalid(t("steps.retype_now"))
        return Invalid(t("steps.strip_or_retype"))

    return Step(key, ask, read, applies=applies, label=label, show=lambda f: f.get(key) or "", confirm=confirm)
