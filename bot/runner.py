"""`python -m bot run`: every configured platform in one asyncio loop, one scheduler, one database.

Before anything starts, the configuration is checked (`bot.config.check`): with any platform setting
present, a problem stops the worker with exit code 2 and one Dutch line per problem; without any
(the console, as meant) the problems are printed as warnings. Secrets are redacted from every log
record from the start (`bot.logsafe`). `python -m bot doctor` (`doctor` below) checks the same, plus
the database, the platforms' credentials and, with --ping, a test ping to every role user.
"""
from __future__ import annotations

import asyncio
import logging
import signal
import sys

from bot import logsafe
from bot.config import Config, any_platform_set, check, configured_platforms

log = logging.getLogger(__name__)

EXIT_CONFIG = 2  # the configuration is unusable (as for an unusable database)
EXIT_FAILED = 1  # a platform refused to start or the process stopped on an error
CONFIG_HEADER = "Privacyloket start niet: de configuratie klopt niet."
CONFIG_FOOTER = "Los dit op in de omgeving of in .env; `python -m bot doctor` controleert alles opnieuw."

NO_TOKENS = """Er is geen Slack- of Telegram-token ingesteld, dus ik start de console.
Zet voor Slack: SLACK_BOT_TOKEN en SLACK_APP_TOKEN (Socket Mode), of SLACK_BOT_TOKEN en SLACK_SIGNING_SECRET (HTTP).
Zet voor Telegram: TELEGRAM_BOT_TOKEN. Zie README.md."""


def configured_adapters(engine, config: Config) -> list:
    """The adapters whose settings are complete (each adds its notifier to the outbox in `serve`)."""
    adapters = []
    platforms = configured_platforms(config)
    if "slack" in platforms:
        from bot.adapters.slack import SlackAdapter

        adapters.append(SlackAdapter(engine, config))
    if "telegram" in platforms:
        from bot.adapters.telegram import TelegramAdapter

        adapters.append(TelegramAdapter(engine, config))
    return adapters


async def serve(app, adapters: list, stop: asyncio.Event) -> None:
    """Start the adapters and the clock, wait for `stop`, then shut everything down cleanly."""
    started = []
    desk = None  # the web desk (bot/adapters/web), when WEB_PORT is set
    try:
        if app.config.web_port:
            from bot.adapters.web import WebDesk

            desk = WebDesk(app)
            await desk.start()
        for adapter in adapters:
            app.add_notifier(adapter.notifier)
            await adapter.start()
            started.append(adapter)
            log.warning("%s gestart", adapter.platform)
        await app.reminders.start()  # rebuild the wake-up from the database; send what is overdue once
        await stop.wait()
    finally:
        for adapter in reversed(started):
            try:
                await adapter.stop()
            except Exception:  # keep stopping the others
                log.exception("stopping %s failed", adapter.platform)
        await app.reminders.stop()
        if desk is not None:
            await desk.stop()


def config_gate(config: Config) -> int | None:
    """Print the configuration's problems; EXIT_CONFIG when they stop the worker, else None."""
    problems = check(config)
    if not problems:
        return None
    if not any_platform_set(config):  # the console, as meant: warn, and go on
        for problem in problems:
            print(f"Let op: {problem}", file=sys.stderr)
        return None
    print(CONFIG_HEADER, file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    print(CONFIG_FOOTER, file=sys.stderr)
    return EXIT_CONFIG


def ephemeral_disk_gate(config: Config) -> int | None:
    """On a PaaS whose disk is wiped (Heroku, Scalingo, ...) the SQLite default would lose the register
    at the next restart: refuse to start (EXIT_CONFIG) unless DATABASE_URL or PRIVACYLOKET_DB is set."""
    from bot.config_check import ephemeral_disk_problem

    problem = ephemeral_disk_problem(config)
    if problem is None:
        return None
    print(problem, file=sys.stderr)
    return EXIT_CONFIG


def test_hooks():
    """TEST ONLY (tests/test_failover.py), from the process environment, never from .env: a running fake
    clock (PRIVACYLOKET_FAKE_CLOCK, bot/clock.py) and a recording notifier (PRIVACYLOKET_RECORD_PINGS,
    bot/adapters/record.py). Unset, as in every deployment: the real clock and no recorder."""
    from bot.adapters.record import recording_from_environment
    from bot.clock import clock_from_environment, utc_now
    from bot.config import read_environment

    env = read_environment(None)
    clock = clock_from_environment(env)
    recorder = recording_from_environment(env, clock)
    if clock is not utc_now:
        log.warning("TEST: een nepklok loopt (PRIVACYLOKET_FAKE_CLOCK); nooit in productie")
    if recorder is not None:
        log.warning("TEST: pings gaan naar %s (PRIVACYLOKET_RECORD_PINGS); nooit in productie", recorder.path)
    return clock, recorder


def run_all(config: Config) -> int:
    from bot.app import build_app
    from storage.db import DatabaseUnusable

    logsafe.install(config)
    refused = config_gate(config)
    if refused is not None:
        return refused
    refused = ephemeral_disk_gate(config)
    if refused is not None:
        return refused
    clock, recorder = test_hooks()
    try:
        app = build_app(config, clock)
    except DatabaseUnusable as exc:  # one Dutch line, no traceback; 2 like every other unusable input
        print(exc, file=sys.stderr)
        return 2
    adapters = configured_adapters(app.engine, config)
    if recorder is not None:
        adapters.append(recorder)
    if not adapters and not config.web_port:  # with WEB_PORT alone: the desk and the clock, no console
        from bot.adapters.console import run_console

        print(NO_TOKENS)
        asyncio.run(run_console(app, config.console_user))
        return 0

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await serve(app, adapters, stop)

    try:
        asyncio.run(main())
    except Exception as exc:  # e.g. a token the platform rejects: one line, redacted; details at debug
        log.error("Privacyloket is gestopt: %s: %s", type(exc).__name__, exc)
        log.debug("details", exc_info=exc)
        return EXIT_FAILED
    return 0


# -- python -m bot doctor -------------------------------------------------------------------------
OK, PROBLEM, MAYBE, INFO = "✔", "✘", "?", "-"
TEST_PING = ("🩺 Testbericht van Privacyloket (python -m bot doctor --ping): je staat ingesteld als {roles}. "
             "Pings van de 72-uursklok komen hier binnen. Je hoeft niets te doen.")


def _database(config: Config) -> tuple[list[tuple[str, str]], object | None]:
    try:
        from storage.db import DatabaseUnusable
    except ImportError:  # pragma: no cover - older storage
        DatabaseUnusable = RuntimeError  # type: ignore[assignment,misc]
    from storage import open_db
    from storage.sql import redacted

    where = redacted(config.database)
    try:
        store = open_db(config.database, migrate=config.migrate_at_start)
    except DatabaseUnusable as exc:
        return [(PROBLEM, str(exc))], None
    except Exception as exc:
        return [(PROBLEM, f"de database {where} opent niet: {type(exc).__name__}: {exc}")], None
    kind = " (PostgreSQL)" if config.database_url else ""
    return [(OK, f"{where}{kind} opent en is bijgewerkt")], store


async def _credentials(config: Config) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    if config.slack_bot_token or config.slack_app_token:
        from bot.adapters.slack.webapi import check_credentials as slack_check

        lines += [(OK if ok else PROBLEM, text) for ok, text in await slack_check(config)]
    if config.telegram_bot_token:
        from bot.adapters.telegram.notify import check_credentials as telegram_check

        lines += [(OK if ok else PROBLEM, text) for ok, text in await telegram_check(config)]
    if config.slack_signing_secret:
        lines.append((INFO, "SLACK_SIGNING_SECRET is pas te controleren als Slack een verzoek stuurt."))
    return lines or [(INFO, "geen Slack of Telegram ingesteld: alleen de console")]


async def _test_pings(config: Config, store) -> list[tuple[str, str]]:
    from bot.adapters.outbox import Delivery
    from bot.app import build_app
    from bot.config import ROLE_LABELS
    from bot.messages import Person, Reply

    app = build_app(config, store=store)
    adapters = configured_adapters(app.engine, config)
    for adapter in adapters:
        app.add_notifier(adapter.notifier)
    running = configured_platforms(config)
    recipients = list(dict.fromkeys([*config.ciso_users, *config.fg_users, *config.deputy_users]))
    lines: list[tuple[str, str]] = []
    try:
        for key in recipients:
            platform, _, user = key.partition(":")
            roles = " en ".join(ROLE_LABELS[r] for r in sorted(config.roles_of(key)))
            if platform == "console":
                lines.append((INFO, f"{key} ({roles}): de console krijgt pings alleen in een console-sessie"))
                continue
            if platform not in running:
                lines.append((PROBLEM, f"{key} ({roles}): niet verstuurd, dit platform is niet ingesteld"))
                continue
            reply = Reply(TEST_PING.format(roles=roles), to=Person(platform, user))
            outcome = await app.outbox.deliver(key, reply)
            if outcome is Delivery.DELIVERED:
                lines.append((OK, f"{key} ({roles}): testping afgeleverd"))
            elif outcome is Delivery.MAYBE:
                lines.append((MAYBE, f"{key} ({roles}): geen antwoord van het platform; misschien afgeleverd"))
            else:
                lines.append((PROBLEM, f"{key} ({roles}): testping NIET afgeleverd (zie de waarschuwing hierboven)"))
    finally:
        for adapter in adapters:
            try:
                await adapter.stop()
            except Exception:
                log.debug("stopping %s after the test pings failed", adapter.platform, exc_info=True)
    return lines


async def diagnose(config: Config, ping: bool = False) -> list[tuple[str, list[tuple[str, str]]]]:
    """The doctor's findings: (section, [(mark, Dutch line)]). Never raises for a finding."""
    from bot.config_check import ephemeral_disk_problem

    problems = check(config)
    ephemeral = ephemeral_disk_problem(config)
    if ephemeral:  # what `run` would refuse
        problems.append(ephemeral)
    sections = [("Configuratie", [(PROBLEM, p) for p in problems] or [(OK, "geen problemen gevonden")])]
    database, store = _database(config)
    sections.append(("Database", database))
    sections.append(("Platforms", await _credentials(config)))
    if ping:
        if store is None:
            pings = [(PROBLEM, "niet gedaan: de database opent niet")]
        else:
            pings = await _test_pings(config, store)
        sections.append(("Testpings", pings))
    return sections


def doctor(config: Config, ping: bool = False, out=print) -> int:
    """`python -m bot doctor [--ping]`: a Dutch report; 1 when anything is wrong (or only maybe right)."""
    logsafe.install(config)
    sections = asyncio.run(diagnose(config, ping))
    out("Privacyloket doctor")
    bad = 0
    for title, lines in sections:
        out(f"\n{title}:")
        for mark, text in lines:
            out(f"  {mark} {text}")
            bad += mark in (PROBLEM, MAYBE)
    out("\n" + ("Alles in orde." if not bad else f"{bad} {'probleem' if bad == 1 else 'problemen'} gevonden."))
    return 1 if bad else 0
