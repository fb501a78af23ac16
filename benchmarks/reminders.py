"""Reminder timeliness with a fake clock: scheduled vs fired, also across a restart.

    python -m benchmarks.reminders [--incidents 200]

Files N incidents spread over a day, then lets time run by jumping the fake clock from one
wake-up of the runner to the next (its `next_wake`, derived from the database and the clock),
calling the runner's firing routine there. Lateness = time a ping was sent - its milestone's due
time. After 50 hours the bot "crashes" for 10 hours and restarts: what came due meanwhile must arrive as
one overdue ping per incident and recipient, and nothing may be sent twice.
Baseline in the same run: the cost of one firing pass with no open incidents.

Then, when a PostgreSQL server answers on 127.0.0.1:5432, the same on PostgreSQL with two instances:
two apps (two connections, two runners) on one database and the same fake clock, the incidents filed
through either in turn. At every wake-up of either, both fire at once (their passes interleave at
every send), so every ping is contended by two runners; instance B is down from 50 to 60 hours
while A carries on alone. Asserted: 0 duplicates, and no due ping missing.
"""
from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from benchmarks.common import INTAKE, FakeClock, Recorder, app_for, median, percentile, postgres_answers, postgres_database
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
    for row in app.store.table("notifications").rows:
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


class YieldingRecorder(Recorder):
    """Gives the event loop away at every send, as a real platform call does: two runners' passes interleave."""

    async def deliver(self, recipient, reply) -> bool:
        await asyncio.sleep(0)
        return await super().deliver(recipient, reply)


async def run_two(n: int, url: str) -> dict:
    """Two runners on one PostgreSQL database, the same fake clock; B is down from 50 h to 60 h."""
    clock = FakeClock()
    recorders = {"A": YieldingRecorder(clock), "B": YieldingRecorder(clock)}
    apps = {name: app_for(url, clock, rec) for name, rec in recorders.items()}
    schedulers = {}
    for name, app in apps.items():
        schedulers[name] = AsyncIOScheduler()
        await app.reminders.start(schedulers[name])
        schedulers[name].pause()
    start = clock.now
    filings = [start + timedelta(minutes=i * 24 * 60 / n) for i in range(n)]
    down_from, down_until = start + timedelta(hours=50), start + timedelta(hours=60)
    end = start + timedelta(days=5)
    pass_ms = []
    filed = 0
    while True:
        up = {name: app for name, app in apps.items() if name == "A" or not (down_from <= clock.now < down_until)}
        wakes = [w for w in (next_wake(app) for app in up.values()) if w is not None]
        when = min(wakes) if wakes else None
        if "B" not in up and (when is None or when >= down_until):
            when = down_until  # B comes back: its start() catches up (and finds A sent everything)
        if filings and (when is None or filings[0] <= when):
            clock.now = filings.pop(0)
            await file_incident(up["A" if filed % 2 == 0 or "B" not in up else "B"], filed)
            filed += 1
            continue
        if when is None or when > end:
            break
        clock.now = max(clock.now, when)
        if "B" in up and clock.now >= down_from and clock.now < down_until:
            await apps["B"].reminders.stop()  # B dies ...
            continue
        if "B" not in up and clock.now >= down_until:
            apps["B"] = app_for(url, clock, recorders["B"])  # ... and comes back 10 hours later
            schedulers["B"] = AsyncIOScheduler()
            await apps["B"].reminders.start(schedulers["B"])
            schedulers["B"].pause()
            continue
        t = time.perf_counter()
        await asyncio.gather(*(app.reminders.fire_due() for app in up.values()))
        pass_ms.append((time.perf_counter() - t) * 1000)
    for app in apps.values():
        await app.reminders.stop()
    store = apps["A"].store
    due = {}
    for incident in list_incidents(store):
        for m in milestones(incident, end):
            due[(incident["ref"], m.name)] = m.due
    sent = [(ref, name, who, at, inst) for inst, rec in recorders.items() for ref, name, who, at in rec.sent]
    keys = [(ref, name, who) for ref, name, who, _, _ in sent]
    lateness = [(at - due[(ref, name)]).total_seconds() for ref, name, _, at, _ in sent]
    statuses = {}
    for row in store.table("notifications").rows:
        statuses[row["status"]] = statuses.get(row["status"], 0) + 1
    refs = [r["ref"] for r in store.table("incidents").rows]
    for app in apps.values():
        app.store.close()
    return {
        "pings": len(sent),
        "by_instance": {inst: sum(1 for *_, i in sent if i == inst) for inst in recorders},
        "duplicates": len(keys) - len(set(keys)),
        "unsent": statuses.get("sending", 0) + statuses.get("maybe", 0),
        "lateness_median_s": median(lateness),
        "lateness_max_s": max(lateness) if lateness else 0.0,
        "statuses": statuses,
        "pass_ms": median(pass_ms),
        "pass_p99_ms": percentile(pass_ms, 0.99),
        "passes": len(pass_ms),
        "refs": len(refs),
        "unique_refs": len(set(refs)),
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
    problem = postgres_answers()
    if problem:
        print(f"\ntwo instances on PostgreSQL: skipped, no server answers on 127.0.0.1:5432 ({problem})")
        return
    with postgres_database() as url:
        two = asyncio.run(run_two(args.incidents, url))
    print(f"\n{args.incidents} incidents, PostgreSQL, two runners on one database and one fake clock "
          "(both fire at every wake-up; B down from 50 h to 60 h)\n")
    print(f"{'':36}{'A + B':>16}")
    for label, value in [
        ("pings sent", f"{two['pings']}"),
        ("  by A / by B", f"{two['by_instance']['A']} / {two['by_instance']['B']}"),
        ("duplicate pings", f"{two['duplicates']}"),
        ("claims left sending/maybe", f"{two['unsent']}"),
        ("lateness median / max s", f"{two['lateness_median_s']:.1f} / {two['lateness_max_s']:.1f}"),
        ("references (distinct)", f"{two['refs']} ({two['unique_refs']})"),
        ("firing pass (both) median ms", f"{two['pass_ms']:.2f}"),
        ("firing pass (both) p99 ms", f"{two['pass_p99_ms']:.2f}"),
        ("passes", f"{two['passes']}"),
    ]:
        print(f"{label:36}{value:>16}")
    print(f"notification rows by status         {two['statuses']}")
    assert two["duplicates"] == 0, "a ping was sent twice"
    assert two["unsent"] == 0 and two["unique_refs"] == two["refs"] == args.incidents
    print("\n0 duplicates, nothing left unsent: yes")


if __name__ == "__main__":
    main()
