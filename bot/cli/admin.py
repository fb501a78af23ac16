"""Beheer: register verify | retention | backup | status | doctor | migrate, and the helpers the desk's export shares.

Each works on the SQLite file (`--db` or PRIVACYLOKET_DB) or, with DATABASE_URL, on PostgreSQL."""
from __future__ import annotations

import sys

from bot.config import load_config

# -- beheer: register verify | retention | backup | status ------------------------------------


def admin_store(args):
    """The configuration and the existing database (`--db`, DATABASE_URL or the configured file); never a
    new, empty SQLite file."""
    from pathlib import Path

    from storage import open_db
    from storage.db import DatabaseUnusable

    config = load_config(**({"db_path": args.db} if args.db else {}))
    if config.database_url:
        return config, open_db(config.database_url, migrate=config.migrate_at_start)
    if not Path(config.db_path).exists():
        raise DatabaseUnusable(config.db_path, "het bestand bestaat niet")
    return config, open_db(config.db_path)


def cmd_migrate(args) -> int:
    """`migrate`: apply the pending migrations (SQLite or PostgreSQL) and say which, or that none were due."""
    from storage import open_db
    from storage.db import migration_names
    from storage.sql import redacted

    config = load_config(**({"db_path": args.db} if args.db else {}))
    store = open_db(config.database, migrate=True)
    where = f"{redacted(config.database)} ({'PostgreSQL' if store.backend == 'postgres' else 'SQLite'})"
    names = migration_names(store.backend)
    if store.migrated:
        print(f"Migraties toegepast op {where}: {', '.join(store.migrated)}.")
    else:
        print(f"Niets te doen: {where} is al bij.")
    print(f"Het schema staat op {names[-1]} ({len(names)} migraties).")
    store.close()
    return 0


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

    from storage.db import BackupNotHere, backup

    _, store = admin_store(args)
    try:
        target = backup(store, args.path)
    except BackupNotHere:
        print("Fout: backup kopieert het SQLite-bestand; maak een back-up van PostgreSQL met pg_dump "
              '(bijvoorbeeld pg_dump --format=custom "$DATABASE_URL" > privacyloket.dump).', file=sys.stderr)
        return 2
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

    from bot.dates import format_local
    from bot.reminders.status import status
    from storage.incidents import parse_iso

    now = admin_now(args)
    if now is None:
        return 2
    config, store = admin_store(args)
    found = status(store, config, now)
    if found.beat is None:
        print("Hartslag: geen. De herinneringen hebben op deze database nog nooit gedraaid.")
    else:
        beat = found.beat
        pruned = f"; laatste opschoning {format_local(parse_iso(beat['retention_at']))}" if beat["retention_at"] else ""
        print(f"Hartslag: {_ago(found.beat_age)} geleden ({beat['host']}, proces {beat['pid']}{pruned}).")
    print(f"Open incidenten zonder besluit: {len(found.running)}")
    for ref, milestone, due, deadline in found.next_pings:
        then = f"volgende herinnering {milestone} op {format_local(due)}" if due else "geen herinnering meer"
        print(f"  {ref} · uiterlijk melden {format_local(deadline)} · {then}")
    if found.wake is not None:
        print(f"Volgend wekmoment: {format_local(found.wake.at)} ({found.wake.ref}, {found.wake.reason})")
    print(f"Niet verzonden herinneringen: {len(found.late) or 'geen'}")
    for ref, milestone, recipient, overdue in found.late:
        print(f"  {ref} {milestone} aan {recipient}: {_ago(max(overdue, timedelta(0)))} na het geplande moment")
    for problem in found.problems:
        print(f"PROBLEEM: {problem}")
    print("Status: niet in orde." if found.problems else "Status: in orde.")
    return 0 if found.ok else 1


def cmd_doctor(args) -> int:
    """Configuration, database, the platforms' credentials and (--ping) a test ping: a Dutch report."""
    from bot.runner import doctor

    config = load_config(**({"db_path": args.db} if args.db else {}))
    return doctor(config, ping=args.ping)
