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
from bot.dialogue import Answered, Invalid, Stay, Step
from bot.handlers.base import Context
from bot.handlers.datalek.detect import detect
from bot.messages import Choice, Message, Reply
from bot.steps import choice_step, free_text_step, yes_no_step

P = "dl"  # prefix of every button value of this dialogue

# bands, not upper bounds: "11 tot 100" is not "100 people" (the assessment reads the lower bound)
SUBJECT_CHOICES = [("1 persoon", 1), ("2 tot 10", "2-10"), ("11 tot 100", "11-100"), ("101 tot 1000", "101-1000"),
                   ("Meer dan 1000", "1001+"), ("Weet ik niet", None)]
RECIPIENT_CHOICES = [("Bekende, betrouwbare ontvanger (bijv. collega of zorgaanbieder)", True),
                     ("Onbekende of niet betrouwbare ontvanger", False), ("Weet ik niet", None)]
NO_RECIPIENT_KINDS = {"lost_device", "stolen_device", "lost_paper", "publication", "hacking", "ransomware", "phishing",
                      "unauthorised_access"}
FOUND_KINDS = {"lost_device", "lost_paper"}  # who found it decides whether copies can be ruled out
DEVICE_KINDS = {"lost_device", "stolen_device"}  # only here can encryption protect (art. 34(3)(a) AVG)
ATTACK_KINDS = {"hacking", "ransomware", "phishing"}
ACCESS_KINDS = {"hacking", "phishing", "unauthorised_access", "publication"}  # did anyone actually get in?
AVAILABILITY_KINDS = {"ransomware", "lost_device", "stolen_device", "lost_paper", "other"}
PAPER_KINDS = {"misdirected_post", "lost_paper"}
FINDER_CHOICES = [("Een collega of een bekende, betrouwbare vinder", True),
                  ("Een onbekende (bijv. op straat of in de trein gevonden)", False),
                  ("Nog niet gevonden / weet ik niet", None)]
KEY_CHOICES = [("Ja, de sleutel was veilig", False), ("Nee, het wachtwoord zat erbij of is bekend", True),
               ("Weet ik niet", None)]
ACCESS_CHOICES = [("Ja, er is toegang geweest", True),
                  ("Nee, geen toegang gekregen (bijv. MFA hield het tegen, de logs tonen niets)", False),
                  ("Weet ik niet", None)]
CONTAINED_QUESTION = {
    "lost_device": "Is het apparaat terecht of op afstand gewist?",
    "stolen_device": "Is het apparaat op afstand gewist of geblokkeerd?",
    "publication": "Is de publicatie offline gehaald?",
    "lost_paper": "Zijn de papieren terecht?",
}


def _kind_of(text: str):
    return (detect(text) or {}).get("kind")


def _moment_label(key: str):
    return lambda f: format_local(datetime.fromisoformat(f[key])) if f.get(key) else "onbekend"


def _subjects(f: dict) -> str:
    value = f.get("subjects")
    labels = [label for label, band in SUBJECT_CHOICES if band == value and band is not None]
    return "onbekend" if value is None else labels[0].lower() if labels else f"ongeveer {value}"


def _recipient_question(f: dict) -> str:
    return "Wie heeft het gevonden?" if f.get("kind") in FOUND_KINDS else "Wie heeft de gegevens ontvangen of kunnen zien?"


def _recipient_choices(f: dict) -> list[tuple[str, object]]:
    return FINDER_CHOICES if f.get("kind") in FOUND_KINDS else RECIPIENT_CHOICES


def _contained(f: dict) -> str:
    return CONTAINED_QUESTION.get(f.get("kind"), "Zijn de gegevens teruggehaald of verwijderd, en is dat bevestigd "
                                                 "(bijv. schriftelijk door de ontvanger)?")


def step_table() -> list[Step]:
    return [
        choice_step(P, "kind", "Wat is er gebeurd?", [(label, kind) for kind, label in KIND_LABELS.items()],
                    typed=_kind_of, label="Wat er gebeurde", show=lambda f: KIND_LABELS.get(f.get("kind"), "?"),
                    invalid="Kies wat het best past (typ het nummer of kies 'Iets anders')."),
        Step("discovered_at", ask_discovered, read_moment("discovered_at"), label="Ontdekt",
             show=_moment_label("discovered_at")),
        Step("occurred_at", ask_occurred, read_moment("occurred_at"), label="Gebeurd", show=_moment_label("occurred_at")),
        Step("data_categories", ask_categories, read_categories, label="Soorten gegevens",
             show=lambda f: ", ".join(CATEGORY_LABELS.get(c, c) for c in f.get("data_categories", []))),
        choice_step(P, "subjects", "Om hoeveel mensen gaat het ongeveer? (Geen namen, alleen een aantal.)",
                    SUBJECT_CHOICES, typed=_count, any_typed=True, label="Aantal mensen", show=_subjects,
                    invalid="Kies een aantal, of typ een getal (bijvoorbeeld 25)."),
        yes_no_step(P, "encrypted", "Was het apparaat versleuteld (bijv. BitLocker, of een telefoon met pincode)?",
                    applies=lambda f: f.get("kind") in DEVICE_KINDS, label="Versleuteld"),
        choice_step(P, "key_compromised", "Was de sleutel veilig: zat het wachtwoord of de pincode níet bij het "
                    "apparaat en kent niemand anders het?", KEY_CHOICES,
                    applies=lambda f: f.get("kind") in DEVICE_KINDS and f.get("encrypted") is True,
                    label="Sleutel veilig", show=lambda f: {False: "ja", True: "nee", None: "weet ik niet"}[f.get("key_compromised")]),
        choice_step(P, "recipient_trusted", _recipient_question, _recipient_choices,
                    applies=lambda f: f.get("kind") not in NO_RECIPIENT_KINDS or f.get("kind") in FOUND_KINDS,
                    label="Ontvanger of vinder"),
        yes_no_step(P, "data_contained", _contained, label="Teruggehaald/verwijderd"),
        choice_step(P, "accessed", "Heeft iemand die dat niet mocht de gegevens echt kunnen inzien?", ACCESS_CHOICES,
                    applies=lambda f: f.get("kind") in ACCESS_KINDS, label="Toegang gehad",
                    show=lambda f: {True: "ja", False: "nee", None: "weet ik niet"}[f.get("accessed")]),
        yes_no_step(P, "exfiltrated", "Zijn er gegevens weggehaald of gekopieerd door de aanvaller?",
                    applies=lambda f: f.get("kind") in ATTACK_KINDS and f.get("accessed") is not False,
                    label="Gegevens weggehaald"),
        yes_no_step(P, "backup_available", "Is er een goede back-up of kopie waarmee de gegevens terug te zetten zijn?",
                    applies=lambda f: f.get("kind") in AVAILABILITY_KINDS, label="Back-up beschikbaar"),
        yes_no_step(P, "unavailable_impact", "Heeft het ontbreken van de gegevens gevolgen voor mensen (bijv. zorg, "
                    "uitkeringen of betalingen lopen vertraging op)?",
                    applies=lambda f: f.get("kind") in AVAILABILITY_KINDS, label="Gevolgen voor mensen"),
        free_text_step(P, "description", "Beschrijf kort wat er is gebeurd (een paar zinnen). Noem geen namen of andere "
                       "gegevens van de mensen om wie het gaat.", check_identifiers=True, label="Omschrijving"),
        free_text_step(P, "department", "Bij welke afdeling of welk team werk je?", check_identifiers=True,
                       label="Afdeling"),
        Step("contact", ask_contact, read_contact, label="Bereikbaar", show=lambda f: f.get("contact") or ""),
    ]


# -- readers of the less simple steps -----------------------------------------------------------
def _count(text: str):
    typed = re.sub(r"[.\s]", "", text)
    return int(typed) if typed.isdigit() else None


def ask_discovered(facts: dict) -> Reply:
    return Reply(
        "Wanneer heb je het ontdekt? Typ bijvoorbeeld 'vanochtend 10:00', 'gisteren om 15:00' of '21-11 09:30'.",
        [Choice("Nu net", f"{P}:discovered:now")],
    )


def ask_occurred(facts: dict) -> Reply:
    return Reply(
        "Weet je wanneer het gebeurd is? Typ het moment, of kies hieronder.",
        [Choice("Op hetzelfde moment", f"{P}:occurred_at:same"), Choice("Weet ik niet", f"{P}:occurred_at:unknown")],
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
            return Invalid("Het kan niet later gebeurd zijn dan je het ontdekte. Typ het moment opnieuw, of kies 'Weet ik niet'.")
        return Answered({key: moment.isoformat(timespec="seconds")})

    return read


def ask_categories(facts: dict) -> Reply:
    chosen = set(facts.get("_categories", facts.get("data_categories", [])))
    choices = [Choice(("✓ " if cat in chosen else "") + label, f"{P}:cat:{cat}") for cat, label in CATEGORY_LABELS.items()]
    choices.append(Choice("Klaar", f"{P}:cat:done"))
    picked = ", ".join(CATEGORY_LABELS[c] for c in CATEGORY_LABELS if c in chosen) or "nog niets"
    return Reply(
        "Om welke soorten gegevens gaat het? Kies alles wat van toepassing is (meerdere nummers mag, "
        f"bijvoorbeeld '2,4'), en dan 'Klaar'.\nGekozen: {picked}",
        choices,
    )


def read_categories(ctx: Context, facts: dict, msg: Message):
    """A multi-select: each pick toggles a category (kept in `_categories`); 'Klaar' answers the step."""
    choices = ask_categories(facts).choices
    chosen = list(facts.get("_categories", []))
    values: list[str] = []
    numbers = re.findall(r"\d+", msg.text) if msg.action is None else []
    if numbers and re.fullmatch(r"[\d,\s;en]+", msg.text.strip()):
        values = [choices[int(n) - 1].value for n in numbers if 1 <= int(n) <= len(choices)]
    else:
        value = pick(msg, choices)
        values = [value] if value else []
    if not values:
        return Invalid("Kies een of meer soorten gegevens met de knoppen of nummers, en dan 'Klaar'.")
    for value in values:
        cat = value.rsplit(":", 1)[1]
        if cat == "done":
            if not chosen:
                return Invalid("Kies eerst minstens één soort gegevens (bij twijfel: 'Andere gegevens').")
            facts.pop("_categories", None)
            return Answered({"data_categories": chosen})
        chosen.remove(cat) if cat in chosen else chosen.append(cat)
    return Stay({"_categories": chosen})


def ask_contact(facts: dict) -> Reply:
    return Reply("Hoe kunnen de CISO of de FG jou bereiken als ze vragen hebben?", [Choice("Via deze chat", f"{P}:contact:chat")])


def read_contact(ctx: Context, facts: dict, msg: Message):
    if msg.action == f"{P}:contact:chat" or normalise(msg.text) in {"via deze chat", "chat", "hier"}:
        return Answered({"contact": "via de chat"})
    text = msg.text.strip()
    if not text or msg.action is not None:
        return Invalid("Typ je telefoonnummer of e-mailadres, of kies 'Via deze chat'.")
    if len(text) > 200:
        return Invalid("Houd het kort: alleen je telefoonnummer of e-mailadres.")
    return Answered({"contact": text})
