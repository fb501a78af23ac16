"""Reminder timeliness with a fake clock: scheduled vs fired, also across a restart.

    python -m benchmarks.reminders [--incidents 200]

Files N incidents spread over a day, then lets time run by jumping the fake clock from one
wake-up of the runner to the next (its `next_wake`, derived from the database and the clock),
calling the runner's firing routine there. Lateness = time a ping was sent - its milestone's due
time. After 50 hours the bot "crashes" for 10 hours and restarts: what came due meanwhile must arrive as
one overdue ping per incident and recipient, and nothing may be sent twice.
Baseline in the same run: the cost of one firing pass with no open incidents.
"""
from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from benchmarks.common import INTAKE, FakeClock, Recorder, app_for, median, percentile
from bot.reminders.milestones import milestones
from bot.messages import Message, Person
from storage.incidents import list_incidents


async def file_incident(app, i: int) -> None:
    for step, (text, action) in enumerate(INTAKE):
        text = "nu" if step == 1 else text
        await app.engine.handle(Message(Person("bench", f"user{i}"), text=text, action=action))


def next_wake(app):
    """The runner's next wake-up, in the fake clock's time (derived from the database)."""
    wake = app.reminders.wake
    return wake.at if wake else None


async def run(n: int, db_path: str) -> dict:
    clock = FakeClock()
    recorder = Recorder(clock)
    app = app_for(db_path, clock, recorder)
    scheduler = AsyncIOScheduler()
    await app.reminders.start(scheduler)
    scheduler.pause()  # we advance the fake clock ourselves, to each wake-up
    baseline = []
    for _ in range(20):
        t = time.perf_counter()
        await app.reminders.fire_due()
        baseline.append((time.perf_counter() - t) * 1000)
    start = clock.now
    filings = [start + timedelta(minutes=i * 24 * 60 / n) for i in range(n)]  # spread over a day
    pass_ms = []
    crash_at = start + timedelta(hours=50)
    crashed = False
    catch_up = []
    end = start + timedelta(days=5)
    while True:
        when = next_wake(app)
        if filings and (when is None or filings[0] <= when):
            clock.now = filings.pop(0)
            await file_incident(app, n - len(filings) - 1)
            continue
        if when is None or when > end:
            break
        if not crashed and when >= crash_at:
            await app.reminders.stop()  # the process dies ...
            clock.now = crash_at + timedelta(hours=10)  # ... and comes back 10 hours later
            app = app_for(db_path, clock, recorder)
            scheduler = AsyncIOScheduler()
            restart_sent_before = len(recorder.sent)
            await app.reminders.start(scheduler)
            scheduler.pause()
            catch_up = recorder.sent[restart_sent_before:]
            crashed = True
            continue
        clock.now = max(clock.now, when)
        t = time.perf_counter()
        await app.reminders.fire_due()
        pass_ms.append((time.perf_counter() - t) * 1000)
    await app.reminders.stop()
    # compare with the milestones every incident should have had
    due = {}
    for incident in list_incidents(app.store):
        for m in milestones(incident, end):
            due[(incident["ref"], m.name)] = m.due
    keys = [(ref, name, who) for ref, name, who, _ in recorder.sent]
    lateness = [(at - due[(ref, name)]).total_seconds() for ref, name, who, at in recorder.sent
                if (ref, name, who) not in {(r, n_, w) for r, n_, w, _ in catch_up}]
    catch_late = [(at - due[(ref, name)]).total_seconds() / 3600 for ref, name, _, at in catch_up]
    statuses = {}
    for row in app.store.db["notifications"].rows:
        statuses[row["status"]] = statuses.get(row["status"], 0) + 1
    return {
        "pings": len(recorder.sent),
        "duplicates": len(keys) - len(set(keys)),
        "on_time_median_s": median(lateness),
        "on_time_max_s": max(lateness) if lateness else 0.0,
        "catch_up": len(catch_up),
        "catch_up_incidents": len({ref for ref, *_ in catch_up}),
        "catch_up_late_h": median(catch_late),
        "statuses": statuses,
        "baseline_ms": median(baseline),
        "pass_ms": median(pass_ms),
        "pass_p99_ms": percentile(pass_ms, 0.99),
        "passes": len(pass_ms),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        r = asyncio.run(run(args.incidents, str(Path(tmp) / "reminders.db")))
    print(f"{args.incidents} incidents over 24 h, 5 days of fake time, a 10-hour outage after 50 h\n")
    print(f"pings sent                         {r['pings']}")
    print(f"duplicate pings                    {r['duplicates']}")
    print(f"lateness while running, median     {r['on_time_median_s']:.1f} s  (max {r['on_time_max_s']:.1f} s)")
    print(f"overdue pings at restart           {r['catch_up']} for {r['catch_up_incidents']} incidents "
          f"(one per incident and recipient), median {r['catch_up_late_h']:.1f} h after due")
    print(f"notification rows by status        {r['statuses']}")
    print(f"firing pass, no incidents (base)   {r['baseline_ms']:.2f} ms median")
    print(f"firing pass, {args.incidents} open incidents    {r['pass_ms']:.2f} ms median, {r['pass_p99_ms']:.2f} ms p99 over {r['passes']} passes")


if __name__ == "__main__":
    main()
