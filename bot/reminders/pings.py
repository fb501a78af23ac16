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
from bot.text import t
from storage.incidents import parse_iso

RISK_SHORT = {"none": t("pings.risk_short.none"), "risk": t("pings.risk_short.risk"),
              "high": t("pings.risk_short.high")}
RISK_MARK = {"high": t("pings.risk_mark.high"), "risk": t("pings.risk_mark.risk"), "none": t("pings.risk_mark.none")}


def spoken_duration(delta: timedelta) -> str:
    """A duration as people say it: '24 uur' for 23:59, '2 dagen en 3 uur', '45 minuten', '1 uur en 30 minuten'."""
    minutes = round(abs(delta).total_seconds() / 60)
    if minutes < 60:
        minutes = max(5 * round(minutes / 5), 1) if minutes >= 5 else max(minutes, 1)
        return t("pings.minute", count=minutes) if minutes == 1 else t("pings.minutes", count=minutes)
    if minutes < 4 * 60:
        hours, rest = divmod(5 * round(minutes / 5), 60)
        return t("pings.hours_minutes", hours=hours, minutes=rest) if rest else t("pings.hours", hours=hours)
    hours = round(minutes / 60)
    if hours >= 48:
        days, rest = divmod(hours, 24)
        return t("pings.days_hours", days=days, hours=rest) if rest else t("pings.days", days=days)
    return t("pings.hours", hours=hours)


def time_left(deadline: datetime, now: datetime) -> str:
    delta = deadline - now
    if abs(delta) < timedelta(minutes=1):
        return t("pings.expiring_now")
    if delta < timedelta(0):
        return t("pings.expired_for", duration=spoken_duration(delta))
    return t("pings.left", duration=spoken_duration(delta))


def incident_actions(ref: str) -> list[Choice]:
    return [
        Choice(t("pings.button_seen"), f"inc:ack:{ref}"),
        Choice(t("pings.button_details"), f"inc:show:{ref}"),
        Choice(t("pings.button_reported"), f"inc:reported:{ref}"),
        Choice(t("pings.button_not_reportable"), f"inc:notreportable:{ref}"),
    ]


def headline(incident: dict, milestone: Milestone, now: datetime, caught_up: int) -> str:
    """The first line, from where the incident stands now (a late or catch-up ping is never stale)."""
    ref = incident["ref"]
    deadline = parse_iso(incident["deadline"])
    filed = parse_iso(incident["created_at"])
    if now >= deadline - timedelta(minutes=1):
        if now - deadline < timedelta(minutes=30):
            return t("pings.expired_now", ref=ref)
        return t("pings.expired", ref=ref, duration=spoken_duration(now - deadline))
    if milestone.name == "filed" and not caught_up and now - filed < timedelta(minutes=30):
        return t("pings.new", ref=ref)
    if not incident.get("acknowledged_at") and now - filed >= timedelta(minutes=55):
        return t("pings.unacknowledged", ref=ref, duration=spoken_duration(now - filed),
                 time_left=time_left(deadline, now))
    return t("pings.reminder", ref=ref, time_left=time_left(deadline, now))


def still_open(incident: dict) -> str:
    todo = [] if incident.get("acknowledged_at") else [t("pings.todo_acknowledge")]
    todo.append(t("pings.todo_decide"))
    return t("pings.still_open", todo="; ".join(todo))


def ping_text(incident: dict, milestone: Milestone, now: datetime, caught_up: int = 0, repeat: bool = False) -> str:
    deadline = parse_iso(incident["deadline"])
    facts = incident["facts"]
    risk = incident["assessment"].get("risk", "?")
    cats = ", ".join(CATEGORY_LABELS.get(c, c) for c in facts.get("data_categories", [])) or t("pings.unknown")
    subjects = facts.get("subjects")
    lines = [f"{RISK_MARK.get(risk, '')} · {headline(incident, milestone, now, caught_up)}".lstrip(" ·")]
    if repeat:
        lines.append(t("pings.repeat"))
    if caught_up:
        lines.append(t("pings.caught_up", count=caught_up + 1))
    lines += [
        t("pings.assessment", risk=RISK_SHORT.get(risk, risk)),
        t("pings.what", kind=KIND_LABELS.get(facts.get("kind"), facts.get("kind"))),
        t("pings.data", categories=cats, subjects=t("pings.unknown") if subjects is None else subjects),
        t("pings.discovered", moment=format_local(parse_iso(incident["discovered_at"]))),
        t("pings.deadline", deadline=format_local(deadline), time_left=time_left(deadline, now)),
    ]
    if incident.get("acknowledged_at"):
        lines.append(t("pings.seen_by", who=incident["acknowledged_by"]))
    if incident.get("owner"):
        lines.append(t("pings.owner", who=incident["owner"]))
    lines.append(still_open(incident))
    return "\n".join(lines)
