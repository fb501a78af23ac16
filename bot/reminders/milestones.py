"""What is due when: pure functions of an incident row, the claims made so far and the clock.

For each open incident without a decision the milestones are: at filing; unacknowledged after one
hour (deputies too); 24, 12, 4 and 1 hours before the deadline; at the deadline; daily after it.
Nothing here reads a clock or a database: `now` is passed in, so the 72 hours can be simulated.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.incidents import parse_iso

BEFORE = [("t-24h", 24), ("t-12h", 12), ("t-4h", 4), ("t-1h", 1)]
UNACKED_AFTER = timedelta(hours=1)
RETRY_EVERY = timedelta(minutes=5)


@dataclass(frozen=True)
class Milestone:
    name: str  # filed | unacked-1h | t-24h | t-12h | t-4h | t-1h | deadline | overdue-Nd
    due: datetime
    deputies: bool = False


@dataclass(frozen=True)
class Wake:
    """When the runner must next look, and why (for logs, tests and the status view)."""

    at: datetime
    ref: str
    reason: str  # a milestone name, or "retry" for a ping that is due but not delivered yet


def milestones(incident: dict, until: datetime) -> list[Milestone]:
    """Every milestone of an open incident that is due at or before `until` (and the next one)."""
    filed = parse_iso(incident["created_at"])
    deadline = parse_iso(incident["deadline"])
    acked = incident.get("acknowledged_at") is not None
    result = [Milestone("filed", filed)]
    if not acked:
        result.append(Milestone("unacked-1h", filed + UNACKED_AFTER, deputies=True))
    for name, hours in BEFORE:
        result.append(Milestone(name, deadline - timedelta(hours=hours), deputies=not acked))
    result.append(Milestone("deadline", deadline, deputies=True))
    day = 1
    while True:
        due = deadline + timedelta(days=day)
        result.append(Milestone(f"overdue-{day}d", due, deputies=True))
        if due > until:
            break
        day += 1
    # milestones before filing were covered by the filing ping itself
    return sorted((m for m in result if m.name == "filed" or m.due > filed), key=lambda m: m.due)


def is_running(incident: dict) -> bool:
    """The clock runs for an open incident until a decision is recorded."""
    return incident["status"] == "open" and not incident.get("decision")


def ping_key(ref: str, milestone: str, recipient: str) -> str:
    return f"{ref}|{milestone}|{recipient}"


def due_now(incident: dict, now: datetime) -> list[Milestone]:
    return [m for m in milestones(incident, now) if m.due <= now]


def pending(incident: dict, recipient: str, is_deputy: bool, claimed: set[str], now: datetime) -> list[Milestone]:
    """The due milestones of `incident` that `recipient` has not been pinged (or claimed) for."""
    return [
        m for m in due_now(incident, now)
        if (not is_deputy or m.deputies) and ping_key(incident["ref"], m.name, recipient) not in claimed
    ]


def next_milestone(incident: dict, now: datetime) -> Milestone | None:
    if not is_running(incident):
        return None
    upcoming = [m for m in milestones(incident, now + timedelta(days=2)) if m.due > now]
    return upcoming[0] if upcoming else None


def next_wake(incidents: list[dict], claimed: dict[str, set[str]], recipients: dict[str, bool],
              now: datetime) -> Wake | None:
    """The earliest moment something must happen: a milestone falls due, or a failed ping is retried.

    `claimed` maps each ref to its claimed ping keys; `recipients` maps each recipient to whether it is
    a deputy. Pure: the same rows and the same `now` give the same answer.
    """
    best: Wake | None = None
    for incident in incidents:
        if not is_running(incident):
            continue
        mine = claimed.get(incident["ref"], set())
        if any(pending(incident, r, deputy, mine, now) for r, deputy in recipients.items()):
            wake = Wake(now + RETRY_EVERY, incident["ref"], "retry")
        else:
            upcoming = next_milestone(incident, now)
            wake = Wake(upcoming.due, incident["ref"], upcoming.name) if upcoming else None
        if wake is not None and (best is None or wake.at < best.at):
            best = wake
    return best
