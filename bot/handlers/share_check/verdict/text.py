"""The wording of the advice: hints, the next step, informing the client and the case note."""
from __future__ import annotations

import re

from bot.handlers.share_check.verdict.answers import FACT_KEYS, INTERNAL, NO_SHARING, relevant_questions
from bot.handlers.share_check.verdict.findings import Findings, Verdict
from bot.handlers.share_check.verdict.labels import (
    BASIS_LABELS, CHANNEL_LABELS, DATA_LABELS, ORIGIN_LABELS, RECIPIENT_LABELS,
)

ASK_CONSENT = (
    "Vraag de inwoner om toestemming: vertel wat je met wie wilt delen en waarom. Weigert hij, dan deel je "
    "niet (tenzij er ernstig gevaar is: overleg dan met {privacy_officer_contact})."
)
POLICE_HINT = (
    "Geef nog niets. Vraag de politie om een schriftelijke vordering met het wetsartikel, en leg het verzoek "
    "voor aan {privacy_officer_contact}."
)
MELDCODE = (
    "Zijn er zorgen over de veiligheid van een kind of over huiselijk geweld? Volg dan de Meldcode: bespreek het "
    "met een collega of de aandachtsfunctionaris en vraag advies aan Veilig Thuis (0800-2000); melden bij Veilig "
    "Thuis mag ook zonder toestemming. Bij acuut gevaar: bel 112."
)
CHILD_CONSENT = (
    "Gaat het om een kind: onder 12 jaar geven de ouders met gezag de toestemming, van 12 tot 16 jaar de ouders "
    "én het kind, vanaf 16 jaar het kind zelf."
)
CHILD_SHORT = " (bij een kind: de ouders, vanaf 12 jaar ook het kind, vanaf 16 jaar het kind zelf)"
OTHER_PURPOSE_ROUTE = (
    "Geef niets uit het dossier. Heeft de ontvanger een adres of andere basisgegevens nodig, dan haalt hij die "
    "zelf uit de BRP via zijn eigen autorisatie. Anders kan hij het de inwoner zelf vragen, of geeft de inwoner "
    "toestemming voor juist dit doel. Meent de ontvanger dat een wet hem recht geeft op deze gegevens, laat hem "
    "dat dan schriftelijk vragen met het wetsartikel en leg het voor aan {privacy_officer_contact}."
)


def consent_or_meldcode(who: str) -> str:
    return (f"Vraag de inwoner om toestemming{CHILD_SHORT}: vertel wat je met {who} wilt delen en waarom, en leg "
            f"de toestemming vast. Weigert hij, dan deel je niet. {MELDCODE}")


def better_channel_for(recipient: str) -> str:
    if recipient in INTERNAL:
        return "het zaaksysteem of je werkmail binnen de gemeente"
    if recipient == "inwoner_zelf":
        return "beveiligde mail (of laat de inwoner het na legitimatie aan de balie ophalen)"
    return "beveiligde (versleutelde) mail of het beveiligde uitwisselsysteem van de gemeente"


def next_step(f: dict, v: Verdict, substance: Findings) -> str:
    hint = substance.next or next((text for level, text in substance.hints if level == substance.level), None)
    ask_fg = " Neem je antwoorden uit deze check mee; bij twijfel kun je ook de FG ({fg_reach}) om advies vragen."
    if v.better_channel:
        switch = f"Verstuur het niet via {CHANNEL_LABELS[f['channel']]}, maar via {v.better_channel}."
        return f"{switch} {hint}" if hint else switch + (" Regel ook de voorwaarden hieronder." if v.conditions else "")
    if v.outcome == "overleg":
        return (hint or "Leg je vraag voor aan {privacy_officer_contact} voordat je iets deelt.") + ask_fg
    if hint:
        return hint
    if v.outcome == "nee":
        return "Deel de gegevens niet. Is er een bijzondere reden? Overleg dan met {privacy_officer_contact}."
    done = "deel alleen deze gegevens en leg je afweging vast in het dossier (zie de notitie)."
    return ("Regel eerst de voorwaarden; " if v.outcome == "ja_mits" else "Je kunt het delen: ") + done


def inform_client(f: dict, v: Verdict) -> str:
    recipient, basis = f["recipient"], f["legal_basis"]
    if f["data"] == "geen_persoonsgegevens":
        return "Niet nodig: er gaan geen persoonsgegevens mee."
    if recipient == "inwoner_zelf":
        return "Niet apart nodig: de inwoner krijgt zijn eigen gegevens. Leg wel vast wat je hem hebt gegeven en wanneer."
    if recipient in NO_SHARING or f["channel"] == "publicatie":
        return "Je deelt niets, dus er is niets te melden aan de inwoner."
    if v.outcome == "nee" and not v.better_channel:
        return ("Je deelt nu niets, dus er is niets te melden. Vraag je de inwoner om toestemming, vertel dan wat je "
                "met wie wilt delen en waarom.")
    if v.outcome == "overleg":
        return ("Bespreek met de privacy officer ook of en wanneer je de inwoner informeert: in de regel vóór het "
                "delen, of achteraf als dat in zijn belang is.")
    if recipient == "collega_team":
        return ("Niet apart nodig: je collega werkt aan dezelfde zaak, en de inwoner weet dat de gemeente zijn "
                "gegevens daarvoor gebruikt.")
    if basis == "vitaal_belang":
        return ("Informeer de inwoner achteraf zo snel mogelijk over wat je met wie hebt gedeeld en waarom, tenzij dat "
                "het gevaar vergroot.")
    if recipient == "politie":
        return ("Informeer de inwoner over de verstrekking, tenzij dat het onderzoek van politie of justitie schaadt: "
                "vraag dat na en leg vast waarom je (nog) niet informeert.")
    if basis == "toestemming":
        return ("De inwoner weet ervan door zijn toestemming. Laat hem weten wanneer je het hebt gedeeld, en dat hij "
                "zijn toestemming kan intrekken.")
    return ("Vertel de inwoner vóór het delen met wie je wat deelt en waarom. Is het in zijn belang om dat later te "
            "doen, informeer hem dan achteraf alsnog.")


def _yes_no(value) -> str:
    return {True: "ja", False: "nee", None: "onbekend"}[value]


def _first_sentence(text: str) -> str:
    return re.split(r"\.\s+(?=[A-Z])", text)[0].rstrip(".")


def case_note(f: dict, v: Verdict) -> str:
    asked = relevant_questions(f, asked=FACT_KEYS)
    data = DATA_LABELS.get(f["data"], "gegevens (soort onbekend)")
    parts = [f"Afweging gegevensdeling [datum]: {data} delen met {RECIPIENT_LABELS.get(f['recipient'], 'onbekend')}"]
    if "channel" in asked:
        parts[0] += f" via {CHANNEL_LABELS.get(f['channel'], 'een nog te kiezen kanaal')}"
    parts[0] += "."
    if "purpose_same" in asked:
        parts.append(f"Zelfde doel als bij verzamelen: {_yes_no(f['purpose_same'])}.")
    if "origin" in asked:
        parts.append(f"Herkomst: {ORIGIN_LABELS.get(f['origin'], 'onbekend')}.")
    if "legal_basis" in asked:
        parts.append(f"Grondslag: {BASIS_LABELS.get(f['legal_basis'], 'onbekend')}.")
    if "provision" in asked:
        article = f.get("article") or ("[noem het artikel]" if f["provision"] == "known" else "niet bekend")
        parts.append(f"Wetsartikel voor deze ontvanger: {article}.")
    if "need_to_know" in asked:
        parts.append(f"Ontvanger heeft precies dit nodig: {_yes_no(f['need_to_know'])}.")
    if "agreement" in asked:
        parts.append(f"Verwerkersovereenkomst/convenant: {_yes_no(f['agreement'])}.")
    decision = {"ja": "delen", "ja_mits": "delen onder voorwaarden", "nee": "niet delen",
                "overleg": "eerst overleggen met privacy officer/FG"}[v.outcome]
    if v.better_channel:
        decision = f"niet via {CHANNEL_LABELS[f['channel']]}; wel via {v.better_channel}"
    parts.append(f"Besluit: {decision}. Reden: {_first_sentence(v.reasons[0])}.")
    if v.conditions:
        parts.append("Voorwaarden: " + "; ".join(_first_sentence(c) for c in v.conditions) + ".")
    parts.append("Inwoner geïnformeerd: [ja/nee, wanneer]. (Triagemodel gegevensdeling; check via Privacyloket.)")
    return " ".join(parts)
