"""CISO and FG commands and buttons: list, show, acknowledge, take on, note, decide, inform, close.

Every action is an append-only event and idempotent: pressing a button twice does nothing twice.
Only the CISO, the FG, their deputies and the reporter may see an incident; only the roles act.
What an incident, the overview and a home screen look like lives in `views.py`.
"""
from __future__ import annotations

import re

from bot.handlers.base import Context, Handler, Turn
from bot.choices import normalise
from bot.handlers.incidents import actions, prompts, views
from bot.handlers.incidents.views import P, REFUSAL, roles
from bot.messages import Choice, Message, Reply
from storage.incidents import get_incident

REF_RE = re.compile(r"\bDL-\d{4}-\d{4}\b", re.IGNORECASE)
_load = views.load  # the old name, as the decisions and prompts below use it


STRIPPED = ("Let op: ik heb persoonsgegevens (zoals een BSN of e-mailadres) uit je tekst gehaald; "
            "die horen niet in het register.")


class IncidentsHandler(Handler):
    name = "incidents"
    private_only = True
    action_prefix = P

    # -- commands --------------------------------------------------------------------------
    def start(self, ctx: Context, msg: Message, prefill: dict | None = None) -> Turn:
        text = (prefill or {}).get("command") or msg.text
        person = msg.person.key
        if normalise(text).startswith("/incidenten"):
            return Turn([self.overview(ctx, person)])
        match = REF_RE.search(text)
        if not match:
            return Turn([Reply("Gebruik: /incident DL-jjjj-nnnn, bijvoorbeeld /incident DL-2026-0001. Met /incidenten zie je de lijst.")])
        return Turn([self.show(ctx, person, match.group(0).upper())])

    def overview(self, ctx: Context, person: str) -> Reply:
        return views.overview(ctx, person)

    def show(self, ctx: Context, person: str, ref: str) -> Reply:
        return views.details(ctx, person, ref)

    buttons = staticmethod(views.actions)

    # -- buttons ---------------------------------------------------------------------------
    def on_action(self, ctx: Context, msg: Message):
        parts = (msg.action or "").split(":")
        if len(parts) < 3:
            return None
        action, ref, arg = parts[1], parts[2], (parts[3] if len(parts) > 3 else None)
        person = msg.person.key
        if action == "show":
            return [self.show(ctx, person, ref)]
        incident = _load(ctx, ref)
        if not roles(ctx, person):  # outsiders cannot tell an existing reference from a missing one
            is_reporter = incident is not None and incident["reporter"] == person
            return [Reply("Alleen de CISO en de FG kunnen dit doen." if is_reporter else REFUSAL)]
        if incident is None:
            return [Reply(f"Ik ken geen incident {ref}.")]
        handler = getattr(self, f"do_{action}", None)
        if handler is None:
            return None
        return handler(ctx, person, incident, arg)

    def reply(self, ctx: Context, ref: str, outcome: actions.Outcome) -> list[Reply]:
        replies = [Reply(STRIPPED)] if outcome.stripped else []
        return replies + [Reply(outcome.text, self.buttons(get_incident(ctx.store, ref)) if outcome.done else [])]

    def do_ack(self, ctx: Context, person: str, incident: dict, arg) -> list[Reply]:
        return self.reply(ctx, incident["ref"], actions.acknowledge(ctx, person, incident))

    def do_own(self, ctx: Context, person: str, incident: dict, arg) -> list[Reply]:
        """🙋 Ik pak dit op: the reminders before the deadline then go to this person only."""
        return self.reply(ctx, incident["ref"], actions.take_ownership(ctx, person, incident))

    def do_reported(self, ctx: Context, person: str, incident: dict, arg):
        already = actions.decided_already(incident)
        return [Reply(already.text)] if already else self.ask(incident, "reported")

    def do_notreportable(self, ctx: Context, person: str, incident: dict, arg):
        already = actions.decided_already(incident)
        return [Reply(already.text)] if already else self.ask(incident, "not_reportable")

    def do_correct(self, ctx: Context, person: str, incident: dict, arg):
        """A decision is corrected by a new event, never by editing the old one."""
        if not incident["decision"] or incident["status"] == "closed":
            return [Reply(f"{incident['ref']} heeft geen open besluit om te corrigeren.")]
        return self.ask(incident, "correct")

    def do_note(self, ctx: Context, person: str, incident: dict, arg):
        if incident["status"] == "closed":
            return [Reply(f"{incident['ref']} is afgesloten.")]
        return self.ask(incident, "note")

    def do_informed(self, ctx: Context, person: str, incident: dict, arg) -> list[Reply]:
        ref = incident["ref"]
        if arg is None:
            return [Reply(f"Zijn de betrokkenen van {ref} geïnformeerd (art. 34 AVG)?", [
                Choice("Ja, geïnformeerd", f"{P}:informed:{ref}:yes"),
                Choice("Nee, nog niet", f"{P}:informed:{ref}:no"),
                Choice("Niet nodig (art. 34 lid 3 / geen hoog risico)", f"{P}:informed:{ref}:not_needed"),
            ])]
        return self.reply(ctx, ref, actions.inform(ctx, person, incident, arg))

    def do_close(self, ctx: Context, person: str, incident: dict, arg):
        if incident["status"] != "closed" and incident["decision"] and actions.needs_close_reason(incident):
            return self.ask(incident, "close")  # art. 34 AVG: closing without informing needs a recorded reason
        outcome = actions.close(ctx, person, incident)
        return [Reply(outcome.text, [] if outcome.done else self.buttons(incident))]

    # -- small dialogues: AP reference, reasons, notes (bot/handlers/incidents/prompts.py) -------
    def ask(self, incident: dict, action: str) -> Turn:
        flow = prompts.FLOWS[action]
        state = {"ref": incident["ref"], "action": action, "flow": list(flow), "step": flow[0]}
        return Turn(prompts.question(state), state)

    def current(self, ctx: Context, state: dict) -> list[Reply]:
        return prompts.question(state)

    def resume(self, ctx: Context, state: dict, msg: Message) -> Turn:
        if msg.action is not None and msg.action.startswith(f"{P}:") and msg.action != prompts.CONFIRM.value \
                and not msg.action.startswith(f"{P}:correct_to:"):
            outcome = self.on_action(ctx, msg)  # another incident button: leave this question
            return outcome if isinstance(outcome, Turn) else Turn(outcome or [], None)
        incident = _load(ctx, state["ref"])
        person = msg.person.key
        if incident is None or not roles(ctx, person):
            return Turn([Reply(REFUSAL)], None)
        now = ctx.now()
        turn, warn = prompts.read(ctx, state, msg, incident, now)
        if turn is not None:
            return turn
        return Turn(warn + self.carry_out(ctx, person, incident, state, now), None)

    def carry_out(self, ctx: Context, person: str, incident: dict, state: dict, now) -> list[Reply]:
        ref, answers, action = incident["ref"], state.get("answers", {}), state["action"]
        if action == "note":
            return self.reply(ctx, ref, actions.note(ctx, person, incident, answers["note"]))
        if action == "close":
            return self.reply(ctx, ref, actions.close(ctx, person, incident, answers["close_reason"]))
        outcome = actions.decide(ctx, person, incident, state.get("decision") or action,
                                 ap_reference=answers.get("ap_reference"), delay_reason=answers.get("delay_reason"),
                                 reason=answers.get("reason"), correcting=action == "correct")
        return self.reply(ctx, ref, outcome)
