"""Is the clock alive? The heartbeat, the running clocks and the pings that are late, from the database.

One report for `python -m bot status` (a monitoring check), the desk's `/healthz` and `/healthz` in
Slack's HTTP mode: not ok when the runner's last heartbeat is older than HEARTBEAT_LIMIT or a ping
has been due for longer than PING_LATE without being delivered.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.config import Config
from bot.reminders.milestones import Wake, is_running, next_milestone, next_wake, pending
from storage import heartbeat, notifications
from storage.db import Store
from storage.incidents import list_incidents, parse_iso

HEARTBEAT_LIMIT = timedelta(minutes=10)
PING_LATE = timedelta(minutes=5)


@dataclass
class Status:
    now: datetime
    beat: dict | None
    beat_age: timedelta | None
    running: list[dict]
    next_pings: list[tuple[str, str, datetime | None, datetime]]  # ref, milestone, due, deadline
    wake: Wake | None
    late: list[tuple[str, str, str, timedelta]]  # ref, milestone, recipient, how late
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "heartbeat_age_seconds": None if self.beat_age is None else int(self.beat_age.total_seconds()),
            "open_incidents": len(self.running),
            "late_pings": len(self.late),
            "next_wake": self.wake.at.isoformat() if self.wake else None,
            "problems": self.problems,
        }


def recipients(config: Config) -> dict[str, bool]:
    keys = list(dict.fromkeys([*config.ciso_users, *config.fg_users, *config.deputy_users]))
    return {key: key in config.deputy_users for key in keys}


def status(store: Store, config: Config, now: datetime) -> Status:
    beat = heartbeat.latest(store)
    age = None if beat is None else max(timedelta(0), now - parse_iso(beat["beat_at"]))
    running = [i for i in list_incidents(store, status="open") if is_running(i)]
    claimed = notifications.keys_by_ref(store, [i["ref"] for i in running])
    roster = recipients(config)
    nexts = []
    for incident in running:
        upcoming = next_milestone(incident, now)
        nexts.append((incident["ref"], upcoming.name if upcoming else "", upcoming.due if upcoming else None,
                      parse_iso(incident["deadline"])))
    late = []
    for incident in running:
        mine = claimed.get(incident["ref"], set())
        for recipient, is_deputy in roster.items():
            due = pending(incident, recipient, is_deputy, mine, now)
            if due:
                late.append((incident["ref"], due[-1].name, recipient, now - due[0].due))
    for row in notifications.all_rows(store):
        if row["status"] == "sending" and row["ref"] in claimed:
            late.append((row["ref"], row["milestone"], row["recipient"], now - parse_iso(row["due_at"])))
    found = Status(now, beat, age, running, nexts, next_wake(running, claimed, roster, now), late)
    if beat is None:
        found.problems.append("geen hartslag: draait `python -m bot run`?")
    elif age > HEARTBEAT_LIMIT:
        found.problems.append(f"de laatste hartslag is {int(age.total_seconds() // 60)} min oud "
                              f"(grens {int(HEARTBEAT_LIMIT.total_seconds() // 60)} min): draait `python -m bot run` nog?")
    for ref, milestone, recipient, overdue in late:
        if overdue > PING_LATE:
            found.problems.append(f"herinnering {ref} {milestone} aan {recipient} is "
                                  f"{int(overdue.total_seconds() // 60)} min te laat")
    return found
