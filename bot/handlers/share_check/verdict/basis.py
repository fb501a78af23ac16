"""The legal basis per recipient: the own task and its provision, consent only (GP, school), the police."""
from __future__ import annotations

from bot.handlers.share_check.verdict.answers import CARE, NEEDS_PROVISION
from bot.handlers.share_check.verdict.findings import Findings
from bot.handlers.share_check.verdict.sources import (
    AVG_CONSENT, AVG_LAWBASIS, AVG_PROCESSOR, AVG_SPECIAL, AVG_VITAL, BASIS, CHILD_LAW, CONSENT, HEALTH, JW_CONSENT,
    JW_SECRECY, LAW_003, MELDRECHT, OUTSOURCING, POLICE_LAW, SAFETY, SPECIAL, THIRD, THIRD_002, TRIAGE, WMO_LAW,
)
from bot.handlers.share_check.verdict.text import (
    ASK_CONSENT, CHILD_CONSENT, CHILD_SHORT, MELDCODE, POLICE_HINT, consent_or_meldcode,
)


def legal_basis(f: dict, r: Findings) -> None:
    basis, special, recipient = f["legal_basis"], f["data"] == "bijzonder_strafrechtelijk", f["recipient"]
    if recipient == "collega_team" and basis is None:
        return  # the same case and task: the team's own basis applies
    if basis == "geen":
        if special:
            r.add("nee", "Gezondheids- en andere bijzondere gegevens deel je zonder wettelijke regeling alleen met "
                         "uitdrukkelijke toestemming, of in het uitzonderlijke geval van ernstig gevaar (evident belang).",
                  sources=(AVG_SPECIAL, HEALTH, SPECIAL), hint=ASK_CONSENT)
        else:
            r.add("nee", "Zonder grondslag mag je niet delen. Geeft geen wet je de bevoegdheid, dan is toestemming "
                         "van de inwoner nodig.", sources=(AVG_LAWBASIS, TRIAGE, BASIS), hint=ASK_CONSENT)
    elif basis is None:
        r.add("overleg", "Je weet niet op welke grondslag je deelt. Zonder grondslag mag het niet, dus laat dat "
                         "eerst uitzoeken.", sources=(AVG_LAWBASIS, BASIS),
              hint="Vraag {privacy_officer_contact} welke grondslag hier geldt, of vraag de inwoner om toestemming.")
    elif basis == "wettelijke_taak":
        statutory_task(f, r)
    elif basis == "overeenkomst":
        if special:
            r.add("nee", "Een overeenkomst is geen grond om gezondheids- of andere bijzondere gegevens te delen; "
                         "daarvoor is een wettelijke regeling of uitdrukkelijke toestemming nodig.",
                  sources=(AVG_SPECIAL, SPECIAL, HEALTH), hint=ASK_CONSENT)
        else:
            r.add("ja", "Het delen is nodig om een overeenkomst met de inwoner uit te voeren.",
                  sources=(BASIS, THIRD_002))
    elif basis == "toestemming":
        r.add("ja_mits", "De inwoner geeft toestemming.",
              condition="De toestemming is vrij gegeven, specifiek voor dit delen, schriftelijk vastgelegd en niet "
                        "ingetrokken" + (" (voor bijzondere gegevens: uitdrukkelijke toestemming)." if special else "."),
              sources=(AVG_SPECIAL if special else AVG_CONSENT, CONSENT, TRIAGE))
    elif basis == "vitaal_belang":
        if recipient in CARE:
            r.add("ja_mits", "Er is (dreigend) ernstig gevaar voor de gezondheid of veiligheid van de inwoner of een "
                             "ander: een evident belang.",
                  condition="Alleen bij echt (dreigend) ernstig gevaar, als toestemming vragen niet kan of te laat "
                            "komt. Deel alleen het minimum dat nodig is om het gevaar af te wenden en leg de "
                            "afweging direct vast.", sources=(AVG_VITAL, HEALTH, CONSENT))
        else:
            r.add("overleg", "Ernstig gevaar kan delen met een hulpverlener rechtvaardigen, maar bij een partij die "
                             "geen hulp verleent is een evident belang er niet snel.", sources=(AVG_VITAL, HEALTH),
                  hint="Overleg direct met {privacy_officer_contact}. Is er acuut gevaar, bel dan 112.")


def statutory_task(f: dict, r: Findings) -> None:
    """"Wettelijke taak": outside the own team only with the provision that allows giving it to this recipient."""
    recipient, special = f["recipient"], f["data"] == "bijzonder_strafrechtelijk"
    if recipient in NEEDS_PROVISION:
        if f["provision"] != "known":
            r.add("overleg", "Een wettelijke taak alleen is niet genoeg. Om gegevens buiten je eigen team te geven, "
                             "moet een wetsartikel toestaan dat je juist deze gegevens aan juist deze ontvanger geeft, "
                             "en dat artikel kun je nu niet noemen.", sources=(AVG_LAWBASIS, BASIS, LAW_003),
                  hint="Vraag {privacy_officer_contact} welk wetsartikel hier geldt, of vraag de inwoner om "
                       "toestemming. Deel tot die tijd niets.")
            return
        article = f" ({f['article']})" if f.get("article") else ""
        r.add("ja", f"Er is een wettelijke taak, en je kunt het wetsartikel noemen{article} dat toestaat om deze "
                    "gegevens aan deze ontvanger te geven.", sources=(AVG_LAWBASIS, BASIS, THIRD_002))
    elif recipient == "extern_bureau":
        r.add("ja", "Het bureau werkt in opdracht van de gemeente voor haar eigen wettelijke taak: het is geen derde, "
                    "maar een verwerker.", sources=(AVG_PROCESSOR, BASIS, OUTSOURCING))
    else:
        r.add("ja", "Er is een wettelijke taak of plicht die het delen nodig maakt.", sources=(BASIS, THIRD_002))
    if special:
        r.add("ja_mits", condition="Ga na dat die wet (bijv. de Wmo 2015 of de Jeugdwet) juist deze bijzondere "
                                   "gegevens voor deze ontvanger toestaat.", sources=(LAW_003, HEALTH))


def consent_only(f: dict, r: Findings) -> None:
    """A GP or a school: consent (parents and child by age) or the Meldcode route, never the own task."""
    basis, special, recipient = f["legal_basis"], f["data"] == "bijzonder_strafrechtelijk", f["recipient"]
    who = "de huisarts" if recipient == "huisarts" else "de school"
    child = recipient == "school" or f["data"] == "kinderen"
    hint = consent_or_meldcode(who)
    consent_law = AVG_SPECIAL if special else AVG_CONSENT
    if basis == "toestemming":
        r.add("ja_mits", f"De inwoner{' (bij een kind: de ouders en het kind, naar leeftijd)' if child else ''} geeft "
                         f"toestemming om dit met {who} te delen.",
              condition=f"De toestemming is vrij gegeven, specifiek voor dit delen met {who}, schriftelijk vastgelegd "
                        "en niet ingetrokken" + (" (voor gezondheids- of andere bijzondere gegevens: uitdrukkelijke "
                                                 "toestemming)." if special else "."),
              sources=(consent_law, JW_CONSENT, CONSENT, TRIAGE) if child else (consent_law, CONSENT, TRIAGE))
        if child:
            r.add("ja_mits", condition=CHILD_CONSENT, sources=(JW_CONSENT, CHILD_LAW))
    elif basis == "vitaal_belang" and recipient == "huisarts":
        r.add("ja_mits", "Er is (dreigend) ernstig gevaar voor de gezondheid of veiligheid van de inwoner of een "
                         "ander: een evident belang.",
              condition="Alleen bij echt (dreigend) ernstig gevaar, als toestemming vragen niet kan of te laat "
                        "komt. Deel alleen het minimum dat nodig is om het gevaar af te wenden en leg de "
                        "afweging direct vast.", sources=(AVG_VITAL, HEALTH, CONSENT))
        if child:
            r.add("ja_mits", condition="Gaat het om (een vermoeden van) kindermishandeling of huiselijk geweld, volg "
                                       "dan de Meldcode; melden bij Veilig Thuis mag ook zonder toestemming.",
                  sources=(MELDRECHT,))
    elif basis == "vitaal_belang":
        r.add("overleg", "Bij zorgen over de veiligheid van een kind is de school niet de weg: daarvoor is de Meldcode, "
                         "met advies van en zo nodig een melding bij Veilig Thuis.", sources=(MELDRECHT, HEALTH),
              hint=MELDCODE)
    elif basis is None:
        r.add("overleg", f"Je weet niet op welke grondslag je deelt. Aan {who} geef je alleen iets met toestemming van de "
                         "inwoner, of bij zorgen over de veiligheid via de Meldcode.",
              sources=(consent_law, JW_SECRECY, BASIS), hint=hint)
    elif basis == "wettelijke_taak" and f["provision"] == "known":
        r.add("overleg", f"Je noemt een wetsartikel, maar de Wmo 2015 geeft de gemeente geen bevoegdheid om gegevens "
                         f"aan {who} te verstrekken, en de Jeugdwet staat inlichtingen aan anderen alleen met "
                         "toestemming toe. Laat het artikel eerst toetsen.",
              sources=(WMO_LAW, JW_SECRECY, AVG_LAWBASIS),
              hint=f"Leg het artikel voor aan {{privacy_officer_contact}} en deel tot die tijd niets. {hint}")
    else:  # the own task without the provision, a contract, or no ground at all
        opening = {
            "wettelijke_taak": f"Je eigen wettelijke taak is geen grond om gegevens aan {who} te geven: de Wmo 2015 "
                               "geeft de gemeente die bevoegdheid niet, en de Jeugdwet staat inlichtingen aan anderen "
                               "alleen met toestemming toe.",
            "overeenkomst": f"Een overeenkomst met de inwoner is geen grond om gegevens aan {who} te geven.",
            "geen": "Zonder grondslag mag je niet delen.",
        }[basis]
        consent = "uitdrukkelijke toestemming" if special else "toestemming"
        r.add("nee", f"{opening} Aan {who} geef je alleen iets met {consent} van de inwoner"
                     f"{CHILD_SHORT if child else ''}, of bij zorgen over de veiligheid via de Meldcode en Veilig Thuis.",
              sources=(consent_law, JW_SECRECY, WMO_LAW, MELDRECHT, SPECIAL if special else TRIAGE), hint=hint)


def police_basis(f: dict, r: Findings) -> None:
    basis, special = f["legal_basis"], f["data"] == "bijzonder_strafrechtelijk"
    if basis == "vitaal_belang":
        r.add("ja_mits", "Er is acuut gevaar voor leven of gezondheid.",
              condition="Alleen bij acuut gevaar: bel 112 en geef alleen wat nodig is om het gevaar af te wenden. "
                        "Leg direct vast wat je aan wie hebt gegeven.", sources=(AVG_VITAL, HEALTH, CONSENT))
    elif special:
        r.add("overleg", "Gezondheids-, strafrechtelijke of andere bijzondere gegevens aan de politie: daarvoor gelden "
                         "zwaardere regels, ook bij een vordering.", sources=(AVG_SPECIAL, SPECIAL, HEALTH),
              hint=POLICE_HINT)
    elif basis == "wettelijke_taak" and f["provision"] == "known":
        r.add("ja_mits", "Er is een wettelijke grondslag, zoals een vordering met het wetsartikel: dan verstrek je, "
                         "maar alleen wat gevorderd wordt.", sources=(POLICE_LAW, THIRD_002, SAFETY))
        for condition in (
            "Je hebt een schriftelijke vordering (of een wettelijke plicht die je kunt aanwijzen), bijvoorbeeld van "
            "de officier van justitie op grond van het Wetboek van Strafvordering.",
            "Controleer wie erom vraagt voordat je iets geeft.",
            "Geef alleen de gegevens die in de vordering staan, niet meer.",
        ):
            r.add("ja_mits", condition=condition)
    elif basis == "wettelijke_taak":
        r.add("overleg", "De politie noemt een vordering of wettelijke plicht, maar je weet niet op welk wetsartikel "
                         "die berust. Zonder schriftelijke vordering met het wetsartikel geef je niets.",
              sources=(POLICE_LAW, AVG_LAWBASIS, THIRD_002), hint=POLICE_HINT)
    elif basis == "toestemming":
        r.add("ja_mits", "De inwoner geeft toestemming om dit aan de politie te geven.",
              condition="De toestemming is vrij gegeven, specifiek en schriftelijk vastgelegd.",
              sources=(AVG_CONSENT, CONSENT))
    else:
        r.add("overleg", "De politie vraagt erom, maar zonder wettelijke grondslag (zoals een schriftelijke vordering) "
                         "heb je geen plicht en in beginsel geen recht om gegevens te geven. Of er een andere "
                         "grondslag is, beoordeelt de privacy officer of FG.",
              sources=(POLICE_LAW, THIRD_002, SAFETY, THIRD), hint=POLICE_HINT)
