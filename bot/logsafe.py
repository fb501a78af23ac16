"""Secrets never in logs: every log record is redacted before any handler sees it.

`install(config)` is called at start-up (`python -m bot ...` and `bot.runner.run_all`). It wraps the
logging record factory, so every record of every library (slack_sdk, python-telegram-bot, httpx,
aiohttp, ...) is redacted when it is made: its message with the arguments filled in, the text of its
exception (traceback and message) and its stack. It also redacts uncaught exceptions printed by
`sys.excepthook`. Redacted are:

- every configured secret (Slack bot and app token, signing secret, Telegram token, webhook
  secret, SMTP password, the password in DATABASE_URL), at least `MIN_SECRET` characters long;
- anything that looks like a token: Slack tokens (xoxb-, xapp-, ...), Telegram bot tokens
  (`123456:ABC...`, also inside a Bot API URL), and the password in a URL (`scheme://user:pw@`).

Each becomes `[verborgen]`. `add_secret()` adds one made at run time (a random webhook secret).
"""
from __future__ import annotations

import logging
import re
import sys
import traceback
from typing import Iterable

HIDDEN = "[verborgen]"
MIN_SECRET = 4  # shorter "secrets" would blank out ordinary words in every log line
SECRET_FIELDS = ("slack_bot_token", "slack_app_token", "slack_signing_secret", "telegram_bot_token",
                 "telegram_webhook_secret", "smtp_password", "web_secret", "web_session_secret")
PATTERNS = (
    re.compile(r"\bx(?:ox[abposre]|app)-[A-Za-z0-9-]{6,}"),  # Slack tokens
    re.compile(r"\d+:[A-Za-z0-9_-]{30,}"),  # Telegram bot tokens
)
URL_PASSWORD = re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@]+:)([^\s@/]+)(@)")


class SecretFilter(logging.Filter):
    """Redacts a record in place (message, arguments, exception text, stack); always keeps it."""

    def __init__(self, secrets: Iterable[str] = ()):
        super().__init__()
        self.secrets: list[str] = []
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        if secret and len(secret) >= MIN_SECRET and secret not in self.secrets:
            self.secrets.append(secret)
            self.secrets.sort(key=len, reverse=True)  # a longer secret that contains a shorter one first

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, HIDDEN)
        for pattern in PATTERNS:
            text = pattern.sub(HIDDEN, text)
        return URL_PASSWORD.sub(lambda m: m.group(1) + HIDDEN + m.group(3), text)

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact in place; a record with nothing to hide is left exactly as it was (msg, args, exc_info)."""
        if getattr(record, "_privacyloket_checked", False):
            return True
        record._privacyloket_checked = True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep what can be shown
            message = f"{record.msg!r} {record.args!r}"
        hidden = self.redact(message)
        if hidden != message:
            record.msg, record.args = hidden, None
        if record.exc_info and not record.exc_text:
            text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            hidden = self.redact(text)
            if hidden != text:  # the formatter would format exc_info again, unredacted: drop it
                record.exc_text, record.exc_info = hidden, None
        elif record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


_filter = SecretFilter()
_original_factory = None
_original_excepthook = None


def secrets_of(config) -> list[str]:
    found = [getattr(config, name, None) for name in SECRET_FIELDS]
    url = getattr(config, "database_url", None)
    if url:
        match = URL_PASSWORD.search(url)
        if match:
            found.append(match.group(2))
    return [s for s in found if isinstance(s, str)]


def add_secret(secret: str | None) -> None:
    _filter.add(secret)


def redact(text: str) -> str:
    return _filter.redact(text)


def install(config=None) -> SecretFilter:
    """Redact every log record from now on (idempotent; a later call adds the config's secrets)."""
    global _original_factory, _original_excepthook
    if config is not None:
        for secret in secrets_of(config):
            _filter.add(secret)
    if _original_factory is None:
        _original_factory = logging.getLogRecordFactory()

        def factory(*args, **kwargs) -> logging.LogRecord:
            record = _original_factory(*args, **kwargs)
            _filter.filter(record)
            return record

        logging.setLogRecordFactory(factory)
    if _original_excepthook is None:
        _original_excepthook = sys.excepthook

        def excepthook(kind, value, tb) -> None:
            text = "".join(traceback.format_exception(kind, value, tb))
            sys.stderr.write(_filter.redact(text))

        sys.excepthook = excepthook
    for handler in logging.getLogger().handlers:  # records made before install() still pass a handler
        if _filter not in handler.filters:
            handler.addFilter(_filter)
    return _filter


def uninstall() -> None:
    """Undo install() (tests)."""
    global _original_factory, _original_excepthook
    if _original_factory is not None:
        logging.setLogRecordFactory(_original_factory)
        _original_factory = None
    if _original_excepthook is not None:
        sys.excepthook = _original_excepthook
        _original_excepthook = None
    for handler in logging.getLogger().handlers:
        handler.removeFilter(_filter)
    _filter.secrets.clear()
