"""Settings from the environment or a `.env` file, read once into `Config`. Secrets are never logged.

`load_config` is the only place that reads the process environment: the `.env` file is parsed
(`dotenv_values`), never loaded into `os.environ`, and the real environment wins over the file.
Everything else (adapters included) reads the `Config` it is given.
"""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from typing import Mapping

from dotenv import dotenv_values

ROLE_CISO = "ciso"
ROLE_FG = "fg"
ROLE_DEPUTY = "deputy"
ROLE_LABELS = {ROLE_CISO: "CISO", ROLE_FG: "FG", ROLE_DEPUTY: "plaatsvervanger"}


def default_db_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "privacyloket" / "privacyloket.db"


def _users(value: str | None) -> tuple[str, ...]:
    """Parse "console:ciso, slack:U123" into person keys."""
    if not value:
        return ()
    return tuple(part.strip() for part in value.split(",") if part.strip())


@dataclass
class Config:
    db_path: str = field(default_factory=lambda: str(default_db_path()))
    organisation: str = "de gemeente"
    # Contacts as data (issue 15): each role's name, e-mail and phone apart, so sentences are written
    # around them ("de FG (fg@..., tel. ...)"), never a pasted string.
    ciso_name: str = "de CISO"
    ciso_email: str | None = "ciso@gemeente.example"
    ciso_phone: str | None = None
    fg_name: str = "de FG"
    fg_email: str | None = "fg@gemeente.example"
    fg_phone: str | None = None
    privacy_officer_name: str = "de privacy officer"
    privacy_officer_email: str | None = "privacy@gemeente.example"
    privacy_officer_phone: str | None = None
    console_user: str = "medewerker"
    # Roles: person keys "platform:user_id".
    ciso_users: tuple[str, ...] = ("console:ciso",)
    fg_users: tuple[str, ...] = ("console:fg",)
    deputy_users: tuple[str, ...] = ()
    # Platform settings (secrets: never print these).
    slack_bot_token: str | None = None
    slack_app_token: str | None = None
    slack_signing_secret: str | None = None
    slack_api_url: str | None = None
    port: int = 3000
    telegram_bot_token: str | None = None
    telegram_api_url: str | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: str | None = None
    telegram_webhook_port: int | None = None  # None: the webhook listens on `port`
    telegram_webhook_listen: str = "0.0.0.0"
    # Retention (storage/retention.py): abandoned dialogues, the question log, the full register entry.
    retention_dialogue_days: int = 14
    retention_question_days: int = 90
    retention_register_years: int = 5
    # The web desk (bot/adapters/web): on when web_port is set; links point at web_base_url.
    web_port: int | None = None
    web_host: str = "127.0.0.1"
    web_base_url: str | None = None  # default http://127.0.0.1:<web_port>
    web_secure: bool | None = None  # Secure cookies; None: when web_base_url is https

    # Names (never values) of the variables load_config saw, for `check` (unknown variables).
    env_names: tuple[str, ...] = ()

    def roles_of(self, person_key: str) -> set[str]:
        roles = set()
        if person_key in self.ciso_users:
            roles.add(ROLE_CISO)
        if person_key in self.fg_users:
            roles.add(ROLE_FG)
        if person_key in self.deputy_users:
            roles.add(ROLE_DEPUTY)
        return roles

    def reach(self, role: str) -> str:
        """How to reach a role: "fg@gemeente.example, tel. 020 123 4567" (what is set of the two)."""
        email, phone = getattr(self, f"{role}_email"), getattr(self, f"{role}_phone")
        return ", ".join(part for part in (email, f"tel. {phone}" if phone else None) if part)

    def contact(self, role: str) -> str:
        """A role as a noun phrase for inside a sentence: "de FG (fg@gemeente.example)"."""
        name, reach = getattr(self, f"{role}_name"), self.reach(role)
        return f"{name} ({reach})" if reach else name

    @property
    def ciso_contact(self) -> str:
        return self.contact("ciso")

    @property
    def fg_contact(self) -> str:
        return self.contact("fg")

    @property
    def privacy_officer_contact(self) -> str:
        return self.contact("privacy_officer")

    def placeholders(self) -> dict[str, str]:
        """{organisation}, and per role {ciso_contact} (name and how to reach), {ciso_name}, {ciso_reach}."""
        found = {"organisation": self.organisation}
        for role in ("ciso", "fg", "privacy_officer"):
            found[f"{role}_contact"] = self.contact(role)
            found[f"{role}_name"] = getattr(self, f"{role}_name")
            found[f"{role}_reach"] = self.reach(role) or "via deze chat"
        return found

    def __repr__(self) -> str:  # keep secrets out of logs and tracebacks
        return f"Config(db_path={self.db_path!r}, organisation={self.organisation!r})"


def read_environment(env_file: str | None = ".env") -> dict[str, str]:
    """The settings' source: `env_file` (if it exists) under the real environment, which wins.

    Nothing is written to `os.environ`."""
    values: dict[str, str] = {}
    if env_file and Path(env_file).exists():
        values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update(os.environ)
    return values


def load_config(env_file: str | None = ".env", **overrides) -> Config:
    env = read_environment(env_file)
    cfg = Config(db_path=str(default_db_path(env)))
    cfg.env_names = tuple(sorted(env))
    simple = {
        "PRIVACYLOKET_DB": "db_path",
        "ORGANISATION_NAME": "organisation",
        "CISO_NAME": "ciso_name", "CISO_EMAIL": "ciso_email", "CISO_PHONE": "ciso_phone",
        "FG_NAME": "fg_name", "FG_EMAIL": "fg_email", "FG_PHONE": "fg_phone",
        "PRIVACY_OFFICER_NAME": "privacy_officer_name", "PRIVACY_OFFICER_EMAIL": "privacy_officer_email",
        "PRIVACY_OFFICER_PHONE": "privacy_officer_phone",
        "CONSOLE_USER": "console_user",
        "SLACK_BOT_TOKEN": "slack_bot_token",
        "SLACK_APP_TOKEN": "slack_app_token",
        "SLACK_SIGNING_SECRET": "slack_signing_secret",
        "SLACK_API_URL": "slack_api_url",
        "TELEGRAM_BOT_TOKEN": "telegram_bot_token",
        "TELEGRAM_API_URL": "telegram_api_url",
        "TELEGRAM_WEBHOOK_URL": "telegram_webhook_url",
        "TELEGRAM_WEBHOOK_SECRET": "telegram_webhook_secret",
        "TELEGRAM_WEBHOOK_LISTEN": "telegram_webhook_listen",
    }
    for var, attr in simple.items():
        if env.get(var):
            setattr(cfg, attr, env[var])
    if env.get("PORT"):
        cfg.port = int(env["PORT"])
    if env.get("TELEGRAM_WEBHOOK_PORT"):
        cfg.telegram_webhook_port = int(env["TELEGRAM_WEBHOOK_PORT"])
    for var, attr in (("RETENTION_DIALOGUE_DAYS", "retention_dialogue_days"),
                      ("RETENTION_QUESTION_DAYS", "retention_question_days"),
                      ("RETENTION_REGISTER_YEARS", "retention_register_years")):
        if env.get(var):
            setattr(cfg, attr, int(env[var]))
    if env.get("WEB_PORT"):
        cfg.web_port = int(env["WEB_PORT"])
    cfg.web_host = env.get("WEB_HOST") or cfg.web_host
    cfg.web_base_url = (env.get("WEB_BASE_URL") or "").rstrip("/") or (
        f"http://127.0.0.1:{cfg.web_port}" if cfg.web_port else None)
    if env.get("WEB_SECURE"):
        cfg.web_secure = env["WEB_SECURE"].strip().lower() in ("1", "true", "yes", "ja")
    for var, attr in (("CISO_USERS", "ciso_users"), ("FG_USERS", "fg_users"), ("DEPUTY_USERS", "deputy_users")):
        if var in env:
            setattr(cfg, attr, _users(env[var]))
    for attr, value in overrides.items():
        setattr(cfg, attr, value)
    return cfg


# -- the check at start-up (`python -m bot run`, `python -m bot doctor`) ------------------------
PLATFORMS = ("slack", "telegram", "console")  # the platform part of a person key "platform:user_id"
PLATFORM_LABELS = {"slack": "Slack", "telegram": "Telegram", "console": "de console"}
OUR_PREFIXES = ("SLACK_", "TELEGRAM_", "PRIVACYLOKET_", "CISO_", "FG_", "DEPUTY_", "RETENTION_", "SMTP_", "WEB_",
                "DATABASE_")
# Every variable the bot reads (a test checks that load_config reads nothing else). A variable with
# one of OUR_PREFIXES that is not here is reported: mostly a typo that would otherwise do nothing.
KNOWN_VARIABLES = frozenset({
    "PRIVACYLOKET_DB", "PRIVACYLOKET_TEST_DATE", "ORGANISATION_NAME", "CISO_NAME", "CISO_EMAIL", "CISO_PHONE",
    "FG_NAME", "FG_EMAIL", "FG_PHONE", "PRIVACY_OFFICER_NAME", "PRIVACY_OFFICER_EMAIL", "PRIVACY_OFFICER_PHONE",
    "CONSOLE_USER", "CISO_USERS", "FG_USERS", "DEPUTY_USERS", "PORT",
    "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL",
    "TELEGRAM_BOT_TOKEN", "TELEGRAM_API_URL", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET",
    "TELEGRAM_WEBHOOK_PORT", "TELEGRAM_WEBHOOK_LISTEN",
    "RETENTION_DIALOGUE_DAYS", "RETENTION_QUESTION_DAYS", "RETENTION_REGISTER_YEARS",
    "WEB_PORT", "WEB_HOST", "WEB_BASE_URL", "WEB_SECURE",
    "DATABASE_URL",
    "SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_FROM", "SMTP_TO",
    "SMTP_STARTTLS", "SMTP_SSL", "SMTP_TLS", "SMTP_TIMEOUT",
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
            if platform not in PLATFORMS:
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


def unknown_variables(names) -> list[str]:
    return sorted(n for n in set(names) if n.startswith(OUR_PREFIXES) and n not in KNOWN_VARIABLES)


def check(config: Config, env_names=None) -> list[str]:
    """Problems with the configuration, one Dutch line each (empty: in order).

    `env_names`: the variable names to check for typos (default: those load_config saw)."""
    running = configured_platforms(config) or ["console"]
    problems = _platform_problems(config) + _role_problems(config, running)
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
