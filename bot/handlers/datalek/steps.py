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
from bot.steps import choice_step, free_text_step, yes_no_step

P = "dl"  # prefix of every button value of this dialogue

# bands, not upper bounds: "11 tot 100" is not "100 people" (the assessment reads the lower bound)
SUBJECT_CHOICES = [("1 persoon", 1), ("2 tot 10", "2-10"), ("11 tot 100", "11-100"), ("101 tot 1000", "101-1000"),
                   ("Meer dan 1000", "1001+"), ("Weet ik niet", None)]
# who got the data, as people name them (issue 15); the assessment reads whether they can be trusted
RECIPIENT_CHOICES = [("Een collega (binnen de gemeente)", "colleague"), ("Een andere inwoner of cliënt", "resident"),
                     ("Meerdere inwoners of cliënten (bijv. in cc)", "residents"),
                     ("Een externe organisatie (bijv. zorgaanbieder, school)", "organisation"),
                     ("Een leverancier of verwerker", "supplier"), ("Weet ik niet", None)]
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
AVAILABILITY_CHOICES = [("Alles staat ook elders (netwerkschijf, back-up)", "elsewhere"),
                        ("Het is weg, maar niemand heeft er last van", "lost"),
                        ("Het is weg en mensen hebben er last van", "harm"), ("Weet ik niet", None)]
AVAILABILITY = {"elsewhere": (True, False), "lost": (False, False), "harm": (False, True), None: (None, None)}
QUICK_KINDS = {"misdirected_email", "misdirected_post", "publication"}  # noticed when it happens, as a rule
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


def _recipient_of(text: str):
    """Typed words for a recipient ("een andere inwoner", "mijn collega")."""
    from bot.handlers.datalek.prefill import facts_from

    return facts_from(text + " ").get("recipient") if len(text.split()) < 8 else None


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
        Step("occurred_at", ask_occurred, read_moment("occurred_at"), label="Gebeurd", show=_moment_label("occurred_at"),
             applies=lambda f: f.get("kind") not in QUICK_KINDS),
        Step("data_categories", ask_categories, read_categories, label="Soorten gegevens",
             show=lambda f: ", ".join(CATEGORY_LABELS.get(c, c) for c in f.get("data_categories", [])) or "weet ik niet"),
        choice_step(P, "subjects", "Om hoeveel mensen gaat het ongeveer? (Geen namen, alleen een aantal.)",
                    SUBJECT_CHOICES, typed=_count, any_typed=True, label="Aantal mensen", show=_subjects,
                    invalid="Kies een aantal, of typ een getal (bijvoorbeeld 25)."),
        yes_no_step(P, "encrypted", "Was het apparaat versleuteld (bijv. BitLocker, of een telefoon met pincode)?",
                    applies=lambda f: f.get("kind") in DEVICE_KINDS, label="Versleuteld"),
        choice_step(P, "key_compromised", "Was de sleutel veilig: zat het wachtwoord of de pincode níet bij het "
                    "apparaat en kent niemand anders het?", KEY_CHOICES,
                    applies=lambda f: f.get("kind") in DEVICE_KINDS and f.get("encrypted") is True,
                    label="Sleutel veilig", show=lambda f: {False: "ja", True: "nee", None: "weet ik niet"}[f.get("key_compromised")]),
        choice_step(P, "recipient", "Wie heeft de gegevens ontvangen of kunnen zien?", RECIPIENT_CHOICES,
                    typed=_recipient_of, applies=lambda f: f.get("kind") not in NO_RECIPIENT_KINDS, label="Ontvanger"),
        choice_step(P, "recipient_trusted", "Wie heeft het gevonden?", FINDER_CHOICES,
                    applies=lambda f: f.get("kind") in FOUND_KINDS, label="Gevonden door"),
        yes_no_step(P, "data_contained", _contained, label="Teruggehaald/verwijderd"),
        choice_step(P, "accessed", "Heeft iemand die dat niet mocht de gegevens echt kunnen inzien?", ACCESS_CHOICES,
                    applies=lambda f: f.get("kind") in ACCESS_KINDS, label="Toegang gehad",
                    show=lambda f: {True: "ja", False: "nee", None: "weet ik niet"}[f.get("accessed")]),
        yes_no_step(P, "exfiltrated", "Zijn er gegevens weggehaald of gekopieerd door de aanvaller?",
                    applies=lambda f: f.get("kind") in ATTACK_KINDS and f.get("accessed") is not False,
                    label="Gegevens weggehaald"),
        choice_step(P, "availability", "Zijn de gegevens nog ergens anders (netwerkschijf, back-up), en hebben mensen "
                    "er last van dat ze weg zijn (bijv. zorg of betalingen lopen vertraging op)?", AVAILABILITY_CHOICES,
                    applies=lambda f: f.get("kind") in AVAILABILITY_KINDS, label="Beschikbaarheid"),
        free_text_step(P, "description", "Beschrijf kort wat er is gebeurd (een paar zinnen). Noem geen namen of andere "
                       "gegevens van de mensen om wie het gaat.", check_identifiers=True, label="Omschrijving"),
        free_text_step(P, "department", "Bij welke afdeling of welk team werk je?", check_identifiers=True,
                       label="Afdeling", applies=lambda f: f.get("_ask_department", False)),
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
    choices = [Choice(label, f"{P}:cat:{cat}") for cat, label in CATEGORY_LABELS.items()]
    choices.append(Choice("Weet ik niet", f"{P}:cat:unknown"))  # e.g. a lost laptop: counted as sensitive data
    return Reply("Om welke gegevens gaat het? Kies het gevoeligste. (Meer dan één? Typ de nummers, "
                 "bijvoorbeeld '2,4'.)", choices)


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
        return Invalid("Kies het soort gegevens met een knop of een nummer (meer dan één: '2,4').")
    categories = [v.rsplit(":", 1)[1] for v in values]
    if "unknown" in categories:  # the assessment reads no categories as "assume sensitive data"
        return Answered({"data_categories": []})
    return Answered({"data_categories": list(dict.fromkeys(categories))})


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
