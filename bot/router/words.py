"""What the words alone say, before any scoring: the message's language, small talk, and a bare yes or no."""
from __future__ import annotations

import re
from functools import lru_cache

from bot.choices import normalise
from knowledge import load_intents

# -- language ------------------------------------------------------------------------------------
EN_WORDS = set("""
the a an is are was were be been can could may might must should would will i my me we our us you your
to with what how when where why which who whom do does did have has had of for it its this that these
those there their they them he she his her from about please allowed share sharing send sent report
breach data personal lost stolen someone wrong email file files colleague resident client police doctor
need know if or not no yes any anyone into on at by just also than then get got tell give given put
""".split())
NL_WORDS = set("""
de het een en ik je jij u we wij ze zij hij mijn jouw uw ons onze die dat dit deze wat wie hoe waar
wanneer waarom welke welk er als dan ook nog wel niet geen mag mogen moet moeten kan kunnen wil willen
van voor met bij naar om te op aan zijn was wordt worden heb hebt heeft had gaat doen doe graag even
gegevens persoonsgegevens delen sturen mailen datalek melden inwoner client collega dossier huisarts
politie laptop kwijt verkeerde gestuurd iemand iets alle over uit door tot maar dus zo heel erg nu net
""".split())


def language(text: str) -> str:
    """"en" when the words are more English than Dutch, else "nl" (the default)."""
    words = re.findall(r"[a-z']+", normalise(text))
    en = sum(w in EN_WORDS for w in words)
    nl = sum(w in NL_WORDS for w in words)
    return "en" if en > nl else "nl"


# -- length and question form -------------------------------------------------------------------------
LONG_WORDS = 30  # a message over this many words describes a case (the long messages of the dev sets)
QUESTION_WORDS = re.compile(
    r"^(wat|wie|hoe|wanneer|waar|waarom|welke|welk|mag|mogen|moet|moeten|kan|kunnen|is|zijn|heeft|hebben|geldt|"
    r"klopt|valt|what|who|how|when|where|why|which|may|can|must|should|are|do|does)\b")


def is_long(text: str) -> bool:
    return len(text.split()) > LONG_WORDS


def asks(text: str) -> bool:
    """The message ends in a question: a question mark, or a last sentence that opens with a question word."""
    text = text.strip()
    if text.endswith("?"):
        return True
    last = re.split(r"(?<=[.!?])\s+", text)[-1]
    return bool(QUESTION_WORDS.match(normalise(last)))


# -- small talk, yes and no ---------------------------------------------------------------------
def _bare(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w ]", " ", normalise(text))).strip()


def smalltalk(text: str) -> tuple[str, str] | None:
    """(topic, language) when the whole message is small talk (knowledge/intents/smalltalk.yaml)."""
    return _smalltalk_table(id(load_intents()[0])).get(_bare(text))


@lru_cache(maxsize=4)
def _smalltalk_table(_intents_id: int) -> dict[str, tuple[str, str]]:
    """Every small-talk phrase, bare, with its (topic, language): Dutch first, as the phrases are listed.
    Keyed by the loaded intents, so a reload of the YAML builds it again."""
    topics = (load_intents()[0].get("smalltalk") or {}).get("topics") or {}
    table: dict[str, tuple[str, str]] = {}
    for lang in ("nl", "en"):
        for topic, by_lang in topics.items():
            for phrase in by_lang.get(lang, []):
                table.setdefault(_bare(phrase), (topic, lang))
    return table


AFFIRM = {"ja", "ja graag", "ja hoor", "jazeker", "ja zeker", "ja melden", "ja dat", "ja klopt", "ja dat bedoel ik",
          "klopt", "graag", "doe maar", "jep", "jup", "j", "yes", "yes please", "y", "yep", "sure", "ok", "oke",
          "okay", "prima", "ja checken", "ja graag checken", "ja graag melden", "ja dat wil ik", "ja check"}
DENY = {"nee", "neen", "nee hoor", "nee dank je", "nee bedankt", "nope", "no", "no thanks", "nee ik heb een vraag",
        "nee het is een vraag", "nee vraag", "no i have a question", "niet melden", "nee niet"}


def yes_or_no(text: str) -> bool | None:
    bare = _bare(text)
    return True if bare in AFFIRM else False if bare in DENY else None
