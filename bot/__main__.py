"""Command line: console chat (default) | run | ask | assess | kb check | when | migrate | the admin commands.

This module is the parser and the dispatch; the subcommands themselves live in bot/cli/ (chat.py,
rules.py, admin.py, desk.py).
"""
from __future__ import annotations

import argparse
import logging
import sys

from bot.cli.admin import cmd_backup, cmd_doctor, cmd_migrate, cmd_register, cmd_retention, cmd_status
from bot.cli.chat import cmd_ask, cmd_console, cmd_run, cmd_when
from bot.cli.desk import cmd_desk_link, cmd_export, cmd_web
from bot.cli.rules import cmd_assess, cmd_kb, cmd_share_check
from bot.config import load_config


def _safe_logging() -> None:
    """Redact secrets from every log record (bot.logsafe), with the configured ones when readable."""
    from bot import logsafe

    try:
        config = load_config()
    except Exception:  # a broken setting is reported by the subcommand itself; patterns still apply
        config = None
    logsafe.install(config)


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
    p = sub.add_parser("migrate", help="databaseschema bijwerken (SQLite of DATABASE_URL) en zeggen wat er gebeurde")
    p.add_argument("--db", help="pad naar het SQLite-bestand (standaard: DATABASE_URL of PRIVACYLOKET_DB)")
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
    handlers = {"console": cmd_console, "run": cmd_run, "ask": cmd_ask, "assess": cmd_assess, "kb": cmd_kb,
                "when": cmd_when, "share-check": cmd_share_check}
    handlers.update({"register": cmd_register, "retention": cmd_retention, "backup": cmd_backup, "status": cmd_status})
    handlers["doctor"] = cmd_doctor
    handlers["migrate"] = cmd_migrate
    handlers.update({"web": cmd_web, "desk-link": cmd_desk_link, "export": cmd_export})
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
