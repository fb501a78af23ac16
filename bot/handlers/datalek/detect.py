"""Recognising a breach report in free words (NL and EN), with the kind of breach when it is clear."""
from __future__ import annotations

import re

from bot.choices import normalise

# -- recognising a report in free words -------------------------------------------------------
KIND_PATTERNS: list[tuple[str, str]] = [
    ("misdirected_email", r"\b(cc|c\.c\.) (in plaats van|ipv|i\.p\.v\.|instead of) (bcc|b\.c\.c\.)"),
    ("misdirected_email", r"\b((e-?)?mail|mailtje|bericht)\w* .{0,40}\b(verkeerde?|foute?) (persoon|ontvanger|adres|collega|mailadres|e-?mailadres|iemand)"),
    ("misdirected_email", r"\b(verkeerd|fout) (ge)?mail(d|t)\b|\bverkeerd geadresseerd.{0,20}mail|\bmail.{0,30}verkeerd (verstuurd|gestuurd)"),
    ("misdirected_email", r"\b(sent|send|emailed|mailed) (an |the |a )?(e-?mail )?.{0,30}(to the )?wrong (person|recipient|address)"),
    ("misdirected_post", r"\b(brief|brieven|post|envelop|pakket)\b.{0,40}\b(verkeerde?|foute?) (adres|persoon|ontvanger)"),
    ("misdirected_post", r"\bletters? .{0,30}wrong address"),
    ("stolen_device", r"\b(laptop|telefoon|mobiel|tablet|ipad|usb|stick|computer|pc|phone)\w*\b.{0,40}\bgestolen\b|\bgestolen\b.{0,40}\b(laptop|telefoon|mobiel|tablet|usb)"),
    ("stolen_device", r"\b(laptop|phone|tablet|usb).{0,30}\bstolen\b|\bstolen\b.{0,20}(laptop|phone|tablet)"),
    ("lost_device", r"\b(laptop|telefoon|mobiel|tablet|ipad|usb|stick|werktelefoon|computer|phone)\w*\b.{0,40}\b(kwijt|verloren|laten liggen|vergeten in|zoek)\b"),
    ("lost_device", r"\b(kwijt|verloren)\b.{0,20}\b(laptop|telefoon|mobiel|tablet|usb)"),
    ("lost_device", r"\b(lost|left) (my |the |a )?(work )?(laptop|phone|tablet|usb)"),
    ("lost_paper", r"\b(dossier|map|papieren|documenten|stukken|aantekeningen|ordner|printje|uitdraai)\w*\b.{0,40}\b(kwijt|verloren|laten liggen|zoek)\b"),
    ("lost_paper", r"\blost (a |the )?(file|folder|paper|documents)"),
    ("publication", r"\b(per ongeluk|per abuis|onbedoeld)\b.{0,40}\b(website|internet|intranet|online|gepubliceerd|facebook|social media|openbaar)"),
    ("publication", r"\b(op de website|online|op internet|op het intranet) (gezet|gepubliceerd|geplaatst)"),
    ("publication", r"\b(published|posted|put) .{0,30}(on|to) the (website|internet)"),
    ("ransomware", r"\bransomware\b|\bgegijzeld\b|\blosgeld\b|\bbestanden .{0,20}versleuteld\b"),
    ("phishing", r"\bphishing|\bfishing ?(link|mail)|\bop een (verdachte )?link geklikt|\bclicked (on )?a (phishing |suspicious )?link"),
    ("hacking", r"\bgehackt|\bgehacked|\bhacked\b|\bingebroken in\b|\binbraak in (ons|het) (systeem|netwerk)"),
    ("unauthorised_access", r"\b(onbevoegd|zonder toestemming|zonder reden)\b.{0,30}\b(ingezien|ingekeken|bekeken|toegang|geopend)|\bunauthori[sz]ed access"),
]
GENERIC_PATTERNS = [
    r"\b(ik wil|ik moet|wil|moet) (graag )?een (datalek|beveiligingsincident|incident) melden",
    r"\bdatalek (melden|doorgeven)$",
    r"^(ik heb|we hebben|er is) (een |mogelijk een |misschien een )?(datalek|beveiligingsincident)",
    r"^melding datalek|^datalek$|^datalek!+$",
    r"\b(report|reporting) (a )?(data )?breach|\bi (have|had) a data breach|\bwe had a (data )?breach",
]
QUESTION_START = re.compile(
    r"^(wat (is|zijn|moet je|moet ik doen als|als)|wanneer|hoeveel|binnen hoeveel|hoe ?lang|wie|waarom|"
    r"is het een datalek|is dit een datalek|stel dat|what is|when|how long|who)\b"
)


def detect(text: str) -> dict | None:
    """A prefill dict when the words report a breach ({} when the kind is not clear), else None."""
    t = normalise(text)
    if QUESTION_START.match(t):
        return None
    for kind, pattern in KIND_PATTERNS:
        if re.search(pattern, t):
            return {"kind": kind}
    if any(re.search(p, t) for p in GENERIC_PATTERNS):
        return {}
    return None
