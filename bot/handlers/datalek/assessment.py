"""Preliminary risk assessment of a personal data breach (AVG art. 33/34).

Pure functions: no I/O and no clock. The reasoning follows the EDPB (Guidelines 9/2022 and 01/2021):
risk to people = severity of the consequences x likelihood that they happen.

* Severity comes from the nature and sensitivity of the data, vulnerable people (children) and the
  number of people involved (a band's lower bound decides whether it is "many").
* Likelihood is the higher of two parts:
  - confidentiality: who can read the data (recipient, finder, the public, an attacker), whether they
    were unintelligible to that person (encryption only for a lost or stolen medium with a safe key,
    strongly salted hashes), whether anyone actually got at them, exfiltration or malicious intent;
  - availability: whether the loss of the data harms people (care, benefits, payments) and whether a
    backup restored them quickly.

Unknown facts (None) are counted on the side of caution. The outcome maps to the AVG obligations:
"none" -> register only (art. 33(5)), "risk" -> notify the AP (art. 33(1)), "high" -> notify the AP
and inform the people affected (art. 34(1)). The result is advice: the controller decides (in practice
the CISO on behalf of the college), on the advice of the FG. The full facts schema is in docs/assess.md.
"""
from __future__ import annotations

import re
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
    "hashed_credentials",  # appended last so the intake's numbered choices 1-10 keep their meaning
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
    "hashed_credentials": "Alleen sterk gehashte wachtwoorden (met salt), geen andere gegevens",
}

RISK_LEVELS = ("none", "risk", "high")

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOTIFICATION_WINDOW = timedelta(hours=72)  # art. 33(1): calendar hours; nights, weekends, DST as-is
LARGE_VOLUME = 100  # from this many people on (a band: its lower bound), volume raises the severity

# Optional yes/no/unknown facts. None (or a missing key) means "unknown" and is read cautiously.
_BOOL_FACTS = {
    "encrypted": "waren de gegevens versleuteld?",
    "key_compromised": "was de sleutel of het wachtwoord bij het apparaat of anderszins bekend?",
    "backup_available": "is er een bruikbare back-up of kopie waarmee de gegevens snel terug zijn?",
    "recipient_trusted": "is de ontvanger of vinder bekend en betrouwbaar?",
    "data_contained": "zijn de gegevens terug of verwijderd, en is dat bevestigd?",
    "exfiltrated": "zijn er gegevens gekopieerd of weggehaald?",
    "accessed": "heeft iemand onbevoegd echt bij de gegevens gekund?",
    "unavailable_impact": "heeft het niet beschikbaar zijn van de gegevens gevolgen voor mensen?",
}

# Kinds, grouped by what the rules need to know about them.
# A lost or stolen data carrier is the only case where encryption can make the data unintelligible to
# whoever has them (art. 34(3)(a) AVG; EDPB Guidelines 9/2022 on unintelligible data; 01/2021 case 10).
_ENCRYPTABLE_MEDIA = ("lost_device", "stolen_device")
# Things that can be found by somebody: a finder who is unknown is not a trusted recipient.
_FINDER_KINDS = ("lost_device", "lost_paper")
# Kinds where "nobody got at the data" can be established from logs (MFA blocked the login, no
# session, no download); for mail, post or a lost medium nobody can vouch for what a recipient or
# finder did, so `accessed: false` does not count there.
_LOGGED_ACCESS_KINDS = ("hacking", "phishing", "unauthorised_access", "publication")
# Kinds where the data (or the medium holding them) are unavailable by their very nature, plus
# "other" (nature unknown, so possibly an availability breach): here an unknown impact is read
# cautiously unless a backup or copy restored the data quickly.
_AVAILABILITY_LOST_KINDS = ("ransomware", "lost_device", "stolen_device", "lost_paper", "other")

# Severity of the consequences per data category (1 limited, 2 considerable, 3 serious).
_VERY_SENSITIVE = ("special", "health", "criminal", "identity_number", "id_document")
_SENSITIVE = ("financial", "credentials")
# Unintelligible by nature, without any key to lose (EDPB 01/2021 case 6: strongly salted hashes).
_UNINTELLIGIBLE = ("hashed_credentials",)
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
# (columns: 0 negligible, 1 small, 2 real, 3 very likely), after EDPB "likelihood x severity"
# (Guidelines 9/2022, risk assessment; recitals 75-76 AVG).
_RISK_MATRIX = {
    1: ("none", "none", "risk", "risk"),
    2: ("none", "risk", "risk", "high"),
    3: ("none", "risk", "high", "high"),
}

DISCLAIMER = (
    "Dit is een voorlopig advies op basis van wat nu bekend is. De CISO beslist namens het college, "
    "op advies van de FG, over melden bij de AP en het informeren van betrokkenen. Leg het lek altijd "
    "vast in het datalekregister (art. 33 lid 5 AVG), ook als het niet gemeld wordt."
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


_SUBJECTS_HELP = ("'subjects' moet een geheel aantal personen zijn (bijv. 12), een bandbreedte "
                  "(\"11-100\", \"11 tot 100\", \"meer dan 1000\", \"1000+\" of {\"min\": 11, "
                  "\"max\": 100}) of leeg (onbekend)")
_UNKNOWN_WORDS = ("", "onbekend", "weet ik niet", "?")
_PEOPLE = r"(?:\s*(?:persoon|personen|mensen|betrokkenen?))?"
_EXACT = re.compile(rf"(\d+){_PEOPLE}")
_RANGE = re.compile(rf"(\d+)\s*(?:-|–|tot en met|tot|t/m)\s*(\d+){_PEOPLE}")
_AT_LEAST = re.compile(rf"(?:(\d+)\s*\+|(\d+)\s*of meer|meer dan\s*(\d+)|>\s*(\d+)){_PEOPLE}")


def _count(value, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdecimal():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{_SUBJECTS_HELP}; '{what}' moet een geheel getal (0 of meer) of leeg "
                         f"zijn, niet {value!r}.")
    return value


def parse_subjects(value) -> tuple[int | dict | None, int | None, int | None]:
    """Read a subject count as (canonical value, lower bound, upper bound); None = unknown.

    Accepts an int (exact, backward compatible), a numeric string, a band string ("11-100",
    "11 tot 100", "1000+", "meer dan 1000", the intake's labels) or {"min": a, "max": b} where either
    bound may be null (max null = open-ended). An exact count is canonical as an int, a band as a dict.
    """
    if value is None:
        return None, None, None
    if isinstance(value, bool):
        raise ValueError(f"{_SUBJECTS_HELP}, niet {value!r}.")
    if isinstance(value, int):
        count = _count(value, "subjects")
        return count, count, count
    if isinstance(value, dict):
        unknown = set(value) - {"min", "max"}
        if unknown:
            raise ValueError(f"{_SUBJECTS_HELP}; onbekende sleutel(s) {sorted(unknown)} in "
                             f"{value!r}.")
        low, high = _count(value.get("min"), "subjects.min"), _count(value.get("max"), "subjects.max")
    elif isinstance(value, str):
        text = re.sub(r"(?<=\d)\.(?=\d{3}\b)", "", value.strip().lower())  # 1.000 -> 1000
        text = re.sub(r"\s+", " ", text)
        if text in _UNKNOWN_WORDS:
            return None, None, None
        if match := _EXACT.fullmatch(text):
            low = high = int(match[1])
        elif match := _RANGE.fullmatch(text):
            low, high = int(match[1]), int(match[2])
        elif match := _AT_LEAST.fullmatch(text):
            plus, or_more, more_than, greater = match.groups()
            # "1000+" and "1000 of meer" include 1000; "meer dan 1000" and ">1000" start at 1001
            low = int(plus or or_more) if (plus or or_more) else int(more_than or greater) + 1
            high = None
        else:
            raise ValueError(f"{_SUBJECTS_HELP}, niet {value!r}.")
    else:
        raise ValueError(f"{_SUBJECTS_HELP}, niet {value!r}.")
    if low is not None and high is not None and low > high:
        raise ValueError(f"{_SUBJECTS_HELP}; de ondergrens ({low}) is groter dan de bovengrens "
                         f"({high}).")
    if low is None and high is None:
        return None, None, None
    if low is not None and low == high:
        return low, low, high
    return {"min": low, "max": high}, low, high


def validate_facts(facts) -> dict:
    """Check and normalise a facts dict; missing keys become None. Raises ValueError (Dutch).

    Besides the given keys the result has `subjects_min` and `subjects_max` (None = unknown or
    open-ended); `subjects` is an int for an exact count and {"min", "max"} for a band.
    """
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

    subjects, subjects_min, subjects_max = parse_subjects(facts.get("subjects"))

    normalised = {
        "kind": kind,
        "discovered_at": parse_moment(facts.get("discovered_at"), "discovered_at"),
        "occurred_at": (parse_moment(facts["occurred_at"], "occurred_at")
                        if facts.get("occurred_at") is not None else None),
        "data_categories": list(dict.fromkeys(categories)),
        "subjects": subjects,
        "subjects_min": subjects_min,
        "subjects_max": subjects_max,
    }
    for name, question in _BOOL_FACTS.items():
        value = facts.get(name)
        if value is not None and not isinstance(value, bool):
            raise ValueError(f"'{name}' ({question}) moet ja (true), nee (false) of onbekend (null) "
                             f"zijn, niet {value!r}.")
        normalised[name] = value
    return normalised


# --------------------------------------------------------------------------- assessment


def assess(facts: dict) -> Assessment:
    """Assess the risk of a breach for the people affected, EDPB style (severity x likelihood)."""
    f = validate_facts(facts)
    severity, severity_reasons = _severity(f)
    confidentiality, confidentiality_reasons = _confidentiality(f)
    availability, availability_reasons = _availability(f)
    # The breach is as likely to harm people as its worst aspect (EDPB 9/2022: confidentiality,
    # integrity and availability breaches are each assessed; one is enough to notify).
    likelihood = max(confidentiality, availability)
    risk = _RISK_MATRIX[severity][likelihood]
    reasons = [*severity_reasons, *confidentiality_reasons, *availability_reasons,
               _conclusion(risk, f), DISCLAIMER]
    return Assessment(
        risk=risk,
        notify_ap=risk != "none",  # art. 33(1): notify unless unlikely to result in a risk
        inform_subjects=risk == "high",  # art. 34(1): inform the people affected of a high risk
        deadline=f["discovered_at"] + NOTIFICATION_WINDOW,  # art. 33(1): 72 h after awareness
        reasons=reasons,
    )


def _join(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def _labels(categories) -> str:
    return _join(label if label[:2].isupper() else label[0].lower() + label[1:]
                 for label in (CATEGORY_LABELS[c] for c in categories))


def _only_unintelligible(categories) -> bool:
    return bool(categories) and all(c in _UNINTELLIGIBLE for c in categories)


def _severity(f) -> tuple[int, list[str]]:
    """How serious the consequences could be: nature of the data, vulnerable people, volume.

    EDPB 9/2022 risk factors: nature, sensitivity and volume of the data, ease of identification,
    severity of the consequences, special characteristics of the people (children: recital 38).
    """
    categories = f["data_categories"]
    very = [c for c in categories if c in _VERY_SENSITIVE]
    sensitive = [c for c in categories if c in _SENSITIVE]
    reasons = []
    if not categories:
        # Unknown data: cautious, assume sensitive data.
        level = 2
        reasons.append("Aard van de gegevens: nog niet bekend welke gegevens het betreft. Uit "
                       "voorzorg gaan we uit van gevoelige gegevens.")
    elif very or sensitive:
        level = 3 if very else 2
        harm = _join(dict.fromkeys(_CONSEQUENCES[c] for c in very + sensitive))
        strength = "zeer gevoelige" if very else "gevoelige"
        reasons.append(f"Aard van de gegevens: het gaat om {strength} gegevens "
                       f"({_labels(very + sensitive)}). Misbruik kan leiden tot {harm}.")
    elif _only_unintelligible(categories):
        level = 1
        reasons.append("Aard van de gegevens: alleen sterk gehashte wachtwoorden (met salt). Zonder "
                       "de oorspronkelijke wachtwoorden zijn die voor een ander niet te gebruiken.")
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
        # Children merit specific protection (recital 38 AVG; EDPB 9/2022 vulnerable individuals).
        level += 1
        reasons.append("Kwetsbare groep: het gaat om gegevens van kinderen. Zij verdienen extra "
                       "bescherming, dus dit weegt zwaarder.")

    level, text = _volume(level, f["subjects_min"], f["subjects_max"])
    reasons.append(text)
    return min(level, 3), reasons


def _volume(level: int, low: int | None, high: int | None) -> tuple[int, str]:
    """Number of people (EDPB 9/2022: a larger number means a greater possible impact).

    A band counts by its lower bound: "11 to 100" is not "many", even if 100 would be. A band
    without a lower bound counts as many unless its upper bound says otherwise; no count at all is
    cautious and counts as many.
    """
    if low is None and high is None:
        return level + 1, ("Omvang: het aantal betrokkenen is nog onbekend. Uit voorzorg gaan we uit "
                           "van een groot aantal.")
    if low is not None and low == high:
        if low >= LARGE_VOLUME:
            return level + 1, (f"Omvang: ongeveer {low} betrokkenen. Bij zoveel mensen is de kans "
                               "groter dat iemand ernstig nadeel ondervindt.")
        person = "betrokkene" if low == 1 else "betrokkenen"
        return level, f"Omvang: {low} {person}, een beperkt aantal."
    if low is None:
        band = f"hooguit {high}"
    elif high is None:
        band = f"{low} of meer"
    else:
        band = f"{low} tot {high}"
    if low is not None and low >= LARGE_VOLUME:
        return level + 1, (f"Omvang: {band} betrokkenen. Bij zoveel mensen is de kans groter dat "
                           "iemand ernstig nadeel ondervindt.")
    if low is None and (high is None or high >= LARGE_VOLUME):
        return level + 1, (f"Omvang: {band} betrokkenen; de ondergrens is niet bekend. Uit voorzorg "
                           "gaan we uit van een groot aantal.")
    text = f"Omvang: {band} betrokkenen, een beperkt aantal (de ondergrens telt)."
    if high is None or high >= LARGE_VOLUME:
        text += f" Blijken het er {LARGE_VOLUME} of meer te zijn, beoordeel het lek dan opnieuw."
    return level, text


def _confidentiality(f) -> tuple[int, list[str]]:
    """How likely it is that unauthorised people can read and misuse the data (0..3)."""
    kind, exfiltrated, accessed = f["kind"], f["exfiltrated"], f["accessed"]

    # Strongly salted hashes stay unintelligible even when copied: there is no key to lose
    # (art. 34(3)(a) AVG; EDPB 01/2021 case 6). Only when nothing readable came with them.
    if _only_unintelligible(f["data_categories"]):
        return 0, ["Onleesbaar: het gaat alleen om sterk gehashte wachtwoorden (met salt). Ook als "
                   "ze zijn gekopieerd, zijn ze niet terug te rekenen naar de wachtwoorden (zie art. "
                   "34 lid 3 sub a AVG). Laat gebruikers voor de zekerheid hun wachtwoord wijzigen."]

    unintelligible, reasons = _encryption(f)
    if unintelligible:
        return 0, reasons

    if exfiltrated is True:
        # Exfiltration: data in the hands of someone who took them on purpose (EDPB 01/2021 cases
        # 4 and 5). A contradicting `accessed: false` is overruled: copying needs access.
        text = ("Exfiltratie: er zijn gegevens gekopieerd of weggenomen door een onbevoegde. Dat "
                "vergroot de kans op misbruik (fraude, afpersing, phishing) sterk.")
        if accessed is False:
            text += (" Dat er geen toegang was (zoals ook gemeld) kan dus niet kloppen; uit voorzorg "
                     "gaan we uit van de exfiltratie.")
        return 3, reasons + [text]

    if accessed is False:
        if kind in _LOGGED_ACCESS_KINDS:
            # No unauthorised access established (e.g. MFA blocked the login, logs show no session
            # or download): no loss of confidentiality, so nothing to notify under art. 33(1); the
            # incident is still documented (art. 33(5)).
            return 0, reasons + [
                "Geen toegang: vastgesteld is dat niemand onbevoegd bij de gegevens is gekomen "
                "(bijv. de inlog werd door MFA geblokkeerd en de logs tonen geen toegang of "
                "download). Er is dan geen inbreuk op de vertrouwelijkheid die gemeld hoeft te "
                "worden. Leg het incident wel vast in het datalekregister (art. 33 lid 5 AVG), met "
                "de logs als onderbouwing."]
        reasons.append("Toegang: gemeld is dat niemand de gegevens heeft ingezien, maar bij dit "
                       "soort lek is dat niet vast te stellen: wie de gegevens kreeg of vond, kan ze "
                       "gelezen of gekopieerd hebben. Dat verlaagt het risico daarom niet.")

    if kind == "stolen_device":
        # Theft is malicious intent (EDPB 01/2021 case 11: stolen unencrypted laptop, high risk).
        level, text = 3, ("Kwade opzet: het apparaat is gestolen. Een dief kan de gegevens gericht "
                          "misbruiken of doorverkopen.")
    elif kind in ("hacking", "phishing"):
        # With access to a mailbox or system, assume it was read (EDPB 01/2021 case 18);
        # unknown exfiltration is assumed (cautious).
        attacker = "een aanvaller" if kind == "hacking" else "een oplichter"
        got_in = (f"Kwade opzet: {attacker} had toegang tot de gegevens." if accessed is True else
                  f"Kwade opzet: niet vastgesteld dat {attacker} buiten bleef (bijv. doordat MFA de "
                  "inlog blokkeerde en de logs geen toegang tonen). Uit voorzorg gaan we uit van "
                  "toegang.")
        if exfiltrated is False:
            level, text = 2, (f"{got_in} Er zijn geen aanwijzingen dat gegevens zijn gekopieerd, "
                              "maar inzage is niet uit te sluiten; bij een mailbox gaan we ervan "
                              "uit dat die is gelezen.")
        else:
            level, text = 3, (f"{got_in} Het is niet uit te sluiten dat gegevens zijn gekopieerd; "
                              "ook daarvan gaan we uit voorzorg uit.")
    elif kind == "ransomware":
        # Without exfiltration ransomware is an availability breach (EDPB 01/2021 cases 1-3);
        # exfiltration unknown is assumed possible (cautious; ransomware often exfiltrates).
        if exfiltrated is False:
            level, text = 0, ("Geen exfiltratie: onderzoek wijst uit dat de aanvaller geen "
                              "gegevens heeft gekopieerd; het gaat om de beschikbaarheid.")
        else:
            level, text = 2, ("Exfiltratie: nog niet bekend of de aanvaller gegevens heeft "
                              "gekopieerd. Bij ransomware gebeurt dat vaak, dus uit voorzorg "
                              "gaan we ervan uit dat dit kan.")
    elif kind == "publication":
        # Public data can be copied by anyone; quick removal lowers but does not remove the risk.
        if f["data_contained"] is True:
            level, text = 2, ("Publicatie: de gegevens stonden openbaar, maar zijn snel "
                              "verwijderd en er zijn geen aanwijzingen dat ze zijn gekopieerd.")
        else:
            level, text = 3, ("Publicatie: de gegevens stonden openbaar op internet. Iedereen kan "
                              "ze inzien, kopiëren en verder verspreiden; dat is niet terug te "
                              "draaien.")
    elif kind == "unauthorised_access":
        # Internal human risk: viewing without copying is less likely to harm than copying
        # (EDPB 01/2021 case 8 is the copying employee).
        if exfiltrated is False:
            level, text = 1, ("Onbevoegde inzage: de gegevens zijn ingezien maar niet gekopieerd "
                              "of buiten de organisatie gebracht.")
        else:
            level, text = 2, ("Onbevoegde inzage: niet bekend of de gegevens zijn gekopieerd of "
                              "doorgegeven. Uit voorzorg gaan we ervan uit dat dit kan.")
    else:
        level, text = _recipient(f)
    return level, reasons + [text]


def _encryption(f) -> tuple[bool, list[str]]:
    """Did encryption make the data unintelligible to whoever has them? (art. 34(3)(a) AVG)

    Only for a lost or stolen medium, strongly encrypted, whose key or password was not with it and
    not otherwise compromised (EDPB 01/2021 case 10; Guidelines 9/2022). Never for mail or post (the
    recipient decrypts it), phishing, hacking, unauthorised access or ransomware (whoever is in the
    system or account sees the data decrypted), nor for exfiltrated data. Unknown = not safe.
    """
    kind, encrypted, key = f["kind"], f["encrypted"], f["key_compromised"]
    if kind not in _ENCRYPTABLE_MEDIA:
        if encrypted is not True:
            return False, []
        why = {
            "misdirected_email": "de ontvanger kan het bericht ontsleutelen en lezen (ook bij "
                                 "beveiligde mail)",
            "misdirected_post": "de ontvanger kan de inhoud lezen",
            "lost_paper": "papier is niet versleuteld",
            "publication": "wie de publicatie opent, kan de gegevens lezen",
            "hacking": "wie in het systeem binnenkomt, ziet de gegevens onversleuteld",
            "ransomware": "wie in het systeem binnenkomt, ziet de gegevens onversleuteld",
            "phishing": "wie met de buitgemaakte inloggegevens binnenkomt, ziet de gegevens "
                        "onversleuteld",
            "unauthorised_access": "wie toegang heeft, ziet de gegevens onversleuteld",
            "other": "niet bekend of het om een verloren of gestolen gegevensdrager gaat",
        }[kind]
        return False, [f"Versleuteling: de gegevens waren versleuteld, maar dat telt hier niet mee: "
                       f"{why}. Versleuteling beschermt alleen een verloren of gestolen "
                       "gegevensdrager waarvan de sleutel veilig is (art. 34 lid 3 sub a AVG)."]
    if encrypted is False:
        return False, ["Versleuteling: de gegevens op het apparaat waren niet versleuteld, dus "
                       "wie het apparaat heeft kan ze lezen."]
    if encrypted is None:
        return False, ["Versleuteling: niet bekend of het apparaat versleuteld was. Uit voorzorg "
                       "gaan we ervan uit dat de gegevens leesbaar zijn."]
    if key is True:
        return False, ["Versleuteling: het apparaat was versleuteld, maar de sleutel of het "
                       "wachtwoord was erbij of is anderszins bekend (bijv. een briefje met het "
                       "wachtwoord). Wie het apparaat heeft, kan de gegevens dus lezen; de "
                       "versleuteling telt niet (art. 34 lid 3 sub a AVG)."]
    if key is None:
        return False, ["Versleuteling: het apparaat was versleuteld, maar niet bekend is of de "
                       "sleutel of het wachtwoord veilig is (niet bij het apparaat bewaard en niet "
                       "anderszins bekend). Uit voorzorg telt de versleuteling niet."]
    if f["exfiltrated"] is True:
        return False, ["Versleuteling: het apparaat was versleuteld met een veilige sleutel, maar "
                       "er zijn gegevens gekopieerd; dan waren ze kennelijk leesbaar."]
    return True, ["Versleuteling: het apparaat was sterk versleuteld en de sleutel of het "
                  "wachtwoord was niet bij het apparaat en is niet anderszins bekend. De gegevens "
                  "zijn dus onleesbaar voor wie het apparaat heeft; het risico voor de "
                  "vertrouwelijkheid is verwaarloosbaar (zie art. 34 lid 3 sub a AVG)."]


def _recipient(f) -> tuple[int, str]:
    """Accidental disclosure or loss: who has (or had) the data and did they give them back?

    Only a known, trusted recipient bound by confidentiality who confirmed deletion makes a risk
    unlikely (EDPB 01/2021 case 9). An unknown or untrusted recipient or finder (false) or one nobody
    knows (null) never lowers the risk, also when the data came back: they lay outside our control
    for an unknown time and copies cannot be ruled out (art. 33(1); DOMAIN: "returned is not
    contained").
    """
    who = "vinder" if f["kind"] in _FINDER_KINDS else "ontvanger"
    trusted, contained = f["recipient_trusted"], f["data_contained"]
    if trusted is True and contained is True:
        return 0, (f"Ontvanger: de gegevens kwamen bij een bekende, betrouwbare {who} die heeft "
                   "bevestigd ze te hebben verwijderd of teruggegeven. Een risico voor de "
                   "betrokkenen is daardoor onwaarschijnlijk.")
    if trusted is True:
        return 1, (f"Ontvanger: de {who} is bekend en betrouwbaar, maar heeft nog niet bevestigd "
                   "dat de gegevens zijn verwijderd of teruggegeven.")
    whom = ("onbekend of niet betrouwbaar" if trusted is False else
            "niet bekend (dus niet als betrouwbaar te beschouwen)")
    if contained is True:
        return 2, (f"Ontvanger: de gegevens zijn terug of verwijderd, maar de {who} is {whom}. "
                   "Terug is niet hetzelfde als ingeperkt: de gegevens waren een onbekende tijd "
                   "buiten onze controle, dus kopieën of foto's zijn niet uit te sluiten.")
    if trusted is False:
        return 2, (f"Ontvanger: de {who} is onbekend of niet betrouwbaar. We kunnen niet nagaan "
                   "wat er met de gegevens gebeurt.")
    return 2, (f"Ontvanger: niet bekend wie de gegevens heeft. Uit voorzorg gaan we uit van een "
               f"onbekende {who}.")


def _availability(f) -> tuple[int, list[str]]:
    """Loss of availability (0..3): does it harm people, and did a backup restore the data?

    Rule (EDPB 9/2022: availability breaches; 01/2021 cases 1-3):
    * `unavailable_impact: true` (care, benefits or payments stop or are delayed, people lose data
      they need): 3, with or without a backup (01/2021 case 3: a backup, but days of delay).
    * `unavailable_impact: false`: 0 (nobody is or will be harmed by the loss; 01/2021 case 1).
    * unknown impact: cautious (2) only where availability was lost - ransomware, a lost or stolen
      device or paper, an unspecified ("other") breach, or any kind reported with
      `backup_available: false` - and no backup or copy restored the data quickly
      (`backup_available: true`, or lost paper that is back). Elsewhere the data are still with us
      (mail, post, publication, hacking, phishing, access) and an unknown impact counts 0.
    """
    kind, backup, impact = f["kind"], f["backup_available"], f["unavailable_impact"]
    if impact is True:
        return 3, ["Beschikbaarheid: het niet beschikbaar zijn van de gegevens heeft gevolgen voor "
                   "mensen (bijv. zorg, uitkeringen of betalingen stoppen of lopen vertraging op). "
                   "Dat telt als risico, ook als er een back-up is."]
    lost = kind in _AVAILABILITY_LOST_KINDS or backup is False
    if not lost:
        return 0, []
    restored = backup is True or (kind == "lost_paper" and f["data_contained"] is True)
    if impact is False:
        return 0, ["Beschikbaarheid: de gegevens zijn (tijdelijk) niet beschikbaar, maar volgens "
                   "de melding heeft niemand daar nadeel van."]
    if restored:
        return 0, ["Beschikbaarheid: er is een bruikbare back-up of kopie, dus de gegevens zijn "
                   "snel te herstellen. Lopen zorg, uitkeringen of betalingen toch vertraging op, "
                   "beoordeel het lek dan opnieuw."]
    copy = ("er is geen bruikbare back-up of kopie" if backup is False else
            "niet bekend of er een bruikbare back-up of kopie is")
    return 2, [f"Beschikbaarheid: {copy}, en niet bekend of het verlies mensen raakt (bijv. zorg, "
               "uitkeringen of betalingen). Uit voorzorg gaan we ervan uit dat de gegevens "
               "langdurig onbeschikbaar of verloren zijn, met gevolgen voor de betrokkenen."]


def _conclusion(risk: str, f) -> str:
    if risk == "none":
        # Art. 33(1): no notification when the breach is unlikely to result in a risk; art. 33(5):
        # document it anyway, with the reasoning. The 72 hours only bind a decision to notify.
        return ("Conclusie: het lek leidt waarschijnlijk niet tot een risico voor de betrokkenen. "
                "Melden bij de AP is dan niet nodig; wel vastleggen met deze onderbouwing. De "
                "termijn van 72 uur voor de AP speelt alleen als de CISO, op advies van de FG, "
                "besluit dat het lek toch gemeld moet worden.")
    deadline = (f["discovered_at"] + NOTIFICATION_WINDOW).astimezone(AMSTERDAM)
    when = f"uiterlijk {deadline:%d-%m-%Y %H:%M} Nederlandse tijd (72 uur na ontdekking)"
    if risk == "risk":
        return ("Conclusie: er is waarschijnlijk een risico voor de betrokkenen, maar geen hoog "
                f"risico. Meld het lek bij de AP, {when}. Betrokkenen informeren is niet "
                "verplicht.")
    return ("Conclusie: waarschijnlijk een hoog risico voor de betrokkenen. Meld het lek bij de "
            f"AP, {when}, en informeer de betrokkenen zo snel mogelijk in duidelijke taal "
            "(art. 34 AVG).")
