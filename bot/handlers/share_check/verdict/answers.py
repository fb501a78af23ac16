"""The answers: their keys, the values they may take, and which questions matter for which answers."""
from __future__ import annotations

from bot.handlers.share_check.verdict.labels import (
    BASIS_LABELS, CHANNEL_LABELS, DATA_LABELS, ORIGIN_LABELS, PROVISION_LABELS, RECIPIENT_LABELS,
)

# Every answer the verdict reads, in the order a dialogue asks them.
FACT_KEYS = ("recipient", "data", "purpose_same", "origin", "legal_basis", "provision", "need_to_know",
             "agreement", "channel")
# The questions the dialogue in bot/handlers/share_check/ asks today (relevant_questions' default).
DIALOGUE_KEYS = ("recipient", "data", "purpose_same", "legal_basis", "need_to_know", "agreement", "channel")
OPTIONAL_KEYS = ("article",)  # free text: the article named when provision == "known"

EXTERNAL = {"huisarts", "politie", "zorgaanbieder", "extern_bureau", "school", "other"}
INTERNAL = {"collega_team", "collega_andere_afdeling", "handhaving"}
CARE = {"huisarts", "zorgaanbieder"}
CONSENT_ONLY = {"huisarts", "school"}  # only consent or the Meldcode route, never the own task
NO_SHARING = {"andere_inwoner", "website_social", "pers_publiek"}  # fixed routes after recipient and data
# Outside the own team "wettelijke taak" needs the provision for this recipient; a processor is no third party.
NEEDS_PROVISION = {"huisarts", "school", "politie", "zorgaanbieder", "collega_andere_afdeling", "handhaving", "other"}
ORIGIN_MATTERS = {"zorgaanbieder", "collega_andere_afdeling", "handhaving", "other"}
SOCIAL_FILES = {"wmo", "jeugdwet", "participatiewet"}
SENSITIVE = {"wat_informatie", "bijzonder_strafrechtelijk", "bsn", "kinderen", "dossier", None}

# The values each answer may take (None: not asked, or "weet ik niet").
ALLOWED: dict[str, tuple] = {
    "recipient": (*RECIPIENT_LABELS, None),
    "data": (*DATA_LABELS, None),
    "purpose_same": (True, False, None),
    "origin": (*ORIGIN_LABELS, None),
    "legal_basis": (*BASIS_LABELS, None),
    "provision": (*PROVISION_LABELS, None),
    "need_to_know": (True, False, None),
    "agreement": (True, False, None),
    "channel": (*CHANNEL_LABELS, None),
}


def relevant_questions(facts: dict, asked=None) -> list[str]:
    """The questions that can matter for these answers so far, in the order to ask them.

    `asked`: the keys the dialogue can ask (default DIALOGUE_KEYS, what bot/handlers/share_check/ asks
    today); pass FACT_KEYS (or the dialogue's own step keys) once it asks `origin` and `provision` too.
    """
    allowed = set(DIALOGUE_KEYS if asked is None else asked)
    return [key for key in _relevant(facts) if key in allowed]


def _relevant(facts: dict) -> list[str]:
    recipient, data = facts.get("recipient"), facts.get("data")
    if recipient is None:
        return list(FACT_KEYS)
    if data == "geen_persoonsgegevens" or recipient in NO_SHARING:
        return ["recipient", "data"]
    if recipient == "inwoner_zelf":
        return ["recipient", "data", "channel"]
    keys = ["recipient", "data"]
    if recipient == "handhaving":
        keys.append("origin")  # enforcement never serves the purpose of a social-domain file
        if facts.get("origin") not in SOCIAL_FILES:
            keys.append("purpose_same")
    elif recipient not in {"politie", "collega_team"}:
        keys.append("purpose_same")  # a police request always serves another purpose; the basis decides
        if recipient in ORIGIN_MATTERS and facts.get("purpose_same") is not True:
            keys.append("origin")
    if recipient != "collega_team":
        keys.append("legal_basis")
    if facts.get("legal_basis") == "wettelijke_taak" and recipient in NEEDS_PROVISION:
        keys.append("provision")
    keys.append("need_to_know")
    consent_or_danger = facts.get("legal_basis") in {"toestemming", "vitaal_belang"}
    if recipient == "extern_bureau" or (recipient in {"zorgaanbieder", "other"} and not consent_or_danger):
        keys.append("agreement")  # a processor always needs one; consent or danger covers a one-off share
    return keys + ["channel"]


def parse_answers(raw) -> dict:
    """Check answers given from outside (the CLI): known keys and allowed values, else ValueError (nl / en)."""
    if not isinstance(raw, dict):
        raise ValueError("Fout: verwacht een JSON-object met de antwoorden. / Error: expected a JSON object with the answers.")
    known = (*FACT_KEYS, *OPTIONAL_KEYS)
    for key, value in raw.items():
        if key not in known:
            raise ValueError(f"Fout: onbekende sleutel {key!r}; toegestaan: {', '.join(known)}. / "
                             f"Error: unknown key {key!r}; allowed: {', '.join(known)}.")
        if key == "article":
            if value is not None and not isinstance(value, str):
                raise ValueError("Fout: 'article' moet tekst of null zijn. / Error: 'article' must be a string or null.")
            continue
        allowed = ALLOWED[key]
        if not any(value is a or (isinstance(value, str) and value == a) for a in allowed):
            shown = ", ".join("null" if a is None else str(a).lower() if isinstance(a, bool) else a for a in allowed)
            raise ValueError(f"Fout: ongeldige waarde {value!r} voor {key!r}; toegestaan: {shown}. / "
                             f"Error: invalid value {value!r} for {key!r}; allowed: {shown}.")
    return dict(raw)
