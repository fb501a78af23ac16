"""The fixed routes (no personal data, press, publication, another citizen, own data) and the channel."""
from __future__ import annotations

from bot.handlers.share_check.verdict.answers import INTERNAL, SENSITIVE
from bot.handlers.share_check.verdict.findings import Findings
from bot.handlers.share_check.verdict.labels import DATA_LABELS
from bot.handlers.share_check.verdict.sources import (
    ACCESS, AVG_ACCESS, AVG_DEFINITION, AVG_SECURITY, CHANNELS, DAT_WAT, DEFINITION, INCIDENTS, PUBLICATION,
    RIGHTS_002, SECURITY, THIRD, WOB_004, WOO_LAW,
)


# -- the fixed routes -------------------------------------------------------------------------
def no_personal_data() -> Findings:
    r = Findings()
    r.add("ja", "Er gaan geen gegevens mee die naar een persoon te herleiden zijn; dan gelden de privacyregels niet.",
          sources=(AVG_DEFINITION, DEFINITION, DAT_WAT))
    r.add("ja", "Let op: ook zonder naam kan informatie herleidbaar zijn, bijvoorbeeld bij kleine aantallen, een adres, "
                "een foto of een combinatie van kenmerken. Gepseudonimiseerde gegevens blijven persoonsgegevens.")
    r.next = "Controleer nog één keer dat niemand te herkennen is, en deel het dan."
    return r


def press_or_public() -> Findings:
    r = Findings()
    r.add("nee", "Aan een journalist of iemand anders van buiten geef je geen persoonsgegevens, ook niet of iemand bij "
                 "de gemeente bekend is. Wie informatie van de gemeente wil, kan een Woo-verzoek doen: daarop beslist "
                 "het college, en persoonsgegevens worden daarbij in beginsel niet openbaar gemaakt.",
          sources=(WOO_LAW, WOB_004, THIRD))
    r.next = (
        "Geef niets, ook niet of iemand bekend is, en kies geen kanaal: het gaat niet om hoe, maar of. Verwijs de "
        "vrager naar een Woo-verzoek bij de gemeente (het college beslist) en meld het verzoek bij "
        "{privacy_officer_contact}."
    )
    return r


def publication() -> Findings:
    r = Findings()
    r.add("nee", "Persoonsgegevens zet je niet op de website of sociale media: publicatie op internet wordt tot het "
                 "uiterste beperkt, en wat eenmaal online staat, krijg je niet meer terug.",
          sources=(PUBLICATION, INCIDENTS))
    r.next = (
        "Publiceer zonder persoonsgegevens (geanonimiseerd of als totalen). Schrijft een wet publicatie voor, of "
        "heeft de inwoner schriftelijk toestemming gegeven (bijv. voor een foto)? Overleg dan eerst met "
        "{privacy_officer_contact} over de vorm; de gegevens worden dan afgeschermd voor zoekmachines."
    )
    return r


def other_citizen() -> Findings:
    r = Findings()
    r.add("nee", "Gegevens van een inwoner geef je niet aan een andere inwoner, ook niet aan familie of buren: "
                 "iedereen mag alleen zijn eigen gegevens inzien.",
          sources=(AVG_ACCESS, RIGHTS_002, THIRD))
    r.next = (
        "Verwijs de vrager naar de inwoner zelf. Is de vrager wettelijk vertegenwoordiger (ouder met gezag, curator, "
        "mentor) of heeft hij een schriftelijke machtiging? Overleg dan met {privacy_officer_contact}."
    )
    return r


def own_data(f: dict) -> Findings:
    r = Findings()
    r.add("ja_mits", "Het gaat om de eigen gegevens van de inwoner: daar heeft hij recht op (recht op inzage).",
          sources=(AVG_ACCESS, ACCESS, RIGHTS_002))
    if f["data"] in {"dossier", None}:
        for condition in (
            "Behandel het als inzageverzoek en meld het bij {privacy_officer_contact}.",
            "Stel eerst de identiteit vast: legitimatie aan de balie, of een kopie van het identiteitsbewijs "
            "met het BSN onleesbaar gemaakt.",
            "Geef binnen vier weken na ontvangst van het verzoek antwoord.",
            "Haal gegevens over anderen (gezinsleden, melders) eruit als hun privacy dat vraagt.",
        ):
            r.add("ja_mits", condition=condition)
        r.next = ("Stuur het verzoek vandaag door naar {privacy_officer_contact} als inzageverzoek; de inwoner "
                  "krijgt binnen vier weken antwoord.")
    else:
        r.add("ja_mits", condition="Weet zeker dat je met de inwoner zelf (of zijn gemachtigde) te maken hebt: "
                                   "stel de identiteit vast.")
        r.add("ja_mits", condition="Vraagt hij om al zijn gegevens of zijn dossier, behandel het dan als "
                                   "inzageverzoek (antwoord binnen vier weken).")
    return r


# -- the channel ------------------------------------------------------------------------------
def channel(f: dict) -> Findings:
    c = Findings()
    how, data, internal = f["channel"], f["data"], f["recipient"] in INTERNAL
    if how == "beveiligde_mail":
        c.add("ja", "Beveiligde mail of een beveiligd systeem (zoals het zaaksysteem) is een geschikt kanaal.",
              sources=(CHANNELS,))
    elif how == "chat_app":
        c.add("nee", "WhatsApp en andere (privé-)apps zijn geen beveiligd kanaal van de gemeente: de gegevens komen op "
                     "privételefoons en buiten het beheer van de gemeente.", sources=(AVG_SECURITY, CHANNELS, SECURITY))
    elif how == "gewone_mail" and internal:
        c.add("ja_mits", condition="Mail binnen de gemeente alleen naar het werkadres van je collega, en deel "
                                   "dossierstukken liever via het zaaksysteem dan als bijlage. Nooit naar een privé-adres.",
              sources=(SECURITY, INCIDENTS))
    elif how == "gewone_mail" and data in SENSITIVE:
        what = DATA_LABELS.get(data, "gegevens waarvan niet duidelijk is hoe gevoelig ze zijn").split(" (")[0]
        c.add("nee", f"Gewone e-mail naar buiten is niet versleuteld en gaat makkelijk naar de verkeerde ontvanger: "
                     f"niet geschikt voor {what}.", sources=(AVG_SECURITY, CHANNELS, INCIDENTS))
    elif how == "gewone_mail":
        c.add("ja_mits", condition="Gebruik liever beveiligde mail: gewone mail naar buiten is niet versleuteld. "
                                   "Controleer het adres voordat je verstuurt.", sources=(CHANNELS, INCIDENTS))
    elif how == "papier":
        c.add("ja_mits", condition="Op papier: persoonlijk overhandigen, of per post in een gesloten envelop met "
                                   "'vertrouwelijk' erop; controleer naam en adres.", sources=(INCIDENTS,))
    else:
        c.add("ja_mits", condition="Gebruik beveiligde mail of een beveiligd systeem (binnen de gemeente: het "
                                   "zaaksysteem); geen WhatsApp, privé-app of gewone mail naar buiten.",
              sources=(CHANNELS,))
    return c
