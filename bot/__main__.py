"""Command line: console chat (default) | run | ask | assess | kb check | when."""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys

from bot.config import load_config


def _console(args) -> int:
    from bot.adapters.console import run_console
    from bot.app import build_app

    config = load_config(**({"db_path": args.db} if args.db else {}))
    asyncio.run(run_console(build_app(config), args.user or config.console_user))
    return 0


def _run(args) -> int:
    from bot.runner import run_all

    config = load_config(**({"db_path": args.db} if args.db else {}))
    return run_all(config)


def ask_result(replies) -> dict:
    """The `ask --json` contract: one object per question."""
    from bot.adapters.console import render

    first = replies[0].meta if replies else {}
    return {
        "kind": first.get("kind", "answer" if first.get("entry") else "unknown"),
        "flow": first.get("flow"),
        "entry": first.get("entry"),
        "score": round(float(first.get("score", 0.0)), 1),
        "text": "\n\n".join(render(r) for r in replies),
        "suggestions": first.get("suggestions", []),
    }


def _ask(args) -> int:
    from bot import router
    from bot.app import build_engine
    from bot.messages import Message, Person
    from storage import open_db

    config = load_config()
    engine = build_engine(config, store=open_db(args.db or ":memory:"))
    person = Person("cli", "ask")
    questions = [args.question] if args.question is not None else (line.rstrip("\n") for line in sys.stdin)
    for question in questions:
        if not question.strip() and args.question is None:
            continue
        replies = asyncio.run(engine.handle(Message(person, text=question)))
        engine.save_dialogue(person.key, "", None)  # every question stands alone ...
        router.forget(engine.context(), person.key)  # ... and no "ja" answers the previous one's offer
        if args.json:
            print(json.dumps(ask_result(replies), ensure_ascii=False), flush=True)
        else:
            print(ask_result(replies)["text"], flush=True)
            if args.question is None:
                print("---", flush=True)
    return 0


def _assess(args) -> int:
    from bot.handlers.datalek.assessment import assess

    try:
        raw = sys.stdin.read() if args.file == "-" else open(args.file, encoding="utf-8").read()
        facts = json.loads(raw)
        result = assess(facts)
    except (OSError, json.JSONDecodeError, ValueError, TypeError) as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    return 0


def _share_check(args) -> int:
    """The verdict of "Mag ik dit delen?" for answers given as JSON (docs/share-check.md)."""
    from bot.handlers.share_check.verdict import parse_answers, verdict

    try:
        raw = sys.stdin.read() if args.file == "-" else open(args.file, encoding="utf-8").read()
    except OSError as exc:
        print(f"Fout: kan {args.file} niet lezen ({exc}). / Error: cannot read {args.file} ({exc}).", file=sys.stderr)
        return 2
    try:
        answers = parse_answers(json.loads(raw))
    except json.JSONDecodeError as exc:
        print(f"Fout: ongeldige JSON ({exc}). / Error: invalid JSON ({exc}).", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    result = verdict(answers).to_dict(placeholders=load_config().placeholders())
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def _kb(args) -> int:
    import knowledge

    kb = knowledge.load(args.dir) if args.dir else knowledge.load()
    if kb.errors:
        print(f"Kennisbank NIET in orde: {len(kb.errors)} probleem/problemen:", file=sys.stderr)
        for error in kb.errors:
            print(f"  - {error}", file=sys.stderr)
        return 1
    english = sum(1 for e in kb.entries if e.en)
    areas = len({e.area for e in kb.entries})
    print(f"Kennisbank in orde: {len(kb.entries)} entries in {areas} onderwerpen, {english} met Engelse versie.")
    return 0


def _when(args) -> int:
    from datetime import datetime

    from bot.clock import utc_now
    from bot.dates import LOCAL, DateError, parse_moment

    try:
        now = datetime.fromisoformat(args.now) if args.now else utc_now()
    except ValueError:
        print(f"Fout: --now '{args.now}' is geen ISO-8601-tijdstip", file=sys.stderr)
        return 2
    if now.tzinfo is None:
        now = now.replace(tzinfo=LOCAL)
    try:
        moment = parse_moment(" ".join(args.text), now)
    except DateError as exc:
        print(json.dumps({"moment": None, "error": str(exc)}, ensure_ascii=False), flush=True)
        return 1
    print(json.dumps({"moment": moment.isoformat(timespec="seconds"), "error": None}, ensure_ascii=False), flush=True)
    return 0


# -- beheer: register verify | retention | backup | status ------------------------------------
HEARTBEAT_LIMIT_MINUTES = 10  # `status` fails when the reminder runner's last beat is older
PING_LATE_MINUTES = 5  # ... or when a ping is due longer than this and still not delivered


def _admin_store(args):
    """The configuration and the existing database (`--db` or the configured one); never a new, empty one."""
    from pathlib import Path

    from storage import open_db
    from storage.db import DatabaseUnusable

    config = load_config(**({"db_path": args.db} if args.db else {}))
    if not Path(config.db_path).exists():
        raise DatabaseUnusable(config.db_path, "het bestand bestaat niet")
    return config, open_db(config.db_path)


def _admin_now(args):
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


def _register(args) -> int:
    """`register verify`: walk the hash chain and check every incident against its events."""
    from storage.register import verify

    _, store = _admin_store(args)
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


def _retention(args) -> int:
    """`retention [--dry-run]`: per table what goes (or would go) under the retention terms."""
    from bot.reminders.runner import retention_policy
    from storage import retention

    now = _admin_now(args)
    if now is None:
        return 2
    config, store = _admin_store(args)
    outcomes = retention.apply(store, retention_policy(config), now, dry_run=args.dry_run)
    print("Bewaartermijnen, proefdraai: er is niets verwijderd." if args.dry_run else "Bewaartermijnen toegepast.")
    for o in outcomes:
        if o.reduced:
            verb = "in te korten" if args.dry_run else "ingekort"
        else:
            verb = "te verwijderen" if args.dry_run else "verwijderd"
        print(f"  {o.table:<20} {o.count:>6} {verb:<15} {o.what}")
    return 0


def _backup(args) -> int:
    """`backup PATH`: an online, consistent copy (SQLite backup API), readable only by its owner."""
    import sqlite3

    from storage.db import backup

    _, store = _admin_store(args)
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


def _status(args) -> int:
    """`status`: the heartbeat, the running clocks and undelivered pings; 1 when something is late."""
    from datetime import timedelta

    from bot.adapters.outbox import Outbox
    from bot.dates import format_local
    from bot.reminders import Reminders
    from bot.reminders.milestones import is_running, next_milestone, next_wake, pending
    from storage import heartbeat, notifications
    from storage.incidents import list_incidents, parse_iso

    now = _admin_now(args)
    if now is None:
        return 2
    config, store = _admin_store(args)
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


def _doctor(args) -> int:
    """Configuration, database, the platforms' credentials and (--ping) a test ping: a Dutch report."""
    from bot.runner import doctor

    config = load_config(**({"db_path": args.db} if args.db else {}))
    return doctor(config, ping=args.ping)


def _safe_logging() -> None:
    """Redact secrets from every log record (bot.logsafe), with the configured ones when readable."""
    from bot import logsafe

    try:
        config = load_config()
    except Exception:  # a broken setting is reported by the subcommand itself; patterns still apply
        config = None
    logsafe.install(config)


# -- de desk: web | desk-link | export --------------------------------------------------------
def _web(args) -> int:
    """`web [--port N] [--db PATH]`: the web desk on its own (bot/adapters/web)."""
    from bot.adapters.web import DEFAULT_PORT, run_web

    config = load_config(**({"db_path": args.db} if args.db else {}))
    port = args.port or config.web_port or DEFAULT_PORT
    if not config.web_base_url or config.web_base_url == f"http://127.0.0.1:{config.web_port}":
        config.web_base_url = f"http://127.0.0.1:{port}"  # the default follows --port
    config.web_port = port
    return run_web(config)


def _desk_link(args) -> int:
    """`desk-link ROLE_USER`: print a single-use login link to the desk (10 minutes)."""
    from bot.adapters.web import DEFAULT_PORT
    from bot.clock import utc_now
    from bot.handlers.desk import base_url, login_link
    from storage import open_db

    config = load_config(**({"db_path": args.db} if args.db else {}))
    if not config.roles_of(args.person):
        print(f"Fout: {args.person} is geen CISO, FG of plaatsvervanger (CISO_USERS, FG_USERS, DEPUTY_USERS); "
              "de desk is alleen voor hen.", file=sys.stderr)
        return 2
    url = base_url(config) or f"http://127.0.0.1:{DEFAULT_PORT}"
    print(login_link(open_db(config.db_path), config, args.person, utc_now(), url))
    return 0


def _export(args) -> int:
    """`export register --format csv|xlsx [--year Y] --out FILE` | `export events --out FILE`."""
    from pathlib import Path

    from bot.adapters.web import exports

    _, store = _admin_store(args)
    out = Path(args.out)
    try:
        if args.what == "events":
            with out.open("w", encoding="utf-8", newline="\n") as handle:
                count = 0
                for line in exports.events_lines(store):
                    handle.write(line)
                    count += 1
            print(f"Logboek geschreven naar {out}: {count} events (JSON-regels).")
            return 0
        filters = {"year": args.year} if args.year else {}
        if args.format == "xlsx":
            out.write_bytes(exports.register_xlsx_bytes(store, **filters))
        else:
            out.write_text(exports.register_csv_text(store, **filters), encoding="utf-8", newline="")
    except OSError as exc:
        print(f"Fout: kan {out} niet schrijven ({exc.strerror or exc}).", file=sys.stderr)
        return 2
    count = len(exports.records(store, **filters))
    print(f"Register geschreven naar {out}: {count} incidenten ({args.format.upper()}).")
    return 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    _safe_logging()
    parser = argparse.ArgumentParser(prog="python -m bot", description="Privacyloket")
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser("console", help="interactieve chat in de terminal (standaard)")
    p.add_argument("--db", help="pad naar het SQLite-bestand")
    p.add_argument("--user", help="wie je bent in de console (standaard CONSOLE_USER)")
    p = sub.add_parser("run", help="start alle geconfigureerde platforms (Slack, Telegram) of de console")
    p.add_argument("--db", help="pad naar het SQLite-bestand")
    p = sub.add_parser("ask", help="beantwoord een vraag (of regels van stdin)")
    p.add_argument("--json", action="store_true", help="één JSON-object per vraag")
    p.add_argument("--db", help="SQLite-bestand (standaard: in het geheugen)")
    p.add_argument("question", nargs="?")
    p = sub.add_parser("assess", help="voorlopige risicobeoordeling van een datalek (JSON)")
    p.add_argument("file", help="JSON-bestand met de feiten, of - voor stdin")
    p = sub.add_parser("share-check", help="advies van 'Mag ik dit delen?' voor antwoorden als JSON (docs/share-check.md)")
    p.add_argument("file", help="JSON-bestand met de antwoorden, of - voor stdin")
    p = sub.add_parser("kb", help="kennisbank beheren")
    p.add_argument("action", choices=["check"])
    p.add_argument("--dir", help="map met YAML-bestanden (standaard knowledge/entries)")
    p = sub.add_parser("when", help="lees een moment ('gisteren 15:00') zoals de datalek-intake (JSON)")
    p.add_argument("--now", help="ISO-8601 'nu' (standaard de echte tijd; zonder tijdzone: Nederlandse tijd)")
    p.add_argument("text", nargs="+", help="het moment, bijvoorbeeld \"gistermiddag 3 uur\"")
    p = sub.add_parser("register", help="het datalekregister controleren")
    p.add_argument("action", choices=["verify"], help="verify: de hashketen en elk incident tegen zijn logboek")
    p.add_argument("--db", help="pad naar het SQLite-bestand")
    p = sub.add_parser("retention", help="bewaartermijnen toepassen: per tabel wat weg gaat")
    p.add_argument("--dry-run", action="store_true", help="alleen tellen, niets verwijderen")
    p.add_argument("--db", help="pad naar het SQLite-bestand")
    p.add_argument("--now", help="ISO-8601 'nu' (standaard de echte tijd)")
    p = sub.add_parser("backup", help="online, consistente kopie van de database (0600)")
    p.add_argument("path", help="het nieuwe back-upbestand")
    p.add_argument("--db", help="pad naar het SQLite-bestand")
    p = sub.add_parser("status", help="hartslag, lopende klokken en niet verzonden herinneringen (voor monitoring)")
    p.add_argument("--db", help="pad naar het SQLite-bestand")
    p.add_argument("--now", help="ISO-8601 'nu' (standaard de echte tijd)")
    p = sub.add_parser("doctor", help="controleer configuratie, database en tokens; --ping stuurt een testping")
    p.add_argument("--ping", action="store_true", help="stuur elke CISO, FG en plaatsvervanger een testping")
    p.add_argument("--db", help="pad naar het SQLite-bestand")
    p = sub.add_parser("web", help="de desk (register, AP-melding, exports) in de browser, los van de chat")
    p.add_argument("--port", type=int, help="poort (standaard WEB_PORT, anders 8080)")
    p.add_argument("--db", help="pad naar het SQLite-bestand")
    p = sub.add_parser("desk-link", help="eenmalige inloglink voor de desk (10 minuten geldig)")
    p.add_argument("person", help="wie, als platform:gebruiker, bijv. console:ciso (moet CISO, FG of plaatsvervanger zijn)")
    p.add_argument("--db", help="pad naar het SQLite-bestand")
    p = sub.add_parser("export", help="het register (CSV, XLSX) of het logboek (JSON-regels) naar een bestand")
    p.add_argument("what", choices=["register", "events"], help="register: de incidenten; events: het logboek")
    p.add_argument("--format", choices=["csv", "xlsx"], default="csv", help="alleen bij register (standaard csv)")
    p.add_argument("--year", type=int, help="alleen bij register: één jaar")
    p.add_argument("--out", required=True, help="het bestand om te schrijven")
    p.add_argument("--db", help="pad naar het SQLite-bestand")
    args = parser.parse_args(argv)
    handlers = {"console": _console, "run": _run, "ask": _ask, "assess": _assess, "kb": _kb, "when": _when,
                "share-check": _share_check}
    handlers.update({"register": _register, "retention": _retention, "backup": _backup, "status": _status})
    handlers["doctor"] = _doctor
    handlers.update({"web": _web, "desk-link": _desk_link, "export": _export})
    if args.command is None:
        args = parser.parse_args(["console", *(argv or [])])
    from storage.db import DatabaseUnusable

    try:
        return handlers[args.command](args)
    except DatabaseUnusable as exc:  # one clear Dutch line instead of a traceback
        print(exc, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
