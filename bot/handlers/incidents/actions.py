"""What the CISO and the FG can do to an incident, once, for chat and the web desk alike.

Each function checks that the action makes sense now, records one event (who, what, when) with the
change, and tells the app (IncidentChanged) so the clock re-reads the incident. It returns the
outcome in words; it never asks anything: asking and confirming is the caller's job (the chat's
prompts, the desk's forms). Free text is checked for identifiers before it is stored.
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.config import ROLE_LABELS
from bot.dates import format_local
from bot.events import IncidentChanged
from bot.handlers.base import Context
from bot.handlers.incidents.views import DECISION_TEXT, INFORMED_TEXT, roles
from bot.identifiers import find_identifiers, strip_identifiers
from storage.incidents import add_event, parse_iso, update_incident


@dataclass(frozen=True)
class Outcome:
    done: bool  # False: nothing was recorded (already done, not allowed now)
    text: str
    stripped: bool = False  # identifiers were removed from the free text


def actor_label(ctx: Context, person_key: str) -> str:
    names = "/".join(ROLE_LABELS[r] for r in sorted(roles(ctx, person_key)))
    return f"{person_key} ({names})" if names else person_key


def clean(text: str | None) -> tuple[str | None, bool]:
    if text and find_identifiers(text):
        return strip_identifiers(text), True
    return text, False


def acknowledge(ctx: Context, person: str, incident: dict) -> Outcome:
    ref = incident["ref"]
    if incident["acknowledged_at"]:
        when = format_local(parse_iso(incident["acknowledged_at"]))
        return Outcome(False, f"{ref} was al gezien door {incident['acknowledged_by']} ({when}).")
    now = ctx.now()
    update_incident(ctx.store, ref, person, "acknowledged",
                    {"acknowledged_at": now.isoformat(timespec="seconds"), "acknowledged_by": actor_label(ctx, person)},
                    now, {})
    ctx.emit(IncidentChanged(ref, "acknowledged", person))
    return Outcome(True, f"✔ Genoteerd: je hebt {ref} gezien. De herinneringen gaan door tot er een besluit is.")


def decided_already(incident: dict) -> Outcome | None:
    if incident["decision"]:
        return Outcome(False, f"Voor {incident['ref']} is al een besluit vastgelegd: {DECISION_TEXT[incident['decision']]} "
                              f"(door {incident['decision_by']}).")
    return None


def decide(ctx: Context, person: str, incident: dict, decision: str, *, ap_reference: str | None = None,
           delay_reason: str | None = None, reason: str | None = None, correcting: bool = False) -> Outcome:
    """Record "reported" (with the AP's reference) or "not_reportable" (with the reason); a correction
    of an earlier decision is a new event, never an edit of the old one."""
    ref = incident["ref"]
    if not correcting and (already := decided_already(incident)):
        return already
    if correcting and (not incident["decision"] or incident["status"] == "closed"):
        return Outcome(False, f"{ref} heeft geen open besluit om te corrigeren.")
    delay_reason, s1 = clean(delay_reason)
    reason, s2 = clean(reason)
    now = ctx.now()
    changes = {"decision": decision, "status": "decided", "decision_at": now.isoformat(timespec="seconds"),
               "decision_by": actor_label(ctx, person),
               "ap_reference": ap_reference if decision == "reported" else None,
               "delay_reason": delay_reason if decision == "reported" else None,
               "not_reportable_reason": reason if decision == "not_reportable" else None}
    event = "decision_corrected" if correcting else f"decided_{decision}"
    update_incident(ctx.store, ref, person, event, changes, now,
                    {**changes, "previous": incident["decision"]} if correcting else changes)
    ctx.emit(IncidentChanged(ref, event, person))
    if decision == "reported":
        return Outcome(True, f"📨 Vastgelegd: {ref} is gemeld bij de AP (kenmerk {ap_reference}). De herinneringen "
                             "stoppen. Vergeet niet vast te leggen of de betrokkenen zijn geïnformeerd.", s1 or s2)
    return Outcome(True, f"🚫 Vastgelegd: {ref} is niet meldplichtig. De herinneringen stoppen. "
                         "Het incident blijft in het datalekregister (art. 33 lid 5 AVG).", s1 or s2)


def inform(ctx: Context, person: str, incident: dict, informed: str) -> Outcome:
    ref = incident["ref"]
    if informed not in INFORMED_TEXT:
        return Outcome(False, "Dat antwoord ken ik niet.")
    if incident.get("subjects_informed") == informed:
        return Outcome(False, f"Was al vastgelegd voor {ref}: {INFORMED_TEXT[informed]}.")
    now = ctx.now()
    update_incident(ctx.store, ref, person, "subjects_informed", {"subjects_informed": informed}, now)
    ctx.emit(IncidentChanged(ref, "subjects_informed", person))
    return Outcome(True, f"Vastgelegd voor {ref}: {INFORMED_TEXT[informed]}.")


def needs_close_reason(incident: dict) -> bool:
    """Art. 34 AVG: closing a high-risk incident whose data subjects were not informed needs a reason."""
    return incident["assessment"].get("risk") == "high" and incident.get("subjects_informed") not in ("yes", "not_needed")


def close(ctx: Context, person: str, incident: dict, reason: str | None = None) -> Outcome:
    ref = incident["ref"]
    if incident["status"] == "closed":
        return Outcome(False, f"{ref} was al afgesloten.")
    if not incident["decision"]:
        return Outcome(False, f"{ref} kan pas worden afgesloten als er een besluit is (gemeld bij de AP of niet meldplichtig).")
    if needs_close_reason(incident) and not reason:
        return Outcome(False, f"Het risico van {ref} is hoog en de betrokkenen zijn (nog) niet geïnformeerd: "
                              "geef de reden om het toch af te sluiten.")
    reason, stripped = clean(reason)
    now = ctx.now()
    details = {"close_reason": reason, "subjects_informed": incident.get("subjects_informed")} if reason else {}
    update_incident(ctx.store, ref, person, "closed", {"status": "closed", "closed_at": now.isoformat(timespec="seconds")},
                    now, details)
    ctx.emit(IncidentChanged(ref, "closed", person))
    return Outcome(True, f"🔒 {ref} is afgesloten en staat in het datalekregister.", stripped)


def note(ctx: Context, person: str, incident: dict, text: str) -> Outcome:
    ref = incident["ref"]
    if incident["status"] == "closed":
        return Outcome(False, f"{ref} is afgesloten.")
    text, stripped = clean(text)
    add_event(ctx.store, ref, person, "note", {"text": text}, ctx.now())
    return Outcome(True, f"📝 Notitie toegevoegd aan {ref}.", stripped)


def take_ownership(ctx: Context, person: str, incident: dict) -> Outcome:
    """The CISO, the FG or a deputy takes the incident on: the reminders before the deadline then go
    to the owner only (bot/reminders/runner.py); at filing, unacknowledged and from the deadline on
    everyone is still pinged. Taking over from another owner is a new event, like any change."""
    ref = incident["ref"]
    if incident["status"] == "closed":
        return Outcome(False, f"{ref} is afgesloten.")
    if incident.get("owner") == person:
        return Outcome(False, f"Je hebt {ref} al opgepakt.")
    previous = incident.get("owner")
    update_incident(ctx.store, ref, person, "owner_taken", {"owner": person}, ctx.now(), {"previous": previous})
    ctx.emit(IncidentChanged(ref, "owner_taken", person))
    took = f"overgenomen van {actor_label(ctx, previous)}" if previous else "opgepakt"
    return Outcome(True, f"🙋 Genoteerd: je hebt {ref} {took}. De herinneringen vóór de termijn gaan nu alleen naar "
                         "jou; bij de termijn krijgt iedereen weer bericht.")
