"""The outcomes from mild to strict, their headlines, and the Dutch labels of the answer values."""
from __future__ import annotations

OUTCOMES = ("ja", "ja_mits", "overleg", "nee")  # from mild to strict
RANK = {outcome: i for i, outcome in enumerate(OUTCOMES)}
HEADLINES = {
    "ja": "Ja",
    "ja_mits": "Ja, mits ...",
    "nee": "Nee",
    "overleg": "Overleg eerst met de privacy officer / FG",
}

RECIPIENT_LABELS = {
    "huisarts": "de huisarts",
    "politie": "de politie of justitie",
    "zorgaanbieder": "een zorgaanbieder of hulpverlener",
    "extern_bureau": "een extern bureau of leverancier",
    "collega_andere_afdeling": "een collega van een andere afdeling",
    "collega_team": "een collega in je eigen team",
    "handhaving": "een collega van handhaving, toezicht, belastingen of fraudebestrijding",
    "school": "een school",
    "inwoner_zelf": "de inwoner zelf (zijn eigen gegevens)",
    "andere_inwoner": "een andere inwoner (bijv. familie of buren)",
    "pers_publiek": "een journalist of iemand van het publiek",
    "website_social": "de website of sociale media",
    "other": "een andere organisatie",
}
DATA_LABELS = {
    "geen_persoonsgegevens": "gegevens die niet naar een persoon te herleiden zijn",
    "dat_informatie": "dat-informatie (alleen dát iemand bekend is of hulp krijgt)",
    "wat_informatie": "wat-informatie (de inhoud van de hulp)",
    "bijzonder_strafrechtelijk": "gezondheids-, strafrechtelijke of andere bijzondere gegevens",
    "bsn": "een BSN",
    "kinderen": "gegevens over kinderen",
    "dossier": "een dossier",
}
CHANNEL_LABELS = {
    "beveiligde_mail": "beveiligde mail of een beveiligd systeem",
    "gewone_mail": "gewone e-mail",
    "chat_app": "WhatsApp of een andere app",
    "papier": "papier of post",
    "publicatie": "publicatie",
}
BASIS_LABELS = {
    "wettelijke_taak": "wettelijke taak of plicht",
    "overeenkomst": "overeenkomst met de inwoner",
    "toestemming": "toestemming van de inwoner",
    "vitaal_belang": "ernstig gevaar (vitaal belang)",
    "geen": "geen",
}
ORIGIN_LABELS = {
    "wmo": "een Wmo-dossier",
    "jeugdwet": "een Jeugdwet-dossier (jeugdteam, jeugdhulp)",
    "participatiewet": "een Participatiewet-dossier (bijstand, werk en inkomen)",
    "other": "een ander dossier of een andere registratie",
}
PROVISION_LABELS = {"known": "bekend", "unknown": "niet bekend"}
