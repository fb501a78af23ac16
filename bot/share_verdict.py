"""The verdict of "Mag ik dit delen?": a pure function from the triage answers to an advice.

It follows the triage model for sharing data (Heumen, Bijlage 1): necessity and purpose,
subsidiarity and proportionality (need-to-know), "kan en mag het" (legal basis, special data,
agreements, a safe channel), then inform the client and document the decision. Unknown answers
lean to caution. The texts are Dutch; {privacy_officer_contact} and {fg_contact} are filled in by
the engine. Where a seed uses old Wbp wording (e.g. calling the BSN a special category), the AVG wins.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

OUTCOMES = ("ja", "ja_mits", "overleg", "nee")  # from mild to strict
RANK = {outcome: i for i, outcome in enumerate(OUTCOMES)}
HEADLINES = {
    "ja": "Ja",
    "ja_mits": "Ja, mits ...",
    "nee": "Nee",
    "overleg": "Overleg eerst met de privacy officer / FG",
}
FACT_KEYS = ("recipient", "data", "purpose_same", "legal_basis", "need_to_know", "agreement", "channel")

EXTERNAL = {"huisarts", "politie", "zorgaanbieder", "extern_bureau", "other"}
INTERNAL = {"collega_team", "collega_andere_afdeling"}
CARE = {"huisarts", "zorgaanbieder"}
SENSITIVE = {"wat_informatie", "bijzonder_strafrechtelijk", "bsn", "kinderen", "dossier", None}

RECIPIENT_LABELS = {
    "huisarts": "de huisarts",
    "politie": "de politie of justitie",
    "zorgaanbieder": "een zorgaanbieder of hulpverlener",
    "extern_bureau": "een extern bureau of leverancier",
    "collega_andere_afdeling": "een collega van een andere afdeling",
    "collega_team": "een collega in je eigen team",
    "inwoner_zelf": "de inwoner zelf (zijn eigen gegevens)",
    "andere_inwoner": "een andere inwoner (bijv. familie of buren)",
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

# -- sources (file, section) ------------------------------------------------------------------
H, N, D, A, AL = (
    "004_4154953731596e83.txt", "003_d1ab481d437e363b.txt", "002_ffd928234f6db58f.txt",
    "001_ddd25deddcda3dc9.txt", "000_d22f589fa7ffb944.txt",
)
TRIAGE = f"{H}, Bijlage 1 (Triagemodel gegevensdeling)"
BASIS = f"{H}, 4. Verwerkingen, Rechtmatige grondslag (Artikel 6, AVG)"
PURPOSE = f"{H}, 4. Verwerkingen, Doeleinden (Artikel 5, AVG)"
PROPORTION = f"{H}, 4. Verwerkingen, Wijze van verwerking (subsidiariteit, proportionaliteit)"
PUBLICATION = f"{H}, 7. Specifieke beleidsterreinen, Openbaarheid van Bestuur (publicatie op internet)"
WMO = f"{H}, 7. Sociaal domein, Overleg over cliënten (Wmo 2015 art. 5.1.1 lid 4)"
SAFETY = f"{H}, 7. De verbinding tussen openbare orde en veiligheid en sociaal domein"
ACCESS = f"{H}, 5. Rechten van betrokkenen, Indienen van verzoek (vier weken, identiteit)"
DEFINITION = f"{H}, 1. Wetgeving en definities (persoonsgegevens)"
TASK_SET = f"{N}, 2.1 Organisatorische beleidsaspecten, punt 3 (takenpakket bepaalt de gegevens)"
NEED = f"{N}, 2.2 Inhoudelijke beleidsaspecten, punt 4 (need to know)"
SPECIAL = f"{N}, 2.2 Inhoudelijke beleidsaspecten, punt 6 (bijzondere gegevens)"
PROVIDING = f"{N}, 2.2 Inhoudelijke beleidsaspecten, punt 7 (intern en extern verstrekken)"
HEALTH = f"{N}, 2.2 Inhoudelijke beleidsaspecten, punt 8 (gezondheidsgegevens, evident belang)"
INFORM = f"{N}, 2.2 Inhoudelijke beleidsaspecten, punt 11 (informatieplicht)"
LAW_003 = f"{N}, Bijlage 3, b. Wettelijk (Wmo 2015, Jeugdwet, verdere verwerking)"
CHANNELS = f"{N}, Bijlage 3, c. Rijksbeleid (beveiligde systemen en infrastructuren)"
PURPOSE_003 = f"{N}, Bijlage 3, a. Gemeentelijk beleid, uitgangspunt 5 (doel bij verstrekken)"
DAT_WAT = f"{N}, Bijlage 3, b. Gegevensuitwisseling (dat- en wat-informatie, convenanten)"
OUTSOURCING = f"{N}, Bijlage 3, c. Uitbesteding"
LESS = f"{N}, Bijlage 4, punt 1 (less is more)"
DAT_FIRST = f"{N}, Bijlage 4, punt 6 (dat- in plaats van wat-gegevens)"
SECURITY = f"{N}, Bijlage 4, punt 8 (informatiebeveiligingsvoorschriften)"
THIRD = f"{N}, Bijlage 4, punt 9 (derden: in beginsel niet)"
THIRD_002 = f"{D}, Delen persoonsgegevens met derden"
INCIDENTS = f"{D}, Beveiliging (verkeerd geadresseerde mail of brief, te veel op de website)"
RIGHTS_002 = f"{D}, Uw rechten (legitimeren; geen gegevens van anderen)"
CONSENT = f"{A}, 2.2 Uitgangspunten (toestemming, vitale belangen)"
PROCESSOR = f"{A}, 4.2.7 Verwerkersovereenkomst"
AGREEMENTS = f"{AL}, 10. Delen met derden"
BSN_LAW = "UAVG, art. 46 (BSN alleen waar de wet het toestaat)"
CHILD_LAW = "UAVG, art. 5 (toestemming voor kinderen onder 16)"
POLICE_LAW = "Wetboek van Strafvordering, art. 126nc e.v. (vordering van gegevens)"

ASK_CONSENT = (
    "Vraag de inwoner om toestemming: vertel wat je met wie wilt delen en waarom. Weigert hij, dan deel je "
    "niet (tenzij er ernstig gevaar is: overleg dan met {privacy_officer_contact})."
)
POLICE_HINT = (
    "Geef nog niets. Vraag de politie om een schriftelijke vordering met het wetsartikel, en leg het verzoek "
    "voor aan {privacy_officer_contact}."
)


@dataclass
class Verdict:
    outcome: str  # "ja" | "ja_mits" | "nee" | "overleg"
    conditions: list[str]
    reasons: list[str]
    sources: list[str]
    next_step: str
    better_channel: str | None
    inform_client: str
    case_note: str

    @property
    def headline(self) -> str:
        return HEADLINES[self.outcome]


@dataclass
class Findings:
    """What the rules found: the strictest level, and why."""

    level: str = "ja"
    found: list[tuple[str, str]] = field(default_factory=list)  # (level, reason)
    conditions: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    hints: list[tuple[str, str]] = field(default_factory=list)  # (level, next step)
    next: str | None = None

    def add(self, level: str, reason: str | None = None, condition: str | None = None,
            sources: tuple[str, ...] = (), hint: str | None = None) -> None:
        if RANK[level] > RANK[self.level]:
            self.level = level
        if reason and reason not in self.reasons:
            self.found.append((level, reason))
        if condition and condition not in self.conditions:
            self.conditions.append(condition)
        self.sources += [s for s in sources if s not in self.sources]
        if hint:
            self.hints.append((level, hint))

    @property
    def reasons(self) -> list[str]:
        """The reasons, the decisive (strictest) ones first."""
        ordered = sorted(self.found, key=lambda item: -RANK[item[0]])
        return [reason for _, reason in ordered]


def relevant_questions(facts: dict) -> list[str]:
    """The questions that can matter for this recipient and these data (the dialogue skips the rest)."""
    recipient, data = facts.get("recipient"), facts.get("data")
    if recipient is None:
        return list(FACT_KEYS)
    if data == "geen_persoonsgegevens" or recipient in {"andere_inwoner", "website_social"}:
        return ["recipient", "data"]
    if recipient == "inwoner_zelf":
        return ["recipient", "data", "channel"]
    keys = ["recipient", "data"]
    if recipient not in {"politie", "collega_team"}:
        keys.append("purpose_same")  # a police request always serves another purpose; the basis decides
    if recipient != "collega_team":
        keys.append("legal_basis")
    keys.append("need_to_know")
    consent_or_danger = facts.get("legal_basis") in {"toestemming", "vitaal_belang"}
    if recipient == "extern_bureau" or (recipient in {"zorgaanbieder", "other"} and not consent_or_danger):
        keys.append("agreement")  # a processor always needs one; consent or danger covers a one-off share
    return keys + ["channel"]


def verdict(facts: dict) -> Verdict:
    f = {key: facts.get(key) for key in FACT_KEYS}
    f["recipient"] = f["recipient"] or "other"  # an unknown recipient is treated as a third party
    if f["data"] == "geen_persoonsgegevens":
        return finish(f, no_personal_data(), Findings())
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
          sources=(DEFINITION, DAT_WAT))
    r.add("ja", "Let op: ook zonder naam kan informatie herleidbaar zijn, bijvoorbeeld bij kleine aantallen, een adres, "
                "een foto of een combinatie van kenmerken. Gepseudonimiseerde gegevens blijven persoonsgegevens.")
    r.next = "Controleer nog één keer dat niemand te herkennen is, en deel het dan."
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
          sources=(RIGHTS_002, THIRD))
    r.next = (
        "Verwijs de vrager naar de inwoner zelf. Is de vrager wettelijk vertegenwoordiger (ouder met gezag, curator, "
        "mentor) of heeft hij een schriftelijke machtiging? Overleg dan met {privacy_officer_contact}."
    )
    return r


def own_data(f: dict) -> Findings:
    r = Findings()
    r.add("ja_mits", "Het gaat om de eigen gegevens van de inwoner: daar heeft hij recht op (recht op inzage).",
          sources=(ACCESS, RIGHTS_002))
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
                  sources=(HEALTH, SPECIAL), hint=ASK_CONSENT)
        else:
            r.add("nee", "Zonder grondslag mag je niet delen. Geeft geen wet je de bevoegdheid, dan is toestemming "
                         "van de inwoner nodig.", sources=(TRIAGE, BASIS), hint=ASK_CONSENT)
    elif basis is None:
        r.add("overleg", "Je weet niet op welke grondslag je deelt. Zonder grondslag mag het niet, dus laat dat "
                         "eerst uitzoeken.", sources=(BASIS,),
              hint="Vraag {privacy_officer_contact} welke grondslag hier geldt, of vraag de inwoner om toestemming.")
    elif basis == "wettelijke_taak":
        r.add("ja", "Er is een wettelijke taak of plicht die het delen nodig maakt.", sources=(BASIS, THIRD_002))
        if special:
            r.add("ja_mits", condition="Ga na dat die wet (bijv. de Wmo 2015 of de Jeugdwet) juist deze bijzondere "
                                       "gegevens voor deze ontvanger toestaat.", sources=(LAW_003, HEALTH))
    elif basis == "overeenkomst":
        if special:
            r.add("nee", "Een overeenkomst is geen grond om gezondheids- of andere bijzondere gegevens te delen; "
                         "daarvoor is een wettelijke regeling of uitdrukkelijke toestemming nodig.",
                  sources=(SPECIAL, HEALTH), hint=ASK_CONSENT)
        else:
            r.add("ja", "Het delen is nodig om een overeenkomst met de inwoner uit te voeren.",
                  sources=(BASIS, THIRD_002))
    elif basis == "toestemming":
        r.add("ja_mits", "De inwoner geeft toestemming.",
              condition="De toestemming is vrij gegeven, specifiek voor dit delen, schriftelijk vastgelegd en niet "
                        "ingetrokken" + (" (voor bijzondere gegevens: uitdrukkelijke toestemming)." if special else "."),
              sources=(CONSENT, TRIAGE))
    elif basis == "vitaal_belang":
        if recipient in CARE:
            r.add("ja_mits", "Er is (dreigend) ernstig gevaar voor de gezondheid of veiligheid van de inwoner of een "
                             "ander: een evident belang.",
                  condition="Alleen bij echt (dreigend) ernstig gevaar, als toestemming vragen niet kan of te laat "
                            "komt. Deel alleen het minimum dat nodig is om het gevaar af te wenden en leg de "
                            "afweging direct vast.", sources=(HEALTH, CONSENT))
        else:
            r.add("overleg", "Ernstig gevaar kan delen met een hulpverlener rechtvaardigen, maar bij een partij die "
                             "geen hulp verleent is een evident belang er niet snel.", sources=(HEALTH,),
                  hint="Overleg direct met {privacy_officer_contact}. Is er acuut gevaar, bel dan 112.")


def police_basis(f: dict, r: Findings) -> None:
    basis, special = f["legal_basis"], f["data"] == "bijzonder_strafrechtelijk"
    if basis == "vitaal_belang":
        r.add("ja_mits", "Er is acuut gevaar voor leven of gezondheid.",
              condition="Alleen bij acuut gevaar: bel 112 en geef alleen wat nodig is om het gevaar af te wenden. "
                        "Leg direct vast wat je aan wie hebt gegeven.", sources=(HEALTH, CONSENT))
    elif special:
        r.add("overleg", "Gezondheids-, strafrechtelijke of andere bijzondere gegevens aan de politie: daarvoor gelden "
                         "zwaardere regels, ook bij een vordering.", sources=(SPECIAL, HEALTH), hint=POLICE_HINT)
    elif basis == "wettelijke_taak":
        r.add("ja_mits", "Er is een wettelijke grondslag, zoals een vordering: dan verstrek je, maar alleen wat "
                         "gevorderd wordt.", sources=(THIRD_002, SAFETY, POLICE_LAW))
        for condition in (
            "Je hebt een schriftelijke vordering (of een wettelijke plicht die je kunt aanwijzen), bijvoorbeeld van "
            "de officier van justitie op grond van het Wetboek van Strafvordering.",
            "Controleer wie erom vraagt voordat je iets geeft.",
            "Geef alleen de gegevens die in de vordering staan, niet meer.",
        ):
            r.add("ja_mits", condition=condition)
    elif basis == "toestemming":
        r.add("ja_mits", "De inwoner geeft toestemming om dit aan de politie te geven.",
              condition="De toestemming is vrij gegeven, specifiek en schriftelijk vastgelegd.", sources=(CONSENT,))
    else:
        r.add("overleg", "De politie vraagt erom, maar zonder wettelijke grondslag (zoals een schriftelijke vordering) "
                         "heb je geen plicht en in beginsel geen recht om gegevens te geven. Of er een andere "
                         "grondslag is, beoordeelt de privacy officer of FG.",
              sources=(THIRD_002, SAFETY, THIRD), hint=POLICE_HINT)


def purpose(f: dict, r: Findings) -> None:
    same, basis = f["purpose_same"], f["legal_basis"]
    if f["recipient"] == "collega_team" and same is None:
        return
    if same is True:
        r.add("ja", "Je deelt voor hetzelfde doel als waarvoor de gegevens zijn verzameld (doelbinding).",
              sources=(PURPOSE,))
        return
    what = "een ander doel" if same is False else (
        "een doel waarvan je niet weet of het past bij het doel waarvoor de gegevens zijn verzameld")
    if basis == "toestemming":
        r.add("ja_mits", condition=f"Je deelt voor {what}: de toestemming moet juist dit doel dekken.",
              sources=(PURPOSE, PURPOSE_003))
    elif basis == "wettelijke_taak":
        r.add("ja_mits", condition=f"Je deelt voor {what}: de wet moet juist dit doel regelen. Noem het artikel "
                                   "in je vastlegging.", sources=(PURPOSE, PURPOSE_003))
    elif basis in {"overeenkomst", None}:
        r.add("overleg", f"Je deelt voor {what}. Gegevens mag je alleen voor een ander doel gebruiken als dat "
                         "verenigbaar is met het oorspronkelijke doel; die afweging maak je niet alleen.",
              sources=(PURPOSE, LAW_003),
              hint="Leg het nieuwe doel voor aan {privacy_officer_contact}, of vraag de inwoner om toestemming.")
    # "geen" is already a "nee"; a vital interest overrides the original purpose


def need_to_know(f: dict, r: Findings) -> None:
    need = f["need_to_know"]
    if need is True:
        r.add("ja", "De ontvanger heeft precies deze gegevens nodig voor zijn taak (need-to-know).", sources=(NEED,))
    elif need is False:
        r.add("nee", "Minder is genoeg. Deel dan niet dit, maar alleen wat de ontvanger echt nodig heeft "
                     "(need-to-know, less is more).", sources=(LESS, NEED, PROPORTION),
              hint="Deel alleen het deel dat nodig is (bijvoorbeeld alleen dat-informatie, of zonder naam) en doe "
                   "daarvoor zo nodig opnieuw de check met /delen.")
    else:
        r.add("ja_mits", condition="Ga eerst na wat de ontvanger echt nodig heeft en deel niet meer (need-to-know). "
                                   "Volstaat dat-informatie of kan het zonder naam, doe dat dan.",
              sources=(NEED, LESS))


def agreement(f: dict, r: Findings) -> None:
    recipient, has, basis = f["recipient"], f["agreement"], f["legal_basis"]
    if recipient == "extern_bureau":
        if has is True:
            r.add("ja", "Er is een verwerkersovereenkomst met het bureau.", sources=(PROCESSOR,))
        elif has is False:
            r.add("nee", "Een extern bureau dat in opdracht van de gemeente met persoonsgegevens werkt, moet een "
                         "verwerkersovereenkomst hebben; die is wettelijk verplicht.",
                  sources=(PROCESSOR, OUTSOURCING, THIRD_002),
                  hint="Laat eerst een verwerkersovereenkomst sluiten (via je leidinggevende of "
                       "{privacy_officer_contact}) en deel tot die tijd niets.")
        else:
            r.add("overleg", "Je weet niet of er een verwerkersovereenkomst met het bureau is; zonder die overeenkomst "
                             "mag het niet.", sources=(PROCESSOR,),
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
    if data == "bsn":
        r.add("ja_mits", "Het BSN is geen bijzonder persoonsgegeven in de zin van de AVG, maar de wet beperkt het "
                         "gebruik wel.",
              condition="Deel het BSN alleen als de ontvanger het wettelijk mag gebruiken (bijvoorbeeld een "
                        "zorgaanbieder voor de Wmo of Jeugdwet) en het echt nodig is; laat het anders weg. Zet het "
                        "nooit in de onderwerpregel.", sources=(BSN_LAW,))
    elif data == "kinderen":
        under_16 = ""
        if basis == "toestemming":
            under_16 = " Is het kind jonger dan 16, dan geven de ouders met gezag de toestemming."
        r.add("ja_mits", condition="Gegevens over kinderen vragen extra zorg: deel alleen wat voor het kind nodig is."
                                   + under_16, sources=(LESS,) + ((CHILD_LAW,) if under_16 else ()))
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
                        "voor gegeven.", sources=(WMO, DAT_WAT))
        elif basis in {"wettelijke_taak", "vitaal_belang"}:
            r.add("ja_mits", "Wat-informatie (de inhoud) blijft in principe binnen je eigen domein.",
                  condition="Ga na dat de wet dit delen van wat-informatie echt regelt. " + wmo
                            + " Volstaat dat-informatie, deel dan alleen die.", sources=(WMO, DAT_WAT, DAT_FIRST))
        else:
            level = "nee" if basis == "geen" else "overleg"
            r.add(level, "Wat-informatie (de inhoud van de hulp) blijft in principe binnen je eigen domein; een collega "
                         "van een ander domein krijgt die alleen met toestemming van de inwoner of een wettelijke "
                         "regeling. " + wmo, sources=(WMO, DAT_WAT, DAT_FIRST), hint=ASK_CONSENT)


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
                     "privételefoons en buiten het beheer van de gemeente.", sources=(CHANNELS, SECURITY))
    elif how == "gewone_mail" and internal:
        c.add("ja_mits", condition="Mail binnen de gemeente alleen naar het werkadres van je collega, en deel "
                                   "dossierstukken liever via het zaaksysteem dan als bijlage. Nooit naar een privé-adres.",
              sources=(SECURITY, INCIDENTS))
    elif how == "gewone_mail" and data in SENSITIVE:
        what = DATA_LABELS.get(data, "gegevens waarvan niet duidelijk is hoe gevoelig ze zijn").split(" (")[0]
        c.add("nee", f"Gewone e-mail naar buiten is niet versleuteld en gaat makkelijk naar de verkeerde ontvanger: "
                     f"niet geschikt voor {what}.", sources=(CHANNELS, INCIDENTS))
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
def finish(f: dict, substance: Findings, chan: Findings) -> Verdict:
    outcome = OUTCOMES[max(RANK[substance.level], RANK[chan.level])]
    channel_blocks = chan.level == "nee" and substance.level != "nee"
    better = better_channel_for(f["recipient"]) if channel_blocks else None
    if outcome == "nee" and not better:
        conditions = []  # nothing to arrange: it is a no
    elif better:
        conditions = substance.conditions  # what applies once a fine channel is used
    else:
        conditions = substance.conditions + chan.conditions
    sources = [TRIAGE] + substance.sources + chan.sources
    if f["recipient"] == "politie" and (outcome != "nee" or better):
        sources.append(INFORM)  # informing may wait when it would harm an investigation
    reasons = chan.reasons + substance.reasons if better else substance.reasons + chan.reasons
    v = Verdict(outcome, conditions, reasons, list(dict.fromkeys(sources)), "", better, "", "")
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
    if recipient in {"andere_inwoner", "website_social"} or f["channel"] == "publicatie":
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
    asked = relevant_questions(f)
    data = DATA_LABELS.get(f["data"], "gegevens (soort onbekend)")
    parts = [f"Afweging gegevensdeling [datum]: {data} delen met {RECIPIENT_LABELS.get(f['recipient'], 'onbekend')}"]
    if "channel" in asked:
        parts[0] += f" via {CHANNEL_LABELS.get(f['channel'], 'een nog te kiezen kanaal')}"
    parts[0] += "."
    if "purpose_same" in asked:
        parts.append(f"Zelfde doel als bij verzamelen: {_yes_no(f['purpose_same'])}.")
    if "legal_basis" in asked:
        parts.append(f"Grondslag: {BASIS_LABELS.get(f['legal_basis'], 'onbekend')}.")
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
