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
        engine.save_dialogue(person.key, "", None)  # every question stands alone
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


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
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
    args = parser.parse_args(argv)
    handlers = {"console": _console, "run": _run, "ask": _ask, "assess": _assess, "kb": _kb, "when": _when,
                "share-check": _share_check}
    if args.command is None:
        args = parser.parse_args(["console", *(argv or [])])
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
