"""The chat subcommands: console (default) | run | ask | when."""
from __future__ import annotations

import asyncio
import json
import sys

from bot.config import load_config


def cmd_console(args) -> int:
    from bot.adapters.console import run_console
    from bot.app import build_app

    config = load_config(**({"db_path": args.db} if args.db else {}))
    asyncio.run(run_console(build_app(config), args.user or config.console_user))
    return 0


def cmd_run(args) -> int:
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


def cmd_ask(args) -> int:
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


def cmd_when(args) -> int:
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
