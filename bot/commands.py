"""Every command, declared once: its name, aliases, who may use it, where it may run, its help.

`/help`, the Telegram command menu and the check of `slack_manifest.yaml` are built from this table;
the engine uses it to find the handler of a command and to keep private commands out of groups.
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.config import ROLE_CISO, ROLE_DEPUTY, ROLE_FG

OFFICERS = frozenset({ROLE_CISO, ROLE_FG, ROLE_DEPUTY})


@dataclass(frozen=True)
class Command:
    name: str  # "/datalek"
    flow: str | None  # the handler that runs it; None for the engine's own (/help, /stop)
    help: str  # one line, for /help and the menus
    aliases: tuple[str, ...] = ()
    roles: frozenset[str] = frozenset()  # empty: everyone; else only these roles see it in /help
    private_only: bool = False  # never answered in a channel or group
    usage: str = ""  # e.g. "DL-2026-0001"
    slack: bool = True  # a slash command in slack_manifest.yaml
    telegram: bool = True  # in the Telegram command menu

    @property
    def words(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


COMMANDS: tuple[Command, ...] = (
    Command("/help", None, "Wat kan ik? Uitleg en voorbeelden", aliases=("/hulp", "/start", "/menu"), slack=False),
    Command("/privacy", None, "Stel een privacyvraag (zonder vraag krijg je uitleg)", usage="[je vraag]",
            telegram=False),
    Command("/datalek", "datalek", "Meld een (mogelijk) datalek", aliases=("/melden",), private_only=True),
    Command("/delen", "share_check", "'Mag ik dit delen?': korte check voordat je gegevens deelt", private_only=True),
    Command("/mijnmeldingen", "datalek", "Je eigen datalekmeldingen en hun status", private_only=True),
    Command("/aanvullen", "amend", "Vul je datalekmelding aan (bijvoorbeeld het aantal mensen)",
            usage="DL-2026-0001", private_only=True),
    Command("/incidenten", "incidents", "Openstaande datalekken (alleen CISO en FG)", roles=OFFICERS,
            private_only=True),
    Command("/incident", "incidents", "Eén datalek bekijken (CISO, FG of melder)", usage="DL-2026-0001",
            private_only=True, telegram=False),
    Command("/desk", "desk", "Inloglink voor de desk: register, AP-melding en exports (CISO, FG)", roles=OFFICERS,
            private_only=True),
    Command("/stop", None, "Stop het gesprek waar je mee bezig bent", aliases=("/annuleer", "/cancel")),
)
BY_WORD = {word: command for command in COMMANDS for word in command.words}


def find(word: str) -> Command | None:
    """The command for "/datalek" or "/datalek@PrivacyloketBot" (Telegram's form in groups)."""
    return BY_WORD.get(word.split("@", 1)[0].lower())


def of_flow(flow: str) -> tuple[str, ...]:
    return tuple(word for command in COMMANDS if command.flow == flow for word in command.words)


def telegram_menu() -> list[tuple[str, str]]:
    return [(c.name.lstrip("/"), c.help) for c in COMMANDS if c.telegram]


def slack_commands() -> list[Command]:
    return [c for c in COMMANDS if c.slack]
