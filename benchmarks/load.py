"""500 concurrent datalek intakes through the engine against one SQLite file.

    python -m benchmarks.load [--dialogues 500] [--workers 8]

Each dialogue is a full intake (13 messages) by a different user; the steps of all dialogues are
interleaved by a thread pool. Baseline in the same run: the same intakes one after the other.
Checks that nothing is lost: every dialogue filed exactly one incident with a unique reference,
every incident got its two filing pings, and no dialogue state is left behind.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.common import INTAKE, FakeClock, Recorder, app_for, median, percentile
from bot.messages import Message, Person


def run(dialogues: int, workers: int, db_path: str) -> dict:
    clock = FakeClock()
    recorder = Recorder(clock)
    engine = app_for(db_path, clock, recorder).engine
    # every message of every dialogue, interleaved: step k of all users before step k+1 (shuffled)
    plan = []
    for step, (text, action) in enumerate(INTAKE):
        batch = [(f"user{i}", step, text, action) for i in range(dialogues)]
        random.Random(step).shuffle(batch)
        plan.append(batch)
    latencies: list[float] = []

    def send(item):
        user, step, text, action = item
        msg = Message(Person("bench", user), text=text, action=action, delivery_id=f"{user}:{step}")
        start = time.perf_counter()
        asyncio.run(engine.handle(msg))
        latencies.append((time.perf_counter() - start) * 1000)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for batch in plan:
            list(pool.map(send, batch))
    elapsed = time.perf_counter() - started
    db = engine.store.db
    refs = [r["ref"] for r in db["incidents"].rows]
    reporters = {r["reporter"] for r in db["incidents"].rows}
    return {
        "workers": workers,
        "messages": len(latencies),
        "seconds": elapsed,
        "msg_per_s": len(latencies) / elapsed,
        "p50": median(latencies),
        "p99": percentile(latencies, 0.99),
        "incidents": len(refs),
        "unique_refs": len(set(refs)),
        "reporters": len(reporters),
        "pings": len(recorder.sent),
        "open_dialogues": db["dialogues"].count,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dialogues", type=int, default=500)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        baseline = run(args.dialogues, 1, str(Path(tmp) / "sequential.db"))
        concurrent = run(args.dialogues, args.workers, str(Path(tmp) / "concurrent.db"))
    print(f"{args.dialogues} datalek intakes x {len(INTAKE)} messages, one SQLite file (WAL) each run\n")
    print(f"{'':26}{'sequential (baseline)':>24}{f'{args.workers} threads':>16}")
    for label, key, fmt in [
        ("messages", "messages", "{:.0f}"), ("wall time s", "seconds", "{:.2f}"), ("messages / s", "msg_per_s", "{:.0f}"),
        ("latency p50 ms", "p50", "{:.2f}"), ("latency p99 ms", "p99", "{:.2f}"), ("incidents filed", "incidents", "{:.0f}"),
        ("unique references", "unique_refs", "{:.0f}"), ("distinct reporters", "reporters", "{:.0f}"),
        ("filing pings sent", "pings", "{:.0f}"), ("dialogues left open", "open_dialogues", "{:.0f}"),
    ]:
        print(f"{label:26}{fmt.format(baseline[key]):>24}{fmt.format(concurrent[key]):>16}")
    lost = args.dialogues - concurrent["unique_refs"]
    print(f"\nnothing lost: {'yes' if lost == 0 and concurrent['pings'] == 2 * args.dialogues and concurrent['open_dialogues'] == 0 else 'NO'}")


if __name__ == "__main__":
    main()
