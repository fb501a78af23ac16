"""The datalek intake as its step table: what is asked, in which order, and when a step applies.

Names of the people affected are never asked for; free text is checked for identifiers (BSN, IBAN,
e-mail, phone) and the reporter is offered to strip them. The readers of the less simple steps
(moments, the multi-select of data categories, the number of people, the contact) follow the table.
"""
from __future__ import annotations

import re
from datetime import datetime

from bot.handlers.datalek.assessment import CATEGORY_LABELS, KIND_LABELS
from bot.choices import normalise, pick
from bot.dates import DateError, format_local, parse_moment
from bot.dialogue import Answered, Invalid, Step
from bot.handlers.base import Context
from bot.handlers.datalek.detect import detect
from bot.messages import Choice, Message, Reply
from bot.steps import choice_step, free_text_step, shown_yes_no, yes_no_step
from bot.text import t

P = "dl"  # prefix of every button value of this dialogue

# bands, not upper bounds: "11 tot 100" is not "100 people" (the assessment reads the lower bound)
SUBJECT_CHOICES = [(t("datalek.steps.subjects.one"), 1), (t("datalek.steps.subjects.upto_10"), "2-10"),
                   (t("datalek.steps.subjects.upto_100"), "11-100"),
                   (t("datalek.steps.subjects.upto_1000"), "101-1000"),
                   (t("datalek.steps.subjects.over_1000"), "1001+"), (t("steps.answer_unknown"), None)]
# who got the data, as people name them (issue 15); the assessment reads whether they can be trusted
RECIPIENT_CHOICES = [(t("datalek.steps.recipients.colleague"), "colleague"),
                     (t("datalek.steps.recipients.resident"), "resident"),
                     (t("datalek.steps.recipients.residents"), "residents"),
                     (t("datalek.steps.recipients.organisation"), "organisation"),
                     (t("datalek.steps.recipients.supplier"), "supplier"), (t("steps.answer_unknown"), None)]
TRUSTED = {"colleague": True, "organisation": True, "supplier": True, "resident": False, "residents": False}
INTERNAL = {"colleague"}
NO_RECIPIENT_KINDS = {"lost_device", "stolen_device", "lost_paper", "publication", "hacking", "ransomware", "phishing",
                      "unauthorised_access"}
FOUND_KINDS = {"lost_device", "lost_paper"}  # who found it decides whether copies can be ruled out
DEVICE_KINDS = {"lost_device", "stolen_device"}  # only here can encryption protect (art. 34(3)(a) AVG)
ATTACK_KINDS = {"hacking", "ransomware", "phishing"}
ACCESS_KINDS = {"hacking", "phishing", "unauthorised_access", "publication"}  # did anyone actually get in?
AVAILABILITY_KINDS = {"ransomware", "lost_device", "stolen_device", "lost_paper", "other"}
PAPER_KINDS = {"misdirected_post", "lost_paper"}
# one question for both availability facts (backup_available, unavailable_impact): see AVAILABILITY
AVAILABILITY_CHOICES = [(t("datalek.steps.availability.elsewhere"), "elsewhere"),
                        (t("datalek.steps.availability.lost"), "lost"),
                        (t("datalek.steps.availability.harm"), "harm"), (t("steps.answer_unknown"), None)]
AVAILABILITY = {"elsewhere": (True, False), "lost": (False, False), "harm": (False, True), None: (None, None)}
QUICK_KINDS = {"misdirected_email", "misdirected_post", "publication"}  # noticed when it happens, as a rule
FINDER_CHOICES = [(t("datalek.steps.finder.trusted"), True), (t("datalek.steps.finder.stranger"), False),
                  (t("datalek.steps.finder.unknown"), None)]
KEY_CHOICES = [(t("datalek.steps.key.safe"), False), (t("datalek.steps.key.compromised"), True),
               (t("steps.answer_unknown"), None)]
ACCESS_CHOICES = [(t("datalek.steps.access.accessed"), True), (t("datalek.steps.access.blocked"), False),
                  (t("steps.answer_unknown"), None)]
CONTAINED_QUESTION = {
    "lost_device": t("datalek.steps.contained.lost_device"),
    "stolen_device": t("datalek.steps.contained.stolen_device"),
    "publication": t("datalek.steps.contained.publication"),
    "lost_paper": t("datalek.steps.contained.lost_paper"),
}


def _kind_of(text: str):
    return (detect(text) or {}).get("kind")


def _moment_label(key: str):
    return lambda f: format_local(datetime.fromisoformat(f[key])) if f.get(key) else t("datalek.steps.shown.unknown")


def _subjects(f: dict) -> str:
    value = f.get("subjects")
    labels = [label for label, band in SUBJECT_CHOICES if band == value and band is not None]
    if value is None:
        return t("datalek.steps.shown.unknown")
    return labels[0].lower() if labels else t("datalek.steps.shown.about", count=value)


def _recipient_of(text: str):
    """Typed words for a recipient ("een andere inwoner", "mijn collega")."""
    from bot.handlers.datalek.prefill import facts_from

    return facts_from(text + " ").get("recipient") if len(text.split()) < 8 else None


def _contained(f: dict) -> str:
    return CONTAINED_QUESTION.get(f.get("kind")) or t("datalek.steps.contained.other")


def step_table() -> list[Step]:
    return [
        choice_step(P, "kind", t("datalek.steps.ask.kind"), [(label, kind) for kind, label in KIND_LABELS.items()],
                    typed=_kind_of, label=t("datalek.steps.labels.kind"),
                    show=lambda f: KIND_LABELS.get(f.get("kind"), "?"), invalid=t("datalek.steps.invalid.kind")),
        Step("discovered_at", ask_discovered, read_moment("discovered_at"),
             label=t("datalek.steps.labels.discovered_at"), show=_moment_label("discovered_at")),
        Step("occurred_at", ask_occurred, read_moment("occurred_at"), label=t("datalek.steps.labels.occurred_at"),
             show=_moment_label("occurred_at"), applies=lambda f: f.get("kind") not in QUICK_KINDS),
        Step("data_categories", ask_categories, read_categories, label=t("datalek.steps.labels.data_categories"),
             show=lambda f: ", ".join(CATEGORY_LABELS.get(c, c) for c in f.get("data_categories", []))
             or t("steps.shown_unknown")),
        choice_step(P, "subjects", t("datalek.steps.ask.subjects"), SUBJECT_CHOICES, typed=_count, any_typed=True,
                    label=t("datalek.steps.labels.subjects"), show=_subjects,
                    invalid=t("datalek.steps.invalid.subjects")),
        yes_no_step(P, "encrypted", t("datalek.steps.ask.encrypted"),
                    applies=lambda f: f.get("kind") in DEVICE_KINDS, label=t("datalek.steps.labels.encrypted")),
        choice_step(P, "key_compromised", t("datalek.steps.ask.key_compromised"), KEY_CHOICES,
                    applies=lambda f: f.get("kind") in DEVICE_KINDS and f.get("encrypted") is True,
                    label=t("datalek.steps.labels.key_compromised"),  # shown as "safe?": yes when not compromised
                    show=lambda f: shown_yes_no(None if f.get("key_compromised") is None
                                                else not f["key_compromised"])),
        choice_step(P, "recipient", t("datalek.steps.ask.recipient"), RECIPIENT_CHOICES, typed=_recipient_of,
                    applies=lambda f: f.get("kind") not in NO_RECIPIENT_KINDS,
                    label=t("datalek.steps.labels.recipient")),
        choice_step(P, "recipient_trusted", t("datalek.steps.ask.finder"), FINDER_CHOICES,
                    applies=lambda f: f.get("kind") in FOUND_KINDS, label=t("datalek.steps.labels.recipient_trusted")),
        yes_no_step(P, "data_contained", _contained, label=t("datalek.steps.labels.data_contained")),
        choice_step(P, "accessed", t("datalek.steps.ask.accessed"), ACCESS_CHOICES,
                    applies=lambda f: f.get("kind") in ACCESS_KINDS, label=t("datalek.steps.labels.accessed"),
                    show=lambda f: shown_yes_no(f.get("accessed"))),
        yes_no_step(P, "exfiltrated", t("datalek.steps.ask.exfiltrated"),
                    applies=lambda f: f.get("kind") in ATTACK_KINDS and f.get("accessed") is not False,
                    label=t("datalek.steps.labels.exfiltrated")),
        choice_step(P, "availability", t("datalek.steps.ask.availability"), AVAILABILITY_CHOICES,
                    applies=lambda f: f.get("kind") in AVAILABILITY_KINDS,
                    label=t("datalek.steps.labels.availability")),
        free_text_step(P, "description", t("datalek.steps.ask.description"), check_identifiers=True,
                       label=t("datalek.steps.labels.description")),
        free_text_step(P, "department", t("datalek.steps.ask.department"), check_identifiers=True,
                       label=t("datalek.steps.labels.department"), applies=lambda f: f.get("_ask_department", False)),
        Step("contact", ask_contact, read_contact, label=t("datalek.steps.labels.contact"),
             show=lambda f: f.get("contact") or ""),
    ]


# -- readers of the less simple steps -----------------------------------------------------------
def _count(text: str):
    typed = re.sub(r"[.\s]", "", text)
    return int(typed) if typed.isdigit() else None


def ask_discovered(facts: dict) -> Reply:
    return Reply(t("datalek.steps.ask.discovered"),
                 [Choice(t("datalek.steps.buttons.just_now"), f"{P}:discovered:now")])


def ask_occurred(facts: dict) -> Reply:
    return Reply(
        t("datalek.steps.ask.occurred"),
        [Choice(t("datalek.steps.buttons.same_moment"), f"{P}:occurred_at:same"),
         Choice(t("steps.answer_unknown"), f"{P}:occurred_at:unknown")],
    )


def read_moment(key: str):
    def read(ctx: Context, facts: dict, msg: Message):
        asked = ask_discovered(facts) if key == "discovered_at" else ask_occurred(facts)
        action = pick(msg, asked.choices) or msg.action
        if action == f"{P}:discovered:now":
            return Answered({key: ctx.now().isoformat(timespec="seconds")})
        if key == "occurred_at" and (action == f"{P}:occurred_at:unknown"
                                     or normalise(msg.text) in {"weet ik niet", "onbekend", "?"}):
            return Answered({key: None})
        if action == f"{P}:occurred_at:same":
            return Answered({key: facts.get("discovered_at")})
        try:
            moment = parse_moment(msg.text, ctx.now())
        except DateError as exc:
            return Invalid(str(exc))
        if key == "occurred_at" and facts.get("discovered_at") and moment > datetime.fromisoformat(facts["discovered_at"]):
            return Invalid(t("datalek.steps.invalid.later_than_discovered"))
        return Answered({key: moment.isoformat(timespec="seconds")})

    return read


def ask_categories(facts: dict) -> Reply:
    choices = [Choice(label, f"{P}:cat:{cat}") for cat, label in CATEGORY_LABELS.items()]
    # e.g. a lost laptop: counted as sensitive data
    choices.append(Choice(t("steps.answer_unknown"), f"{P}:cat:unknown"))
    return Reply(t("datalek.steps.ask.categories"), choices)


def read_categories(ctx: Context, facts: dict, msg: Message):
    """One press answers (the most sensitive kind decides the severity); typed numbers give several."""
    choices = ask_categories(facts).choices
    numbers = re.findall(r"\d+", msg.text) if msg.action is None else []
    if numbers and re.fullmatch(r"[\d,\s;en]+", msg.text.strip()):
        values = [choices[int(n) - 1].value for n in numbers if 1 <= int(n) <= len(choices)]
    else:
        value = pick(msg, choices)
        values = [value] if value else []
    if not values:
        return Invalid(t("datalek.steps.invalid.categories"))
    categories = [v.rsplit(":", 1)[1] for v in values]
    if "unknown" in categories:  # the assessment reads no categories as "assume sensitive data"
        return Answered({"data_categories": []})
    return Answered({"data_categories": list(dict.fromkeys(categories))})


def ask_contact(facts: dict) -> Reply:
    return Reply(t("datalek.steps.ask.contact"), [Choice(t("datalek.steps.buttons.via_chat"), f"{P}:contact:chat")])


def read_contact(ctx: Context, facts: dict, msg: Message):
    if msg.action == f"{P}:contact:chat" or normalise(msg.text) in {"via deze chat", "chat", "hier"}:
        return Answered({"contact": t("datalek.steps.shown.via_chat")})
    text = msg.text.strip()
    if not text or msg.action is not None:
        return Invalid(t("datalek.steps.invalid.contact"))
    if len(text) > 200:
        return Invalid(t("datalek.steps.invalid.contact_too_long"))
    return Answered({"contact": text})
