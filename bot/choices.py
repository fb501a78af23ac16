"""Reading what people type against the choices on offer: normalising, picking, back and stop."""
from __future__ import annotations

import re
import unicodedata

from bot.messages import Choice, Message
from bot.text import t

BACK_WORDS = {"terug", "vorige", "back", "<"}
STOP_WORDS = {
    "stop", "/stop", "annuleer", "/annuleer", "annuleren", "afbreken", "cancel", "/cancel", "stoppen", "stop maar",
    "laat maar", "laat maar zitten", "ik wil stoppen", "ik stop", "ik wil stoppen ermee", "hou maar op", "ophouden",
    "niet meer", "vergeet het", "vergeet het maar", "never mind", "quit",
}
BACK = Choice(t("choices.back"), "terug")
STOP = Choice(t("choices.stop"), "stop")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text.lower()).strip(" .!?")


def pick(msg: Message, choices: list[Choice]) -> str | None:
    """Resolve a button press, a number ("2") or a typed label to a choice value."""
    if msg.action is not None:
        return msg.action if any(c.value == msg.action for c in choices) else None
    typed = normalise(msg.text)
    if not typed:
        return None
    if typed.isdigit():
        index = int(typed) - 1
        return choices[index].value if 0 <= index < len(choices) else None
    for c in choices:
        if typed in (normalise(c.label), normalise(c.value)):
            return c.value
    # a typed label without its emoji/punctuation, or a unique prefix ("ja" for "Ja, klopt")
    def bare(text: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r"[^\w ]", "", text)).strip()

    typed = bare(typed)
    stripped = [(bare(normalise(c.label)), c.value) for c in choices]
    for label, value in stripped:
        if typed == label:
            return value
    starts = [value for label, value in stripped if label.startswith(typed) and len(typed) >= 2]
    return starts[0] if len(starts) == 1 else None


def is_back(msg: Message) -> bool:
    return normalise(msg.content) in BACK_WORDS


def is_stop(msg: Message) -> bool:
    return normalise(msg.content) in {normalise(w) for w in STOP_WORDS}
