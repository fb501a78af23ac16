"""/desk: a single-use login link to the web desk, for the CISO, the FG and their deputies only.

The link is valid for ten minutes and opens one session (storage/desk.py stores only its hash).
Private chats only (the command table says so and the engine enforces it): a link in a channel
would open the register to whoever clicks first.
"""
from __future__ import annotations

from bot.config import Config
from bot.handlers.base import Context, Handler, Turn
from bot.messages import Message, Reply
from storage import desk

REFUSAL = "De desk is alleen voor de CISO, de FG en hun plaatsvervangers."
NOT_ON = ("De desk staat niet aan. De beheerder zet WEB_PORT (en achter HTTPS ook WEB_BASE_URL) "
          "en start de bot opnieuw; zie README.md, 'De desk'.")


def base_url(config: Config) -> str | None:
    """Where the desk can be reached, for links: WEB_BASE_URL, else http://127.0.0.1:WEB_PORT."""
    if config.web_base_url:
        return config.web_base_url.rstrip("/")
    return f"http://127.0.0.1:{config.web_port}" if config.web_port else None


def login_link(ctx_store, config: Config, person: str, now, url: str | None = None) -> str:
    """A fresh single-use link for `person` (who must hold a role: the caller checks)."""
    token = desk.create_login_token(ctx_store, person, now)
    return f"{(url or base_url(config) or '').rstrip('/')}/login/{token}"


class DeskHandler(Handler):
    name = "desk"
    private_only = True

    def start(self, ctx: Context, msg: Message, prefill: dict | None = None) -> Turn:
        person = msg.person.key
        if not ctx.config.roles_of(person):
            return Turn([Reply(REFUSAL)])
        url = base_url(ctx.config)
        if url is None:
            return Turn([Reply(NOT_ON)])
        link = login_link(ctx.store, ctx.config, person, ctx.now(), url)
        return Turn([Reply(
            f"Je inloglink voor de desk (het register, de AP-melding en de exports):\n{link}\n\n"
            f"De link werkt {desk.LINK_MINUTES} minuten en maar één keer; je blijft daarna "
            f"{desk.SESSION_HOURS} uur ingelogd. Stuur hem aan niemand door.",
            meta={"kind": "desk_link"},
        )])

    def resume(self, ctx: Context, state: dict, msg: Message) -> Turn:
        return Turn([], None)
