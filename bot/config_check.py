"""The configuration check at start-up (`python -m bot run`, `python -m bot doctor`): one Dutch line
per problem, so a misconfigured worker stops with a clear message instead of failing silently."""
from __future__ import annotations

import difflib
import re

from bot.config import Config

# -- the check at start-up (`python -m bot run`, `python -m bot doctor`) ------------------------
PLATFORMS = ("slack", "telegram", "console")  # the platform part of a person key "platform:user_id"
TEST_PLATFORMS = ("record",)  # the test-only notifier of bot/adapters/record.py (the failover test)
PLATFORM_LABELS = {"slack": "Slack", "telegram": "Telegram", "console": "de console", "record": "het testbestand"}
OUR_PREFIXES = ("SLACK_", "TELEGRAM_", "PRIVACYLOKET_", "CISO_", "FG_", "DEPUTY_", "RETENTION_", "SMTP_", "WEB_",
                "DATABASE_")
# Every variable the bot reads (a test checks that load_config reads nothing else). A variable with
# one of OUR_PREFIXES that is not here is reported: mostly a typo that would otherwise do nothing.
KNOWN_VARIABLES = frozenset({
    "PRIVACYLOKET_DB", "PRIVACYLOKET_TEST_DATE", "PRIVACYLOKET_FAKE_CLOCK", "PRIVACYLOKET_FAKE_CLOCK_SPEED",
    "PRIVACYLOKET_FAKE_CLOCK_ANCHOR", "PRIVACYLOKET_RECORD_PINGS", "ORGANISATION_NAME", "CISO_NAME", "CISO_EMAIL", "CISO_PHONE",
    "FG_NAME", "FG_EMAIL", "FG_PHONE", "PRIVACY_OFFICER_NAME", "PRIVACY_OFFICER_EMAIL", "PRIVACY_OFFICER_PHONE",
    "CONSOLE_USER", "CISO_USERS", "FG_USERS", "DEPUTY_USERS", "PORT",
    "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL",
    "TELEGRAM_BOT_TOKEN", "TELEGRAM_API_URL", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET",
    "TELEGRAM_WEBHOOK_PORT", "TELEGRAM_WEBHOOK_LISTEN",
    "RETENTION_DIALOGUE_DAYS", "RETENTION_QUESTION_DAYS", "RETENTION_REGISTER_YEARS",
    "WEB_PORT", "WEB_HOST", "WEB_BASE_URL", "WEB_SECURE",
    "DATABASE_URL",
    "PRIVACYLOKET_MIGRATE",
    "SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "SMTP_FROM", "SMTP_STARTTLS", "SMTP_SSL",
    "SMTP_TIMEOUT", "SMTP_MODE", "SMTP_FALLBACK_MINUTES", "EMAIL_USERS",
})
ROLE_VARIABLES = (("CISO_USERS", "ciso_users", "CISO"), ("FG_USERS", "fg_users", "FG"),
                  ("DEPUTY_USERS", "deputy_users", "plaatsvervanger"))
_SLACK_USER = re.compile(r"[UW][A-Z0-9]+")
_TELEGRAM_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def configured_platforms(config: Config) -> list[str]:
    """The chat platforms whose settings are complete (the ones `python -m bot run` starts)."""
    platforms = []
    if config.slack_bot_token and (config.slack_app_token or config.slack_signing_secret):
        platforms.append("slack")
    if config.telegram_bot_token:
        platforms.append("telegram")
    return platforms


def any_platform_set(config: Config) -> bool:
    """Whether any platform setting is there at all (else `run` is the console, as meant)."""
    return bool(config.slack_bot_token or config.slack_app_token or config.slack_signing_secret
                or config.telegram_bot_token or config.telegram_webhook_url)


def _platform_problems(config: Config) -> list[str]:
    problems = []
    bot, app, signing = config.slack_bot_token, config.slack_app_token, config.slack_signing_secret
    if bot and not (app or signing):
        problems.append("SLACK_BOT_TOKEN is gezet, maar SLACK_APP_TOKEN (Socket Mode) en SLACK_SIGNING_SECRET "
                        "(HTTP-modus) ontbreken allebei: Slack kan zo niet starten.")
    for name, value in (("SLACK_APP_TOKEN", app), ("SLACK_SIGNING_SECRET", signing)):
        if value and not bot:
            problems.append(f"{name} is gezet zonder SLACK_BOT_TOKEN: Slack kan zo niet starten.")
    if bot and not bot.startswith("xoxb-"):
        problems.append("SLACK_BOT_TOKEN begint niet met xoxb-: dat is geen bot-token (verwisseld met het app-token?).")
    if app and not app.startswith("xapp-"):
        problems.append("SLACK_APP_TOKEN begint niet met xapp-: dat is geen app-token (verwisseld met het bot-token?).")
    token = config.telegram_bot_token
    if token and not _TELEGRAM_TOKEN.fullmatch(token):
        problems.append("TELEGRAM_BOT_TOKEN ziet er niet uit als een bot-token van @BotFather (getal:code).")
    for name, value in (("TELEGRAM_WEBHOOK_URL", config.telegram_webhook_url),
                        ("TELEGRAM_WEBHOOK_SECRET", config.telegram_webhook_secret)):
        if value and not token:
            problems.append(f"{name} is gezet zonder TELEGRAM_BOT_TOKEN: Telegram kan zo niet starten.")
    if config.telegram_webhook_secret and not config.telegram_webhook_url:
        problems.append("TELEGRAM_WEBHOOK_SECRET is gezet zonder TELEGRAM_WEBHOOK_URL: de webhook staat dus uit.")
    if config.telegram_webhook_secret and not _WEBHOOK_SECRET.fullmatch(config.telegram_webhook_secret):
        problems.append("TELEGRAM_WEBHOOK_SECRET mag alleen letters, cijfers, _ en - bevatten (1 tot 256 tekens).")
    slack_http = bot and signing and not app
    webhook = token and config.telegram_webhook_url
    if slack_http and webhook and (config.telegram_webhook_port or config.port) == config.port:
        problems.append(f"Slack (HTTP-modus) en de Telegram-webhook willen allebei poort {config.port} (PORT): "
                        "zet TELEGRAM_WEBHOOK_PORT op een andere poort.")
    return problems


def _role_problems(config: Config, running: list[str]) -> list[str]:
    problems = []
    for var, attr, label in ROLE_VARIABLES:
        users = getattr(config, attr)
        reachable = 0
        for key in users:
            platform, colon, user = key.partition(":")
            if not colon:
                guess = (f"telegram:{key}" if key.isdigit() else f"slack:{key}" if _SLACK_USER.fullmatch(key)
                         else "slack:U0123ABCD of telegram:123456789")
                problems.append(f"{var}: '{key}' mist het platform ervoor; schrijf bijvoorbeeld {guess}.")
                continue
            if platform not in PLATFORMS + TEST_PLATFORMS:
                problems.append(f"{var}: onbekend platform '{platform}' in '{key}' (kies uit {', '.join(PLATFORMS)}).")
                continue
            if not user:
                problems.append(f"{var}: '{key}' heeft geen gebruiker na de dubbele punt.")
                continue
            if platform == "slack" and not _SLACK_USER.fullmatch(user):
                problems.append(f"{var}: '{key}' is geen Slack-gebruikers-ID (die begint met U of W, "
                                "bijvoorbeeld slack:U0123ABCD; niet de naam of het kanaal).")
                continue
            if platform == "telegram" and not user.isdigit():
                problems.append(f"{var}: '{key}' is geen Telegram-gebruikersnummer (alleen cijfers, "
                                "bijvoorbeeld telegram:123456789).")
                continue
            if platform == "record" and "PRIVACYLOKET_RECORD_PINGS" in config.env_names:
                reachable += 1  # the failover test's recording notifier (bot/adapters/record.py)
                continue
            if platform not in running:
                if platform != "console":
                    problems.append(f"{var}: {key} staat op {PLATFORM_LABELS[platform]}, maar "
                                    f"{PLATFORM_LABELS[platform]} is niet ingesteld: deze persoon krijgt zo geen pings.")
                continue
            reachable += 1
        if attr == "deputy_users":
            continue
        if not users:
            problems.append(f"{var} is leeg: er is geen {label} die de pings van de 72-uursklok krijgt.")
        elif not reachable:
            where = " of ".join(PLATFORM_LABELS[p] for p in running)
            if all(key.startswith("console:") for key in users):
                problems.append(f"{var} noemt alleen de console ({', '.join(users)}), maar naast {where} draait geen "
                                f"console: niemand krijgt de pings voor de {label}. Zet bijvoorbeeld {var}=slack:U0123ABCD.")
            else:
                problems.append(f"{var}: geen enkele {label} is bereikbaar via {where}: niemand krijgt de pings "
                                f"voor de {label}.")
    return problems


SMTP_MODES = ("always", "fallback")
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def smtp_configured(config: Config) -> bool:
    """Whether pings may also go by e-mail (a server and a sender; `check` names what else is missing)."""
    return bool(config.smtp_host and config.smtp_from)


def _smtp_problems(config: Config) -> list[str]:
    problems = []
    if not config.smtp_host:
        named = [name for name, value in (("SMTP_USER", config.smtp_user), ("SMTP_PASSWORD", config.smtp_password),
                                          ("SMTP_FROM", config.smtp_from), ("EMAIL_USERS", config.email_users))
                 if value]
        if named:
            problems.append(f"{' en '.join(named)} {'is' if len(named) == 1 else 'zijn'} gezet zonder SMTP_HOST: "
                            "er gaat zo geen e-mail weg.")
        return problems
    if not config.smtp_from:
        problems.append("SMTP_HOST is gezet, maar SMTP_FROM (het afzenderadres) ontbreekt: er gaat zo geen e-mail weg.")
    elif "@" not in config.smtp_from:
        problems.append("SMTP_FROM is geen e-mailadres (zoiets als privacyloket@gemeente.nl).")
    if config.smtp_user and not config.smtp_password:
        problems.append("SMTP_USER is gezet zonder SMTP_PASSWORD: inloggen bij de mailserver lukt zo niet.")
    if config.smtp_password and not config.smtp_user:
        problems.append("SMTP_PASSWORD is gezet zonder SMTP_USER: inloggen bij de mailserver lukt zo niet.")
    if (config.smtp_password and not (config.smtp_ssl or config.smtp_starttls)
            and config.smtp_host not in _LOCAL_HOSTS):
        problems.append("SMTP_STARTTLS staat uit en SMTP_SSL niet aan: het wachtwoord (SMTP_PASSWORD) zou "
                        "onversleuteld over het netwerk gaan. Zet SMTP_STARTTLS=true of SMTP_SSL=true.")
    if config.smtp_mode not in SMTP_MODES:
        problems.append(f"SMTP_MODE '{config.smtp_mode}' bestaat niet: kies always (elke ping ook per e-mail) of "
                        "fallback (alleen als de chat niet lukt).")
    if config.smtp_fallback_minutes < 0:
        problems.append("SMTP_FALLBACK_MINUTES kan niet negatief zijn.")
    for key, address in config.email_users.items():
        platform, colon, user = key.partition(":")
        if not colon or platform not in PLATFORMS or not user:
            problems.append(f"EMAIL_USERS: '{key}' is geen persoon als platform:gebruiker "
                            "(bijvoorbeeld slack:U0123ABCD=ciso@gemeente.nl).")
        elif "@" not in address:
            problems.append(f"EMAIL_USERS: bij {key} staat geen e-mailadres (schrijf {key}=naam@gemeente.nl).")
    defaults = Config()
    for var, attr, label, users in (("CISO_EMAIL", "ciso_email", "CISO", config.ciso_users),
                                    ("FG_EMAIL", "fg_email", "FG", config.fg_users)):
        example = getattr(defaults, attr)
        if getattr(config, attr) == example and any(not config.email_users.get(key) for key in users):
            problems.append(f"{var} staat nog op het voorbeeldadres {example}: e-mail voor de {label} gaat zo naar "
                            f"een adres dat niet bestaat. Zet {var}, of een eigen adres per persoon in EMAIL_USERS.")
    return problems


# -- a PaaS whose disk is thrown away (python -m bot run refuses the SQLite default there) -------
# (a variable, or a prefix ending in "_", that the platform sets in every process; the platform's name)
EPHEMERAL_PLATFORMS = (("DYNO", "Heroku"), ("SCALINGO_", "Scalingo"), ("CC_", "Clever Cloud"), ("DOKKU_", "Dokku"),
                       ("RENDER", "Render"), ("FLY_APP_NAME", "Fly.io"), ("RAILWAY_", "Railway"))
MIGRATE_MODES = ("auto", "never")


def ephemeral_platform(names) -> str | None:
    """The PaaS whose variables are among `names` (its disk does not outlive a restart), or None."""
    names = set(names)
    for marker, platform in EPHEMERAL_PLATFORMS:
        found = any(n.startswith(marker) for n in names) if marker.endswith("_") else marker in names
        if found:
            return platform
    return None


def ephemeral_disk_problem(config: Config) -> str | None:
    """One Dutch line when the SQLite default would live on a disk the platform throws away, else None."""
    platform = ephemeral_platform(config.env_names)
    if platform is None or config.database_url or config.db_explicit:
        return None
    return (f"Privacyloket start niet: dit draait op {platform}, waar de schijf bij elke herstart of deploy wordt "
            f"gewist, en de database is het SQLite-bestand {config.db_path}: het register en de klok zouden "
            "zomaar verdwijnen. Zet DATABASE_URL (PostgreSQL) of PRIVACYLOKET_DB op een pad op een blijvend volume.")


def _database_problems(config: Config) -> list[str]:
    problems = []
    if config.database_url and not config.database_url.startswith(("postgresql://", "postgres://")):
        problems.append("DATABASE_URL begint niet met postgresql:// (of postgres://): alleen PostgreSQL wordt "
                        "ondersteund; zonder DATABASE_URL gebruikt Privacyloket het SQLite-bestand.")
    if config.db_migrate not in MIGRATE_MODES:
        problems.append(f"PRIVACYLOKET_MIGRATE '{config.db_migrate}' bestaat niet: kies never (niet migreren bij "
                        "het starten; python -m bot migrate doet het) of auto (de standaard).")
    return problems


def unknown_variables(names) -> list[str]:
    return sorted(n for n in set(names) if n.startswith(OUR_PREFIXES) and n not in KNOWN_VARIABLES)


def check(config: Config, env_names=None) -> list[str]:
    """Problems with the configuration, one Dutch line each (empty: in order).

    `env_names`: the variable names to check for typos (default: those load_config saw)."""
    running = configured_platforms(config) or ["console"]
    problems = _platform_problems(config) + _role_problems(config, running) + _smtp_problems(config)
    problems += _database_problems(config)
    names = config.env_names if env_names is None else env_names
    for old in ("CISO_CONTACT", "FG_CONTACT", "PRIVACY_OFFICER_CONTACT"):
        if old in names:
            role = old[: -len("_CONTACT")]
            problems.append(f"{old} bestaat niet meer: zet {role}_NAME, {role}_EMAIL en {role}_PHONE apart, "
                            "zodat zinnen met een contactpersoon goed lopen.")
    for name in unknown_variables([n for n in names if not n.endswith("_CONTACT")]):
        close = difflib.get_close_matches(name, sorted(KNOWN_VARIABLES), n=1, cutoff=0.75)
        hint = f" (bedoel je {close[0]}?)" if close else ""
        problems.append(f"Onbekende instelling {name}{hint}: die doet niets. Zie README.md voor de namen.")
    return problems
