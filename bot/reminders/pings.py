"""What a ping says: the wording of reminders to the CISO and the FG, and their one-tap actions."""
from __future__ import annotations

from datetime import datetime, timedelta

from bot.handlers.datalek.assessment import CATEGORY_LABELS, KIND_LABELS
from bot.dates import format_local
from bot.messages import Choice
from bot.reminders.milestones import Milestone
from storage.incidents import parse_iso

RISK_SHORT = {"none": "geen risico verwacht", "risk": "risico: melden bij de AP", "high": "hoog risico: AP + betrokkenen"}


def time_left(deadline: datetime, now: datetime) -> str:
    delta = deadline - now
    late = delta < timedelta(0)
    minutes = int(abs(delta).total_seconds() // 60)
    hours, mins = divmod(minutes, 60)
    text = f"{hours} uur" + (f" {mins} min" if hours < 4 and mins else "")
    if hours >= 48:
        text = f"{hours // 24} dagen {hours % 24} uur"
    return f"termijn {text} verstreken" if late else f"nog {text}"


def incident_actions(ref: str) -> list[Choice]:
    return [
        Choice("✔ Gezien", f"inc:ack:{ref}"),
        Choice("📄 Details", f"inc:show:{ref}"),
        Choice("📨 Gemeld bij AP", f"inc:reported:{ref}"),
        Choice("🚫 Niet meldplichtig", f"inc:notreportable:{ref}"),
    ]


def ping_text(incident: dict, milestone: Milestone, now: datetime, caught_up: int = 0) -> str:
    ref = incident["ref"]
    deadline = parse_iso(incident["deadline"])
    facts = incident["facts"]
    risk = incident["assessment"].get("risk", "?")
    cats = ", ".join(CATEGORY_LABELS.get(c, c) for c in facts.get("data_categories", [])) or "onbekend"
    subjects = facts.get("subjects")
    headline = {
        "filed": f"🚨 Nieuw datalek gemeld: {ref}",
        "unacked-1h": f"⚠️ {ref}: na een uur heeft nog niemand de melding bevestigd",
        "deadline": f"⛔ {ref}: de 72-uurstermijn is NU verstreken zonder besluit",
    }.get(milestone.name)
    if headline is None and milestone.name.startswith("overdue"):
        headline = f"⛔ {ref}: termijn verstreken, nog steeds geen besluit"
    if headline is None:
        headline = f"⏰ Herinnering {ref}: {time_left(deadline, now)} tot de meldtermijn"
    lines = [headline]
    if caught_up:
        lines.append(f"(Inhaalmelding: {caught_up + 1} herinneringen vielen samen terwijl de bot niet draaide.)")
    lines += [
        f"• Wat: {KIND_LABELS.get(facts.get('kind'), facts.get('kind'))}",
        f"• Gegevens: {cats}; aantal mensen: {'onbekend' if subjects is None else subjects}",
        f"• Voorlopige inschatting: {RISK_SHORT.get(risk, risk)}",
        f"• Ontdekt: {format_local(parse_iso(incident['discovered_at']))}",
        f"• Uiterlijk melden bij de AP: {format_local(deadline)} ({time_left(deadline, now)})",
    ]
    if incident.get("acknowledged_at"):
        lines.append(f"• Gezien door {incident['acknowledged_by']}")
    lines.append("Neem een besluit: gemeld bij de AP (met kenmerk) of niet meldplichtig (met reden).")
    return "\n".join(lines)
