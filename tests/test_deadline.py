"""The 72-hour clock with an injected clock: milestones, pings once, restarts, retries, scheduling."""
import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from bot.reminders.milestones import milestones, next_wake
from tests.helpers import ChatDriver, new_app, run_intake
from tests.test_datalek import complete_intake

pytestmark = pytest.mark.both_backends

REF = "DL-2026-0001"


class Recorder:
    """A notifier that records pings (and can be told to fail)."""

    platform = "test"

    def __init__(self, fail: bool = False):
        self.sent: list[tuple[str, str]] = []
        self.replies = []
        self.fail = fail

    async def deliver(self, recipient, reply):
        if self.fail:
            return False
        self.sent.append((recipient, reply.meta["ping"]))
        self.replies.append(reply)
        return True

    def take(self):
        sent, self.sent = self.sent, []
        return sorted(sent)


def setup(tmp_path, clock, fail=False):
    app = new_app(tmp_path, clock)
    recorder = Recorder(fail)
    app.add_notifier(recorder)
    return app, recorder, ChatDriver(app.engine)


def fire(engine):
    return asyncio.run(engine.reminders.fire_due())


def test_milestones_of_an_incident():
    filed = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
    incident = {"created_at": filed.isoformat(), "deadline": (filed + timedelta(hours=72)).isoformat(), "acknowledged_at": None}
    names = [m.name for m in milestones(incident, filed + timedelta(hours=72 + 49))]
    assert names == ["filed", "unacked-1h", "t-24h", "t-12h", "t-4h", "t-1h", "deadline", "overdue-1d", "overdue-2d", "overdue-3d"]
    acked = {**incident, "acknowledged_at": filed.isoformat()}
    assert "unacked-1h" not in [m.name for m in milestones(acked, filed)]


def test_milestones_before_filing_are_skipped():
    discovered = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
    filed = discovered + timedelta(hours=60)  # reported late: 12 hours left
    incident = {"created_at": filed.isoformat(), "deadline": (discovered + timedelta(hours=72)).isoformat(), "acknowledged_at": None}
    names = [m.name for m in milestones(incident, filed)]
    assert names[:4] == ["filed", "unacked-1h", "t-4h", "t-1h"]


def test_full_lifecycle(tmp_path, clock):
    engine, rec, chat = setup(tmp_path, clock)
    complete_intake(chat)  # discovered 09:15 local = 08:15 UTC; clock is 09:00 UTC
    assert rec.take() == [("test:ciso", "filed"), ("test:fg", "filed")]
    ping = rec.replies[0]
    assert ping.to.key == "test:ciso"
    assert {c.value for c in ping.choices} >= {f"inc:ack:{REF}", f"inc:reported:{REF}", f"inc:notreportable:{REF}"}
    assert "DL-2026-0001" in ping.text and "Uiterlijk melden bij de AP" in ping.text

    clock.advance(minutes=59)
    assert fire(engine) == 0
    clock.advance(minutes=2)  # one hour unacknowledged: CISO, FG and now the deputy
    fire(engine)
    assert rec.take() == [("test:ciso", "unacked-1h"), ("test:deputy", "unacked-1h"), ("test:fg", "unacked-1h")]
    assert fire(engine) == 0  # never twice

    assert "gezien" in chat.act(f"inc:ack:{REF}", user="ciso")
    clock.now = datetime(2026, 11, 25, 8, 15, tzinfo=timezone.utc)  # deadline 26-11 08:15 UTC: t-24h
    fire(engine)
    assert rec.take() == [("test:ciso", "t-24h"), ("test:fg", "t-24h")]  # acknowledged: deputies rest
    for hours, name in [(12, "t-12h"), (4, "t-4h"), (1, "t-1h")]:
        clock.now = datetime(2026, 11, 26, 8, 15, tzinfo=timezone.utc) - timedelta(hours=hours)
        fire(engine)
        assert rec.take() == [("test:ciso", name), ("test:fg", name)]
    clock.now = datetime(2026, 11, 26, 8, 15, tzinfo=timezone.utc)
    fire(engine)
    assert rec.take() == [("test:ciso", "deadline"), ("test:deputy", "deadline"), ("test:fg", "deadline")]
    clock.advance(days=1)
    fire(engine)
    assert [m for _, m in rec.take()] == ["overdue-1d"] * 3

    # a late decision needs the AP's reference and the reason for the delay (art. 33(1))
    clock.advance(hours=2)
    assert "meldingsnummer" in chat.act(f"inc:reported:{REF}", user="fg")
    assert "reden van de vertraging" in chat.say("AP-2026-123", user="fg")
    assert "Klopt dit?" in chat.say("Melder was ziek, pas later ontdekt", user="fg")
    assert "gemeld bij de AP" in chat.press("Ja, vastleggen", user="fg")
    row = engine.store.table("incidents").get(REF)
    assert row["decision"] == "reported" and row["ap_reference"] == "AP-2026-123"
    assert row["delay_reason"] == "Melder was ziek, pas later ontdekt"
    clock.advance(days=3)
    assert fire(engine) == 0 and rec.take() == []  # decided: the reminders stop

    assert "geïnformeerd" in chat.act(f"inc:informed:{REF}:yes", user="fg")
    assert "afgesloten" in chat.act(f"inc:close:{REF}", user="fg")
    actions = [e["action"] for e in engine.store.table("incident_events").rows_where("ref = ?", [REF], order_by="id")]
    assert actions == ["filed", "acknowledged", "decided_reported", "subjects_informed", "closed"]


def test_restart_mid_countdown_sends_one_overdue_ping_and_no_doubles(tmp_path, clock):
    engine, rec, chat = setup(tmp_path, clock)
    complete_intake(chat)
    rec.take()
    # the bot is down from now until after t-12h: unacked-1h, t-24h and t-12h all came due
    clock.now = datetime(2026, 11, 25, 21, 0, tzinfo=timezone.utc)
    engine2 = new_app(tmp_path, clock)
    rec2 = Recorder()

    async def start_and_stop():
        engine2.add_notifier(rec2)
        await engine2.reminders.start()
        jobs = {job.id for job in engine2.reminders.scheduler.get_jobs()}
        wake = engine2.reminders.wake
        await engine2.reminders.stop()
        return jobs, wake

    jobs, wake = asyncio.run(start_and_stop())
    assert rec2.take() == [("test:ciso", "t-12h"), ("test:deputy", "t-12h"), ("test:fg", "t-12h")]
    assert "Inhaalmelding" in rec2.replies[0].text
    assert jobs == {"reminders:wake"}  # one wake-up job, whatever the number of incidents
    assert (wake.ref, wake.reason) == (REF, "t-4h")  # the next firing, derived from the database
    assert wake.at == datetime(2026, 11, 26, 4, 15, tzinfo=timezone.utc)
    # a second start (or a double start) sends nothing again
    engine3 = new_app(tmp_path, clock)
    rec3 = Recorder()
    engine3.add_notifier(rec3)
    assert asyncio.run(engine3.reminders.fire_due()) == 0
    statuses = {r["status"] for r in engine3.store.table("notifications").rows}
    assert statuses == {"sent", "superseded"}


def test_undelivered_ping_is_retried_and_never_marked_sent(tmp_path, clock):
    engine, rec, chat = setup(tmp_path, clock, fail=True)
    complete_intake(chat)
    assert engine.store.table("notifications").count == 0
    rec.fail = False
    clock.advance(minutes=5)
    fire(engine)
    assert rec.take() == [("test:ciso", "filed"), ("test:fg", "filed")]
    assert {r["status"] for r in engine.store.table("notifications").rows} == {"sent"}


def test_wake_up_is_rebuilt_from_the_database(tmp_path, clock):
    engine, rec, chat = setup(tmp_path, clock)
    complete_intake(chat)

    async def wake_after_start():
        fresh = new_app(tmp_path, clock)
        fresh.add_notifier(Recorder())
        await fresh.reminders.start()
        job = fresh.reminders.scheduler.get_job("reminders:wake")
        found = fresh.reminders.wake
        await fresh.reminders.stop()
        return job, found

    job, wake = asyncio.run(wake_after_start())
    assert job is not None
    assert (wake.reason, wake.at) == ("unacked-1h", datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc))


def test_late_report_still_pings_at_once(tmp_path, clock):
    engine, rec, chat = setup(tmp_path, clock)
    # discovered three days ago: already past the deadline
    run_intake(chat, "laptop kwijt", {"discovered_at": "20-11 09:00", "occurred_at": ("press", "Weet ik niet")})
    assert rec.take() == [("test:ciso", "filed"), ("test:fg", "filed")]
    assert "verstreken" in rec.replies[0].text


def test_only_stale_claims_are_released(tmp_path, clock):
    """A crash mid-send leaves a 'sending' claim: released after 10 minutes, never sooner."""
    engine, rec, chat = setup(tmp_path, clock, fail=True)
    complete_intake(chat)
    reminders = engine.reminders
    incident = engine.store.table("incidents").get(REF)
    long_due = milestones({**incident, "acknowledged_at": None}, clock())[0]  # 'filed', due now
    clock.advance(days=2)  # a catch-up claim: its milestone is two days old, the claim is fresh
    assert reminders._claim(f"{REF}|filed|test:ciso", REF, long_due, "test:ciso", "sending")
    reminders.release_stale_claims()
    assert engine.store.table("notifications").count == 1  # a fresh claim stays: no double send
    clock.advance(minutes=11)
    reminders.release_stale_claims()
    (row,) = engine.store.table("notifications").rows
    assert row["status"] == "maybe"  # a crash mid-send: it may have arrived; retried and marked as a repeat


def test_a_resend_after_a_crash_says_it_is_a_repeat(tmp_path, clock):
    engine, rec, chat = setup(tmp_path, clock, fail=True)
    complete_intake(chat)
    reminders = engine.reminders
    incident = engine.store.table("incidents").get(REF)
    filed = milestones({**incident, "acknowledged_at": None}, clock())[0]
    assert reminders._claim(f"{REF}|filed|test:ciso", REF, filed, "test:ciso", "sending")  # then the process died
    clock.advance(minutes=11)
    reminders.release_stale_claims()
    rec.fail = False
    clock.advance(minutes=5)
    fire(engine)
    repeats = [r for r in rec.replies if r.to.key == "test:ciso" and r.meta["ping"] == "filed"]
    assert len(repeats) == 1 and "Herhaling" in repeats[0].text
    assert fire(engine) == 0 and [r for r in rec.replies if r.meta["ping"] == "filed"].count(repeats[0]) == 1


def test_next_wake_is_pure_and_prefers_retries(tmp_path, clock):
    """The next wake-up is a function of the rows and `now` only: a due, unclaimed ping means retry."""
    filed = datetime(2031, 5, 6, 12, 0, tzinfo=timezone.utc)  # any date: nothing reads the real one
    incident = {"ref": REF, "status": "open", "decision": None, "created_at": filed.isoformat(),
                "deadline": (filed + timedelta(hours=72)).isoformat(), "acknowledged_at": None}
    roster = {"test:ciso": False, "test:deputy": True}
    claimed = {REF: {f"{REF}|filed|test:ciso"}}
    wake = next_wake([incident], claimed, roster, filed)
    assert (wake.reason, wake.at) == ("unacked-1h", filed + timedelta(hours=1))
    assert next_wake([incident], claimed, roster, filed) == wake  # same rows, same now: same answer
    retry = next_wake([incident], {}, roster, filed)  # the filing ping was never delivered
    assert (retry.reason, retry.at) == ("retry", filed + timedelta(minutes=5))
    assert next_wake([{**incident, "decision": "reported"}], claimed, roster, filed) is None
    assert next_wake([{**incident, "status": "closed"}], claimed, roster, filed) is None


def test_the_wake_job_is_told_when_in_terms_of_the_injected_clock(tmp_path):
    """A fake clock years away from the real date: the job is due one fake hour from now, in real time."""
    from bot.clock import FakeClock, utc_now

    for start in (datetime(2019, 1, 1, 12, 0, tzinfo=timezone.utc), datetime(2040, 7, 1, 12, 0, tzinfo=timezone.utc)):
        clock = FakeClock(start)
        engine, rec, chat = setup(tmp_path / start.strftime("%Y"), clock)
        complete_intake(chat)
        rec.take()

        async def scheduled():
            engine.add_notifier(rec)
            await engine.reminders.start()
            job = engine.reminders.scheduler.get_job("reminders:wake")
            real = utc_now()
            await engine.reminders.stop()
            return job.next_run_time, real

        run_at, real_now = asyncio.run(scheduled())
        assert rec.take() == []  # nothing due yet: the job did not fire early because of the real date
        # never more than RETRY_EVERY ahead, never in the (real) past
        assert timedelta(0) < run_at - real_now <= timedelta(minutes=5, seconds=5)


def test_a_busy_chat_does_not_keep_pushing_the_next_wake_away(tmp_path, clock):
    """Every turn re-plans the wake-up; it may come sooner, never later than already planned."""
    engine, rec, chat = setup(tmp_path, clock)

    async def run():
        await engine.reminders.start()
        first = engine.reminders.wake_at
        assert first == clock() + timedelta(minutes=5)  # nothing is open: the regular look in five minutes
        for _ in range(4):  # a message a minute: each turn reschedules
            clock.advance(minutes=1)
            engine.reminders.reschedule()
            assert engine.reminders.wake_at == first  # not pushed to "five minutes from now" again
        await engine.reminders.stop()

    asyncio.run(run())
