"""What a ping says: made from the incident's state at the moment it is sent, never from its milestone alone.

A catch-up ping after a restart, or a reminder sent a few seconds after it fell due, reads right:
hours are rounded the way people say them, the risk level comes first (high risk is marked),
and the ping says what is still open (acknowledging, the decision) rather than what was open when
the milestone was planned.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from bot.dates import format_local
from bot.handlers.datalek.assessment import CATEGORY_LABELS, KIND_LABELS
from bot.messages import Choice
from bot.reminders.milestones import Milestone
from storage.incidents import parse_iso

RISK_SHORT = {"none": "geen risico verwacht", "risk": "risico: melden bij de AP", "high": "hoog risico: AP + betrokkenen"}
RISK_MARK = {"high": "🔴 HOOG RISICO", "risk": "🟠 Risico", "none": "⚪ Laag risico"}


def spoken_duration(delta: timedelta) -> str:
    """A duration as people say it: '24 uur' for 23:59, '2 dagen en 3 uur', '45 minuten', '1 uur en 30 minuten'."""
    minutes = round(abs(delta).total_seconds() / 60)
    if minutes < 60:
        minutes = max(5 * round(minutes / 5), 1) if minutes >= 5 else max(minutes, 1)
        return f"{minutes} {'minuut' if minutes == 1 else 'minuten'}"
    if minutes < 4 * 60:
        hours, rest = divmod(5 * round(minutes / 5), 60)
        return f"{hours} uur" + (f" en {rest} minuten" if rest else "")
    hours = round(minutes / 60)
    if hours >= 48:
        days, rest = divmod(hours, 24)
        return f"{days} dagen" + (f" en {rest} uur" if rest else "")
    return f"{hours} uur"


def time_left(deadline: datetime, now: datetime) -> str:
    delta = deadline - now
    if abs(delta) < timedelta(minutes=1):
        return "de termijn verstrijkt nu"
    if delta < timedelta(0):
        return f"termijn {spoken_duration(delta)} verstreken"
    return f"nog {spoken_duration(delta)}"


def incident_actions(ref: str) -> list[Choice]:
    return [
        Choice("✔ Gezien", f"inc:ack:{ref}"),
        Choice("📄 Details", f"inc:show:{ref}"),
        Choice("📨 Gemeld bij AP", f"inc:reported:{ref}"),
        Choice("🚫 Niet meldplichtig", f"inc:notreportable:{ref}"),
    ]


def headline(incident: dict, milestone: Milestone, now: datetime, caught_up: int) -> str:
    """The first line, from where the incident stands now (a late or catch-up ping is never stale)."""
    ref = incident["ref"]
    deadline = parse_iso(incident["deadline"])
    filed = parse_iso(incident["created_at"])
    if now >= deadline - timedelta(minutes=1):
        if now - deadline < timedelta(minutes=30):
            return f"⛔ {ref}: de 72-uurstermijn is NU verstreken zonder besluit"
        return f"⛔ {ref}: termijn {spoken_duration(now - deadline)} verstreken, nog steeds geen besluit"
    if milestone.name == "filed" and not caught_up and now - filed < timedelta(minutes=30):
        return f"🚨 Nieuw datalek gemeld: {ref}"
    if not incident.get("acknowledged_at") and now - filed >= timedelta(minutes=55):
        return (f"⚠️ {ref}: nog niemand heeft de melding bevestigd (gemeld {spoken_duration(now - filed)} geleden); "
                f"{time_left(deadline, now)} tot de meldtermijn")
    return f"⏰ Herinnering {ref}: {time_left(deadline, now)} tot de meldtermijn"


def still_open(incident: dict) -> str:
    todo = [] if incident.get("acknowledged_at") else ["bevestigen (✔ Gezien)"]
    todo.append("besluit: gemeld bij de AP (met kenmerk) of niet meldplichtig (met reden)")
    return "Nog open: " + "; ".join(todo) + "."


def ping_text(incident: dict, milestone: Milestone, now: datetime, caught_up: int = 0, repeat: bool = False) -> str:
    deadline = parse_iso(incident["deadline"])
    facts = incident["facts"]
    risk = incident["assessment"].get("risk", "?")
    cats = ", ".join(CATEGORY_LABELS.get(c, c) for c in facts.get("data_categories", [])) or "onbekend"
    subjects = facts.get("subjects")
    lines = [f"{RISK_MARK.get(risk, '')} · {headline(incident, milestone, now, caught_up)}".lstrip(" ·")]
    if repeat:
        lines.append("(Herhaling: mogelijk heb je dit bericht al gehad.)")
    if caught_up:
        lines.append(f"(Inhaalmelding: {caught_up + 1} herinneringen vielen samen terwijl de bot niet draaide.)")
    lines += [
        f"• Voorlopige inschatting: {RISK_SHORT.get(risk, risk)}",
        f"• Wat: {KIND_LABELS.get(facts.get('kind'), facts.get('kind'))}",
        f"• Gegevens: {cats}; aantal mensen: {'onbekend' if subjects is None else subjects}",
        f"• Ontdekt: {format_local(parse_iso(incident['discovered_at']))}",
        f"• Uiterlijk melden bij de AP: {format_local(deadline)} ({time_left(deadline, now)})",
    ]
    if incident.get("acknowledged_at"):
        lines.append(f"• Gezien door {incident['acknowledged_by']}")
    lines.append(still_open(incident))
    return "\n".join(lines)
