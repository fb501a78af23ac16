"""The reminder runner: sends what is due, then asks APScheduler to wake it at the next moment.

The database is the truth. Each pass reads the open incidents and their claims, sends every ping
that is due (claimed first under a unique key, kept only when delivered), and computes the next
wake-up with the pure `next_wake`. APScheduler holds a single job, `reminders:wake`, told *when* in
terms of the injected clock (`bot.clock.wall_time_for`), and never sleeps longer than RETRY_EVERY,
so undelivered pings are retried, incidents filed by another process are picked up, and a fake
clock in tests or benchmarks drives the 72 hours without depending on the real date.

The same wake-up keeps the house: every wake records a heartbeat (so `python -m bot status` can tell
a monitoring check that the clock runs), and once a day of the injected clock it applies the
retention terms (storage/retention.py). Daily retention is a due moment checked on each wake rather
than a second APScheduler job: the runner keeps its one job, and since a wake comes at least every
RETRY_EVERY, retention runs within minutes of being due, in the injected clock's terms as well.
"""
from __future__ import annotations

import logging
import os
import socket
from datetime import datetime, timedelta, timezone

from bot.clock import wall_time_for
from bot.config import Config
from bot.events import Event, IncidentChanged, IncidentFiled
from bot.messages import Person, Reply
from bot.adapters.outbox import REPEAT_NOTE, Delivery, Outbox
from bot.reminders.milestones import RETRY_EVERY, Milestone, Wake, is_running, next_wake, pending, ping_key
from bot.reminders.pings import incident_actions, ping_text
from storage import heartbeat, notifications, retention
from storage.db import Store
from storage.incidents import get_incident, list_incidents

log = logging.getLogger(__name__)

STALE_CLAIM = timedelta(minutes=10)
WAKE_JOB = "reminders:wake"
RETENTION_EVERY = timedelta(days=1)
# before the deadline, an incident someone took on (its owner) pings the owner only
OWNER_ONLY = ("t-24h", "t-12h", "t-4h", "t-1h")


def retention_policy(config: Config) -> retention.Policy:
    return retention.Policy(
        dialogue_days=config.retention_dialogue_days,
        question_days=config.retention_question_days,
        register_years=config.retention_register_years,
    )


class Reminders:
    email = None  # bot.adapters.email.EmailNotifier: set by app.py when SMTP is configured (else no mail)

    def __init__(self, store: Store, config: Config, clock, outbox: Outbox):
        self.store = store
        self.config = config
        self.clock = clock
        self.outbox = outbox
        self.scheduler = None
        self.wake: Wake | None = None  # the next wake-up, in the injected clock's time
        self.wake_at: datetime | None = None  # when the wake job is due, in the injected clock's time
        self.retention_due: datetime | None = None  # set by start(): the running runner prunes daily
        self.retention_at: datetime | None = None  # when it last did

    # -- recipients ------------------------------------------------------------------------
    def recipients(self, deputies: bool) -> list[str]:
        keys = list(self.config.ciso_users) + list(self.config.fg_users)
        if deputies:
            keys += list(self.config.deputy_users)
        return list(dict.fromkeys(keys))

    def _roster(self) -> dict[str, bool]:
        """Every recipient, with whether they are only a deputy."""
        return {r: r in self.config.deputy_users for r in self.recipients(deputies=True)}

    # -- claiming and sending ------------------------------------------------------------
    def _claim(self, key: str, ref: str, milestone: Milestone, recipient: str, status: str) -> bool:
        return notifications.claim(self.store, key, ref, milestone.name, recipient, milestone.due, self.clock(), status)

    def release_stale_claims(self) -> None:
        """Claims left by a crash mid-send are released so the ping is retried, not lost."""
        notifications.release_stale(self.store, self.clock() - STALE_CLAIM)

    async def send_ping(self, incident: dict, milestone: Milestone, recipient: str, caught_up: int = 0) -> bool:
        key = ping_key(incident["ref"], milestone.name, recipient)
        repeat = False
        if not self._claim(key, incident["ref"], milestone, recipient, "sending"):
            # a 'maybe' (the platform did not answer, or a crash mid-send): send again, and say so
            if not notifications.retake_maybe(self.store, key, self.clock(), self.clock() - RETRY_EVERY):
                return False  # sent, superseded, or being sent by someone else
            repeat = True
        platform, user_id = recipient.split(":", 1)
        text = ping_text(incident, milestone, self.clock(), caught_up)
        reply = Reply(
            f"{text}\n\n{REPEAT_NOTE}" if repeat else text,
            incident_actions(incident["ref"]),
            to=Person(platform, user_id),
            meta={"ping": milestone.name, "ref": incident["ref"], "repeat": repeat},
        )
        try:
            outcome = await self.outbox.deliver(recipient, reply)
        except Exception:  # deliver() never raises by contract; if it does, it may have sent
            log.exception("ping %s could not be delivered", key)
            outcome = Delivery.MAYBE
        if outcome is Delivery.FAILED and repeat:
            outcome = Delivery.MAYBE  # the earlier attempt may still have arrived
        notifications.finish(self.store, key, outcome.value, self.clock())
        await self._email_fallback(incident, milestone, recipient, outcome, caught_up)
        return bool(outcome)

    # -- the same ping by e-mail (bot/adapters/email.py) ---------------------------------------
    async def _email_fallback(self, incident: dict, milestone: Milestone, recipient: str, chat: Delivery,
                              caught_up: int = 0) -> None:
        """After a chat attempt: the ping by e-mail too, with SMTP_MODE=always; with fallback only while
        the chat has not delivered it SMTP_FALLBACK_MINUTES after it fell due (this attempt included).

        Claimed once under its own key (milestone "email:<name>"), so a mail is never sent twice, also
        across restarts; a FAILED mail is released and tried again at the next chat attempt."""
        notifier = self.email
        if notifier is None:
            return
        now = self.clock()
        if self.config.smtp_mode != "always" and (
                chat is Delivery.DELIVERED or now - milestone.due < timedelta(minutes=self.config.smtp_fallback_minutes)):
            return
        address = notifier.address_of(recipient)
        if not address:
            return
        ref, name = incident["ref"], f"email:{milestone.name}"
        if self._mailed_to_others(ref, name, address, recipient):
            return  # a shared role mailbox (CISO_EMAIL, FG_EMAIL) has this ping already
        key = ping_key(ref, name, recipient)
        if not notifications.claim(self.store, key, ref, name, recipient, milestone.due, now, "sending"):
            return  # mailed already, or being mailed by someone else
        reply = Reply(
            ping_text(incident, milestone, now, caught_up),
            incident_actions(ref),
            to=Person(*recipient.split(":", 1)),
            meta={"ping": milestone.name, "ref": ref, "email": True},
        )
        try:
            outcome = Delivery.of(await notifier.deliver(recipient, reply))
        except Exception:  # deliver() never raises by contract; if it does, it may have sent
            log.exception("ping %s could not be mailed", key)
            outcome = Delivery.MAYBE
        notifications.finish(self.store, key, outcome.value, self.clock())

    def _mailed_to_others(self, ref: str, name: str, address: str, recipient: str) -> bool:
        """Whether someone else with the same address has this mail claimed (two CISOs, one role mailbox)."""
        config = self.config
        others = [key for key in dict.fromkeys([*config.email_users, *config.ciso_users, *config.fg_users])
                  if key != recipient and config.email_of(key) == address]
        if not others:
            return False
        claimed = notifications.keys_by_ref(self.store, [ref]).get(ref, set())
        return any(ping_key(ref, name, other) in claimed for other in others)

    async def fire_due(self) -> int:
        """Send every ping that is due now and not sent yet, then plan the next wake-up.

        Returns the number of pings delivered."""
        now = self.clock()
        if self.scheduler is not None:  # the running runner (tests also fire passes by hand)
            self.beat()
            self.release_stale_claims()  # another instance died mid-send: its claims are ours to resend
        running = [i for i in list_incidents(self.store, status="open") if is_running(i)]
        claimed = notifications.keys_by_ref(self.store, [i["ref"] for i in running], now - RETRY_EVERY)
        delivered = 0
        for incident in running:
            delivered += await self._fire_incident(incident, now, claimed.get(incident["ref"], set()))
        self.reschedule(running)
        self.apply_retention_if_due()
        return delivered

    # -- housekeeping: heartbeat and retention ---------------------------------------------
    def beat(self) -> None:
        heartbeat.beat(self.store, socket.gethostname(), os.getpid(), self.clock(), self.retention_at)

    def apply_retention_if_due(self) -> None:
        """Once a day of the injected clock (from start()); a failure is logged and tried again next wake."""
        now = self.clock()
        if self.retention_due is None or now < self.retention_due:
            return
        try:
            outcomes = retention.apply(self.store, retention_policy(self.config), now)
        except Exception:
            log.exception("retention failed; trying again at the next wake-up")
            return
        self.retention_at, self.retention_due = now, now + RETENTION_EVERY
        done = ", ".join(f"{o.table} {o.count}" for o in outcomes if o.count)
        log.info("retention applied: %s", done or "nothing past its term")
        if self.scheduler is not None:
            self.beat()

    async def _fire_incident(self, incident: dict, now: datetime, claimed: set[str]) -> int:
        delivered = 0
        owner = incident.get("owner") if self.config.roles_of(incident.get("owner") or "") else None
        for recipient, is_deputy in self._roster().items():
            due = pending(incident, recipient, is_deputy and recipient != owner, claimed, now)
            if owner and recipient != owner:  # t-24h..t-1h are the owner's: recorded as left to them, not sent
                for left in [m for m in due if m.name in OWNER_ONLY]:
                    notifications.claim(self.store, ping_key(incident["ref"], left.name, recipient), incident["ref"],
                                        left.name, recipient, left.due, self.clock(), "owner")
                due = [m for m in due if m.name not in OWNER_ONLY]
            if not due:
                continue
            latest = due[-1]
            for older in due[:-1]:  # came due together: one ping, the rest superseded
                notifications.supersede(self.store, ping_key(incident["ref"], older.name, recipient), incident["ref"],
                                        older.name, recipient, older.due, self.clock())
            if await self.send_ping(incident, latest, recipient, caught_up=len(due) - 1):
                delivered += 1
        return delivered

    async def incident_filed(self, ref: str) -> None:
        incident = get_incident(self.store, ref)
        claimed = notifications.keys_by_ref(self.store, [ref], self.clock() - RETRY_EVERY).get(ref, set())
        await self._fire_incident(incident, self.clock(), claimed)
        self.reschedule_earlier(incident)

    async def on_event(self, event: Event) -> None:
        """Events of a turn, routed here by app.py: ping a new incident at once, re-plan on changes."""
        if isinstance(event, IncidentFiled):
            await self.incident_filed(event.ref)
        elif isinstance(event, IncidentChanged):
            self.reschedule()

    # -- waking ----------------------------------------------------------------------------
    def next_wake(self, running: list[dict] | None = None) -> Wake | None:
        """When the next ping falls due (or a failed one is retried), from the database and the clock."""
        if running is None:
            running = [i for i in list_incidents(self.store, status="open") if is_running(i)]
        claimed = notifications.keys_by_ref(self.store, [i["ref"] for i in running], self.clock() - RETRY_EVERY)
        return next_wake(running, claimed, self._roster(), self.clock())

    def reschedule_earlier(self, incident: dict) -> None:
        """A new incident can only bring the next wake-up closer: weigh it alone, not every open incident
        again (filing stays cheap with many open incidents; every wake-up recomputes the whole picture)."""
        claimed = notifications.keys_by_ref(self.store, [incident["ref"]], self.clock() - RETRY_EVERY)
        wake = next_wake([incident], claimed, self._roster(), self.clock())
        if wake is not None and (self.wake is None or wake.at < self.wake.at):
            self.wake = wake
            if self.scheduler is not None and (self.wake_at is None or wake.at < self.wake_at):
                self._plan(wake.at)

    def reschedule(self, running: list[dict] | None = None) -> None:
        """Keep the one wake-up job at the next due moment, never more than RETRY_EVERY away."""
        self.wake = self.next_wake(running)
        if self.scheduler is None:
            return
        now = self.clock()
        target = now + RETRY_EVERY
        if self.wake is not None and self.wake.at < target:
            target = self.wake.at
        if self.wake_at is not None and now < self.wake_at < target:
            target = self.wake_at  # a busy chat must not keep pushing the next look (retries, heartbeat) away
        self._plan(target)

    def _plan(self, target: datetime) -> None:
        """Tell APScheduler to wake the runner at `target` of the injected clock."""
        self.wake_at = target
        self.scheduler.add_job(
            self.fire_due, "date", run_date=wall_time_for(self.clock, target), id=WAKE_JOB,
            replace_existing=True, misfire_grace_time=None, coalesce=True,
            max_instances=2,  # planning the next wake-up while this pass runs must never drop it
        )

    async def start(self, scheduler=None) -> None:
        """Start the scheduler (needs a running loop), release stale claims, catch up once."""
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        self.scheduler = scheduler or AsyncIOScheduler(timezone=timezone.utc)
        if not self.scheduler.running:
            self.scheduler.start()
        self.release_stale_claims()
        self.retention_due = self.clock()  # retention at start, then daily
        await self.fire_due()  # what came due while we were down: one overdue ping each

    async def stop(self) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self.scheduler = None
