"""Pings by e-mail: a second way to reach the CISO, the FG and their deputies (issue 12, item 8).

Not a chat platform: a ping goes by e-mail besides the chat, to the person's own address
(`EMAIL_USERS`) or their role's (`CISO_EMAIL`, `FG_EMAIL`); see `Config.email_of`. When it goes is
the reminder runner's choice (`Reminders._email_fallback`): with every ping (`SMTP_MODE=always`) or
only when the chat delivery is still not confirmed `SMTP_FALLBACK_MINUTES` after the ping fell due
(`fallback`, the default). Each mail is claimed once in the notifications table, so it is never sent
twice, also across restarts.

The mail is plain text: the subject is the ping's first line, the body its text and, instead of
buttons, where to answer ("Ga naar de chat of de desk om te reageren"). It carries no link with a
token or other secret: a mailbox is forwarded, archived and read on phones.

Sending uses the standard library's smtplib in a thread (`asyncio.to_thread`), with STARTTLS by
default (refusing to log in or send when the server does not offer it) or implicit TLS (`SMTP_SSL`).
What an error means follows bot.adapters.outbox's contract: `deliver()` never raises; an error
before the message was handed over (no connection, STARTTLS or login refused, the sender or
recipient refused, a timeout before sending) is FAILED; a timeout or a dropped connection while the
message was being handed over is MAYBE (the server may have accepted it). The password is never
logged: only the error's type and the server's answer code are.
"""
from __future__ import annotations

import asyncio
import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from bot.adapters.outbox import Delivery
from bot.clock import utc_now
from bot.config import Config
from bot.messages import Reply

log = logging.getLogger(__name__)

PLATFORM = "email"
ANSWER_WHERE = "Ga naar de chat of de desk om te reageren"


def render(reply: Reply, sender: str, address: str, when=None) -> EmailMessage:
    """A ping as a plain-text mail: subject = its first line; the choices become where to answer."""
    lines = reply.text.strip().splitlines() or [""]
    message = EmailMessage()
    message["Subject"] = lines[0].strip()[:200]
    message["From"] = sender
    message["To"] = address
    if when is not None:
        message["Date"] = format_datetime(when)
    domain = sender.rpartition("@")[2] or None
    message["Message-ID"] = make_msgid("privacyloket", domain=domain)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to the bot
    body = reply.text.strip()
    if reply.choices:
        labels = ", ".join(choice.label for choice in reply.choices)
        body += f"\n\n{ANSWER_WHERE} ({labels})."
    else:
        body += f"\n\n{ANSWER_WHERE}."
    body += "\n\n-- \nPrivacyloket (automatisch bericht; antwoorden op deze e-mail worden niet gelezen)"
    message.set_content(body + "\n")
    return message


def _what(exc: BaseException) -> str:
    """An error for the log without anything the server or smtplib may have echoed back."""
    code = getattr(exc, "smtp_code", None)
    return f"{type(exc).__name__}{f' {code}' if code else ''}"


class EmailNotifier:
    """Sends a ping Reply by e-mail through the configured SMTP server (never raises)."""

    platform = PLATFORM

    def __init__(self, config: Config, clock=utc_now, timeout: float | None = None):
        self.config = config
        self.clock = clock
        self.timeout = config.smtp_timeout if timeout is None else timeout

    def address_of(self, recipient: str) -> str | None:
        """The address for a person key ("slack:U0123"), or an address given as "email:name@domain"."""
        platform, _, rest = recipient.partition(":")
        if platform == PLATFORM:
            return rest or None
        return self.config.email_of(recipient)

    async def deliver(self, recipient: str, reply: Reply) -> Delivery:
        address = self.address_of(recipient)
        if not address or not self.config.smtp_host or not self.config.smtp_from:
            log.warning("ping by e-mail to %s not sent: no address or no SMTP server configured", recipient)
            return Delivery.FAILED
        message = render(reply, self.config.smtp_from, address, self.clock())
        try:
            return await asyncio.to_thread(self._send, message, recipient)
        except Exception as exc:  # never raise; _send classifies its own errors, this is a last resort
            log.warning("ping by e-mail to %s: unexpected %s", recipient, _what(exc))
            return Delivery.MAYBE

    def _send(self, message: EmailMessage, recipient: str) -> Delivery:
        """Blocking: connect, secure, log in, hand over. Runs in a worker thread."""
        config = self.config
        handing_over = False
        smtp = None
        try:
            context = ssl.create_default_context()
            if config.smtp_ssl:
                smtp = smtplib.SMTP_SSL(config.smtp_host, config.smtp_port, timeout=self.timeout, context=context)
            else:
                smtp = smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=self.timeout)
                if config.smtp_starttls:
                    smtp.starttls(context=context)  # SMTPNotSupportedError when not offered: never in clear
            if config.smtp_user:
                smtp.login(config.smtp_user, config.smtp_password or "")
            handing_over = True
            smtp.send_message(message)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError,
                smtplib.SMTPAuthenticationError, smtplib.SMTPNotSupportedError, smtplib.SMTPHeloError) as exc:
            log.warning("ping by e-mail to %s refused by the mail server: %s", recipient, _what(exc))
            outcome = Delivery.FAILED
        except (OSError, smtplib.SMTPException) as exc:  # timeouts, dropped or refused connections
            outcome = Delivery.MAYBE if handing_over else Delivery.FAILED
            what = "maybe delivered (no answer)" if outcome is Delivery.MAYBE else "not delivered"
            log.warning("ping by e-mail to %s %s: %s", recipient, what, _what(exc))
        else:
            outcome = Delivery.DELIVERED
            try:
                smtp.quit()  # the server accepted the message: a failing goodbye changes nothing
            except Exception:
                smtp.close()
        if smtp is not None and outcome is not Delivery.DELIVERED:
            smtp.close()  # no QUIT after an error: it could wait for a silent server once more
        return outcome
