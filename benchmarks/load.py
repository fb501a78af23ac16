"""500 concurrent datalek intakes through the engine, on SQLite and on PostgreSQL, with one and with
two instances on the same database.

    python -m benchmarks.load [--dialogues 500] [--workers 8] [--backend sqlite|postgres|both]

Each dialogue is a full intake by a different user; the steps of all dialogues are interleaved by a
thread pool. Baseline in the same run: the same intakes one after the other on one instance.
"Two instances" are two App objects in this one process, each with its own store (its own database
connection), on the same database: each message goes to one of them, and one user's consecutive
messages alternate between the two (so a dialogue saved by one instance is continued by the other,
as after a load balancer). Checks that nothing is lost: every dialogue filed exactly one incident
with a unique reference, every incident got its two filing pings, and no dialogue state is left.

--backend defaults to both when a PostgreSQL server answers on 127.0.0.1:5432, else sqlite.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

from benchmarks.common import INTAKE, FakeClock, Recorder, app_for, database, median, percentile, postgres_answers
from bot.messages import Message, Person


def run(dialogues: int, workers: int, db_path: str, instances: int = 1) -> dict:
    clock = FakeClock()
    recorder = Recorder(clock)
    engines = [app_for(db_path, clock, recorder).engine for _ in range(instances)]
    # every message of every dialogue, interleaved: step k of all users before step k+1 (shuffled)
    plan = []
    for step, (text, action) in enumerate(INTAKE):
        batch = [(i, step, text, action) for i in range(dialogues)]
        random.Random(step).shuffle(batch)
        plan.append(batch)
    latencies: list[float] = []

    def send(item):
        i, step, text, action = item
        engine = engines[(i + step) % instances]  # one user's messages alternate between the instances
        msg = Message(Person("bench", f"user{i}"), text=text, action=action, delivery_id=f"user{i}:{step}")
        start = time.perf_counter()
        asyncio.run(engine.handle(msg))
        latencies.append((time.perf_counter() - start) * 1000)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for batch in plan:
            list(pool.map(send, batch))
    elapsed = time.perf_counter() - started
    store = engines[0].store
    incidents = store.table("incidents").rows
    refs = [r["ref"] for r in incidents]
    result = {
        "messages": len(latencies),
        "seconds": elapsed,
        "msg_per_s": len(latencies) / elapsed,
        "p50": median(latencies),
        "p99": percentile(latencies, 0.99),
        "incidents": len(refs),
        "unique_refs": len(set(refs)),
        "reporters": len({r["reporter"] for r in incidents}),
        "pings": len(recorder.sent),
        "open_dialogues": store.table("dialogues").count,
    }
    for engine in engines:
        engine.store.close()
    return result


ROWS = [
    ("messages", "messages", "{:.0f}"), ("wall time s", "seconds", "{:.2f}"), ("messages / s", "msg_per_s", "{:.0f}"),
    ("latency p50 ms", "p50", "{:.2f}"), ("latency p99 ms", "p99", "{:.2f}"), ("incidents filed", "incidents", "{:.0f}"),
    ("unique references", "unique_refs", "{:.0f}"), ("distinct reporters", "reporters", "{:.0f}"),
    ("filing pings sent", "pings", "{:.0f}"), ("dialogues left open", "open_dialogues", "{:.0f}"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dialogues", type=int, default=500)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default=None,
                        help="standaard: both als PostgreSQL op 127.0.0.1:5432 antwoordt, anders sqlite")
    args = parser.parse_args()
    problem = postgres_answers() if args.backend != "sqlite" else None
    if args.backend is None:
        args.backend = "sqlite" if problem else "both"
        if problem:
            print(f"(PostgreSQL answers not ({problem}): SQLite only)\n")
    elif problem:
        raise SystemExit(f"no PostgreSQL server answers on 127.0.0.1:5432: {problem}")
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    columns: list[tuple[str, dict]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for backend in backends:
            for label, workers, instances in [("seq, 1 inst", 1, 1), (f"{args.workers} thr, 1 inst", args.workers, 1),
                                              (f"{args.workers} thr, 2 inst", args.workers, 2)]:
                with database(backend, tmp, f"{backend}-{workers}-{instances}") as where:
                    columns.append((f"{backend}: {label}", run(args.dialogues, workers, where, instances)))
    print(f"{args.dialogues} datalek intakes x {len(INTAKE)} messages; a fresh database per column; "
          "2 inst = two App objects (two connections) in this process on the same database\n")
    width = max(len(name) for name, _ in columns) + 2
    print(f"{'':22}" + "".join(f"{name:>{width}}" for name, _ in columns))
    for label, key, fmt in ROWS:
        print(f"{label:22}" + "".join(f"{fmt.format(r[key]):>{width}}" for _, r in columns))
    ok = all(r["unique_refs"] == args.dialogues and r["incidents"] == args.dialogues and r["pings"] == 2 * args.dialogues
             and r["open_dialogues"] == 0 for _, r in columns)
    print(f"\nnothing lost, nothing twice (every column): {'yes' if ok else 'NO'}")


if __name__ == "__main__":
    main()
