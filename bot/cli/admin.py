"""Beheer: register verify | retention | backup | status | doctor, and the helpers the desk's export shares."""
from __future__ import annotations

import sys

from bot.config import load_config

# -- beheer: register verify | retention | backup | status ------------------------------------
HEARTBEAT_LIMIT_MINUTES = 10  # `status` fails when the reminder runner's last beat is older
PING_LATE_MINUTES = 5  # ... or when a ping is due longer than this and still not delivered


def admin_store(args):
    """The configuration and the existing database (`--db` or the configured one); never a new, empty one."""
    from pathlib import Path

    from storage import open_db
    from storage.db import DatabaseUnusable

    config = load_config(**({"db_path": args.db} if args.db else {}))
    if not Path(config.db_path).exists():
        raise DatabaseUnusable(config.db_path, "het bestand bestaat niet")
    return config, open_db(config.db_path)


def admin_now(args):
    """`--now ISO` (for tests; without a zone: Dutch time) or the real clock. None when unreadable."""
    from datetime import datetime

    from bot.clock import utc_now
    from bot.dates import LOCAL

    if not getattr(args, "now", None):
        return utc_now()
    try:
        now = datetime.fromisoformat(args.now)
    except ValueError:
        print(f"Fout: --now '{args.now}' is geen ISO-8601-tijdstip", file=sys.stderr)
        return None
    return now if now.tzinfo else now.replace(tzinfo=LOCAL)


def cmd_register(args) -> int:
    """`register verify`: walk the hash chain and check every incident against its events."""
    from storage.register import verify

    _, store = admin_store(args)
    report = verify(store)
    if report.ok:
        print(f"OK, {report.events} events")
        print(f"{report.incidents} incidenten. Laatste hash: {report.head} (bewaar die buiten de database: "
              "dan is later ook te zien of er achteraan iets is weggehaald).")
        return 0
    print(f"GEBROKEN: {report.problems[0]}")
    if len(report.problems) > 1:
        print(f"(en nog {len(report.problems) - 1} afwijking(en) daarna)")
    return 1


def cmd_retention(args) -> int:
    """`retention [--dry-run]`: per table what goes (or would go) under the retention terms."""
    from bot.reminders.runner import retention_policy
    from storage import retention

    now = admin_now(args)
    if now is None:
        return 2
    config, store = admin_store(args)
    outcomes = retention.apply(store, retention_policy(config), now, dry_run=args.dry_run)
    print("Bewaartermijnen, proefdraai: er is niets verwijderd." if args.dry_run else "Bewaartermijnen toegepast.")
    for o in outcomes:
        if o.reduced:
            verb = "in te korten" if args.dry_run else "ingekort"
        else:
            verb = "te verwijderen" if args.dry_run else "verwijderd"
        print(f"  {o.table:<20} {o.count:>6} {verb:<15} {o.what}")
    return 0


def cmd_backup(args) -> int:
    """`backup PATH`: an online, consistent copy (SQLite backup API), readable only by its owner."""
    import sqlite3

    from storage.db import backup

    _, store = admin_store(args)
    try:
        target = backup(store, args.path)
    except FileExistsError:
        print(f"Fout: {args.path} bestaat al; kies een nieuwe bestandsnaam.", file=sys.stderr)
        return 2
    except (OSError, sqlite3.Error) as exc:
        print(f"Fout: de back-up naar {args.path} is mislukt: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return 2
    print(f"Back-up gemaakt: {target} ({target.stat().st_size} bytes, alleen leesbaar voor de eigenaar).")
    return 0


def _ago(delta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours // 24} dagen {hours % 24} uur" if hours >= 48 else f"{hours} uur {minutes} min"


def cmd_status(args) -> int:
    """`status`: the heartbeat, the running clocks and undelivered pings; 1 when something is late."""
    from datetime import timedelta

    from bot.adapters.outbox import Outbox
    from bot.dates import format_local
    from bot.reminders import Reminders
    from bot.reminders.milestones import is_running, next_milestone, next_wake, pending
    from storage import heartbeat, notifications
    from storage.incidents import list_incidents, parse_iso

    now = admin_now(args)
    if now is None:
        return 2
    config, store = admin_store(args)
    problems = []
    beat = heartbeat.latest(store)
    if beat is None:
        print("Hartslag: geen. De herinneringen hebben op deze database nog nooit gedraaid.")
        problems.append("geen hartslag: draait `python -m bot run`?")
    else:
        age = max(timedelta(0), now - parse_iso(beat["beat_at"]))
        pruned = f"; laatste opschoning {format_local(parse_iso(beat['retention_at']))}" if beat["retention_at"] else ""
        print(f"Hartslag: {_ago(age)} geleden ({beat['host']}, proces {beat['pid']}{pruned}).")
        if age > timedelta(minutes=HEARTBEAT_LIMIT_MINUTES):
            problems.append(f"de laatste hartslag is {_ago(age)} oud (grens {HEARTBEAT_LIMIT_MINUTES} min): "
                            "draait `python -m bot run` nog?")
    running = [i for i in list_incidents(store, status="open") if is_running(i)]
    claimed = notifications.keys_by_ref(store, [i["ref"] for i in running])
    reminders = Reminders(store, config, lambda: now, Outbox())
    roster = {r: r in config.deputy_users for r in reminders.recipients(deputies=True)}
    print(f"Open incidenten zonder besluit: {len(running)}")
    for incident in running:
        upcoming = next_milestone(incident, now)
        then = f"volgende herinnering {upcoming.name} op {format_local(upcoming.due)}" if upcoming else "geen herinnering meer"
        print(f"  {incident['ref']} · uiterlijk melden {format_local(parse_iso(incident['deadline']))} · {then}")
    wake = next_wake(running, claimed, roster, now)
    if wake is not None:
        print(f"Volgend wekmoment: {format_local(wake.at)} ({wake.ref}, {wake.reason})")
    late = []
    for incident in running:
        mine = claimed.get(incident["ref"], set())
        for recipient, is_deputy in roster.items():
            due = pending(incident, recipient, is_deputy, mine, now)
            if due:
                late.append((incident["ref"], due[-1].name, recipient, now - due[0].due))
    for row in notifications.all_rows(store):
        if row["status"] == "sending" and row["ref"] in claimed:
            late.append((row["ref"], row["milestone"], row["recipient"], now - parse_iso(row["due_at"])))
    print(f"Niet verzonden herinneringen: {len(late) or 'geen'}")
    for ref, milestone, recipient, overdue in late:
        print(f"  {ref} {milestone} aan {recipient}: {_ago(max(overdue, timedelta(0)))} na het geplande moment")
        if overdue > timedelta(minutes=PING_LATE_MINUTES):
            problems.append(f"herinnering {ref} {milestone} aan {recipient} is {_ago(overdue)} te laat")
    for problem in problems:
        print(f"PROBLEEM: {problem}")
    print("Status: niet in orde." if problems else "Status: in orde.")
    return 1 if problems else 0


def cmd_doctor(args) -> int:
    """Configuration, database, the platforms' credentials and (--ping) a test ping: a Dutch report."""
    from bot.runner import doctor

    config = load_config(**({"db_path": args.db} if args.db else {}))
    return doctor(config, ping=args.ping)
