"""De desk: web | desk-link | export."""
from __future__ import annotations

import sys

from bot.cli.admin import admin_store
from bot.config import load_config


# -- de desk: web | desk-link | export --------------------------------------------------------
def cmd_web(args) -> int:
    """`web [--port N] [--db PATH]`: the web desk on its own (bot/adapters/web)."""
    from bot.adapters.web import DEFAULT_PORT, run_web

    config = load_config(**({"db_path": args.db} if args.db else {}))
    port = args.port or config.web_port or DEFAULT_PORT
    if not config.web_base_url or config.web_base_url == f"http://127.0.0.1:{config.web_port}":
        config.web_base_url = f"http://127.0.0.1:{port}"  # the default follows --port
    config.web_port = port
    return run_web(config)


def cmd_desk_link(args) -> int:
    """`desk-link ROLE_USER`: print a single-use login link to the desk (10 minutes)."""
    from bot.adapters.web import DEFAULT_PORT
    from bot.clock import utc_now
    from bot.handlers.desk import base_url, login_link
    from storage import open_db

    config = load_config(**({"db_path": args.db, "db_explicit": True, "database_url": None} if args.db else {}))
    if not config.roles_of(args.person):
        print(f"Fout: {args.person} is geen CISO, FG of plaatsvervanger (CISO_USERS, FG_USERS, DEPUTY_USERS); "
              "de desk is alleen voor hen.", file=sys.stderr)
        return 2
    url = base_url(config) or f"http://127.0.0.1:{DEFAULT_PORT}"
    print(login_link(open_db(config.database), config, args.person, utc_now(), url))
    return 0


def cmd_export(args) -> int:
    """`export register --format csv|xlsx [--year Y] --out FILE` | `export events --out FILE`."""
    from pathlib import Path

    from bot.adapters.web import exports

    _, store = admin_store(args)
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
