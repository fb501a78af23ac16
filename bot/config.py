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


@dataclass
class Config:
    db_path: str = field(default_factory=lambda: str(default_db_path()))
    organisation: str = "de gemeente"
    fg_contact: str = "de functionaris gegevensbescherming (FG), fg@gemeente.example"
    ciso_contact: str = "de CISO, ciso@gemeente.example"
    privacy_officer_contact: str = "de privacy officer, privacy@gemeente.example"
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

    def roles_of(self, person_key: str) -> set[str]:
        roles = set()
        if person_key in self.ciso_users:
            roles.add(ROLE_CISO)
        if person_key in self.fg_users:
            roles.add(ROLE_FG)
        if person_key in self.deputy_users:
            roles.add(ROLE_DEPUTY)
        return roles

    def placeholders(self) -> dict[str, str]:
        return {
            "organisation": self.organisation,
            "fg_contact": self.fg_contact,
            "ciso_contact": self.ciso_contact,
            "privacy_officer_contact": self.privacy_officer_contact,
        }

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
    simple = {
        "PRIVACYLOKET_DB": "db_path",
        "ORGANISATION_NAME": "organisation",
        "FG_CONTACT": "fg_contact",
        "CISO_CONTACT": "ciso_contact",
        "PRIVACY_OFFICER_CONTACT": "privacy_officer_contact",
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
    for var, attr in (("CISO_USERS", "ciso_users"), ("FG_USERS", "fg_users"), ("DEPUTY_USERS", "deputy_users")):
        if var in env:
            setattr(cfg, attr, _users(env[var]))
    for attr, value in overrides.items():
        setattr(cfg, attr, value)
    return cfg
