"""The desk's words: every event of the log as a Dutch sentence, milestones, countdowns and short dates.

Nothing here reads a clock or the database: `now` and the config are passed in. An action this
module does not know yet is still shown readably ("Gebeurtenis 'x y'" with what it changed), never
as the bare code.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from bot.config import ROLE_LABELS, Config
from bot.dates import format_local
from bot.dates.formatting import local
from bot.handlers.datalek.assessment import CATEGORY_LABELS, KIND_LABELS
from bot.handlers.incidents.views import DECISION_TEXT, INFORMED_TEXT
from bot.reminders.pings import RISK_SHORT
from storage.incidents import parse_iso

STATUS_TEXT = {"open": "open", "decided": "besluit genomen, nog af te sluiten", "closed": "afgesloten"}
STATUS_SHORT = {"open": "Open", "decided": "Besloten", "closed": "Afgesloten"}
DECISION_SHORT = {"reported": "Gemeld bij AP", "not_reportable": "Niet meldplichtig", None: "Nog geen besluit"}
RISK_LABEL = {"none": "Geen risico verwacht", "risk": "Risico", "high": "Hoog risico"}
YES_NO = {True: "ja", False: "nee", None: "onbekend"}
# the incident's columns, as people call them (for changes of an unknown event)
COLUMN_LABELS = {
    "status": "status", "acknowledged_at": "gezien op", "acknowledged_by": "gezien door", "decision": "besluit",
    "decision_at": "besluit op", "decision_by": "besluit door", "ap_reference": "AP-kenmerk",
    "delay_reason": "reden van de vertraging", "not_reportable_reason": "reden niet meldplichtig",
    "subjects_informed": "betrokkenen geïnformeerd", "closed_at": "afgesloten op", "facts": "feiten",
    "reporter": "melder", "department": "afdeling", "contact": "contact", "assessment": "inschatting",
    "owner": "eigenaar",
}


def short(dt: datetime | str | None) -> str:
    """'23-11-2026 09:15' in Dutch local time; '–' when unknown."""
    if isinstance(dt, str):
        dt = parse_iso(dt)
    return local(dt).strftime("%d-%m-%Y %H:%M") if dt else "–"


def long(dt: datetime | str | None) -> str:
    if isinstance(dt, str):
        dt = parse_iso(dt)
    return format_local(dt) if dt else "onbekend"


def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "other", kind or "onbekend")


def categories_text(categories) -> str:
    return ", ".join(CATEGORY_LABELS.get(c, c) for c in categories or []) or "onbekend"


def subjects_text(subjects) -> str:
    if subjects is None or subjects == "":
        return "onbekend"
    if isinstance(subjects, dict):
        low, high = subjects.get("min"), subjects.get("max")
        if high is None:
            return f"{low} of meer"
        return f"{low} tot {high}"
    return str(subjects).replace("-", " tot ") if isinstance(subjects, str) else str(subjects)


def actor_text(actor: str | None, config: Config) -> str:
    """Who did it, as a person reads it: 'de melder', 'het systeem', 'slack:U1 (CISO)'."""
    if not actor:
        return "onbekend"
    if actor == "melder":
        return "de melder"
    if actor == "systeem":
        return "het systeem"
    if "(" in actor:
        return actor
    names = "/".join(ROLE_LABELS[r] for r in sorted(config.roles_of(actor)))
    return f"{actor} ({names})" if names else actor


def countdown(deadline: datetime, now: datetime) -> tuple[str, bool]:
    """('nog 2 d 23 u 15 min', False) or ('5 u 3 min over de termijn', True)."""
    delta = deadline - now
    late = delta < timedelta(0)
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = ([f"{days} d"] if days else []) + ([f"{hours} u"] if days or hours else []) + [f"{mins} min"]
    text = " ".join(parts)
    return (f"{text} over de termijn", True) if late else (f"nog {text}", False)


def milestone_text(name: str) -> str:
    """A reminder moment in words (bot.reminders.milestones names)."""
    fixed = {
        "filed": "bij de melding",
        "unacked-1h": "na een uur zonder ‘gezien’ (ook aan de plaatsvervangers)",
        "deadline": "op het moment dat de termijn verstrijkt",
    }
    if name in fixed:
        return fixed[name]
    if name.startswith("t-") and name.endswith("h"):
        return f"{name[2:-1]} uur voor de termijn"
    if name.startswith("overdue-") and name.endswith("d"):
        days = name[len("overdue-"):-1]
        return f"{days} dag{'en' if days != '1' else ''} na de termijn (dagelijks tot er een besluit is)"
    return name.replace("-", " ")


def _decision_words(details: dict) -> str:
    decision = details.get("decision")
    text = DECISION_TEXT.get(decision, decision or "onbekend")
    if decision == "reported" and details.get("ap_reference"):
        text += f", AP-kenmerk {details['ap_reference']}"
    if decision == "not_reportable" and details.get("not_reportable_reason"):
        text += f". Reden: {details['not_reportable_reason']}"
    if details.get("delay_reason"):
        text += f". Reden van de vertraging: {details['delay_reason']}"
    return text


def event_sentence(event: dict, config: Config) -> str:
    """One event of the log as a Dutch sentence (who did what, with the words that were recorded)."""
    action, details = event["action"], event.get("details") or {}
    who = actor_text(event.get("actor"), config)
    Who = who[:1].upper() + who[1:] if who.startswith(("de ", "het ")) else who  # never a person key
    changes = details.get("changes") or {}
    if action == "filed":
        risk = RISK_SHORT.get(details.get("risk"), "onbekend")
        return f"Melding binnengekomen en vastgelegd in het register (voorlopige inschatting: {risk})."
    if action == "acknowledged":
        return f"{Who} heeft de melding gezien."
    if action == "decided_reported":
        return f"Besluit van {who}: {_decision_words({**details, **changes})}."
    if action == "decided_not_reportable":
        return f"Besluit van {who}: {_decision_words({**details, **changes})}"
    if action == "decision_corrected":
        previous = DECISION_TEXT.get(details.get("previous"), details.get("previous") or "geen")
        now = _decision_words({**details, **changes})
        return f"{Who} heeft het besluit gecorrigeerd naar: {now} (was: {previous})."
    if action == "subjects_informed":
        value = changes.get("subjects_informed") or details.get("subjects_informed")
        return f"{Who} heeft vastgelegd: {INFORMED_TEXT.get(value, value or 'onbekend')}."
    if action == "closed":
        text = f"{Who} heeft het incident afgesloten."
        if details.get("close_reason"):
            text += f" Reden om af te sluiten zonder de betrokkenen te informeren: {details['close_reason']}"
        return text
    if action == "note":
        return f"Notitie van {who}: {details.get('text') or '(leeg)'}"
    if action == "amended":
        return f"Aanvulling van {who}: {details.get('text') or '(leeg)'}"
    if action == "owner_taken":
        text = f"{Who} heeft het incident opgepakt (eigenaar)"
        if details.get("previous"):
            text += f" en het overgenomen van {actor_text(details['previous'], config)}"
        return text + "."
    if action == "reduced":
        why = f" ({details['reason']})" if details.get("reason") else ""
        return ("Na de bewaartermijn ingekort: de omschrijving en andere vrije tekst, de afdeling, het contact en de "
                f"melder zijn verwijderd{why}.")
    if action == "baseline":
        return "Het register is beveiligd met een hashketen; de stand van het incident op dat moment is vastgelegd."
    words = action.replace("_", " ").replace("-", " ").strip() or "onbekend"
    text = f"Gebeurtenis ‘{words}’ door {who}"
    if changes:
        text += " (gewijzigd: " + ", ".join(COLUMN_LABELS.get(c, c.replace("_", " ")) for c in changes) + ")"
    return text + "."
