"""The CISO's and FG's small dialogues: the AP reference, reasons, notes — recorded only when meant.

Every free-text answer is validated before anything is stored: "terug" goes back, a question is
answered (not stored), an AP reference must look like one, a reason must say something. A decision
that stops the clock (reported, not reportable, a correction, closing a high-risk incident whose
data subjects were not informed) is shown once more and recorded only after an explicit "vastleggen".
"""
from __future__ import annotations

import re

from bot.choices import BACK, STOP, is_back, pick
from bot.dialogue import looks_like_question, side_answer
from bot.handlers.base import Context, Turn
from bot.handlers.incidents.views import P
from bot.identifiers import find_identifiers, strip_identifiers
from bot.messages import Choice, Message, Reply
from bot.text import t
from storage.incidents import parse_iso

CONFIRM = Choice(t("incidents.prompts.confirm"), f"{P}:confirm")
AP_REFERENCE = re.compile(r"^(?=.*\d{3})[A-Za-z0-9][A-Za-z0-9 ./_-]{2,39}$")  # e.g. AP-2026-123, M-123456
MIN_REASON = 10
MAX_ANSWER = 1000

CORRECT_CHOICES = [Choice(t("incidents.prompts.correct_reported"), f"{P}:correct_to:reported"),
                   Choice(t("incidents.prompts.correct_not_reportable"), f"{P}:correct_to:not_reportable")]
# the steps of each action, in order; "confirm" closes every decision
FLOWS = {
    "note": ["note"],
    "reported": ["ap_reference", "delay_reason", "confirm"],
    "not_reportable": ["reason", "confirm"],
    "close": ["close_reason", "confirm"],
    "correct": ["correct_to"],  # then the steps of the decision chosen
}


def question(state: dict) -> list[Reply]:
    step = state["step"]
    if step == "confirm":
        return [Reply(state["summary"], [CONFIRM, BACK, STOP])]
    choices = CORRECT_CHOICES + [BACK, STOP] if step == "correct_to" else [BACK, STOP]
    return [Reply(t(f"incidents.prompts.ask.{step}", ref=state["ref"]), choices)]  # one question per step


def invalid(step: str, text: str) -> str | None:
    """Why `text` cannot be the answer to `step`, or None when it can."""
    if step == "ap_reference":
        if not AP_REFERENCE.match(text):
            return t("incidents.prompts.invalid_ap_reference")
        return None
    if len(text) < MIN_REASON or len(text.split()) < 2:
        return t("incidents.prompts.invalid_reason")
    return None


def read(ctx: Context, state: dict, msg: Message, incident: dict, now) -> tuple[Turn | None, list[Reply]]:
    """Read one answer. Returns (a turn to show now, or None when the action should be carried out;
    warnings to prepend). The state then holds the answers."""
    step = state["step"]
    if is_back(msg):
        flow = state["flow"]
        index = flow.index(step)
        if index == 0:
            return Turn([Reply(t("incidents.prompts.nothing_recorded"))], None), []
        state["step"] = _previous(state, flow, index)
        return Turn(question(state), state), []
    if step == "confirm":
        if pick(msg, [CONFIRM]) == CONFIRM.value:
            return None, []
        return Turn([Reply(t("incidents.prompts.not_yet_recorded"))] + question(state), state), []
    if step == "correct_to":
        value = pick(msg, CORRECT_CHOICES)
        if value is None:
            return Turn([Reply(t("incidents.prompts.pick_decision"))] + question(state), state), []
        state["decision"] = value.rsplit(":", 1)[1]
        state["flow"] = ["correct_to"] + FLOWS[state["decision"]]
        return _next(state, incident, now), []
    text = msg.text.strip()
    if msg.action is not None or not text:
        return Turn([Reply(t("incidents.prompts.type_answer"))] + question(state), state), []
    if len(text) > MAX_ANSWER:
        return Turn([Reply(t("incidents.prompts.too_long", limit=MAX_ANSWER))] + question(state), state), []
    if looks_like_question(text):
        side = side_answer(ctx, msg)
        answer = [side] if side else [Reply(t("incidents.prompts.question_not_recorded"))]
        return Turn(answer + [Reply(t("incidents.prompts.back_to_question"))] + question(state), state), []
    problem = invalid(step, text)
    if problem:
        return Turn([Reply(problem)] + question(state), state), []
    warn = []
    if find_identifiers(text):
        text = strip_identifiers(text)
        warn = [Reply(t("incidents.prompts.stripped"))]
    state.setdefault("answers", {})[step] = text
    return _next(state, incident, now, warn), warn


def _previous(state: dict, flow: list[str], index: int) -> str:
    previous = flow[index - 1]
    if previous == "delay_reason" and "delay_reason" not in state.get("answers", {}):
        previous = flow[index - 2]  # it was skipped (decided in time)
    return previous


def _next(state: dict, incident: dict, now, warn: list[Reply] | None = None) -> Turn | None:
    flow, step = state["flow"], state["step"]
    for following in flow[flow.index(step) + 1:]:
        if following == "delay_reason" and now <= parse_iso(incident["deadline"]):
            continue  # in time: no reason for a delay needed
        state["step"] = following
        if following == "confirm":
            state["summary"] = summary(state)
        return Turn((warn or []) + question(state), state)
    return None  # nothing left to ask: carry it out (a note)


def summary(state: dict) -> str:
    ref, answers = state["ref"], state.get("answers", {})
    decision = state.get("decision") or state["action"]
    if decision == "reported":
        text = t("incidents.prompts.summary_reported", ref=ref, ap_reference=answers.get("ap_reference"))
    elif decision == "not_reportable":
        text = t("incidents.prompts.summary_not_reportable", ref=ref, reason=answers.get("reason"))
    elif decision == "close":
        text = t("incidents.prompts.summary_close", ref=ref, reason=answers.get("close_reason"))
    else:
        raise KeyError(decision)
    if answers.get("delay_reason"):
        text += "\n" + t("incidents.prompts.summary_delay", reason=answers["delay_reason"])
    if state["action"] == "correct":
        text += "\n" + t("incidents.prompts.summary_corrects")
    elif decision != "close":
        text += "\n" + t("incidents.prompts.summary_reminders_stop")
    return text + "\n" + t("incidents.prompts.summary_is_this_right")
