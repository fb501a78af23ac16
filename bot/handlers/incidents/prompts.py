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
from storage.incidents import parse_iso

CONFIRM = Choice("✅ Ja, vastleggen", f"{P}:confirm")
AP_REFERENCE = re.compile(r"^(?=.*\d{3})[A-Za-z0-9][A-Za-z0-9 ./_-]{2,39}$")  # e.g. AP-2026-123, M-123456
MIN_REASON = 10

QUESTIONS = {
    "ap_reference": "Wat is het meldingsnummer (kenmerk) van de AP voor {ref}? Bijvoorbeeld AP-2026-12345.",
    "delay_reason": "De 72 uur zijn verstreken. Wat is de reden van de vertraging? (Dit moet bij de AP-melding, art. 33 lid 1 AVG.)",
    "reason": "Waarom is {ref} niet meldplichtig? (Bijv. 'ontvanger betrouwbaar en heeft verwijderd bevestigd; geen risico'.)",
    "note": "Typ je notitie voor {ref}.",
    "close_reason": ("Het risico van {ref} is hoog en de betrokkenen zijn (nog) niet geïnformeerd (art. 34 AVG). "
                     "Waarom sluit je het toch af?"),
    "correct_to": "Welk besluit geldt nu voor {ref}?",
}
CORRECT_CHOICES = [Choice("📨 Toch gemeld bij de AP", f"{P}:correct_to:reported"),
                   Choice("🚫 Toch niet meldplichtig", f"{P}:correct_to:not_reportable")]
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
    return [Reply(QUESTIONS[step].format(ref=state["ref"]), choices)]


def invalid(step: str, text: str) -> str | None:
    """Why `text` cannot be the answer to `step`, or None when it can."""
    if step == "ap_reference":
        if not AP_REFERENCE.match(text):
            return ("Dat lijkt geen meldingsnummer van de AP. Neem het kenmerk over uit de ontvangstbevestiging van "
                    "het meldloket (letters, cijfers en streepjes, bijvoorbeeld AP-2026-12345), of typ 'terug'.")
        return None
    if len(text) < MIN_REASON or len(text.split()) < 2:
        return "Schrijf in een paar woorden wat er is, zodat het later in het register te begrijpen is. Of typ 'terug'."
    return None


def read(ctx: Context, state: dict, msg: Message, incident: dict, now) -> tuple[Turn | None, list[Reply]]:
    """Read one answer. Returns (a turn to show now, or None when the action should be carried out;
    warnings to prepend). The state then holds the answers."""
    step = state["step"]
    if is_back(msg):
        flow = state["flow"]
        index = flow.index(step)
        if index == 0:
            return Turn([Reply("Oké, er is niets vastgelegd.")], None), []
        state["step"] = _previous(state, flow, index)
        return Turn(question(state), state), []
    if step == "confirm":
        if pick(msg, [CONFIRM]) == CONFIRM.value:
            return None, []
        return Turn([Reply("Er is nog niets vastgelegd. Kies 'Ja, vastleggen', 'terug' of 'stop'.")] + question(state), state), []
    if step == "correct_to":
        value = pick(msg, CORRECT_CHOICES)
        if value is None:
            return Turn([Reply("Kies het besluit dat nu geldt.")] + question(state), state), []
        state["decision"] = value.rsplit(":", 1)[1]
        state["flow"] = ["correct_to"] + FLOWS[state["decision"]]
        return _next(state, incident, now), []
    text = msg.text.strip()
    if msg.action is not None or not text:
        return Turn([Reply("Typ een antwoord, 'terug' of 'stop'.")] + question(state), state), []
    if len(text) > 1000:
        return Turn([Reply("Dat is te lang; houd het onder de 1000 tekens.")] + question(state), state), []
    if looks_like_question(text):
        side = side_answer(ctx, msg)
        answer = [side] if side else [Reply("Dat lijkt een vraag; die leg ik niet vast in het register.")]
        return Turn(answer + [Reply("Dan terug naar de vraag:")] + question(state), state), []
    problem = invalid(step, text)
    if problem:
        return Turn([Reply(problem)] + question(state), state), []
    warn = []
    if find_identifiers(text):
        text = strip_identifiers(text)
        warn = [Reply("Let op: ik heb persoonsgegevens (zoals een BSN of e-mailadres) uit je tekst gehaald; "
                      "die horen niet in het register.")]
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
    lines = {
        "reported": f"Vastleggen: {ref} is gemeld bij de AP met kenmerk {answers.get('ap_reference')}.",
        "not_reportable": f"Vastleggen: {ref} is niet meldplichtig. Reden: {answers.get('reason')}",
        "close": f"Vastleggen: {ref} wordt afgesloten zonder dat de betrokkenen zijn geïnformeerd. Reden: {answers.get('close_reason')}",
    }
    text = lines[decision]
    if answers.get("delay_reason"):
        text += f"\nReden van de vertraging: {answers['delay_reason']}"
    if state["action"] == "correct":
        text += "\nDit corrigeert het eerdere besluit; beide blijven in het logboek staan."
    elif decision != "close":
        text += "\nDaarna stoppen de herinneringen."
    return text + "\nKlopt dit?"
