"""Page timings of the web desk on a register of 5,000 incidents.

    python -m benchmarks.desk [--incidents 5000] [--requests 200]

Fills a fresh SQLite register straight through the storage functions and the incident actions (two
years of incidents of every kind: most decided and closed, some decided and still open, a few
waiting for a decision, each with its events), starts the desk on a local port in this process, logs
in with a session made in storage, and fetches each page N times in a row over HTTP (one client, as a
person would). Reports the median and the 99th percentile per page. Baseline in the same run:
`/healthz` (the same server, middleware and connection without a page to build).
"""
from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import aiohttp

from benchmarks.common import FakeClock, app_for, median, percentile
from bot.adapters.web import WebDesk
from bot.adapters.web.app import COOKIE
from bot.handlers.datalek.assessment import DATA_CATEGORIES, KINDS, assess
from bot.handlers.incidents import actions
from storage import desk
from storage.incidents import file_incident, get_incident

DEPARTMENTS = ["Burgerzaken", "Wmo", "Jeugd", "Belastingen", "Sociale Zaken", "HR", "ICT", "Communicatie"]


def fill(app, clock, n: int, seed: int = 13) -> list[str]:
    """`n` incidents over two years, with their events, in one transaction (setup, not measured)."""
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, 8, 0, tzinfo=timezone.utc)
    step = (clock.now - timedelta(days=4) - start) / n
    refs = []
    with app.store.writing():
        for i in range(n):
            clock.now = start + step * i
            kind = rng.choice(KINDS)
            facts = {"kind": kind, "discovered_at": (clock.now - timedelta(hours=rng.randint(0, 30))).isoformat(),
                     "occurred_at": None, "data_categories": rng.sample(DATA_CATEGORIES[:8], rng.randint(1, 3)),
                     "subjects": rng.choice(["1", "2-10", "11-100", "101-1000"]),
                     "encrypted": rng.choice([None, False]), "key_compromised": None, "backup_available": None,
                     "recipient_trusted": rng.choice([None, True, False]),
                     "data_contained": rng.choice([None, True, False]), "exfiltrated": None, "accessed": None,
                     "unavailable_impact": None}
            result = assess(facts)
            ref = file_incident(app.store, reporter=f"bench:user{i % 300}",
                                facts={**facts, "description": f"Voorbeeldmelding {i} bij {rng.choice(DEPARTMENTS)}"},
                                assessment=result.to_dict(), deadline=result.deadline, now=clock.now,
                                department=rng.choice(DEPARTMENTS), contact="via de chat")
            refs.append(ref)
            if i >= n - 40:
                continue  # the newest wait for a decision
            ctx = app.engine.context()
            clock.advance(hours=rng.randint(1, 6))
            actions.acknowledge(ctx, "bench:ciso", get_incident(app.store, ref))
            clock.advance(hours=rng.randint(2, 60))
            if rng.random() < 0.45:
                actions.decide(ctx, "bench:fg", get_incident(app.store, ref), "reported",
                               ap_reference=f"AP-{clock.now.year}-{i:05d}")
            else:
                actions.decide(ctx, "bench:ciso", get_incident(app.store, ref), "not_reportable",
                               reason="Ontvanger betrouwbaar en verwijderen bevestigd")
            actions.note(ctx, "bench:fg", get_incident(app.store, ref), "Werkinstructie met de afdeling besproken")
            if i < n - 100:
                clock.advance(days=2)
                actions.inform(ctx, "bench:ciso", get_incident(app.store, ref), "not_needed")
                actions.close(ctx, "bench:ciso", get_incident(app.store, ref))
    return refs


async def timings(session: aiohttp.ClientSession, url: str, n: int) -> list[float]:
    result = []
    for _ in range(n):
        t = time.perf_counter()
        async with session.get(url) as response:
            await response.read()
            assert response.status == 200, (url, response.status)
        result.append((time.perf_counter() - t) * 1000)
    return result


async def run(n: int, requests: int, db_path: str) -> tuple[dict, dict]:
    clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc))
    app = app_for(db_path, clock)
    t = time.perf_counter()
    refs = fill(app, clock, n)
    clock.now = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
    setup = {"fill_s": time.perf_counter() - t, "incidents": app.store.db["incidents"].count,
             "events": app.store.db["incident_events"].count,
             "open": app.store.db["incidents"].count_where("status != 'closed'")}
    server = WebDesk(app, host="127.0.0.1", port=0)
    await server.start()
    session_id = desk.create_session(app.store, "bench:ciso", clock())
    busy = refs[n // 2]
    pages = {
        "/healthz (baseline)": "/healthz",
        "open incidents (list)": "/",
        "register, first page": "/register",
        "register, filters + search":
            "/register?jaar=2025&soort=misdirected_email&status=closed&besluit=reported&q=Wmo",
        "register, page 40": "/register?pagina=40",
        "incident page": f"/incidenten/{busy}",
        "statistics": "/statistieken?jaar=2025",
        "AP draft": f"/incidenten/{busy}/ap-melding",
    }
    results = {}
    try:
        jar = aiohttp.CookieJar(unsafe=True)
        jar.update_cookies({COOKIE: session_id})
        async with aiohttp.ClientSession(server.url, cookie_jar=jar) as session:
            for name, path in pages.items():
                await timings(session, path, 5)  # warm up
                results[name] = await timings(session, path, requests)
            few = max(3, requests // 20)
            results["register export, CSV (all)"] = await timings(session, "/export/register.csv", few)
            results["register export, XLSX (all)"] = await timings(session, "/export/register.xlsx", few)
            results["event log, JSON lines (all)"] = await timings(session, "/export/events.jsonl", few)
    finally:
        await server.stop()
    return setup, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup, results = asyncio.run(run(args.incidents, args.requests, str(Path(tmp) / "desk.db")))
    print(f"register: {setup['incidents']} incidents, {setup['events']} events, {setup['open']} not closed "
          f"(filled in {setup['fill_s']:.1f} s)\n")
    base = median(results["/healthz (baseline)"])
    print(f"{'page':<32}{'median ms':>10}{'p99 ms':>10}{'x baseline':>12}{'n':>6}")
    for name, values in results.items():
        print(f"{name:<32}{median(values):>10.2f}{percentile(values, 0.99):>10.2f}"
              f"{median(values) / base:>12.1f}{len(values):>6}")


if __name__ == "__main__":
    main()
