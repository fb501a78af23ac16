"""One Step type and one runner for every guided dialogue (the breach intake, the sharing check).

A dialogue reads as its step table: each Step has a key, a question (`ask`), a reader of the answer
(`read`), and a rule for when it applies. A reader returns a typed outcome instead of sentinel strings:

    Answered(updates)      the step is answered: store `updates` in the facts, go on
    Stay(updates)          store `updates` but stay on this step (a multi-select, "Klaar" ends it)
    Invalid(message)       not understood: say `message`, ask the same step again
    NeedsConfirmation(..)  ask a yes/no-like question first (e.g. "shall I strip the BSN?")

"terug" goes one step back (also into a pre-filled answer), "stop" is handled by the engine. The
runner keeps {"step", "facts", "history"} as the dialogue's state, which the engine stores, so
a restart resumes the dialogue where it was. What happens when no step is left is the dialogue's own
business (`Flow.complete`): a summary to confirm, or a verdict.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from bot.choices import BACK, STOP, is_back, normalise, pick
from bot.handlers.base import Context, Turn
from bot.messages import Choice, Message, Reply
from bot.text import t


# -- outcomes of reading an answer ---------------------------------------------------------------
@dataclass(frozen=True)
class Answered:
    updates: dict = field(default_factory=dict)
    note: str | None = None  # said before the next question, e.g. "Weggehaald."


@dataclass(frozen=True)
class Stay:
    updates: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Invalid:
    message: str


@dataclass(frozen=True)
class NeedsConfirmation:
    """Ask `question` with `choices`; the step's `confirm` reads the answer with `pending` at hand."""

    question: str
    choices: tuple[Choice, ...]
    pending: dict


Outcome = Answered | Stay | Invalid | NeedsConfirmation


def always(facts: dict) -> bool:
    return True


@dataclass(frozen=True)
class Step:
    key: str
    ask: Callable[[dict], Reply]
    read: Callable[[Context, dict, Message], Outcome]
    applies: Callable[[dict], bool] = always
    label: str = ""  # how the summary names this fact
    show: Callable[[dict], str] = lambda facts: ""  # how the summary shows its value
    confirm: Callable[[Context, dict, dict, Message], Outcome] | None = None  # reads a NeedsConfirmation


class Flow:
    """A guided dialogue over a step table. Subclasses say what happens when the steps are done."""

    steps: list[Step] = []
    first_step_question = t("dialogue.first_step_question")

    def __init__(self) -> None:
        self.by_key = {step.key: step for step in self.steps}

    # -- hooks ------------------------------------------------------------------------------
    def next_key(self, facts: dict) -> str | None:
        """The first step that applies and is not answered; None when the dialogue is complete."""
        return next((s.key for s in self.steps if s.key not in facts and s.applies(facts)), None)

    def complete(self, ctx: Context, msg: Message, state: dict, replies: list[Reply]) -> Turn:
        """No step is left: finish the dialogue (a verdict) or ask for confirmation (a summary)."""
        raise NotImplementedError

    def after_answer(self, ctx: Context, state: dict, key: str, had_value: bool) -> list[Reply]:
        """Something to say once a step is answered (e.g. first aid after the kind of breach)."""
        return []

    def tidy(self, state: dict) -> None:
        """Drop facts that no longer matter after an answer (e.g. another recipient)."""

    def extra_choices(self, state: dict, key: str) -> list[Choice]:
        """Back and Stop under every question (no Back on the very first one)."""
        return ([BACK] if state["history"] else []) + [STOP]

    def special(self, ctx: Context, state: dict, msg: Message) -> Turn | None:
        """A step name outside the table (a summary, an edit menu) handled by the subclass."""
        return None

    def special_question(self, ctx: Context, state: dict) -> list[Reply] | None:
        return None

    # -- the runner ----------------------------------------------------------------------------
    def new_state(self, facts: dict | None = None, prefilled: list[str] | None = None) -> dict:
        return {"step": None, "facts": dict(facts or {}), "history": list(prefilled or [])}

    def advance(self, ctx: Context, msg: Message, state: dict, replies: list[Reply]) -> Turn:
        key = self.next_key(state["facts"])
        if key is None:
            return self.complete(ctx, msg, state, replies)
        state["step"] = key
        return Turn(replies + self.question(ctx, state), state)

    def question(self, ctx: Context, state: dict) -> list[Reply]:
        """The open question, with its choices and Back/Stop."""
        special = self.special_question(ctx, state)
        if special is not None:
            return special
        pending = state.get("pending")
        if pending:
            return [Reply(pending["question"], [Choice(**c) for c in pending["choices"]] + [BACK, STOP])]
        reply = self.by_key[state["step"]].ask(state["facts"])
        return [Reply(reply.text, reply.choices + self.extra_choices(state, state["step"]), meta=reply.meta)]

    def back(self, ctx: Context, state: dict) -> Turn:
        if state.pop("pending", None):
            return Turn(self.question(ctx, state), state)
        if not state["history"]:
            return Turn([Reply(self.first_step_question)] + self.question(ctx, state), state)
        previous = state["history"].pop()
        state["facts"].pop(previous, None)
        state["step"] = previous
        return Turn(self.question(ctx, state), state)

    def resume(self, ctx: Context, state: dict, msg: Message) -> Turn:
        if is_back(msg):
            return self.back(ctx, state)
        turn = self.special(ctx, state, msg)
        if turn is not None:
            return turn
        step = self.by_key[state["step"]]
        pending = state.get("pending")
        if pending:
            choices = [Choice(**c) for c in pending["choices"]]
            if pick(msg, choices) is None and msg.action is None:
                return Turn([Reply(t("dialogue.pick_one"))] + self.question(ctx, state), state)
            outcome = step.confirm(ctx, state["facts"], pending["data"], msg)
            state.pop("pending")
        else:
            outcome = step.read(ctx, state["facts"], msg)
        return self.apply(ctx, msg, state, step, outcome)

    def apply(self, ctx: Context, msg: Message, state: dict, step: Step, outcome: Outcome) -> Turn:
        facts = state["facts"]
        if isinstance(outcome, Invalid):
            side = side_answer(ctx, msg)
            if side is not None:  # a question in between: answer it, then ask the step again
                return Turn([side, Reply(t("dialogue.back_to_question"))] + self.question(ctx, state), state)
            return Turn([Reply(outcome.message)] + self.question(ctx, state), state)
        if isinstance(outcome, NeedsConfirmation):
            state["pending"] = {
                "question": outcome.question,
                "choices": [{"label": c.label, "value": c.value} for c in outcome.choices],
                "data": outcome.pending,
            }
            return Turn(self.question(ctx, state), state)
        if isinstance(outcome, Stay):
            facts.update(outcome.updates)
            return Turn(self.question(ctx, state), state)
        had_value = step.key in facts
        facts.update(outcome.updates)
        if step.key not in state["history"]:
            state["history"].append(step.key)
        self.tidy(state)
        replies = [Reply(outcome.note)] if outcome.note else []
        replies += self.after_answer(ctx, state, step.key, had_value)
        return self.advance(ctx, msg, state, replies)


QUESTION_START = re.compile(
    r"^(is|zijn|wat|wanneer|hoe|hoeveel|mag|mogen|moet|moeten|waarom|wie|welke|kan|kunnen|geldt|telt|valt|"
    r"what|when|how|is it|can|may|must|should|who|why)\b"
)


def looks_like_question(text: str) -> bool:
    words = text.strip().split()
    return len(words) >= 3 and (text.strip().endswith("?") or bool(QUESTION_START.match(normalise(text))))


def side_answer(ctx: Context, msg: Message) -> Reply | None:
    """A privacy question asked in the middle of a dialogue, answered from the knowledge base (or None)."""
    if msg.action is not None or not looks_like_question(msg.text):
        return None
    from bot.handlers.questions import answer_reply

    result = ctx.knowledge.matcher.match(msg.text)
    if result.kind != "answer":
        return None
    reply = answer_reply(ctx, result.entry, result.lang, result.score)
    return Reply(reply.text, meta=reply.meta)  # without its "zie ook" buttons: the dialogue's buttons follow
