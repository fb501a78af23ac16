"""The 72-hour clock: milestones derived from incident rows, scheduled with APScheduler, pinged once.

The database is the truth. For each open incident the milestones (at filing; unacknowledged after
one hour; 24, 12, 4 and 1 hours before the deadline; at the deadline; daily after it) are computed
from its row. APScheduler only holds the next firing per incident, under a stable job id such as
`incident:DL-2026-0007:t-24h`, and is rebuilt from the database at start-up. Every ping is claimed in
the `notifications` table under the unique key (incident, milestone, recipient) before it is sent,
and kept only when delivery succeeded: no restart, retry or second process sends it twice, and an
undelivered ping is retried later. Milestones that came due together (e.g. while the bot was down)
are sent as one overdue ping; the older ones are recorded as superseded.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from apscheduler.jobstores.base import JobLookupError

from bot.assessment import CATEGORY_LABELS, KIND_LABELS
from bot.config import Config
from bot.dates import format_local
from bot.messages import Choice, Person, Reply
from bot.notify import Notifier, deliver
from storage.db import Store
from storage.incidents import get_incident, list_incidents, parse_iso

log = logging.getLogger(__name__)

BEFORE = [("t-24h", 24), ("t-12h", 12), ("t-4h", 4), ("t-1h", 1)]
UNACKED_AFTER = timedelta(hours=1)
RETRY_EVERY = timedelta(minutes=5)
STALE_CLAIM = timedelta(minutes=10)
RISK_SHORT = {"none": "geen risico verwacht", "risk": "risico: melden bij de AP", "high": "hoog risico: AP + betrokkenen"}


@dataclass(frozen=True)
class Milestone:
    name: str  # filed | unacked-1h | t-24h | t-12h | t-4h | t-1h | deadline | overdue-Nd
    due: datetime
    deputies: bool = False


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


class Reminders:
    def __init__(self, store: Store, config: Config, clock, notifiers: list[Notifier] | None = None):
        self.store = store
        self.config = config
        self.clock = clock
        self.notifiers: list[Notifier] = list(notifiers or [])
        self.scheduler = None
        self._jobs: dict[str, str] = {}  # incident ref -> id of its scheduled job

    # -- recipients ------------------------------------------------------------------------
    def recipients(self, deputies: bool) -> list[str]:
        keys = list(self.config.ciso_users) + list(self.config.fg_users)
        if deputies:
            keys += list(self.config.deputy_users)
        return list(dict.fromkeys(keys))

    # -- claiming and sending ------------------------------------------------------------
    def _claim(self, key: str, ref: str, milestone: Milestone, recipient: str, status: str) -> bool:
        with self.store.lock:
            cur = self.store.db.execute(
                "INSERT OR IGNORE INTO notifications (key, ref, milestone, recipient, due_at, sent_at, status) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                # sent_at holds when the row was written; _finish overwrites it once delivered
                [key, ref, milestone.name, recipient, milestone.due.isoformat(), self.clock().isoformat(), status],
            )
            self.store.db.conn.commit()
            return cur.rowcount == 1

    def _finish(self, key: str, ok: bool) -> None:
        with self.store.lock:
            if ok:
                self.store.db.execute(
                    "UPDATE notifications SET status = 'sent', sent_at = ? WHERE key = ?",
                    [self.clock().isoformat(timespec="seconds"), key],
                )
            else:
                self.store.db.execute("DELETE FROM notifications WHERE key = ? AND status = 'sending'", [key])
            self.store.db.conn.commit()

    def _sent_keys(self, ref: str) -> set[str]:
        with self.store.lock:
            return {r[0] for r in self.store.db.execute("SELECT key FROM notifications WHERE ref = ?", [ref]).fetchall()}

    def release_stale_claims(self) -> None:
        """Claims left by a crash mid-send are released so the ping is retried, not lost."""
        cutoff = (self.clock() - STALE_CLAIM).isoformat()
        with self.store.lock:
            # by when it was claimed, not when it was due: a catch-up ping claimed a second ago by
            # another process is due long ago, and must not be released (and sent twice)
            self.store.db.execute("DELETE FROM notifications WHERE status = 'sending' AND sent_at < ?", [cutoff])
            self.store.db.conn.commit()

    async def send_ping(self, incident: dict, milestone: Milestone, recipient: str, caught_up: int = 0) -> bool:
        key = f"{incident['ref']}|{milestone.name}|{recipient}"
        if not self._claim(key, incident["ref"], milestone, recipient, "sending"):
            return False  # already sent (or being sent by someone else)
        platform, user_id = recipient.split(":", 1)
        reply = Reply(
            ping_text(incident, milestone, self.clock(), caught_up),
            incident_actions(incident["ref"]),
            to=Person(platform, user_id),
            meta={"ping": milestone.name, "ref": incident["ref"]},
        )
        try:
            ok = await deliver(self.notifiers, recipient, reply)
        except Exception:
            log.exception("ping %s could not be delivered", key)
            ok = False
        self._finish(key, ok)
        return ok

    async def fire_due(self) -> int:
        """Send every ping that is due now and not sent yet. Returns the number delivered."""
        now = self.clock()
        delivered = 0
        open_incidents = list_incidents(self.store, status="open")
        for incident in open_incidents:
            if incident.get("decision"):
                continue
            delivered += await self._fire_incident(incident, now)
        self.schedule_all(open_incidents)
        return delivered

    async def _fire_incident(self, incident: dict, now: datetime) -> int:
        sent = self._sent_keys(incident["ref"])
        due = [m for m in milestones(incident, now) if m.due <= now]
        delivered = 0
        for recipient in self.recipients(deputies=True):
            mine = [m for m in due if (recipient not in self.config.deputy_users or m.deputies)]
            pending = [m for m in mine if f"{incident['ref']}|{m.name}|{recipient}" not in sent]
            if not pending:
                continue
            latest = pending[-1]
            for older in pending[:-1]:  # came due together: one ping, the rest superseded
                self._claim(f"{incident['ref']}|{older.name}|{recipient}", incident["ref"], older, recipient, "superseded")
            if await self.send_ping(incident, latest, recipient, caught_up=len(pending) - 1):
                delivered += 1
        return delivered

    async def incident_filed(self, ref: str) -> None:
        incident = get_incident(self.store, ref)
        await self._fire_incident(incident, self.clock())
        self.schedule(incident)

    async def incident_changed(self, ref: str) -> None:
        self.schedule(get_incident(self.store, ref))

    # -- scheduling ------------------------------------------------------------------------
    def next_milestone(self, incident: dict) -> Milestone | None:
        if incident["status"] != "open" or incident.get("decision"):
            return None
        now = self.clock()
        upcoming = [m for m in milestones(incident, now + timedelta(days=2)) if m.due > now]
        return upcoming[0] if upcoming else None

    def schedule(self, incident: dict) -> None:
        """Keep exactly one job per open incident: its next milestone, under a stable id."""
        if self.scheduler is None:
            return
        ref = incident["ref"]
        upcoming = self.next_milestone(incident)
        job_id = f"incident:{ref}:{upcoming.name}" if upcoming else None
        old = self._jobs.pop(ref, None)
        if old and old != job_id:
            try:
                self.scheduler.remove_job(old)
            except JobLookupError:
                pass
        if upcoming is not None:
            self.scheduler.add_job(
                self.fire_due, "date", run_date=upcoming.due, id=job_id, replace_existing=True,
                misfire_grace_time=None, coalesce=True,
            )
            self._jobs[ref] = job_id

    def schedule_all(self, open_incidents: list[dict] | None = None) -> None:
        if self.scheduler is None:
            return
        if open_incidents is None:
            open_incidents = list_incidents(self.store, status="open")
        for incident in open_incidents:
            self.schedule(incident)
        open_refs = {i["ref"] for i in open_incidents}
        for ref in [r for r in self._jobs if r not in open_refs]:
            self.schedule({"ref": ref, "status": "closed"})

    async def start(self, scheduler=None) -> None:
        """Start the scheduler (needs a running loop), rebuild jobs from the database, catch up once."""
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        self.scheduler = scheduler or AsyncIOScheduler(timezone=timezone.utc)
        self._jobs = {}
        if not self.scheduler.running:
            self.scheduler.start()
        self.scheduler.add_job(
            self.fire_due, "interval", seconds=RETRY_EVERY.total_seconds(), id="reminders:retry",
            replace_existing=True, misfire_grace_time=None, coalesce=True,
        )
        self.release_stale_claims()
        await self.fire_due()  # what came due while we were down: one overdue ping each

    async def stop(self) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self.scheduler = None
        self._jobs = {}
