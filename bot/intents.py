"""What kind of message is this: small talk, the start of a guided dialogue, or a question?"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.choices import normalise

GREETINGS = {
    "hoi", "hallo", "hey", "hee", "hi", "hello", "goedemorgen", "goedemiddag", "goedenavond",
    "dag", "hoi hoi", "yo", "morgen", "good morning", "hallo daar", "hoi bot", "hallo bot",
}
THANKS = {
    "dank", "dank je", "dank je wel", "dankjewel", "bedankt", "dank u", "dank u wel", "thanks",
    "thank you", "thx", "top", "top bedankt", "super", "super bedankt", "fijn", "helder",
    "duidelijk", "ok dank", "oke dank", "ok bedankt", "oke bedankt", "prima", "mooi",
}
BYES = {"doei", "dag dag", "tot ziens", "bye", "later", "fijne dag", "tot later", "groetjes"}
HOW_ARE_YOU = {"hoe gaat het", "hoe gaat het met je", "alles goed", "how are you"}


@dataclass
class Intent:
    kind: str  # "smalltalk" | "flow" | "question"
    flow: str | None = None
    topic: str | None = None  # for smalltalk: greeting | thanks | bye | howareyou
    prefill: dict = field(default_factory=dict)


def smalltalk(text: str) -> str | None:
    t = normalise(text)
    t = re.sub(r"[^\w ]", "", t).strip()
    if t in GREETINGS:
        return "greeting"
    if t in THANKS:
        return "thanks"
    if t in BYES:
        return "bye"
    if t in HOW_ARE_YOU:
        return "howareyou"
    return None


def classify(text: str, detectors: dict) -> Intent:
    """detectors: flow name -> function(text) returning a prefill dict, or None if not that flow."""
    topic = smalltalk(text)
    if topic:
        return Intent("smalltalk", topic=topic)
    for flow, detect in detectors.items():
        prefill = detect(text)
        if prefill is not None:
            return Intent("flow", flow=flow, prefill=prefill)
    return Intent("question")
