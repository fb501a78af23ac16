"""The kinds of breach and the data categories, with their Dutch labels and the disclaimer (see __init__)."""
from __future__ import annotations

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

DISCLAIMER = (
    "Dit is een voorlopig advies op basis van wat nu bekend is. De CISO beslist namens het college, "
    "op advies van de FG, over melden bij de AP en het informeren van betrokkenen. Leg het lek altijd "
    "vast in het datalekregister (art. 33 lid 5 AVG), ook als het niet gemeld wordt."
)
