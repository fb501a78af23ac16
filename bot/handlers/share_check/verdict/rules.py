"""The general route: the triage questions (purpose, need-to-know, agreements, the kind of data)."""
from __future__ import annotations

from bot.handlers.share_check.verdict.answers import CONSENT_ONLY, EXTERNAL, ORIGIN_MATTERS, SOCIAL_FILES
from bot.handlers.share_check.verdict.basis import consent_only, legal_basis, police_basis
from bot.handlers.share_check.verdict.findings import Findings
from bot.handlers.share_check.verdict.labels import ORIGIN_LABELS
from bot.handlers.share_check.verdict.sources import (
    AGREEMENTS, AVG_MIN, AVG_PROCESSOR, AVG_PURPOSE, BRP_003, BRP_LAW, BSN_LAW, CHILD_LAW, DAT_FIRST, DAT_WAT,
    HEALTH, JW_CONSENT, LAW_003, LESS, NEED, ORIGIN_LAW, OUTSOURCING, PROCESSOR, PROPORTION, PROVIDING, PURPOSE,
    PURPOSE_003, TASK_SET, THIRD, THIRD_002, TRIAGE, WMO, WMO_CONSENT,
)
from bot.handlers.share_check.verdict.text import ASK_CONSENT, CHILD_CONSENT, OTHER_PURPOSE_ROUTE


# -- the general route: the triage questions --------------------------------------------------
def general(f: dict) -> Findings:
    r = Findings()
    if f["recipient"] == "politie":
        police_basis(f, r)
    elif f["recipient"] in CONSENT_ONLY:
        consent_only(f, r)
        purpose(f, r)
    else:
        legal_basis(f, r)
        purpose(f, r)
    need_to_know(f, r)
    agreement(f, r)
    data_rules(f, r)
    if f["recipient"] in EXTERNAL:
        r.add("ja", "Gegevens aan een partij buiten de gemeente geven mag in beginsel niet: alleen als het echt moet, "
                    "en dan alleen het strikt noodzakelijke.", sources=(THIRD, THIRD_002))
    else:
        r.add("ja", "Ook binnen de gemeente deel je alleen wat een collega voor zijn taak nodig heeft; zijn takenpakket "
                    "bepaalt welke gegevens hij mag hebben.", sources=(TASK_SET, PROVIDING))
    return r


def purpose(f: dict, r: Findings) -> None:
    same, basis, recipient, origin = f["purpose_same"], f["legal_basis"], f["recipient"], f["origin"]
    if recipient == "collega_team" and same is None:
        return
    social = recipient in ORIGIN_MATTERS and origin in SOCIAL_FILES
    if recipient == "handhaving" and social:
        same = False  # enforcement, control or taxes is never the purpose of a social-domain file
    if recipient == "handhaving" and origin is None and basis not in {"toestemming", "vitaal_belang", "geen"}:
        r.add("overleg", "Je weet niet uit welk dossier de gegevens komen. Komen ze uit een Wmo-, Jeugdwet- of "
                         "Participatiewetdossier, dan mag een collega van handhaving, toezicht of belastingen ze niet "
                         "krijgen: dat is een ander doel.", sources=(AVG_PURPOSE, PURPOSE_003, LAW_003),
              hint="Zoek uit waar de gegevens vandaan komen en leg het voor aan {privacy_officer_contact}. "
                   "Basisgegevens zoals een adres haalt de ontvanger zelf uit de BRP via zijn eigen autorisatie.")
        return
    if same is True:
        r.add("ja", "Je deelt voor hetzelfde doel als waarvoor de gegevens zijn verzameld (doelbinding).",
              sources=(AVG_PURPOSE, PURPOSE))
        return
    if basis == "geen":
        return  # already a "nee"
    if basis == "vitaal_belang":
        return  # a vital interest overrides the original purpose; the basis rules decide
    what = "een ander doel" if same is False else (
        "een doel waarvan je niet weet of het past bij het doel waarvoor de gegevens zijn verzameld")
    if basis == "toestemming":
        r.add("ja_mits", condition=f"Je deelt voor {what}: de toestemming moet juist dit doel dekken.",
              sources=(AVG_PURPOSE, PURPOSE, PURPOSE_003))
        return
    if social:
        other_purpose_from_social_file(f, r, same)
        return
    if recipient in ORIGIN_MATTERS and origin is None and basis == "wettelijke_taak":
        r.add("overleg", f"Je deelt voor {what}, en je weet niet uit welk dossier de gegevens komen. Komen ze uit een "
                         "Wmo-, Jeugdwet- of Participatiewetdossier, dan mag het niet voor een ander doel; anders moet "
                         "een wet juist dit doel regelen.", sources=(AVG_PURPOSE, PURPOSE_003, LAW_003),
              hint="Zoek uit waar de gegevens vandaan komen en leg het doel voor aan {privacy_officer_contact}. "
                   "Basisgegevens zoals een adres haalt de ontvanger zelf uit de BRP via zijn eigen autorisatie.")
    elif basis == "wettelijke_taak":
        r.add("ja_mits", condition=f"Je deelt voor {what}: de wet moet juist dit doel regelen. Noem het artikel "
                                   "in je vastlegging.", sources=(AVG_PURPOSE, PURPOSE, PURPOSE_003))
    else:  # a contract, or an unknown basis
        r.add("overleg", f"Je deelt voor {what}. Gegevens mag je alleen voor een ander doel gebruiken als dat "
                         "verenigbaar is met het oorspronkelijke doel; die afweging maak je niet alleen.",
              sources=(AVG_PURPOSE, PURPOSE, LAW_003),
              hint="Leg het nieuwe doel voor aan {privacy_officer_contact}, of vraag de inwoner om toestemming.")


def other_purpose_from_social_file(f: dict, r: Findings, same: bool | None) -> None:
    """Wmo, Jeugdwet or Participatiewet data for another purpose: nee (or, with a named article, overleg)."""
    origin = f["origin"]
    file = ORIGIN_LABELS[origin].split(" (")[0]
    law = ORIGIN_LAW[origin]
    refs = (AVG_PURPOSE, law, BRP_LAW, PURPOSE_003, BRP_003)
    if same is None:
        r.add("overleg", f"De gegevens komen uit {file}, en je weet niet of de ontvanger ze voor hetzelfde doel "
                         "gebruikt. Voor een ander doel (zoals handhaving, belastingen of een verhuurder) mag het niet.",
              sources=refs, hint="Vraag de ontvanger waarvoor hij het nodig heeft. " + OTHER_PURPOSE_ROUTE)
    elif f["legal_basis"] == "wettelijke_taak" and f["provision"] == "known":
        r.add("overleg", f"De gegevens komen uit {file} en de ontvanger wil ze voor een ander doel. Dat mag alleen als "
                         "een wet juist dit andere gebruik toestaat; je noemt een artikel, maar die afweging maak je "
                         "niet alleen.", sources=refs,
              hint="Leg het artikel en het verzoek voor aan {privacy_officer_contact} en deel tot die tijd niets. "
                   "Gaat het om een adres of andere basisgegevens, dan haalt de ontvanger die zelf uit de BRP via "
                   "zijn eigen autorisatie.")
    else:
        r.add("nee", f"De gegevens komen uit {file} en de ontvanger wil ze voor een ander doel (zoals handhaving, "
                     "belastingen of een verhuurder). Dat mag niet: gegevens uit het sociaal domein gebruik je alleen "
                     "voor de hulp of ondersteuning waarvoor ze zijn verzameld (doelbinding), en je eigen wettelijke "
                     "taak maakt dat niet anders.", sources=refs, hint=OTHER_PURPOSE_ROUTE)


def need_to_know(f: dict, r: Findings) -> None:
    need = f["need_to_know"]
    if need is True:
        r.add("ja", "De ontvanger heeft precies deze gegevens nodig voor zijn taak (need-to-know).",
              sources=(AVG_MIN, NEED))
    elif need is False:
        r.add("nee", "Minder is genoeg. Deel dan niet dit, maar alleen wat de ontvanger echt nodig heeft "
                     "(need-to-know, less is more).", sources=(AVG_MIN, LESS, NEED, PROPORTION),
              hint="Deel alleen het deel dat nodig is (bijvoorbeeld alleen dat-informatie, of zonder naam) en doe "
                   "daarvoor zo nodig opnieuw de check met /delen.")
    else:
        r.add("ja_mits", condition="Ga eerst na wat de ontvanger echt nodig heeft en deel niet meer (need-to-know). "
                                   "Volstaat dat-informatie of kan het zonder naam, doe dat dan.",
              sources=(AVG_MIN, NEED, LESS))


def agreement(f: dict, r: Findings) -> None:
    recipient, has, basis = f["recipient"], f["agreement"], f["legal_basis"]
    if recipient == "extern_bureau":
        if has is True:
            r.add("ja", "Er is een verwerkersovereenkomst met het bureau.", sources=(AVG_PROCESSOR, PROCESSOR))
        elif has is False:
            r.add("nee", "Een extern bureau dat in opdracht van de gemeente met persoonsgegevens werkt, moet een "
                         "verwerkersovereenkomst hebben; die is wettelijk verplicht.",
                  sources=(AVG_PROCESSOR, PROCESSOR, OUTSOURCING, THIRD_002),
                  hint="Laat eerst een verwerkersovereenkomst sluiten (via je leidinggevende of "
                       "{privacy_officer_contact}) en deel tot die tijd niets.")
        else:
            r.add("overleg", "Je weet niet of er een verwerkersovereenkomst met het bureau is; zonder die overeenkomst "
                             "mag het niet.", sources=(AVG_PROCESSOR, PROCESSOR),
                  hint="Vraag je leidinggevende of {privacy_officer_contact} of er een verwerkersovereenkomst is.")
    elif recipient in {"zorgaanbieder", "other"}:
        if has is True:
            r.add("ja", "Er zijn afspraken (contract of convenant) over de gegevensuitwisseling met deze partij.",
                  sources=(DAT_WAT, AGREEMENTS))
        elif basis in {"toestemming", "vitaal_belang"}:
            r.add("ja", "Er zijn geen (bekende) afspraken met deze partij, maar de toestemming van de inwoner of het "
                        "ernstige gevaar maakt dit ene delen mogelijk.", sources=(TRIAGE,))
        elif basis != "geen":
            start = "Er zijn geen afspraken" if has is False else "Je weet niet of er afspraken zijn"
            r.add("overleg", f"{start} (contract of convenant) met deze partij over hoe zij met de gegevens omgaat en "
                             "hoe ze worden beveiligd.", sources=(AGREEMENTS, DAT_WAT),
                  hint="Overleg met {privacy_officer_contact}: bij vaste samenwerking horen afspraken in een "
                       "convenant of contract.")


def data_rules(f: dict, r: Findings) -> None:
    data, recipient, basis = f["data"], f["recipient"], f["legal_basis"]
    if data is None:
        r.add("ja_mits", condition="Je weet nog niet precies om welke gegevens het gaat: bepaal dat eerst. Gaat het om "
                                   "gezondheidsgegevens, een BSN, gegevens over kinderen of een heel dossier, doe de "
                                   "check dan opnieuw met dat antwoord.", sources=(AVG_MIN, NEED))
    elif data == "bsn":
        r.add("ja_mits", "Het BSN is geen bijzonder persoonsgegeven in de zin van de AVG, maar de wet beperkt het "
                         "gebruik wel.",
              condition="Deel het BSN alleen als de ontvanger het wettelijk mag gebruiken (bijvoorbeeld een "
                        "zorgaanbieder voor de Wmo of Jeugdwet) en het echt nodig is; laat het anders weg. Zet het "
                        "nooit in de onderwerpregel.", sources=(BSN_LAW,))
    elif data == "kinderen":
        r.add("ja_mits", condition="Gegevens over kinderen vragen extra zorg: deel alleen wat voor het kind nodig is.",
              sources=(LESS,))
        if basis == "toestemming":
            r.add("ja_mits", condition=CHILD_CONSENT, sources=(CHILD_LAW, JW_CONSENT))
    elif data == "dossier":
        r.add("ja_mits", condition="Stuur geen heel dossier als een deel volstaat: kies de stukken die nodig zijn en "
                                   "haal gegevens over anderen (gezinsleden, melders) eruit.", sources=(LESS, THIRD))
    elif data == "bijzonder_strafrechtelijk" and recipient == "collega_team":
        r.add("ja_mits", condition="Alleen als je collega aan dezelfde zaak werkt en dit voor zijn taak nodig heeft.",
              sources=(HEALTH,))
    if recipient == "collega_andere_afdeling":
        across_domains(f, r)


def across_domains(f: dict, r: Findings) -> None:
    """Sharing with another department: dat-information if needed, wat-information only with consent or a law."""
    data, basis = f["data"], f["legal_basis"]
    if data == "dat_informatie":
        r.add("ja_mits", "Dat-informatie (alleen dát iemand bekend is of hulp krijgt) mag een collega uit een ander "
                         "domein krijgen, maar alleen voor zover hij die nodig heeft.",
              condition="Deel alleen dát de inwoner bekend is of hulp krijgt, niet de inhoud.",
              sources=(DAT_WAT, DAT_FIRST))
    elif data in {"wat_informatie", "dossier", "bijzonder_strafrechtelijk"}:
        wmo = ("Zo heeft de Wmo-consulent toestemming van de inwoner nodig om gegevens over een uitkering of schulden "
               "op te vragen bij de bijstandsconsulent of de schuldhulpverlening (art. 5.1.1 lid 4 Wmo 2015).")
        if basis == "toestemming":
            r.add("ja", "De inhoud (wat-informatie) gaat naar een ander domein, en de inwoner heeft daar toestemming "
                        "voor gegeven.", sources=(WMO_CONSENT, WMO, DAT_WAT))
        elif basis in {"wettelijke_taak", "vitaal_belang"}:
            r.add("ja_mits", "Wat-informatie (de inhoud) blijft in principe binnen je eigen domein.",
                  condition="Ga na dat de wet dit delen van wat-informatie echt regelt. " + wmo
                            + " Volstaat dat-informatie, deel dan alleen die.",
                  sources=(WMO_CONSENT, WMO, DAT_WAT, DAT_FIRST))
        else:
            level = "nee" if basis == "geen" else "overleg"
            r.add(level, "Wat-informatie (de inhoud van de hulp) blijft in principe binnen je eigen domein; een collega "
                         "van een ander domein krijgt die alleen met toestemming van de inwoner of een wettelijke "
                         "regeling. " + wmo, sources=(WMO_CONSENT, WMO, DAT_WAT, DAT_FIRST), hint=ASK_CONSENT)
