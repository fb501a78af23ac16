""""Mag ik dit delen?" as its step table: a question, its buttons, and a reader for typed words.

Steps that cannot matter for the recipient are skipped (`relevant_questions` of the verdict), as
are steps pre-filled from the user's own words; the handler stops early once a "nee" is certain.
"""
from __future__ import annotations

from bot.choices import normalise
from bot.dialogue import Step
from bot.handlers.share_check.detect import _find, find_channel, find_data, find_recipient
from bot.steps import YES_NO_UNKNOWN, choice_step
from bot.text import t

P = "sc"  # prefix of every button value of this dialogue

RECIPIENTS = [
    (t("share_check.steps.recipients.huisarts"), "huisarts"),
    (t("share_check.steps.recipients.politie"), "politie"),
    (t("share_check.steps.recipients.zorgaanbieder"), "zorgaanbieder"),
    (t("share_check.steps.recipients.extern_bureau"), "extern_bureau"),
    (t("share_check.steps.recipients.collega_andere_afdeling"), "collega_andere_afdeling"),
    (t("share_check.steps.recipients.collega_team"), "collega_team"),
    (t("share_check.steps.recipients.handhaving"), "handhaving"),
    (t("share_check.steps.recipients.school"), "school"),
    (t("share_check.steps.recipients.inwoner_zelf"), "inwoner_zelf"),
    (t("share_check.steps.recipients.andere_inwoner"), "andere_inwoner"),
    (t("share_check.steps.recipients.pers_publiek"), "pers_publiek"),
    (t("share_check.steps.recipients.website_social"), "website_social"),
    (t("share_check.steps.recipients.other"), "other"),
]
ORIGINS = [
    (t("share_check.steps.origins.wmo"), "wmo"),
    (t("share_check.steps.origins.jeugdwet"), "jeugdwet"),
    (t("share_check.steps.origins.participatiewet"), "participatiewet"),
    (t("share_check.steps.origins.other"), "other"),
    (t("steps.answer_unknown"), None),
]
PROVISIONS = [
    (t("share_check.steps.provisions.known"), "known"),
    (t("share_check.steps.provisions.unknown"), "unknown"),
    (t("steps.answer_unknown"), None),
]
DATA = [
    (t("share_check.steps.data.geen_persoonsgegevens"), "geen_persoonsgegevens"),
    (t("share_check.steps.data.dat_informatie"), "dat_informatie"),
    (t("share_check.steps.data.wat_informatie"), "wat_informatie"),
    (t("share_check.steps.data.bijzonder_strafrechtelijk"), "bijzonder_strafrechtelijk"),
    (t("share_check.steps.data.bsn"), "bsn"),
    (t("share_check.steps.data.kinderen"), "kinderen"),
    (t("share_check.steps.data.dossier"), "dossier"),
]
CHANNELS = [
    (t("share_check.steps.channels.beveiligde_mail"), "beveiligde_mail"),
    (t("share_check.steps.channels.gewone_mail"), "gewone_mail"),
    (t("share_check.steps.channels.chat_app"), "chat_app"),
    (t("share_check.steps.channels.papier"), "papier"),
    (t("share_check.steps.channels.not_yet"), None),
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
    first = (t("share_check.steps.basis.wettelijke_taak_politie") if police
             else t("share_check.steps.basis.wettelijke_taak"))
    return [(first, "wettelijke_taak"), (t("share_check.steps.basis.overeenkomst"), "overeenkomst"),
            (t("share_check.steps.basis.toestemming"), "toestemming"),
            (t("share_check.steps.basis.vitaal_belang"), "vitaal_belang"), (t("share_check.steps.basis.geen"), "geen"),
            (t("steps.answer_unknown"), None)]


def basis_question(facts: dict) -> str:
    if facts.get("recipient") == "politie":
        return t("share_check.steps.ask.basis_police")
    return t("share_check.steps.ask.basis")


def provision_question(facts: dict) -> str:
    if facts.get("recipient") == "politie":
        return t("share_check.steps.ask.provision_police")
    return t("share_check.steps.ask.provision")


def agreement_question(facts: dict) -> str:
    if facts.get("recipient") == "extern_bureau":
        return t("share_check.steps.ask.agreement_processor")
    return t("share_check.steps.ask.agreement")


def find_basis(text: str) -> str | None:
    return _find(BASIS_WORDS, normalise(text))


def yes_no(yes: str, no: str) -> list[tuple[str, object]]:
    return [(yes, True), (no, False), YES_NO_UNKNOWN[2]]


INVALID = t("share_check.steps.invalid")

STEPS: list[Step] = [
    choice_step(P, "recipient", t("share_check.steps.ask.recipient"), RECIPIENTS, typed=find_recipient,
                label=t("share_check.steps.labels.recipient"), invalid=INVALID),
    choice_step(P, "data", t("share_check.steps.ask.data"), DATA, typed=find_data,
                label=t("share_check.steps.labels.data"), invalid=INVALID),
    choice_step(P, "purpose_same", t("share_check.steps.ask.purpose_same"),
                yes_no(t("share_check.steps.answers.same_purpose"), t("share_check.steps.answers.other_purpose")),
                invalid=INVALID),
    choice_step(P, "origin", t("share_check.steps.ask.origin"), ORIGINS, invalid=INVALID),
    choice_step(P, "legal_basis", basis_question, basis_options, typed=find_basis, invalid=INVALID),
    choice_step(P, "provision", provision_question, PROVISIONS, invalid=INVALID),
    choice_step(P, "need_to_know", t("share_check.steps.ask.need_to_know"),
                yes_no(t("share_check.steps.answers.needed"), t("share_check.steps.answers.less_will_do")),
                invalid=INVALID),
    choice_step(P, "agreement", agreement_question, yes_no(t("steps.answer_yes"), t("steps.answer_no")),
                invalid=INVALID),
    choice_step(P, "channel", t("share_check.steps.ask.channel"), CHANNELS, typed=find_channel,
                label=t("share_check.steps.labels.channel"), invalid=INVALID),
]
STEP_BY_KEY = {step.key: step for step in STEPS}
