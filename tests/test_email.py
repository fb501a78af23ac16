"""Pings by e-mail (bot/adapters/email.py), against a local SMTP server (aiosmtpd on 127.0.0.1).

SMTP_MODE=always mails every ping besides the chat; SMTP_MODE=fallback (the default) mails a ping
only when its chat delivery is still not confirmed SMTP_FALLBACK_MINUTES after it fell due. Each
mail is claimed once, so a restart never sends it again. The fake clock drives the minutes; the only
real waiting is the SMTP server's own I/O (and one deliberate 1-second client timeout).
"""
from __future__ import annotations

import asyncio
import email
import email.policy
import logging
import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from bot import logsafe
from bot.adapters.email import ANSWER_WHERE, EmailNotifier, render
from bot.adapters.outbox import Delivery
from bot.config import Config, check, load_config, smtp_configured
from bot.messages import Choice, Reply
from tests.helpers import ChatDriver, new_app
from tests.test_datalek import complete_intake
from tests.test_deadline import Recorder

REF = "DL-2026-0001"
SENDER = "privacyloket@teststad.nl"
CISO_MAIL = "ciso@teststad.nl"  # test:ciso's own address (EMAIL_USERS)
FG_ROLE_MAIL = "fg@teststad.example"  # FG_EMAIL in tests.helpers.make_config: the role's fallback
PASSWORD = "Zeer-Geheim-Wachtwoord-42"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """aiosmtpd's handler: keeps every accepted mail; `hold` keeps DATA unanswered (a silent server)."""

    def __init__(self):
        self.mails: list[email.message.EmailMessage] = []
        self.logins: list[bytes] = []
        self.hold = False
        self.release: asyncio.Event | None = None

    async def handle_DATA(self, server, session, envelope):
        if self.hold:
            self.release = asyncio.Event()
            await self.release.wait()
            return "451 te laat"
        self.mails.append(email.message_from_bytes(envelope.original_content or envelope.content,
                                                   policy=email.policy.default))
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        self.logins.append(auth_data.login)
        return AuthResult(success=auth_data.password == PASSWORD.encode(), handled=False)  # 535 when wrong

    def to(self) -> list[str]:
        return sorted(mail["To"] for mail in self.mails)


@pytest.fixture
def smtpd():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(),
                            authenticator=mailbox.authenticate, auth_require_tls=False)
    controller.start()
    mailbox.port = controller.port
    yield mailbox
    if mailbox.release is not None:
        controller.loop.call_soon_threadsafe(mailbox.release.set)
    controller.stop()


def smtp_settings(port: int, **more) -> dict:
    return {**dict(smtp_host="127.0.0.1", smtp_port=port, smtp_from=SENDER, smtp_starttls=False,
                   email_users={"test:ciso": CISO_MAIL}), **more}


def setup(tmp_path, clock, smtpd, fail=False, **settings):
    app = new_app(tmp_path, clock, **smtp_settings(smtpd.port, **settings))
    recorder = Recorder(fail)
    app.add_notifier(recorder)
    return app, recorder, ChatDriver(app.engine)


def fire(app) -> int:
    return asyncio.run(app.reminders.fire_due())


def email_rows(app) -> list[tuple[str, str, str]]:
    return sorted((r["milestone"], r["recipient"], r["status"]) for r in app.store.db["notifications"].rows
                  if r["milestone"].startswith("email:"))


def restart(tmp_path, clock, smtpd, fail=False, **settings):
    """A new process on the same database: start the clock (catch-up pass), then stop it."""
    app = new_app(tmp_path, clock, **smtp_settings(smtpd.port, **settings))
    recorder = Recorder(fail)
    app.add_notifier(recorder)

    async def start_and_stop():
        await app.reminders.start()
        await app.reminders.stop()

    asyncio.run(start_and_stop())
    return app, recorder


# -- SMTP_MODE=always ------------------------------------------------------------------------------
def test_always_sends_chat_and_mail_once_each(tmp_path, clock, smtpd):
    app, rec, chat = setup(tmp_path, clock, smtpd, smtp_mode="always")
    complete_intake(chat)
    assert rec.take() == [("test:ciso", "filed"), ("test:fg", "filed")]
    assert smtpd.to() == [CISO_MAIL, FG_ROLE_MAIL]  # own address for the CISO, the role's for the FG
    mail = smtpd.mails[0]
    assert mail["From"] == SENDER and mail["Auto-Submitted"] == "auto-generated"
    assert mail["Subject"] == rec.replies[0].text.splitlines()[0] and REF in mail["Subject"]
    body = mail.get_content()
    assert "Uiterlijk melden bij de AP" in body and ANSWER_WHERE in body
    assert "inc:ack" not in body and "http" not in body  # no action links, no tokens

    assert fire(app) == 0 and len(smtpd.mails) == 2  # nothing twice
    clock.advance(minutes=61)  # unacked-1h: the deputy too by chat, but the deputy has no address
    fire(app)
    assert rec.take() == [("test:ciso", "unacked-1h"), ("test:deputy", "unacked-1h"), ("test:fg", "unacked-1h")]
    assert len(smtpd.mails) == 4 and smtpd.to().count(CISO_MAIL) == 2
    assert fire(app) == 0 and len(smtpd.mails) == 4
    assert email_rows(app) == [("email:filed", "test:ciso", "sent"), ("email:filed", "test:fg", "sent"),
                               ("email:unacked-1h", "test:ciso", "sent"), ("email:unacked-1h", "test:fg", "sent")]


def test_always_a_restart_does_not_mail_again(tmp_path, clock, smtpd):
    app, rec, chat = setup(tmp_path, clock, smtpd, smtp_mode="always")
    complete_intake(chat)
    assert len(smtpd.mails) == 2
    clock.advance(minutes=20)
    _, rec2 = restart(tmp_path, clock, smtpd, smtp_mode="always")
    assert rec2.take() == [] and len(smtpd.mails) == 2


def test_a_shared_role_mailbox_gets_one_mail(tmp_path, clock, smtpd):
    """Two CISOs without an own address share CISO_EMAIL: one mail per ping, not two."""
    app, rec, chat = setup(tmp_path, clock, smtpd, smtp_mode="always", email_users={},
                           ciso_users=("test:ciso", "test:ciso2"), ciso_email="ciso@teststad.nl")
    complete_intake(chat)
    assert rec.take() == [("test:ciso", "filed"), ("test:ciso2", "filed"), ("test:fg", "filed")]
    assert smtpd.to() == [CISO_MAIL, FG_ROLE_MAIL]


# -- SMTP_MODE=fallback (the default) --------------------------------------------------------------
def test_fallback_mails_once_when_the_chat_fails_for_the_configured_minutes(tmp_path, clock, smtpd):
    app, rec, chat = setup(tmp_path, clock, smtpd, fail=True, smtp_fallback_minutes=15)
    assert app.config.smtp_mode == "fallback"
    complete_intake(chat)
    assert rec.take() == [] and smtpd.mails == []  # the chat failed, but only just
    clock.advance(minutes=10)
    fire(app)
    assert smtpd.mails == []  # 10 minutes: still waiting for the chat
    clock.advance(minutes=5)
    fire(app)
    assert smtpd.to() == [CISO_MAIL, FG_ROLE_MAIL]  # 15 minutes: one mail each
    assert ANSWER_WHERE in smtpd.mails[0].get_content()
    for _ in range(3):
        clock.advance(minutes=5)
        fire(app)
    assert len(smtpd.mails) == 2  # the chat keeps failing, the mail went once
    assert email_rows(app) == [("email:filed", "test:ciso", "sent"), ("email:filed", "test:fg", "sent")]
    assert app.store.db["notifications"].count == 2  # the chat pings are not claimed: they are retried

    _, rec2 = restart(tmp_path, clock, smtpd, fail=True)  # a restart while the chat is still down
    assert len(smtpd.mails) == 2
    rec.fail = False
    clock.advance(minutes=5)
    fire(app)  # the chat is back: the ping arrives there too, and no mail again
    assert rec.take() == [("test:ciso", "filed"), ("test:fg", "filed")] and len(smtpd.mails) == 2


def test_fallback_sends_no_mail_when_the_chat_delivers(tmp_path, clock, smtpd):
    app, rec, chat = setup(tmp_path, clock, smtpd)
    complete_intake(chat)
    assert rec.take() == [("test:ciso", "filed"), ("test:fg", "filed")]
    clock.advance(minutes=30)
    fire(app)
    clock.advance(minutes=31)  # unacked-1h, delivered by chat at once
    fire(app)
    assert len(rec.take()) == 3
    clock.advance(minutes=30)
    fire(app)
    assert smtpd.mails == [] and email_rows(app) == []


def test_fallback_counts_from_when_the_ping_fell_due(tmp_path, clock, smtpd):
    """A catch-up after a restart, with the chat down: the ping fell due long ago, so it is mailed at once."""
    app, rec, chat = setup(tmp_path, clock, smtpd)
    complete_intake(chat)
    clock.advance(hours=2)  # down meanwhile: unacked-1h came due an hour ago
    _, rec2 = restart(tmp_path, clock, smtpd, fail=True)
    assert smtpd.to() == [CISO_MAIL, FG_ROLE_MAIL]  # the deputy has no address
    assert all("unacked-1h" in row[0] for row in email_rows(app))


# -- the notifier on its own -----------------------------------------------------------------------
def notifier(port: int, **settings) -> EmailNotifier:
    return EmailNotifier(Config(**smtp_settings(port, **settings)))


PING = Reply("⏰ Herinnering DL-2026-0001: nog 24 uur\n• Wat: E-mail naar verkeerde ontvanger",
             [Choice("✔ Gezien", "inc:ack:DL-2026-0001")])


def test_render_is_plain_text_without_actions():
    mail = render(PING, SENDER, CISO_MAIL)
    assert mail["Subject"] == "⏰ Herinnering DL-2026-0001: nog 24 uur"
    body = mail.get_content()
    assert f"{ANSWER_WHERE} (✔ Gezien)." in body and "inc:ack" not in body
    assert mail.get_content_type() == "text/plain"


def test_timeout_is_maybe_refusals_are_failed(smtpd):
    smtpd.hold = True  # the server takes the message and never answers
    assert asyncio.run(EmailNotifier(notifier(smtpd.port).config, timeout=1.0).deliver(f"email:{CISO_MAIL}", PING)) \
        is Delivery.MAYBE
    assert asyncio.run(notifier(free_port()).deliver(f"email:{CISO_MAIL}", PING)) is Delivery.FAILED  # no server
    smtpd.hold = False
    # STARTTLS configured but not offered: refuse rather than send (and log in) in the clear
    assert asyncio.run(notifier(smtpd.port, smtp_starttls=True).deliver(f"email:{CISO_MAIL}", PING)) is Delivery.FAILED
    assert asyncio.run(notifier(smtpd.port).deliver("test:nobody", PING)) is Delivery.FAILED  # no address
    assert smtpd.mails == []
    assert asyncio.run(notifier(smtpd.port).deliver("test:ciso", PING)) is Delivery.DELIVERED
    assert smtpd.to() == [CISO_MAIL]


def test_the_password_never_appears_in_the_logs(smtpd, caplog):
    caplog.set_level(logging.DEBUG)
    good = notifier(smtpd.port, smtp_user="loket", smtp_password=PASSWORD)
    assert asyncio.run(good.deliver("test:ciso", PING)) is Delivery.DELIVERED
    assert smtpd.logins == [b"loket"]  # it did log in
    bad = notifier(smtpd.port, smtp_user="loket", smtp_password=PASSWORD + "-fout")
    assert asyncio.run(bad.deliver("test:ciso", PING)) is Delivery.FAILED
    assert "refused by the mail server: SMTPAuthenticationError" in caplog.text
    assert PASSWORD not in caplog.text
    assert PASSWORD not in repr(good.config)
    assert PASSWORD in logsafe.secrets_of(good.config)  # and redacted from every record once installed
    logsafe.install(good.config)
    try:
        logging.getLogger("bot.test").warning("verbinding met %s mislukt", PASSWORD)
        assert PASSWORD not in caplog.text and logsafe.HIDDEN in caplog.text
    finally:
        logsafe.uninstall()


# -- configuration ---------------------------------------------------------------------------------
SLACK = dict(slack_bot_token="xoxb-1-2-abc", slack_app_token="xapp-1-A1-abc",
             ciso_users=("slack:UCISO",), fg_users=("slack:UFG",), deputy_users=(),
             ciso_email="ciso@teststad.nl", fg_email="fg@teststad.nl")
SMTP = dict(smtp_host="smtp.teststad.nl", smtp_from=SENDER, smtp_user="loket", smtp_password=PASSWORD)


def problems(**settings) -> list[str]:
    return check(Config(**{**SLACK, **SMTP, **settings}))


def test_a_complete_smtp_configuration_has_no_problems():
    assert problems() == []
    assert problems(smtp_user=None, smtp_password=None) == []  # a relay without login
    assert problems(smtp_mode="always", email_users={"slack:UCISO": "jan@teststad.nl"}) == []
    assert smtp_configured(Config(**SMTP)) and not smtp_configured(Config())


def test_half_set_smtp_settings_are_problems():
    assert problems(smtp_from=None) == [
        "SMTP_HOST is gezet, maar SMTP_FROM (het afzenderadres) ontbreekt: er gaat zo geen e-mail weg."]
    assert problems(smtp_host=None) == [
        "SMTP_USER en SMTP_PASSWORD en SMTP_FROM zijn gezet zonder SMTP_HOST: er gaat zo geen e-mail weg."]
    assert problems(smtp_password=None) == [
        "SMTP_USER is gezet zonder SMTP_PASSWORD: inloggen bij de mailserver lukt zo niet."]
    assert problems(smtp_user=None) == [
        "SMTP_PASSWORD is gezet zonder SMTP_USER: inloggen bij de mailserver lukt zo niet."]
    assert "onversleuteld" in problems(smtp_starttls=False)[0]
    assert problems(smtp_starttls=False, smtp_ssl=True) == []
    assert "SMTP_MODE 'soms' bestaat niet" in problems(smtp_mode="soms")[0]
    assert "SMTP_FROM is geen e-mailadres" in problems(smtp_from="loket")[0]
    assert "EMAIL_USERS: 'UCISO' is geen persoon" in problems(email_users={"UCISO": "jan@teststad.nl"})[0]
    assert "EMAIL_USERS: bij slack:UCISO staat geen e-mailadres" in problems(email_users={"slack:UCISO": ""})[0]
    assert "EMAIL_USERS is gezet zonder SMTP_HOST" in problems(**{k: None for k in SMTP},
                                                              email_users={"slack:UCISO": "jan@teststad.nl"})[0]
    example = problems(ciso_email=Config().ciso_email)
    assert example == [f"CISO_EMAIL staat nog op het voorbeeldadres {Config().ciso_email}: e-mail voor de CISO gaat "
                       "zo naar een adres dat niet bestaat. Zet CISO_EMAIL, of een eigen adres per persoon in EMAIL_USERS."]
    assert problems(ciso_email=Config().ciso_email, email_users={"slack:UCISO": "jan@teststad.nl"}) == []


SMTP_VARS = ("SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "SMTP_FROM", "SMTP_STARTTLS", "SMTP_SSL",
             "SMTP_TIMEOUT", "SMTP_MODE", "SMTP_FALLBACK_MINUTES", "EMAIL_USERS")


def test_load_config_reads_the_smtp_settings(tmp_path, monkeypatch):
    for var in SMTP_VARS:
        monkeypatch.delenv(var, raising=False)
    defaults = load_config(env_file=None)
    assert (defaults.smtp_host, defaults.smtp_port, defaults.smtp_starttls, defaults.smtp_mode,
            defaults.smtp_fallback_minutes, defaults.email_users) == (None, 587, True, "fallback", 15, {})
    env = tmp_path / ".env"
    env.write_text(f"SMTP_HOST=smtp.teststad.nl\nSMTP_USER=loket\nSMTP_PASSWORD={PASSWORD}\nSMTP_FROM={SENDER}\n"
                   "SMTP_STARTTLS=false\nSMTP_SSL=true\nSMTP_MODE=Always\nSMTP_FALLBACK_MINUTES=30\n"
                   "EMAIL_USERS=slack:U0123=ciso@teststad.nl, telegram:456=fg@teststad.nl\n")
    config = load_config(str(env))
    assert (config.smtp_host, config.smtp_port, config.smtp_user, config.smtp_from) == (
        "smtp.teststad.nl", 465, "loket", SENDER)  # SMTP_SSL without SMTP_PORT: 465
    assert (config.smtp_starttls, config.smtp_ssl, config.smtp_mode, config.smtp_fallback_minutes) == (
        False, True, "always", 30)
    assert config.email_users == {"slack:U0123": "ciso@teststad.nl", "telegram:456": "fg@teststad.nl"}
    assert config.email_of("slack:U0123") == "ciso@teststad.nl"
    assert PASSWORD not in repr(config)
    assert not [p for p in check(config) if p.startswith("Onbekende instelling")]
