"""Severity of the consequences (1..3): nature and sensitivity of the data, children, volume (EDPB 9/2022)."""
from __future__ import annotations

from bot.handlers.datalek.assessment.labels import CATEGORY_LABELS

LARGE_VOLUME = 100  # from this many people on (a band: its lower bound), volume raises the severity

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
