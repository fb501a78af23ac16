"""Sources as (key, section) pairs: a seed file name or a law key of knowledge/sources.yaml."""
from __future__ import annotations

import re
from functools import lru_cache

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
