"""CISO and FG commands and buttons: list, show, acknowledge, note, decide, inform, close.

Every action is an append-only event and idempotent: pressing a button twice does nothing twice.
Only the CISO, the FG, their deputies and the reporter may see an incident; only the roles act.
What an incident, the overview and a home screen look like lives in `views.py`.
"""
from __future__ import annotations

import re

from bot.config import ROLE_LABELS
from bot.dates import format_local
from bot.events import IncidentChanged
from bot.handlers.base import Context, Handler, Turn
from bot.choices import STOP, normalise
from bot.handlers.incidents import views
from bot.handlers.incidents.views import DECISION_TEXT, INFORMED_TEXT, P, REFUSAL, roles
from bot.identifiers import find_identifiers, strip_identifiers
from bot.messages import Choice, Message, Reply
from storage.incidents import add_event, get_incident, parse_iso, update_incident

REF_RE = re.compile(r"\bDL-\d{4}-\d{4}\b", re.IGNORECASE)
_load = views.load  # the old name, as the decisions and prompts below use it


def actor_label(ctx: Context, person_key: str) -> str:
    names = "/".join(ROLE_LABELS[r] for r in sorted(roles(ctx, person_key)))
    return f"{person_key} ({names})" if names else person_key


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

    actions = staticmethod(views.actions)

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
        if incident is None:
            return [Reply(f"Ik ken geen incident {ref}.")]
        if not roles(ctx, person):
            return [Reply(REFUSAL if incident["reporter"] != person else "Alleen de CISO en de FG kunnen dit doen.")]
        handler = getattr(self, f"do_{action}", None)
        if handler is None:
            return None
        return handler(ctx, person, incident, arg)

    def do_ack(self, ctx: Context, person: str, incident: dict, arg) -> list[Reply]:
        if incident["acknowledged_at"]:
            when = format_local(parse_iso(incident["acknowledged_at"]))
            return [Reply(f"{incident['ref']} was al gezien door {incident['acknowledged_by']} ({when}).")]
        now = ctx.now()
        update_incident(ctx.store, incident["ref"], person, "acknowledged",
                        {"acknowledged_at": now.isoformat(timespec="seconds"), "acknowledged_by": actor_label(ctx, person)}, now, {})
        self._changed(ctx, incident["ref"])
        return [Reply(f"✔ Genoteerd: je hebt {incident['ref']} gezien. De herinneringen gaan door tot er een besluit is.",
                      self.actions(get_incident(ctx.store, incident["ref"])))]

    def _decided_already(self, incident: dict) -> list[Reply] | None:
        if incident["decision"]:
            return [Reply(f"Voor {incident['ref']} is al een besluit vastgelegd: {DECISION_TEXT[incident['decision']]} "
                          f"(door {incident['decision_by']}).")]
        return None

    def do_reported(self, ctx: Context, person: str, incident: dict, arg):
        return self._decided_already(incident) or self.ask(ctx, {"ref": incident["ref"], "action": "reported", "step": "ap_reference"})

    def do_notreportable(self, ctx: Context, person: str, incident: dict, arg):
        return self._decided_already(incident) or self.ask(ctx, {"ref": incident["ref"], "action": "not_reportable", "step": "reason"})

    def do_note(self, ctx: Context, person: str, incident: dict, arg):
        if incident["status"] == "closed":
            return [Reply(f"{incident['ref']} is afgesloten.")]
        return self.ask(ctx, {"ref": incident["ref"], "action": "note", "step": "note"})

    def do_informed(self, ctx: Context, person: str, incident: dict, arg) -> list[Reply]:
        ref = incident["ref"]
        if arg is None:
            return [Reply(f"Zijn de betrokkenen van {ref} geïnformeerd (art. 34 AVG)?", [
                Choice("Ja, geïnformeerd", f"{P}:informed:{ref}:yes"),
                Choice("Nee, nog niet", f"{P}:informed:{ref}:no"),
                Choice("Niet nodig (art. 34 lid 3 / geen hoog risico)", f"{P}:informed:{ref}:not_needed"),
            ])]
        if arg not in INFORMED_TEXT:
            return [Reply("Dat antwoord ken ik niet.")]
        if incident.get("subjects_informed") == arg:
            return [Reply(f"Was al vastgelegd voor {ref}: {INFORMED_TEXT[arg]}.")]
        now = ctx.now()
        update_incident(ctx.store, ref, person, "subjects_informed", {"subjects_informed": arg}, now)
        return [Reply(f"Vastgelegd voor {ref}: {INFORMED_TEXT[arg]}.", self.actions(get_incident(ctx.store, ref)))]

    def do_close(self, ctx: Context, person: str, incident: dict, arg) -> list[Reply]:
        ref = incident["ref"]
        if incident["status"] == "closed":
            return [Reply(f"{ref} was al afgesloten.")]
        if not incident["decision"]:
            return [Reply(f"{ref} kan pas worden afgesloten als er een besluit is (gemeld bij de AP of niet meldplichtig).",
                          self.actions(incident))]
        now = ctx.now()
        update_incident(ctx.store, ref, person, "closed", {"status": "closed", "closed_at": now.isoformat(timespec="seconds")}, now, {})
        self._changed(ctx, ref)
        return [Reply(f"🔒 {ref} is afgesloten en staat in het datalekregister.")]

    # -- small dialogues: AP reference, reasons, notes --------------------------------------
    QUESTIONS = {
        "ap_reference": "Wat is het meldingsnummer (kenmerk) van de AP voor {ref}?",
        "delay_reason": "De 72 uur zijn verstreken. Wat is de reden van de vertraging? (Dit moet bij de AP-melding, art. 33 lid 1 AVG.)",
        "reason": "Waarom is {ref} niet meldplichtig? (Bijv. 'ontvanger betrouwbaar en heeft verwijderd bevestigd; geen risico'.)",
        "note": "Typ je notitie voor {ref}.",
    }

    def ask(self, ctx: Context, state: dict) -> Turn:
        return Turn(self.current(ctx, state), state)

    def current(self, ctx: Context, state: dict) -> list[Reply]:
        return [Reply(self.QUESTIONS[state["step"]].format(ref=state["ref"]), [STOP])]

    def resume(self, ctx: Context, state: dict, msg: Message) -> Turn:
        if msg.action is not None and msg.action.startswith(f"{P}:"):
            outcome = self.on_action(ctx, msg)  # another incident button: leave this question
            return outcome if isinstance(outcome, Turn) else Turn(outcome or [], None)
        text = msg.text.strip()
        if not text:
            return Turn([Reply("Typ een antwoord, of 'stop'.")] + self.current(ctx, state), state)
        if len(text) > 1000:
            return Turn([Reply("Dat is te lang; houd het onder de 1000 tekens.")] + self.current(ctx, state), state)
        incident = _load(ctx, state["ref"])
        person = msg.person.key
        if incident is None or not roles(ctx, person):
            return Turn([Reply(REFUSAL)], None)
        now = ctx.now()
        warn = []
        if find_identifiers(text):
            text = strip_identifiers(text)
            warn = [Reply("Let op: ik heb persoonsgegevens (zoals een BSN of e-mailadres) uit je tekst gehaald; die horen niet in het register.")]
        action, step = state["action"], state["step"]
        if action == "note":
            add_event(ctx.store, incident["ref"], person, "note", {"text": text}, now)
            return Turn(warn + [Reply(f"📝 Notitie toegevoegd aan {incident['ref']}.", self.actions(incident))], None)
        if already := self._decided_already(incident):
            return Turn(already, None)
        if action == "not_reportable":
            update_incident(ctx.store, incident["ref"], person, "decided_not_reportable",
                            {"decision": "not_reportable", "status": "decided", "decision_at": now.isoformat(timespec="seconds"),
                             "decision_by": actor_label(ctx, person), "not_reportable_reason": text}, now)
            self._changed(ctx, incident["ref"])
            return Turn(warn + [Reply(f"🚫 Vastgelegd: {incident['ref']} is niet meldplichtig. De herinneringen stoppen. "
                                      "Het incident blijft in het datalekregister (art. 33 lid 5 AVG).",
                                      self.actions(get_incident(ctx.store, incident["ref"])))], None)
        # action == "reported"
        if step == "ap_reference":
            state["ap_reference"] = text[:100]
            if now > parse_iso(incident["deadline"]):
                state["step"] = "delay_reason"
                return Turn(warn + self.current(ctx, state), state)
        else:
            state["delay_reason"] = text
        update_incident(ctx.store, incident["ref"], person, "decided_reported",
                        {"decision": "reported", "status": "decided", "decision_at": now.isoformat(timespec="seconds"),
                         "decision_by": actor_label(ctx, person), "ap_reference": state["ap_reference"],
                         "delay_reason": state.get("delay_reason")}, now)
        self._changed(ctx, incident["ref"])
        return Turn(warn + [Reply(f"📨 Vastgelegd: {incident['ref']} is gemeld bij de AP (kenmerk {state['ap_reference']}). "
                                  "De herinneringen stoppen. Vergeet niet vast te leggen of de betrokkenen zijn geïnformeerd.",
                                  self.actions(get_incident(ctx.store, incident["ref"])))], None)

    def _changed(self, ctx: Context, ref: str) -> None:
        ctx.emit(IncidentChanged(ref))
