"""Failover: two real `python -m bot run` processes on one PostgreSQL database; one is killed (-9) in
the middle of a firing pass, the other carries on through the fake hours (issue 14, item 5).

200 incidents are filed beforehand through storage, on a fake clock. Both processes run the reminders
on the same running fake clock (PRIVACYLOKET_FAKE_CLOCK, bot/clock.py: one real second is ten fake
minutes here) and "send" their pings to a file each (PRIVACYLOKET_RECORD_PINGS, bot/adapters/record.py).
Both are test-only settings. Their clock starts shortly before the incidents' t-24h milestones, so each
process's first pass catches up on the `filed`/`unacked-1h` pings, and the t-24h pings fall due during
the run. Afterwards, from the database and the two files:

- 0 lost: every due milestone of every incident and recipient is claimed; each claim is `sent` (with a
  line in a file) or `superseded` (a later milestone came due with it); none is left `sending`/`maybe`;
- 0 sent twice: one line per ping, except a ping the killed process may have sent (a `maybe`), resent
  once by the survivor and marked as a repeat;
- 0 duplicate references, the register's hash chain intact, every dialogue row as it was.

Skipped where no PostgreSQL server answers on 127.0.0.1:5432; under CI=true it fails instead.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tests import pg

ROOT = Path(__file__).resolve().parent.parent
INCIDENTS = 200
DIALOGUES = 50
RECIPIENTS = ("record:ciso", "record:fg")
FILED = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)  # the first filing; one every 15 s (50 minutes)
SPREAD = timedelta(seconds=15)
START = FILED + timedelta(hours=47, minutes=45)  # the processes' fake "now" at the anchor
SPEED = 600  # one real second is ten fake minutes
LAST_T24 = FILED + SPREAD * (INCIDENTS - 1) + timedelta(hours=48)  # the last t-24h milestone
KILL_AFTER_LINES = 10


def _file_everything(store) -> tuple[list[str], list[dict]]:
    from storage import dialogues
    from storage.incidents import file_incident

    refs = []
    for i in range(INCIDENTS):
        now = FILED + SPREAD * i
        facts = {"kind": "misdirected_email", "discovered_at": now.isoformat(timespec="seconds"),
                 "data_categories": ["health"], "subjects": "2-10", "description": f"incident {i}"}
        refs.append(file_incident(store, reporter=f"record:melder{i}", facts=facts, assessment={"risk": "risk"},
                                  deadline=now + timedelta(hours=72), now=now))
    for i in range(DIALOGUES):  # intakes half-way: the processes must leave them exactly as they are
        dialogues.save(store, f"record:bezig{i}", "datalek", {"step": "data_categories", "n": i, "tekst": "é ✓"}, START)
    return refs, store.query("SELECT * FROM dialogues ORDER BY person")


def _environment(database_url: str, anchor: datetime, record: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")}
    env.update({
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "CISO_USERS": RECIPIENTS[0],
        "FG_USERS": RECIPIENTS[1],
        "PRIVACYLOKET_FAKE_CLOCK": START.isoformat(),
        "PRIVACYLOKET_FAKE_CLOCK_SPEED": str(SPEED),
        "PRIVACYLOKET_FAKE_CLOCK_ANCHOR": anchor.isoformat(),
        "PRIVACYLOKET_RECORD_PINGS": str(record),
    })
    return env


def _lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _wait(condition, timeout: float, step: float = 0.005) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def test_one_of_two_instances_killed_mid_pass_loses_and_doubles_nothing(tmp_path, pg_databases):
    from storage import open_db, register

    started = time.monotonic()
    url = pg.url(pg_databases.create())
    store = open_db(url)
    refs, dialogues_before = _file_everything(store)
    # the fake clock's anchor in real time, from the server (the test process's clock may be shifted by
    # PRIVACYLOKET_TEST_DATE; the subprocesses' is not): a second from now, when both are up
    anchor = store.value("SELECT clock_timestamp()") + timedelta(seconds=1)
    files = [tmp_path / "pings-a.jsonl", tmp_path / "pings-b.jsonl"]
    procs = [subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=_environment(url, anchor, f),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for f in files]
    victim, survivor = procs
    try:
        # kill -9 the first process while it is sending: after its file shows pings arriving
        assert _wait(lambda: len(_lines(files[0])) >= KILL_AFTER_LINES or victim.poll() is not None, 20), \
            "the first process sent no pings within 20 s"
        assert victim.poll() is None, f"the first process stopped by itself: {victim.communicate()[0].decode()}"
        victim.send_signal(signal.SIGKILL)
        victim.wait(10)
        killed_lines = len(_lines(files[0]))
        in_flight = store.value("SELECT COUNT(*) FROM notifications WHERE status IN ('sending', 'maybe')")

        def all_t24_sent() -> bool:
            done = store.value("SELECT COUNT(*) FROM notifications WHERE milestone = 't-24h' AND status = 'sent'")
            open_ = store.value("SELECT COUNT(*) FROM notifications WHERE status IN ('sending', 'maybe')")
            return done == INCIDENTS * len(RECIPIENTS) and open_ == 0

        finished = _wait(all_t24_sent, 40, step=0.2)
        assert survivor.poll() is None, f"the surviving process stopped: {survivor.communicate()[0].decode()}"
        survivor.send_signal(signal.SIGTERM)
        output = survivor.communicate(timeout=20)[0].decode()
        assert survivor.returncode == 0, output
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)

    claims = {row["key"]: row for row in store.query("SELECT * FROM notifications")}
    stuck = sorted(k for k, row in claims.items() if row["status"] not in ("sent", "superseded"))
    lines = _lines(files[0]) + _lines(files[1])
    by_key: dict[str, list[dict]] = defaultdict(list)
    for line in lines:
        by_key[f"{line['ref']}|{line['ping']}|{line['recipient']}"].append(line)

    # every milestone due by the end (filed, unacked-1h, t-24h) for every incident and recipient
    expected = {f"{ref}|{m}|{r}" for ref in refs for m in ("filed", "unacked-1h", "t-24h") for r in RECIPIENTS}
    unclaimed = sorted(expected - set(claims))
    lost = sorted(k for k in expected & set(claims) if claims[k]["status"] == "sent" and not by_key.get(k))
    twice, repeats = [], 0
    for key, sent in by_key.items():
        if len(sent) == 1:
            continue
        # allowed: the killed process's line, then the survivor's one resend marked as a repeat
        if len(sent) == 2 and sent[0]["pid"] == victim.pid and sent[1]["pid"] == survivor.pid and sent[1]["repeat"]:
            repeats += 1
            continue
        twice.append(key)
    stray = sorted(set(by_key) - expected)
    all_refs = store.rows("SELECT ref, year, seq FROM incidents")
    report = register.verify(store)
    dialogues_after = store.query("SELECT * FROM dialogues ORDER BY person")
    elapsed = time.monotonic() - started
    marked = sum(line["repeat"] for line in lines)
    print(f"\nfailover: {len(lines)} ping lines ({killed_lines} by the killed process; {marked} marked as a repeat, "
          f"{repeats} of them after a line of the killed process), "
          f"{len(claims)} claims ({sum(r['status'] == 'sent' for r in claims.values())} sent), "
          f"{in_flight} in flight at the kill, lost {len(lost) + len(unclaimed)}, twice {len(twice)}, "
          f"references {len(all_refs)} ({len({r[0] for r in all_refs})} distinct), {elapsed:.1f} s")
    store.close()

    assert not stuck, f"claims left unsent after the kill ({len(stuck)}), e.g. {stuck[:5]}"
    assert finished, f"the survivor did not send every t-24h ping within 40 s:\n{output[-3000:]}"
    assert not unclaimed, f"due milestones never claimed ({len(unclaimed)}), e.g. {unclaimed[:5]}"
    assert not lost, f"claims marked sent without a ping ({len(lost)}), e.g. {lost[:5]}"
    assert not twice, f"pings sent twice ({len(twice)}), e.g. {[(k, by_key[k]) for k in twice[:3]]}"
    assert not stray, f"pings nobody expected: {stray[:5]}"
    assert killed_lines >= KILL_AFTER_LINES and any(line["pid"] == survivor.pid for line in lines)
    assert len(all_refs) == INCIDENTS and sorted(r[0] for r in all_refs) == sorted(refs)
    assert len({(r[1], r[2]) for r in all_refs}) == INCIDENTS
    assert report.ok and report.incidents == INCIDENTS, report.problems[:5]
    assert dialogues_after == dialogues_before
    assert elapsed < 60
