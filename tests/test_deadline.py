"""The 72-hour clock with an injected clock: milestones, pings once, restarts, retries, scheduling."""
import asyncio
from datetime import datetime, timedelta, timezone


from bot.deadline import milestones
from tests.helpers import ChatDriver, new_engine
from tests.test_datalek import complete_intake

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
    engine = new_engine(tmp_path, clock)
    recorder = Recorder(fail)
    engine.attach_reminders([recorder])
    return engine, recorder, ChatDriver(engine)


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
    assert "gemeld bij de AP" in chat.say("Melder was ziek, pas later ontdekt", user="fg")
    row = engine.store.db["incidents"].get(REF)
    assert row["decision"] == "reported" and row["ap_reference"] == "AP-2026-123"
    assert row["delay_reason"] == "Melder was ziek, pas later ontdekt"
    clock.advance(days=3)
    assert fire(engine) == 0 and rec.take() == []  # decided: the reminders stop

    assert "geïnformeerd" in chat.act(f"inc:informed:{REF}:yes", user="fg")
    assert "afgesloten" in chat.act(f"inc:close:{REF}", user="fg")
    actions = [e["action"] for e in engine.store.db["incident_events"].rows_where("ref = ?", [REF], order_by="id")]
    assert actions == ["filed", "acknowledged", "decided_reported", "subjects_informed", "closed"]


def test_restart_mid_countdown_sends_one_overdue_ping_and_no_doubles(tmp_path, clock):
    engine, rec, chat = setup(tmp_path, clock)
    complete_intake(chat)
    rec.take()
    # the bot is down from now until after t-12h: unacked-1h, t-24h and t-12h all came due
    clock.now = datetime(2026, 11, 25, 21, 0, tzinfo=timezone.utc)
    engine2 = new_engine(tmp_path, clock)
    rec2 = Recorder()

    async def start_and_stop():
        await engine2.start_reminders([rec2])
        jobs = {job.id for job in engine2.reminders.scheduler.get_jobs()}
        await engine2.stop_reminders()
        return jobs

    jobs = asyncio.run(start_and_stop())
    assert rec2.take() == [("test:ciso", "t-12h"), ("test:deputy", "t-12h"), ("test:fg", "t-12h")]
    assert "Inhaalmelding" in rec2.replies[0].text
    assert f"incident:{REF}:t-4h" in jobs  # the next firing, under a stable id
    # a second start (or a double start) sends nothing again
    engine3 = new_engine(tmp_path, clock)
    rec3 = Recorder()
    engine3.attach_reminders([rec3])
    assert asyncio.run(engine3.reminders.fire_due()) == 0
    statuses = {r["status"] for r in engine3.store.db["notifications"].rows}
    assert statuses == {"sent", "superseded"}


def test_undelivered_ping_is_retried_and_never_marked_sent(tmp_path, clock):
    engine, rec, chat = setup(tmp_path, clock, fail=True)
    complete_intake(chat)
    assert engine.store.db["notifications"].count == 0
    rec.fail = False
    clock.advance(minutes=5)
    fire(engine)
    assert rec.take() == [("test:ciso", "filed"), ("test:fg", "filed")]
    assert {r["status"] for r in engine.store.db["notifications"].rows} == {"sent"}


def test_scheduler_jobs_are_rebuilt_from_the_database(tmp_path, clock):
    engine, rec, chat = setup(tmp_path, clock)
    complete_intake(chat)

    async def jobs_after_start():
        fresh = new_engine(tmp_path, clock)
        await fresh.start_reminders([Recorder()])
        found = {job.id: job.next_run_time for job in fresh.reminders.scheduler.get_jobs()}
        await fresh.stop_reminders()
        return found

    jobs = asyncio.run(jobs_after_start())
    assert "reminders:retry" in jobs
    assert jobs[f"incident:{REF}:unacked-1h"] == datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)


def test_late_report_still_pings_at_once(tmp_path, clock):
    engine, rec, chat = setup(tmp_path, clock)
    chat.say("laptop kwijt")
    chat.say("20-11 09:00")  # discovered three days ago: already past the deadline
    chat.press("Weet ik niet")
    chat.say("1")
    chat.press("Klaar")
    chat.press("1 persoon")
    chat.press("Nee")
    chat.press("Nee")
    chat.say("Laptop kwijt")
    chat.say("Wijk")
    chat.press("Via deze chat")
    chat.press("Klopt")
    assert rec.take() == [("test:ciso", "filed"), ("test:fg", "filed")]
    assert "verstreken" in rec.replies[0].text


def test_only_stale_claims_are_released(tmp_path, clock):
    """A crash mid-send leaves a 'sending' claim: released after 10 minutes, never sooner."""
    engine, rec, chat = setup(tmp_path, clock, fail=True)
    complete_intake(chat)
    reminders = engine.reminders
    incident = engine.store.db["incidents"].get(REF)
    long_due = milestones({**incident, "acknowledged_at": None}, clock())[0]  # 'filed', due now
    clock.advance(days=2)  # a catch-up claim: its milestone is two days old, the claim is fresh
    assert reminders._claim(f"{REF}|filed|test:ciso", REF, long_due, "test:ciso", "sending")
    reminders.release_stale_claims()
    assert engine.store.db["notifications"].count == 1  # a fresh claim stays: no double send
    clock.advance(minutes=11)
    reminders.release_stale_claims()
    assert engine.store.db["notifications"].count == 0  # a stale one is released for a retry
