"""The verdict of "Mag ik dit delen?": a pure function from the triage answers to an advice.

It follows the triage model for sharing data (Heumen, Bijlage 1): necessity and purpose,
subsidiarity and proportionality (need-to-know), "kan en mag het" (legal basis, special data,
agreements, a safe channel), then inform the client and document the decision. Unknown answers
lean to caution and never end in "ja". The texts are Dutch; {privacy_officer_contact} and
{fg_contact} are filled in by the engine. Where a seed uses old Wbp wording (e.g. calling the BSN a
special category), the AVG wins.

Rules an FG can sign (issue 11):
- "wettelijke taak" to anyone outside the own team needs the provision that allows giving these data
  to *this* recipient (answer `provision`); not known = overleg (AVG art. 6 lid 1 sub c/e and lid 3).
  A processor is no third party: the municipality's own task and a processing agreement cover it
  (AVG art. 4 punt 10 and art. 28).
- Data from a Wmo, Jeugdwet or Participatiewet file for another purpose (handhaving, belastingen, a
  landlord) = nee, with the lawful route: the BRP through one's own authorisation, or ask the person
  (AVG art. 5 lid 1 sub b and art. 6 lid 4; Wmo 2015 ch. 5, Jeugdwet ch. 7, Participatiewet par. 6.6).
- A GP or a school gets data only with consent (a child: the parents, from 12 also the child, from 16
  the child alone) or, for safety concerns, through the Meldcode and Veilig Thuis; never on the
  own "wettelijke taak" (Jeugdwet art. 7.3.4 and 7.3.11, UAVG art. 5, Wmo 2015 art. 5.2.6).
- Journalists and the public: nee, with the Woo route (Woo art. 5.1: personal data in principle not).
- The substance decides the headline: a channel only turns a ja / ja-mits into "nee, niet via ...";
  a substantive nee or overleg never leads with a channel.

Sources are (key, section) pairs: a seed file name or a law key of knowledge/sources.yaml.
`Verdict.sources` holds at most three readable citations (laws first) rendered through
knowledge.sources.cite; `Verdict.source_refs` holds the pairs, the decisive ones first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

OUTCOMES = ("ja", "ja_mits", "overleg", "nee")  # from mild to strict
RANK = {outcome: i for i, outcome in enumerate(OUTCOMES)}
HEADLINES = {
    "ja": "Ja",
    "ja_mits": "Ja, mits ...",
    "nee": "Nee",
    "overleg": "Overleg eerst met de privacy officer / FG",
}
# Every answer the verdict reads, in the order a dialogue asks them.
FACT_KEYS = ("recipient", "data", "purpose_same", "origin", "legal_basis", "provision", "need_to_know",
             "agreement", "channel")
# The questions the dialogue in bot/handlers/share_check/ asks today (relevant_questions' default).
DIALOGUE_KEYS = ("recipient", "data", "purpose_same", "legal_basis", "need_to_know", "agreement", "channel")
OPTIONAL_KEYS = ("article",)  # free text: the article named when provision == "known"

EXTERNAL = {"huisarts", "politie", "zorgaanbieder", "extern_bureau", "school", "other"}
INTERNAL = {"collega_team", "collega_andere_afdeling", "handhaving"}
CARE = {"huisarts", "zorgaanbieder"}
CONSENT_ONLY = {"huisarts", "school"}  # only consent or the Meldcode route, never the own task
NO_SHARING = {"andere_inwoner", "website_social", "pers_publiek"}  # fixed routes after recipient and data
# Outside the own team "wettelijke taak" needs the provision for this recipient; a processor is no third party.
NEEDS_PROVISION = {"huisarts", "school", "politie", "zorgaanbieder", "collega_andere_afdeling", "handhaving", "other"}
ORIGIN_MATTERS = {"zorgaanbieder", "collega_andere_afdeling", "handhaving", "other"}
SOCIAL_FILES = {"wmo", "jeugdwet", "participatiewet"}
SENSITIVE = {"wat_informatie", "bijzonder_strafrechtelijk", "bsn", "kinderen", "dossier", None}

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
# The values each answer may take (None: not asked, or "weet ik niet").
ALLOWED: dict[str, tuple] = {
    "recipient": (*RECIPIENT_LABELS, None),
    "data": (*DATA_LABELS, None),
    "purpose_same": (True, False, None),
    "origin": (*ORIGIN_LABELS, None),
    "legal_basis": (*BASIS_LABELS, None),
    "provision": (*PROVISION_LABELS, None),
    "need_to_know": (True, False, None),
    "agreement": (True, False, None),
    "channel": (*CHANNEL_LABELS, None),
}

# -- sources: (key, section) pairs ------------------------------------------------------------
H, N, D, A, AL = (
    "004_4154953731596e83.txt", "003_d1ab481d437e363b.txt", "002_ffd928234f6db58f.txt",
    "001_ddd25deddcda3dc9.txt", "000_d22f589fa7ffb944.txt",
)
SEED_TITLES = {  # only for rendering when knowledge.sources is not there
    H: "Privacybeleid gemeente Heumen", N: "Privacybeleid Noaberkracht Dinkelland Tubbergen",
    D: "Privacyverklaring gemeente Dalfsen", A: "Privacybeleid gemeente Almelo", AL: "Privacybeleid gemeente Dalfsen",
}
Ref = tuple[str, str]
TRIAGE = (H, "Bijlage 1 (Triagemodel gegevensdeling)")
BASIS = (H, "4. Verwerkingen, Rechtmatige grondslag (Artikel 6, AVG)")
PURPOSE = (H, "4. Verwerkingen, Doeleinden (Artikel 5, AVG)")
PROPORTION = (H, "4. Verwerkingen, Wijze van verwerking (subsidiariteit, proportionaliteit)")
PUBLICATION = (H, "7. Specifieke beleidsterreinen, Openbaarheid van Bestuur (publicatie op internet)")
WOB_004 = (H, "5. Transparantie en communicatie, Wet openbaarheid van bestuur (in principe geen persoonsgegevens)")
WMO = (H, "7. Sociaal domein, Overleg over cliënten (Wmo 2015 art. 5.1.1 lid 4)")
SAFETY = (H, "7. De verbinding tussen openbare orde en veiligheid en sociaal domein")
ACCESS = (H, "5. Rechten van betrokkenen, Indienen van verzoek (vier weken, identiteit)")
DEFINITION = (H, "1. Wetgeving en definities (persoonsgegevens)")
BRP_003 = (N, "3. Beleid gebruik persoonsgegevens uit de Basisregistratie personen")
BASE_REG = (N, "2.1 Organisatorische beleidsaspecten, punt 2 (basisgegevens uit de basisregistraties)")
TASK_SET = (N, "2.1 Organisatorische beleidsaspecten, punt 3 (takenpakket bepaalt de gegevens)")
NEED = (N, "2.2 Inhoudelijke beleidsaspecten, punt 4 (need to know)")
SPECIAL = (N, "2.2 Inhoudelijke beleidsaspecten, punt 6 (bijzondere gegevens)")
PROVIDING = (N, "2.2 Inhoudelijke beleidsaspecten, punt 7 (intern en extern verstrekken)")
HEALTH = (N, "2.2 Inhoudelijke beleidsaspecten, punt 8 (gezondheidsgegevens, evident belang)")
INFORM = (N, "2.2 Inhoudelijke beleidsaspecten, punt 11 (informatieplicht)")
LAW_003 = (N, "Bijlage 3, b. Wettelijk (Wmo 2015, Jeugdwet, Participatiewet, verdere verwerking)")
CHANNELS = (N, "Bijlage 3, c. Rijksbeleid (beveiligde systemen en infrastructuren)")
PURPOSE_003 = (N, "Bijlage 3, a. Gemeentelijk beleid, uitgangspunt 5 (doel bij verstrekken)")
DAT_WAT = (N, "Bijlage 3, b. Gegevensuitwisseling (dat- en wat-informatie, convenanten)")
OUTSOURCING = (N, "Bijlage 3, c. Uitbesteding")
LESS = (N, "Bijlage 4, punt 1 (less is more)")
DAT_FIRST = (N, "Bijlage 4, punt 6 (dat- in plaats van wat-gegevens)")
SECURITY = (N, "Bijlage 4, punt 8 (informatiebeveiligingsvoorschriften)")
THIRD = (N, "Bijlage 4, punt 9 (derden: in beginsel niet)")
THIRD_002 = (D, "Delen persoonsgegevens met derden")
INCIDENTS = (D, "Beveiliging (verkeerd geadresseerde mail of brief, te veel op de website)")
RIGHTS_002 = (D, "Uw rechten (legitimeren; geen gegevens van anderen)")
CONSENT = (A, "2.2 Uitgangspunten (toestemming, vitale belangen)")
PROCESSOR = (A, "4.2.7 Verwerkersovereenkomst")
AGREEMENTS = (AL, "10. Delen met derden")
# laws (keys of knowledge/sources.yaml)
AVG_PURPOSE = ("AVG", "art. 5 lid 1 sub b en art. 6 lid 4 (doelbinding, verder gebruik voor een ander doel)")
AVG_LAWBASIS = ("AVG", "art. 6 lid 1 sub c en e en lid 3 (grondslag in een wettelijke bepaling)")
AVG_CONSENT = ("AVG", "art. 6 lid 1 sub a en art. 7 (toestemming)")
AVG_SPECIAL = ("AVG", "art. 9 lid 1 en lid 2 sub a (bijzondere gegevens: uitdrukkelijke toestemming)")
AVG_VITAL = ("AVG", "art. 6 lid 1 sub d en art. 9 lid 2 sub c (vitaal belang)")
AVG_MIN = ("AVG", "art. 5 lid 1 sub c (minimale gegevensverwerking)")
AVG_PROCESSOR = ("AVG", "art. 28 (verwerker en verwerkersovereenkomst)")
AVG_SECURITY = ("AVG", "art. 32 (passende beveiliging)")
AVG_ACCESS = ("AVG", "art. 15 (recht van inzage)")
AVG_DEFINITION = ("AVG", "art. 4 punt 1 (persoonsgegevens)")
BSN_LAW = ("UAVG", "art. 46 (BSN alleen waar de wet het toestaat)")
CHILD_LAW = ("UAVG", "art. 5 (toestemming onder 16 jaar door de wettelijk vertegenwoordiger)")
WMO_LAW = ("Wmo 2015", "hoofdstuk 5 (gegevensverwerking voor de Wmo-taken, verstrekking limitatief geregeld)")
WMO_CONSENT = ("Wmo 2015", "art. 5.1.1 lid 4 (gegevens uit een ander domein alleen met toestemming)")
MELDRECHT = ("Wmo 2015", "art. 5.2.6 (meldrecht Veilig Thuis, ook zonder toestemming)")
JW_SECRECY = ("Jeugdwet", "art. 7.3.11 (geen inlichtingen aan anderen zonder toestemming)")
JW_CONSENT = ("Jeugdwet", "art. 7.3.4 en 7.3.11 (onder 12 de ouders, 12 tot 16 ouders en jeugdige, vanaf 16 de jeugdige)")
PW_LAW = ("Participatiewet", "par. 6.6 Gegevensuitwisseling (art. 64 e.v., gesloten verstrekkingenregime)")
BRP_LAW = ("Wet BRP", "art. 3.2 (gegevens voor de eigen taak via de eigen autorisatie)")
WOO_LAW = ("Woo", "art. 5.1 lid 1 sub d en lid 2 sub e (bijzondere persoonsgegevens, persoonlijke levenssfeer)")
POLICE_LAW = ("Wetboek van Strafvordering", "art. 126nc e.v. (vordering van gegevens)")
ORIGIN_LAW = {"wmo": WMO_LAW, "jeugdwet": JW_SECRECY, "participatiewet": PW_LAW}

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


# -- rendering the sources --------------------------------------------------------------------
def _cite(key: str, section: str, lang: str) -> str:
    try:
        import knowledge.sources  # noqa: F401  (lazily: this module must load without the catalogue)
    except ImportError:
        title = SEED_TITLES.get(key)
        if title:
            section = re.sub(r"^\d+(\.\d+)*\.?\s+", "", section.split(" (Artikel")[0])
            return f"{title}, {section}"
        return f"{key}, {section}"
    return _cached_cite(key, section, lang)


@lru_cache(maxsize=2048)
def _cached_cite(key: str, section: str, lang: str) -> str:
    from knowledge.sources import cite

    return cite(key, section, lang=lang)


def render_sources(refs: list[Ref], lang: str = "nl", limit: int = 3) -> list[str]:
    """The first `limit` distinct readable citations of `refs` (decisive first), then laws before policies."""
    picked: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    for key, section in refs:
        text = _cite(key, section, lang)
        if text.lower() in seen:
            continue
        seen.add(text.lower())
        picked.append((1 if key in SEED_TITLES else 0, len(picked), text))
        if len(picked) == limit:
            break
    return [text for _, _, text in sorted(picked)]


@dataclass
class Verdict:
    outcome: str  # "ja" | "ja_mits" | "nee" | "overleg"
    conditions: list[str]
    reasons: list[str]  # what decided the verdict first
    sources: list[str]  # at most three readable citations, laws first
    next_step: str
    better_channel: str | None  # only when the substance is a ja / ja-mits and the channel is not safe
    inform_client: str
    case_note: str
    source_refs: list[Ref] = field(default_factory=list)  # (key, section), the decisive ones first

    @property
    def headline(self) -> str:
        return HEADLINES[self.outcome]

    def readable_sources(self, lang: str = "nl", limit: int = 3) -> list[str]:
        """Readable citations through knowledge.sources.cite: laws first, never a file name."""
        return render_sources(self.source_refs, lang=lang, limit=limit)

    def to_dict(self, placeholders: dict[str, str] | None = None) -> dict:
        """The `python -m bot share-check` output (docs/share-check.md)."""

        def fill(text: str) -> str:
            for key, value in (placeholders or {}).items():
                text = text.replace("{" + key + "}", value)
            return text

        return {
            "verdict": self.outcome,
            "reasons": [fill(r) for r in self.reasons],
            "sources": list(self.sources),
            "next_step": fill(self.next_step),
        }


@dataclass
class Findings:
    """What the rules found: the strictest level, and why."""

    level: str = "ja"
    found: list[tuple[str, str]] = field(default_factory=list)  # (level, reason)
    conditions: list[str] = field(default_factory=list)
    refs: dict[Ref, str] = field(default_factory=dict)  # source -> the strictest level it supports
    hints: list[tuple[str, str]] = field(default_factory=list)  # (level, next step)
    next: str | None = None

    def add(self, level: str, reason: str | None = None, condition: str | None = None,
            sources: tuple[Ref, ...] = (), hint: str | None = None) -> None:
        if RANK[level] > RANK[self.level]:
            self.level = level
        if reason and reason not in self.reasons:
            self.found.append((level, reason))
        if condition and condition not in self.conditions:
            self.conditions.append(condition)
        for ref in sources:
            if ref not in self.refs or RANK[level] > RANK[self.refs[ref]]:
                self.refs[ref] = level
        if hint:
            self.hints.append((level, hint))

    @property
    def reasons(self) -> list[str]:
        """The reasons, the decisive (strictest) ones first."""
        ordered = sorted(self.found, key=lambda item: -RANK[item[0]])
        return [reason for _, reason in ordered]

    def ranked_refs(self, bonus: int = 0) -> list[tuple[int, Ref]]:
        return [(RANK[level] + bonus, ref) for ref, level in self.refs.items()]


def relevant_questions(facts: dict, asked=None) -> list[str]:
    """The questions that can matter for these answers so far, in the order to ask them.

    `asked`: the keys the dialogue can ask (default DIALOGUE_KEYS, what bot/handlers/share_check/ asks
    today); pass FACT_KEYS (or the dialogue's own step keys) once it asks `origin` and `provision` too.
    """
    allowed = set(DIALOGUE_KEYS if asked is None else asked)
    return [key for key in _relevant(facts) if key in allowed]


def _relevant(facts: dict) -> list[str]:
    recipient, data = facts.get("recipient"), facts.get("data")
    if recipient is None:
        return list(FACT_KEYS)
    if data == "geen_persoonsgegevens" or recipient in NO_SHARING:
        return ["recipient", "data"]
    if recipient == "inwoner_zelf":
        return ["recipient", "data", "channel"]
    keys = ["recipient", "data"]
    if recipient == "handhaving":
        keys.append("origin")  # enforcement never serves the purpose of a social-domain file
        if facts.get("origin") not in SOCIAL_FILES:
            keys.append("purpose_same")
    elif recipient not in {"politie", "collega_team"}:
        keys.append("purpose_same")  # a police request always serves another purpose; the basis decides
        if recipient in ORIGIN_MATTERS and facts.get("purpose_same") is not True:
            keys.append("origin")
    if recipient != "collega_team":
        keys.append("legal_basis")
    if facts.get("legal_basis") == "wettelijke_taak" and recipient in NEEDS_PROVISION:
        keys.append("provision")
    keys.append("need_to_know")
    consent_or_danger = facts.get("legal_basis") in {"toestemming", "vitaal_belang"}
    if recipient == "extern_bureau" or (recipient in {"zorgaanbieder", "other"} and not consent_or_danger):
        keys.append("agreement")  # a processor always needs one; consent or danger covers a one-off share
    return keys + ["channel"]


# The mildest answer to each open question: used to see whether a "nee" is already certain.
MILDEST = {"purpose_same": True, "origin": "other", "provision": "known", "need_to_know": True, "agreement": True}


def certainly_no(facts: dict, asked=None) -> bool:
    """True when the answer is "nee" whatever the open questions (of `asked`) still say, the channel aside."""
    if "recipient" not in facts or "data" not in facts:
        return False
    open_keys = [k for k in relevant_questions(facts, asked) if k not in facts]
    mild = {k: MILDEST[k] for k in open_keys if k in MILDEST}
    bases = ["wettelijke_taak", "toestemming", "vitaal_belang"] if "legal_basis" in open_keys else [facts.get("legal_basis")]
    how = "publicatie" if facts.get("channel") == "publicatie" else "beveiligde_mail"
    return all(verdict({**facts, **mild, "legal_basis": b, "channel": how}).outcome == "nee" for b in bases)


def parse_answers(raw) -> dict:
    """Check answers given from outside (the CLI): known keys and allowed values, else ValueError (nl / en)."""
    if not isinstance(raw, dict):
        raise ValueError("Fout: verwacht een JSON-object met de antwoorden. / Error: expected a JSON object with the answers.")
    known = (*FACT_KEYS, *OPTIONAL_KEYS)
    for key, value in raw.items():
        if key not in known:
            raise ValueError(f"Fout: onbekende sleutel {key!r}; toegestaan: {', '.join(known)}. / "
                             f"Error: unknown key {key!r}; allowed: {', '.join(known)}.")
        if key == "article":
            if value is not None and not isinstance(value, str):
                raise ValueError("Fout: 'article' moet tekst of null zijn. / Error: 'article' must be a string or null.")
            continue
        allowed = ALLOWED[key]
        if not any(value is a or (isinstance(value, str) and value == a) for a in allowed):
            shown = ", ".join("null" if a is None else str(a).lower() if isinstance(a, bool) else a for a in allowed)
            raise ValueError(f"Fout: ongeldige waarde {value!r} voor {key!r}; toegestaan: {shown}. / "
                             f"Error: invalid value {value!r} for {key!r}; allowed: {shown}.")
    return dict(raw)


def verdict(facts: dict) -> Verdict:
    f = {key: facts.get(key) for key in (*FACT_KEYS, *OPTIONAL_KEYS)}
    f["recipient"] = f["recipient"] or "other"  # an unknown recipient is treated as a third party
    if f["data"] == "geen_persoonsgegevens":
        return finish(f, no_personal_data(), Findings())
    if f["recipient"] == "pers_publiek":
        return finish(f, press_or_public(), Findings())
    if f["recipient"] == "website_social" or f["channel"] == "publicatie":
        return finish(f, publication(), Findings())
    if f["recipient"] == "andere_inwoner":
        return finish(f, other_citizen(), Findings())
    substance = own_data(f) if f["recipient"] == "inwoner_zelf" else general(f)
    return finish(f, substance, channel(f))


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


# -- the channel ------------------------------------------------------------------------------
def better_channel_for(recipient: str) -> str:
    if recipient in INTERNAL:
        return "het zaaksysteem of je werkmail binnen de gemeente"
    if recipient == "inwoner_zelf":
        return "beveiligde mail (of laat de inwoner het na legitimatie aan de balie ophalen)"
    return "beveiligde (versleutelde) mail of het beveiligde uitwisselsysteem van de gemeente"


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


# -- putting it together ----------------------------------------------------------------------
def _order(*groups: list[tuple[int, Ref]]) -> list[Ref]:
    """All sources, the ones behind the strictest findings first, then in the order they were found."""
    items = [(-level, i, ref) for i, (level, ref) in enumerate(item for group in groups for item in group)]
    return list(dict.fromkeys(ref for _, _, ref in sorted(items)))


def finish(f: dict, substance: Findings, chan: Findings) -> Verdict:
    """The substance decides; the channel only turns a ja / ja-mits into "nee, niet via ..., wel via ..."."""
    better = None
    if substance.level == "nee":
        outcome, conditions, reasons = "nee", [], substance.reasons  # nothing to arrange, no channel talk
        refs = _order(substance.ranked_refs())
    elif substance.level == "overleg":
        outcome, conditions, reasons = "overleg", substance.conditions + chan.conditions, substance.reasons
        if chan.level == "nee":  # not the headline: a condition for when the answer after the talk is yes
            conditions = conditions + [
                f"Mag het na het overleg wel, deel het dan niet via {CHANNEL_LABELS[f['channel']]}, maar via "
                f"{better_channel_for(f['recipient'])}."]
            reasons = reasons + chan.reasons
        refs = _order(substance.ranked_refs(bonus=len(OUTCOMES)), chan.ranked_refs())
    elif chan.level == "nee":
        outcome, better = "nee", better_channel_for(f["recipient"])
        conditions, reasons = substance.conditions, chan.reasons + substance.reasons  # what applies on a safe channel
        refs = _order(chan.ranked_refs(bonus=len(OUTCOMES)), substance.ranked_refs())
    else:
        outcome = OUTCOMES[max(RANK[substance.level], RANK[chan.level])]
        conditions, reasons = substance.conditions + chan.conditions, substance.reasons + chan.reasons
        refs = _order(substance.ranked_refs(), chan.ranked_refs())
    refs = list(dict.fromkeys(refs + [TRIAGE]))
    if f["recipient"] == "politie" and (outcome != "nee" or better):
        refs.append(INFORM)  # informing may wait when it would harm an investigation
    v = Verdict(outcome, conditions, reasons, [], "", better, "", "", list(dict.fromkeys(refs)))
    v.sources = v.readable_sources()
    v.next_step = next_step(f, v, substance)
    v.inform_client = inform_client(f, v)
    v.case_note = case_note(f, v)
    return v


def next_step(f: dict, v: Verdict, substance: Findings) -> str:
    hint = substance.next or next((text for level, text in substance.hints if level == substance.level), None)
    ask_fg = " Neem je antwoorden uit deze check mee; bij twijfel kun je ook de FG ({fg_contact}) om advies vragen."
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
