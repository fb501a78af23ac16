"""Settings from the environment or a `.env` file, read once into `Config`. Secrets are never logged.

`load_config` is the only place that reads the process environment: the `.env` file is parsed
(`dotenv_values`), never loaded into `os.environ`, and the real environment wins over the file.
Everything else (adapters included) reads the `Config` it is given.
"""
from __future__ import annotations

import os
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


def _email_users(value: str | None) -> dict[str, str]:
    """Parse "slack:U0123=ciso@gemeente.nl, telegram:456=fg@gemeente.nl" into {person key: address}.

    An entry without "=" is kept with an empty address, so `check` can name it."""
    found: dict[str, str] = {}
    for part in _users(value):
        key, _, address = part.partition("=")
        found[key.strip()] = address.strip()
    return found


_YES = ("1", "true", "yes", "ja", "on")
_NO = ("0", "false", "no", "nee", "off")


def _flag(value: str, default: bool) -> bool:
    value = value.strip().lower()
    return True if value in _YES else False if value in _NO else default


@dataclass
class Config:
    db_path: str = field(default_factory=lambda: str(default_db_path()))
    # PostgreSQL instead of the SQLite file (storage/postgres.py): DATABASE_URL=postgresql://... (a secret:
    # it holds the password; bot/logsafe.py redacts it). PRIVACYLOKET_MIGRATE=never: a start on an old
    # PostgreSQL schema is refused (python -m bot migrate first) instead of migrating.
    database_url: str | None = None
    db_migrate: str = "auto"
    db_explicit: bool = False  # PRIVACYLOKET_DB or --db named the SQLite file (python -m bot run on a PaaS)
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
    # E-mail for pings (bot/adapters/email.py): on when smtp_host and smtp_from are set (`smtp_configured`).
    smtp_host: str | None = None
    smtp_port: int = 587  # 465 when smtp_ssl and no SMTP_PORT
    smtp_user: str | None = None
    smtp_password: str | None = None  # a secret: never print it (bot/logsafe.py redacts it)
    smtp_from: str | None = None
    smtp_starttls: bool = True  # STARTTLS before logging in and sending; refuse to send without it
    smtp_ssl: bool = False  # implicit TLS from the first byte (port 465) instead of STARTTLS
    smtp_timeout: float = 30.0  # seconds per SMTP step (as PING_TIMEOUT for the chat)
    smtp_mode: str = "fallback"  # "always": every ping by mail too; "fallback": only when chat fails
    smtp_fallback_minutes: int = 15  # fallback: mail a ping whose chat delivery is not sent this long after due
    # Person key -> own e-mail address; the CISO and FG roles fall back to ciso_email / fg_email.
    email_users: dict[str, str] = field(default_factory=dict)

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

    def email_of(self, person_key: str) -> str | None:
        """Where a person's pings go by e-mail: their own address, else their role's (CISO, FG), else None."""
        own = self.email_users.get(person_key)
        if own:
            return own
        if person_key in self.ciso_users and self.ciso_email:
            return self.ciso_email
        if person_key in self.fg_users and self.fg_email:
            return self.fg_email
        return None

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

    @property
    def database(self) -> str:
        """Where the database is: the PostgreSQL URL when DATABASE_URL is set, else the SQLite file."""
        return self.database_url or self.db_path

    @property
    def migrate_at_start(self) -> bool:
        return self.db_migrate != "never"

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
    for var, attr in (("SMTP_HOST", "smtp_host"), ("SMTP_USER", "smtp_user"), ("SMTP_PASSWORD", "smtp_password"),
                      ("SMTP_FROM", "smtp_from")):
        if env.get(var):
            setattr(cfg, attr, env[var].strip())
    if env.get("SMTP_SSL"):
        cfg.smtp_ssl = _flag(env["SMTP_SSL"], False)
    if env.get("SMTP_STARTTLS"):
        cfg.smtp_starttls = _flag(env["SMTP_STARTTLS"], True)
    if env.get("SMTP_PORT"):
        cfg.smtp_port = int(env["SMTP_PORT"])
    elif cfg.smtp_ssl:
        cfg.smtp_port = 465
    if env.get("SMTP_TIMEOUT"):
        cfg.smtp_timeout = float(env["SMTP_TIMEOUT"])
    if env.get("SMTP_MODE"):
        cfg.smtp_mode = env["SMTP_MODE"].strip().lower()
    if env.get("SMTP_FALLBACK_MINUTES"):
        cfg.smtp_fallback_minutes = int(env["SMTP_FALLBACK_MINUTES"])
    if env.get("EMAIL_USERS"):
        cfg.email_users = _email_users(env["EMAIL_USERS"])
    for var, attr in (("CISO_USERS", "ciso_users"), ("FG_USERS", "fg_users"), ("DEPUTY_USERS", "deputy_users")):
        if var in env:
            setattr(cfg, attr, _users(env[var]))
    if env.get("DATABASE_URL"):
        cfg.database_url = env["DATABASE_URL"].strip()
    if env.get("PRIVACYLOKET_MIGRATE"):
        cfg.db_migrate = env["PRIVACYLOKET_MIGRATE"].strip().lower()
    cfg.db_explicit = bool(env.get("PRIVACYLOKET_DB"))
    for attr, value in overrides.items():
        setattr(cfg, attr, value)
    if "db_path" in overrides:  # --db names a SQLite file: it wins over DATABASE_URL
        cfg.db_explicit = True
        if "database_url" not in overrides:
            cfg.database_url = None
    return cfg


# The check lives in bot/config_check.py; its names stay importable from here.
from bot.config_check import (  # noqa: E402, F401
    KNOWN_VARIABLES, OUR_PREFIXES, PLATFORMS, PLATFORM_LABELS, ROLE_VARIABLES, SMTP_MODES, any_platform_set, check, configured_platforms, smtp_configured, unknown_variables,
)
