"""Preliminary risk assessment of a personal data breach (AVG art. 33/34).

Pure functions: no I/O and no clock. The reasoning follows the EDPB (Guidelines 9/2022 and 01/2021):
risk to people = severity of the consequences x likelihood that they happen.

* Severity comes from the nature and sensitivity of the data, vulnerable people (children) and the
  number of people involved.
* Likelihood comes from what happened to the data: who can read them (recipient, finder, the
  public, an attacker), whether they were unintelligible (encryption), exfiltration or malicious
  intent, and for ransomware whether availability was restored from a backup.

Unknown facts (None) are counted on the side of caution. The outcome maps to the AVG obligations:
"none" -> register only, "risk" -> notify the AP, "high" -> notify the AP and inform the people
affected. The result is advice; the CISO/FG decide.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

KINDS = (
    "misdirected_email",
    "misdirected_post",
    "lost_device",
    "stolen_device",
    "lost_paper",
    "publication",
    "hacking",
    "ransomware",
    "phishing",
    "unauthorised_access",
    "other",
)

DATA_CATEGORIES = (
    "contact",
    "identity_number",
    "financial",
    "health",
    "criminal",
    "children",
    "credentials",
    "id_document",
    "special",
    "other",
)

KIND_LABELS = {
    "misdirected_email": "E-mail naar verkeerde ontvanger",
    "misdirected_post": "Post naar verkeerde ontvanger",
    "lost_device": "Laptop, telefoon of usb-stick kwijt",
    "stolen_device": "Laptop, telefoon of usb-stick gestolen",
    "lost_paper": "Papieren dossier of documenten kwijt",
    "publication": "Per ongeluk gepubliceerd (website, sociale media)",
    "hacking": "Hack of inbraak in een systeem",
    "ransomware": "Ransomware (gegevens gegijzeld)",
    "phishing": "Phishing (inloggegevens afgegeven)",
    "unauthorised_access": "Onbevoegde inzage of toegang",
    "other": "Anders",
}

CATEGORY_LABELS = {
    "contact": "Contactgegevens (naam, adres, e-mail, telefoon)",
    "identity_number": "BSN",
    "financial": "Financiële gegevens",
    "health": "Gezondheid / Wmo / Jeugd",
    "criminal": "Strafrechtelijke gegevens",
    "children": "Gegevens van kinderen",
    "credentials": "Inloggegevens / wachtwoorden",
    "id_document": "Kopie identiteitsbewijs",
    "special": "Bijzondere persoonsgegevens (bijv. religie, afkomst, seksuele voorkeur)",
    "other": "Overige gegevens",
}

RISK_LEVELS = ("none", "risk", "high")

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOTIFICATION_WINDOW = timedelta(hours=72)  # calendar hours: nights, weekends and DST count as-is
LARGE_VOLUME = 100  # from this many people on, volume raises the severity one step

_BOOL_FACTS = ("encrypted", "backup_available", "recipient_trusted", "data_contained", "exfiltrated")

# Severity of the consequences per data category (1 limited, 2 considerable, 3 serious).
_VERY_SENSITIVE = ("special", "health", "criminal", "identity_number", "id_document")
_SENSITIVE = ("financial", "credentials")
_CONSEQUENCES = {
    "special": "discriminatie of stigmatisering",
    "health": "schending van het medisch of beroepsgeheim",
    "criminal": "reputatieschade en uitsluiting",
    "identity_number": "identiteitsfraude",
    "id_document": "identiteitsfraude",
    "financial": "financiële schade",
    "credentials": "misbruik van accounts en verdere datalekken",
}
_DIRECT_IDENTIFIERS = ("contact", "identity_number", "id_document")

# Risk per severity (rows: 1 limited, 2 considerable, 3 serious) and likelihood of harm
# (columns: 0 negligible, 1 small, 2 real, 3 very likely), after EDPB "likelihood x severity".
_RISK_MATRIX = {
    1: ("none", "none", "risk", "risk"),
    2: ("none", "risk", "risk", "high"),
    3: ("none", "risk", "high", "high"),
}

DISCLAIMER = (
    "Dit is een voorlopig advies op basis van wat nu bekend is. De CISO en de FG beoordelen het lek "
    "en beslissen over melden bij de AP en het informeren van betrokkenen. Leg het lek altijd vast "
    "in het datalekregister (art. 33 lid 5 AVG), ook als het niet gemeld wordt."
)


@dataclass(frozen=True)
class Assessment:
    risk: str  # "none" | "risk" | "high"
    notify_ap: bool
    inform_subjects: bool
    deadline: datetime  # aware, UTC: discovered_at + 72 hours
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "risk": self.risk,
            "notify_ap": self.notify_ap,
            "inform_subjects": self.inform_subjects,
            "deadline": self.deadline.isoformat(),
            "reasons": list(self.reasons),
        }


# --------------------------------------------------------------------------- validation


def parse_moment(value, name: str = "discovered_at") -> datetime:
    """Parse an ISO 8601 moment to an aware UTC datetime; naive means Europe/Amsterdam time."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and value.strip():
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"'{name}' is geen geldige datum en tijd (verwacht ISO 8601, bijv. "
                             f"2026-11-23T09:30): {value!r}") from None
    else:
        raise ValueError(f"'{name}' ontbreekt of is leeg: geef datum en tijd op (ISO 8601).")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=AMSTERDAM)
    return moment.astimezone(timezone.utc)


def validate_facts(facts) -> dict:
    """Check and normalise a facts dict; missing keys become None. Raises ValueError (Dutch)."""
    if not isinstance(facts, dict):
        raise ValueError("De feiten moeten als woordenboek (dict) worden aangeleverd.")

    kind = facts.get("kind") or "other"
    if kind not in KINDS:
        raise ValueError(f"Onbekend soort datalek: {kind!r}. Kies uit: {', '.join(KINDS)}.")

    categories = facts.get("data_categories") or []
    if not isinstance(categories, (list, tuple)):
        raise ValueError("'data_categories' moet een lijst van soorten gegevens zijn.")
    for category in categories:
        if category not in DATA_CATEGORIES:
            raise ValueError(f"Onbekende soort gegevens: {category!r}. "
                             f"Kies uit: {', '.join(DATA_CATEGORIES)}.")

    subjects = facts.get("subjects")
    if subjects is not None:
        if isinstance(subjects, str) and subjects.strip().isdigit():
            subjects = int(subjects)
        if isinstance(subjects, bool) or not isinstance(subjects, int) or subjects < 0:
            raise ValueError(f"'subjects' moet een geheel aantal personen (0 of meer) zijn "
                             f"of leeg (onbekend), niet {subjects!r}.")

    normalised = {
        "kind": kind,
        "discovered_at": parse_moment(facts.get("discovered_at"), "discovered_at"),
        "occurred_at": (parse_moment(facts["occurred_at"], "occurred_at")
                        if facts.get("occurred_at") is not None else None),
        "data_categories": list(dict.fromkeys(categories)),
        "subjects": subjects,
    }
    for name in _BOOL_FACTS:
        value = facts.get(name)
        if value is not None and not isinstance(value, bool):
            raise ValueError(f"'{name}' moet ja (true), nee (false) of onbekend (null) zijn, "
                             f"niet {value!r}.")
        normalised[name] = value
    return normalised


# --------------------------------------------------------------------------- assessment


def assess(facts: dict) -> Assessment:
    """Assess the risk of a breach for the people affected, EDPB style (severity x likelihood)."""
    f = validate_facts(facts)
    severity, severity_reasons = _severity(f)
    confidentiality, confidentiality_reasons = _confidentiality(f)
    availability, availability_reasons = _availability(f)
    likelihood = max(confidentiality, availability)
    risk = _RISK_MATRIX[severity][likelihood]
    reasons = [*severity_reasons, *confidentiality_reasons, *availability_reasons,
               _conclusion(risk, f), DISCLAIMER]
    return Assessment(
        risk=risk,
        notify_ap=risk != "none",
        inform_subjects=risk == "high",
        deadline=f["discovered_at"] + NOTIFICATION_WINDOW,
        reasons=reasons,
    )


def _join(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def _labels(categories) -> str:
    return _join(label if label[:2].isupper() else label[0].lower() + label[1:]
                 for label in (CATEGORY_LABELS[c] for c in categories))


def _severity(f) -> tuple[int, list[str]]:
    """How serious the consequences could be: nature of the data, vulnerable people, volume."""
    categories = f["data_categories"]
    very = [c for c in categories if c in _VERY_SENSITIVE]
    sensitive = [c for c in categories if c in _SENSITIVE]
    reasons = []
    if not categories:
        level = 2
        reasons.append("Aard van de gegevens: nog niet bekend welke gegevens het betreft. Uit "
                       "voorzorg gaan we uit van gevoelige gegevens.")
    elif very or sensitive:
        level = 3 if very else 2
        harm = _join(dict.fromkeys(_CONSEQUENCES[c] for c in very + sensitive))
        strength = "zeer gevoelige" if very else "gevoelige"
        reasons.append(f"Aard van de gegevens: het gaat om {strength} gegevens "
                       f"({_labels(very + sensitive)}). Misbruik kan leiden tot {harm}.")
    else:
        level = 1
        reasons.append(f"Aard van de gegevens: alleen {_labels(categories)}. De gevolgen voor "
                       "mensen zijn op zichzelf meestal beperkt (bijv. ongewenste post of "
                       "phishing).")

    identifiers = [c for c in categories if c in _DIRECT_IDENTIFIERS]
    if identifiers:
        reasons.append(f"Identificeerbaarheid: de gegevens bevatten {_labels(identifiers)}, dus "
                       "de betrokkenen zijn direct te herkennen.")

    if "children" in categories:
        level += 1
        reasons.append("Kwetsbare groep: het gaat om gegevens van kinderen. Zij verdienen extra "
                       "bescherming, dus dit weegt zwaarder.")

    subjects = f["subjects"]
    if subjects is None:
        level += 1
        reasons.append("Omvang: het aantal betrokkenen is nog onbekend. Uit voorzorg gaan we uit "
                       "van een groot aantal.")
    elif subjects >= LARGE_VOLUME:
        level += 1
        reasons.append(f"Omvang: ongeveer {subjects} betrokkenen. Bij zoveel mensen is de kans "
                       "groter dat iemand ernstig nadeel ondervindt.")
    else:
        person = "betrokkene" if subjects == 1 else "betrokkenen"
        reasons.append(f"Omvang: {subjects} {person}, een beperkt aantal.")
    return min(level, 3), reasons


def _confidentiality(f) -> tuple[int, list[str]]:
    """How likely it is that unauthorised people can read and misuse the data (0..3)."""
    kind = f["kind"]
    if f["encrypted"] is True:
        return 0, ["Versleuteling: de gegevens waren versleuteld en de sleutel is veilig, dus ze "
                   "zijn onleesbaar voor anderen. Het risico voor de vertrouwelijkheid is "
                   "daardoor verwaarloosbaar (zie art. 34 lid 3 sub a AVG)."]
    reasons = []
    if kind in ("lost_device", "stolen_device"):
        reasons.append("Versleuteling: de gegevens op het apparaat waren niet versleuteld, dus "
                       "wie het apparaat heeft kan ze lezen." if f["encrypted"] is False else
                       "Versleuteling: niet bekend of het apparaat versleuteld was. Uit voorzorg "
                       "gaan we ervan uit dat de gegevens leesbaar zijn.")

    exfiltrated = f["exfiltrated"]
    if exfiltrated is True:
        level, text = 3, ("Exfiltratie: er zijn gegevens gekopieerd of weggenomen door een "
                          "onbevoegde. Dat vergroot de kans op misbruik (fraude, afpersing, "
                          "phishing) sterk.")
    elif kind == "stolen_device":
        level, text = 3, ("Kwade opzet: het apparaat is gestolen. Een dief kan de gegevens "
                          "gericht misbruiken of doorverkopen.")
    elif kind in ("hacking", "phishing"):
        attacker = "een aanvaller" if kind == "hacking" else "een oplichter"
        if exfiltrated is False:
            level, text = 2, (f"Kwade opzet: {attacker} had toegang tot de gegevens. Er "
                              "zijn geen aanwijzingen dat gegevens zijn gekopieerd, maar inzage "
                              "is niet uit te sluiten.")
        else:
            level, text = 3, (f"Kwade opzet: {attacker} had toegang tot de gegevens en "
                              "het is niet uit te sluiten dat gegevens zijn gekopieerd. Uit "
                              "voorzorg gaan we daarvan uit.")
    elif kind == "ransomware":
        if exfiltrated is False:
            level, text = 0, ("Geen exfiltratie: onderzoek wijst uit dat de aanvaller geen "
                              "gegevens heeft gekopieerd; het gaat om de beschikbaarheid.")
        else:
            level, text = 2, ("Exfiltratie: nog niet bekend of de aanvaller gegevens heeft "
                              "gekopieerd. Bij ransomware gebeurt dat vaak, dus uit voorzorg "
                              "gaan we ervan uit dat dit kan.")
    elif kind == "publication":
        if f["data_contained"] is True:
            level, text = 2, ("Publicatie: de gegevens stonden openbaar, maar zijn snel "
                              "verwijderd en er zijn geen aanwijzingen dat ze zijn gekopieerd.")
        else:
            level, text = 3, ("Publicatie: de gegevens stonden openbaar op internet. Iedereen kan "
                              "ze inzien, kopiëren en verder verspreiden; dat is niet terug te "
                              "draaien.")
    elif kind == "unauthorised_access":
        if exfiltrated is False:
            level, text = 1, ("Onbevoegde inzage: de gegevens zijn ingezien maar niet gekopieerd "
                              "of buiten de organisatie gebracht.")
        else:
            level, text = 2, ("Onbevoegde inzage: niet bekend of de gegevens zijn gekopieerd of "
                              "doorgegeven. Uit voorzorg gaan we ervan uit dat dit kan.")
    else:
        level, text = _recipient(f)
    return level, reasons + [text]


def _recipient(f) -> tuple[int, str]:
    """Accidental disclosure or loss: who has (or had) the data and did they give them back?"""
    who = "vinder" if f["kind"] in ("lost_device", "lost_paper") else "ontvanger"
    trusted, contained = f["recipient_trusted"], f["data_contained"]
    if trusted is True and contained is True:
        return 0, (f"Ontvanger: de gegevens kwamen bij een bekende, betrouwbare {who} die heeft "
                   "bevestigd ze te hebben verwijderd of teruggegeven. Een risico voor de "
                   "betrokkenen is daardoor onwaarschijnlijk.")
    if trusted is True:
        return 1, (f"Ontvanger: de {who} is bekend en betrouwbaar, maar heeft nog niet bevestigd "
                   "dat de gegevens zijn verwijderd of teruggegeven.")
    if contained is True:
        return 1, ("Ontvanger: de gegevens zijn verwijderd of terug, maar de "
                   f"{who} is niet bekend als betrouwbaar.")
    if trusted is False:
        return 2, (f"Ontvanger: de {who} is onbekend of niet betrouwbaar. We kunnen niet nagaan "
                   "wat er met de gegevens gebeurt.")
    return 2, (f"Ontvanger: niet bekend wie de gegevens heeft. Uit voorzorg gaan we uit van een "
               f"onbekende {who}.")


def _availability(f) -> tuple[int, list[str]]:
    """Ransomware: can the data be restored quickly from a backup (0..3)?"""
    if f["kind"] != "ransomware":
        return 0, []
    backup = f["backup_available"]
    if backup is True:
        return 0, ["Beschikbaarheid: er is een bruikbare back-up, dus de gegevens zijn snel te "
                   "herstellen. Duurt het herstel toch lang of raakt het de hulp of "
                   "dienstverlening aan mensen, beoordeel dan opnieuw."]
    if backup is False:
        return 2, ["Beschikbaarheid: er is geen bruikbare back-up. Gegevens kunnen langdurig "
                   "onbeschikbaar of verloren zijn, met gevolgen voor de dienstverlening aan de "
                   "betrokkenen."]
    return 2, ["Beschikbaarheid: niet bekend of er een bruikbare back-up is. Uit voorzorg gaan "
               "we uit van langdurig verlies van de gegevens."]


def _conclusion(risk: str, f) -> str:
    if risk == "none":
        return ("Conclusie: het lek leidt waarschijnlijk niet tot een risico voor de betrokkenen. "
                "Melden bij de AP is dan niet nodig; wel vastleggen met deze onderbouwing.")
    deadline = (f["discovered_at"] + NOTIFICATION_WINDOW).astimezone(AMSTERDAM)
    when = f"uiterlijk {deadline:%d-%m-%Y %H:%M} Nederlandse tijd (72 uur na ontdekking)"
    if risk == "risk":
        return ("Conclusie: er is waarschijnlijk een risico voor de betrokkenen, maar geen hoog "
                f"risico. Meld het lek bij de AP, {when}. Betrokkenen informeren is niet "
                "verplicht.")
    return ("Conclusie: waarschijnlijk een hoog risico voor de betrokkenen. Meld het lek bij de "
            f"AP, {when}, en informeer de betrokkenen zo snel mogelijk in duidelijke taal "
            "(art. 34 AVG).")
