""""Mag ik dit delen?" as its step table: a question, its buttons, and a reader for typed words.

Steps that cannot matter for the recipient are skipped (`relevant_questions` of the verdict), as
are steps pre-filled from the user's own words; the handler stops early once a "nee" is certain.
"""
from __future__ import annotations

from bot.choices import normalise
from bot.dialogue import Step
from bot.handlers.share_check.detect import _find, find_channel, find_data, find_recipient
from bot.steps import YES_NO_UNKNOWN, choice_step

P = "sc"  # prefix of every button value of this dialogue

RECIPIENTS = [
    ("Huisarts", "huisarts"), ("Politie of justitie", "politie"), ("Zorgaanbieder of hulpverlener", "zorgaanbieder"),
    ("Extern bureau of leverancier", "extern_bureau"), ("Collega, andere afdeling", "collega_andere_afdeling"),
    ("Collega in mijn team", "collega_team"), ("Collega van handhaving, toezicht of belastingen", "handhaving"),
    ("School", "school"), ("De inwoner zelf (eigen gegevens)", "inwoner_zelf"),
    ("Een andere inwoner (familie, buren)", "andere_inwoner"), ("Journalist of iemand van het publiek", "pers_publiek"),
    ("Website of sociale media", "website_social"), ("Een andere organisatie", "other"),
]
ORIGINS = [
    ("Wmo-dossier", "wmo"), ("Jeugdwet-dossier (jeugdteam, jeugdhulp)", "jeugdwet"),
    ("Participatiewet-dossier (bijstand, werk en inkomen)", "participatiewet"),
    ("Een ander dossier of andere registratie", "other"), ("Weet ik niet", None),
]
PROVISIONS = [("Ja, ik kan het artikel noemen", "known"), ("Nee, ik ken geen artikel", "unknown"), ("Weet ik niet", None)]
DATA = [
    ("Geen persoonsgegevens (anoniem, cijfers)", "geen_persoonsgegevens"), ("Dat-informatie", "dat_informatie"),
    ("Wat-informatie", "wat_informatie"), ("Gezondheid, strafrecht of ander bijzonder gegeven", "bijzonder_strafrechtelijk"),
    ("BSN", "bsn"), ("Gegevens over kinderen", "kinderen"), ("Een (heel) dossier", "dossier"),
]
CHANNELS = [
    ("Beveiligde mail / beveiligd systeem", "beveiligde_mail"), ("Gewone e-mail", "gewone_mail"),
    ("WhatsApp of andere app", "chat_app"), ("Op papier / per post", "papier"), ("Weet ik nog niet", None),
]
BASIS_WORDS: list[tuple[str, str]] = [
    ("geen", r"\b(geen|niet|no|not|none)\b"),  # "geen toestemming", "er is geen vordering"
    ("toestemming", r"\b(toestemming|consent)\b"),
    ("vitaal_belang", r"\b(gevaar|nood\w*|vitaal|levensgevaar|danger|emergency|vital)\b"),
    ("overeenkomst", r"\b(overeenkomst|contract)\b"),
    ("wettelijke_taak", r"\b(vordering|wet|wettelijk\w*|plicht|taak|law|legal)\b"),
]


def basis_options(facts: dict) -> list[tuple[str, object]]:
    police = facts.get("recipient") == "politie"
    first = "Ja: een vordering of wettelijke plicht" if police else "Wettelijke taak of plicht (bijv. Wmo, Jeugdwet)"
    return [(first, "wettelijke_taak"), ("Overeenkomst met de inwoner", "overeenkomst"),
            ("Toestemming van de inwoner", "toestemming"), ("Ernstig gevaar (vitaal belang)", "vitaal_belang"),
            ("Geen van deze", "geen"), ("Weet ik niet", None)]


def basis_question(facts: dict) -> str:
    if facts.get("recipient") == "politie":
        return ("Heeft de politie een wettelijke grondslag, zoals een schriftelijke vordering van de officier van "
                "justitie? Of is er een andere grond?")
    return "Op welke grond deel je het?"


def provision_question(facts: dict) -> str:
    if facts.get("recipient") == "politie":
        return "Staat in de vordering het wetsartikel (bijvoorbeeld art. 126nd Wetboek van Strafvordering)?"
    return ("Welk wetsartikel staat toe dat je juist deze gegevens aan juist deze ontvanger geeft? "
            "Een wettelijke taak alleen is niet genoeg.")


def agreement_question(facts: dict) -> str:
    if facts.get("recipient") == "extern_bureau":
        return "Is er een verwerkersovereenkomst met dit bureau?"
    return "Zijn er afspraken met deze partij over het uitwisselen van gegevens (een contract of convenant)?"


def find_basis(text: str) -> str | None:
    return _find(BASIS_WORDS, normalise(text))


def yes_no(yes: str, no: str) -> list[tuple[str, object]]:
    return [(yes, True), (no, False), YES_NO_UNKNOWN[2]]


INVALID = "Dat begreep ik niet. Kies een van de knoppen (of typ het nummer)."

STEPS: list[Step] = [
    choice_step(P, "recipient", "Met wie wil je de gegevens delen (of wie vraagt erom)?", RECIPIENTS,
                typed=find_recipient, label="ontvanger", invalid=INVALID),
    choice_step(P, "data", "Om welke gegevens gaat het? Kies het gevoeligste.\n"
                "Dat-informatie: alleen dát iemand bekend is of hulp krijgt. Wat-informatie: de inhoud (welke hulp, waarom).",
                DATA, typed=find_data, label="gegevens", invalid=INVALID),
    choice_step(P, "purpose_same", "Deel je het voor hetzelfde doel als waarvoor de gegevens zijn verzameld? "
                "(Bijvoorbeeld: gegevens uit een Wmo-aanvraag, gedeeld voor die Wmo-ondersteuning.)",
                yes_no("Ja, hetzelfde doel", "Nee, een ander doel (bijv. handhaving, belastingen, verhuurder)"),
                invalid=INVALID),
    choice_step(P, "origin", "Uit welk dossier komen de gegevens?", ORIGINS, invalid=INVALID),
    choice_step(P, "legal_basis", basis_question, basis_options, typed=find_basis, invalid=INVALID),
    choice_step(P, "provision", provision_question, PROVISIONS, invalid=INVALID),
    choice_step(P, "need_to_know", "Heeft de ontvanger precies deze gegevens nodig voor zijn taak, of zou minder ook "
                "volstaan (bijvoorbeeld alleen dat-informatie, of zonder naam)?",
                yes_no("Ja, precies dit is nodig", "Nee, minder kan ook"), invalid=INVALID),
    choice_step(P, "agreement", agreement_question, yes_no("Ja", "Nee"), invalid=INVALID),
    choice_step(P, "channel", "Hoe wil je het delen?", CHANNELS, typed=find_channel, label="kanaal", invalid=INVALID),
]
STEP_BY_KEY = {step.key: step for step in STEPS}
