"""Drafts from the register: the AP notification, the letter to the people affected, the follow-up.

* The AP draft follows the sections of the AP's notification form (shared DOMAIN.md): which law, new
  or follow-up report, organisation and contact, processor, timeline and delay, what happened, the
  data, the people, unintelligibility, consequences, informing the people, measures, cross-border.
* The letter (art. 34 AVG) says in plain words what happened, which data, the likely consequences,
  what was done, what people can do themselves, and whom to ask (the FG, from the config).
* The follow-up (art. 33(4) AVG) lists what changed since the decision, from the event log.

What the register does not know is marked "nog onbekend — invullen" instead of being guessed. A draft
is shown printable in the desk and downloads as .txt or as a standalone .html.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from aiohttp import web

from bot.adapters.web import words
from bot.adapters.web.app import not_found, render, the_desk
from bot.adapters.web.pages import load_incident
from bot.handlers.datalek.assessment import DISCLAIMER, parse_subjects
from bot.handlers.incidents.views import INFORMED_TEXT
from bot.reminders.pings import RISK_SHORT
from storage.incidents import events, parse_iso

UNKNOWN = "nog onbekend — invullen"
AP_CATEGORIES = {
    "contact": "Naam, adres en woonplaats; telefoonnummer; e-mailadres",
    "identity_number": "Burgerservicenummer (BSN)",
    "financial": "Financiële gegevens",
    "health": "Gezondheidsgegevens (bijzondere persoonsgegevens)",
    "criminal": "Strafrechtelijke gegevens",
    "credentials": "Inloggegevens (gebruikersnaam, wachtwoord)",
    "id_document": "Kopie identiteitsbewijs",
    "special": "Bijzondere persoonsgegevens (bijv. ras of etniciteit, religie, seksuele voorkeur)",
    "hashed_credentials": "Inloggegevens, alleen sterk gehashte wachtwoorden (met salt)",
    "other": "Overige gegevens (welke?)",
}
NATURE = {  # the AP asks: read, copied, altered, deleted, stolen
    "misdirected_email": "ingezien door een onbevoegde (verkeerde ontvanger)",
    "misdirected_post": "ingezien door een onbevoegde (verkeerde ontvanger)",
    "lost_device": "verloren (gegevensdrager kwijt)",
    "stolen_device": "gestolen (gegevensdrager gestolen)",
    "lost_paper": "verloren (papieren documenten kwijt)",
    "publication": "ingezien (openbaar gemaakt)",
    "hacking": "ingezien en mogelijk gekopieerd (hack)",
    "ransomware": "onbereikbaar gemaakt (versleuteld door ransomware), mogelijk gekopieerd",
    "phishing": "mogelijk ingezien of gekopieerd (inloggegevens afgegeven)",
    "unauthorised_access": "ingezien door een onbevoegde",
}
AVAILABILITY_KINDS = ("ransomware", "lost_device", "stolen_device", "lost_paper")
DECIDED = ("decided_reported", "decided_not_reportable", "decision_corrected")


@dataclass
class Field:
    label: str  # empty: a paragraph without a label
    value: str | None  # None: still unknown, to be filled in
    hint: str | None = None


@dataclass
class Section:
    title: str
    fields: list[Field] = field(default_factory=list)


@dataclass
class Draft:
    title: str
    ref: str
    intro: str
    sections: list[Section]
    slug: str  # for the file name

    @property
    def unknown(self) -> list[str]:
        return [f"{s.title}: {f.label}" for s in self.sections for f in s.fields if f.value is None and f.label]


def _yes_no(value, yes: str, no: str) -> str | None:
    return None if value is None else (yes if value else no)


def _subjects(facts: dict) -> str | None:
    try:
        _, low, high = parse_subjects(facts.get("subjects"))
    except ValueError:
        return None
    if low is None and high is None:
        return None
    return f"minimaal {low if low is not None else 0}, maximaal {high if high is not None else 'onbekend'}"


def ap_draft_of(incident: dict, config, now) -> Draft:
    facts, ref = incident["facts"], incident["ref"]
    deadline = parse_iso(incident["deadline"])
    decided_at = parse_iso(incident.get("decision_at"))
    reported = incident.get("decision") == "reported"
    if decided_at and reported:
        late = decided_at > deadline
        delay = (f"ja, gemeld op {words.long(decided_at)}; reden: {incident.get('delay_reason') or UNKNOWN}"
                 if late else f"nee, gemeld op {words.long(decided_at)}")
    elif now > deadline:
        delay = None
    else:
        delay = f"nee, als vóór {words.long(deadline)} gemeld wordt"
    categories = facts.get("data_categories") or []
    kind = facts.get("kind") or incident["kind"]
    reasons = [r for r in incident["assessment"].get("reasons", []) if r != DISCLAIMER]
    cia = ["vertrouwelijkheid (anderen kunnen de gegevens zien)"] if kind != "ransomware" or facts.get(
        "exfiltrated") is not False else []
    if kind in AVAILABILITY_KINDS:
        cia.append("beschikbaarheid (de gegevens zijn niet of niet meer beschikbaar)")
    informed = incident.get("subjects_informed")
    notes = [e["details"].get("text") for e in incident.get("_events", []) if e["action"] == "note"]
    sections = [
        Section("1. Soort melding", [
            Field("Wet", "AVG (Algemene verordening gegevensbescherming)"),
            Field("Soort melding", f"al gemeld bij de AP met kenmerk {incident['ap_reference']}: gebruik de "
                  "vervolgmelding" if reported and incident.get("ap_reference") else "nieuwe melding"),
        ]),
        Section("2. Organisatie en contactpersoon", [
            Field("Naam van de organisatie", config.organisation),
            Field("KvK-nummer en adres", None),
            Field("Wie meldt namens de organisatie (naam, functie)", None, "de CISO of wie het college mandateerde"),
            Field("Contactpersoon voor de AP", config.fg_contact, "de FG is het aanspreekpunt van de AP"),
        ]),
        Section("3. Verwerker en andere organisaties", [
            Field("Is een verwerker of andere organisatie betrokken?", None, "naam en rol, of 'nee'"),
        ]),
        Section("4. Tijdlijn", [
            Field("Begin van het datalek", words.long(facts.get("occurred_at")) if facts.get("occurred_at") else None),
            Field("Ontdekt", words.long(incident["discovered_at"])),
            Field("Intern gemeld", words.long(incident["created_at"])),
            Field("Is het lek nog gaande?", None),
            Field("Later dan 72 uur gemeld?", delay, "de termijn is verstreken: geef de reden van de vertraging"),
        ]),
        Section("5. Wat er is gebeurd", [
            Field("Samenvatting", facts.get("description") or None),
            Field("Soort datalek", words.kind_label(kind)),
            Field("Aard (ingezien, gekopieerd, veranderd, verwijderd, gestolen)",
                  NATURE.get(kind) + ("; gegevens zijn gekopieerd" if facts.get("exfiltrated") else "")
                  if kind in NATURE else None),
            Field("Oorzaak", None, "bijv. menselijke fout, technische fout, diefstal, aanval"),
        ]),
        Section("6. Persoonsgegevens", [
            Field("Soorten persoonsgegevens", "; ".join(AP_CATEGORIES.get(c, c) for c in categories
                                                         if c != "children") or None),
            Field("Aantal records (gegevensregels)", None),
        ]),
        Section("7. Betrokkenen", [
            Field("Aantal betrokkenen", _subjects(facts)),
            Field("Groepen (medewerkers, cliënten, minderjarigen, kwetsbare mensen)",
                  "minderjarigen" if "children" in categories else None),
        ]),
        Section("8. Onleesbaar gemaakt?", [
            Field("Versleuteld, gehasht of anders onbegrijpelijk", _yes_no(
                facts.get("encrypted"), "ja, versleuteld" + (" (maar de sleutel was bekend)"
                                                             if facts.get("key_compromised") else ""), "nee")),
        ]),
        Section("9. Gevolgen", [
            Field("Gevolgen voor", "; ".join(cia) or None, "vertrouwelijkheid, integriteit en/of beschikbaarheid"),
            Field("Voorlopige inschatting", RISK_SHORT.get(incident["assessment"].get("risk"))),
            *[Field("" if i else "Mogelijke gevolgen voor de betrokkenen", reason) for i, reason in enumerate(reasons)],
        ]),
        Section("10. Betrokkenen informeren", [
            Field("Zijn of worden de betrokkenen geïnformeerd?", INFORMED_TEXT.get(informed) if informed else None),
            Field("Hoe (brief, e-mail, telefoon) en wanneer", None),
            Field("Zo niet: waarom niet", None if informed in (None, "no") else "niet van toepassing"),
        ]),
        Section("11. Maatregelen", [
            Field("Genomen en geplande maatregelen", None,
                  ("uit de notities: " + " | ".join(n for n in notes if n)) if any(notes) else None),
        ]),
        Section("12. Grensoverschrijdend", [
            Field("Betrokkenen in andere EU-landen?", None),
        ]),
    ]
    return Draft("Concept — melding datalek aan de Autoriteit Persoonsgegevens", ref,
                 "Een concept uit het datalekregister, ingedeeld als het meldformulier van de AP. Neem de antwoorden "
                 "over in het meldloket van de AP: alleen dat formulier telt als melding. Wat het register niet weet, "
                 f"staat als ‘{UNKNOWN}’.", sections, "ap-melding")


def follow_up_of(incident: dict, log: list[dict], config, now) -> Draft:
    ref = incident["ref"]
    reported = incident.get("decision") == "reported" and incident.get("ap_reference")
    decisions = [e for e in log if e["action"] in DECIDED]
    since = decisions[-1] if decisions else None
    changes = [e for e in log if since is not None and e["id"] > since["id"]]
    first = ap_draft_of(incident, config, now)
    sections = [
        Section("1. Soort melding", [
            Field("Soort melding", f"vervolgmelding (aanvulling) op de melding met kenmerk {incident['ap_reference']}"
                  if reported else None,
                  None if reported else "nog niet gemeld bij de AP: doe eerst de eerste melding"),
            Field("Organisatie", config.organisation),
            Field("Contactpersoon voor de AP", config.fg_contact),
        ]),
        Section(f"2. Wat er veranderde sinds het besluit{' van ' + words.long(since['at']) if since else ''}", [
            Field(words.long(e["at"]), words.event_sentence(e, config)) for e in changes
        ] or [Field("", "Sinds het besluit is niets nieuws vastgelegd." if since else None,
                    None if since else "er is nog geen besluit")]),
        Section("3. Hoe het er nu voor staat", [
            Field("Status", words.STATUS_TEXT.get(incident["status"], incident["status"])),
            Field("Betrokkenen", INFORMED_TEXT.get(incident.get("subjects_informed")) if incident.get(
                "subjects_informed") else None),
        ]),
        Section("4. Nog aan te vullen uit de eerste melding", [
            Field("", item) for item in first.unknown
        ] or [Field("", "niets")]),
    ]
    return Draft("Concept — vervolgmelding aan de Autoriteit Persoonsgegevens (art. 33 lid 4 AVG)", ref,
                 "De AP-melding mag in fasen: dit concept zet op een rij wat er sinds het besluit in het register is "
                 "vastgelegd. Vul de vervolgmelding in het meldloket van de AP in, met het kenmerk van de eerste "
                 "melding.",
                 sections, "vervolgmelding")



CONSEQUENCES = {  # what can happen to people, per kind of data (plain words, art. 34(2) AVG)
    "contact": "U kunt nepberichten krijgen die echt lijken (phishing), per e-mail, post of telefoon.",
    "identity_number": "Iemand kan proberen zich met uw burgerservicenummer als u voor te doen.",
    "id_document": "Iemand kan proberen met de kopie van uw identiteitsbewijs als u op te treden (identiteitsfraude).",
    "financial": "Iemand kan proberen uw financiële gegevens te misbruiken, bijvoorbeeld voor fraude.",
    "credentials": "Iemand kan proberen met uw inloggegevens in te loggen.",
    "health": "Anderen kunnen gevoelige informatie over uw gezondheid of zorg te weten komen.",
    "special": "Anderen kunnen gevoelige informatie over u te weten komen.",
    "criminal": "Anderen kunnen gevoelige informatie over u te weten komen.",
    "children": "Het gaat (ook) om gegevens van kinderen.",
}
SELF_HELP = {
    "contact": "Wees extra alert op berichten die om gegevens, codes of betalingen vragen. Twijfelt u, bel ons dan "
               "via het nummer op onze website, niet via het nummer in het bericht.",
    "identity_number": "Let op onverwachte post of berichten van instanties over zaken die u niet kent.",
    "id_document": "Twijfelt u, doe dan aangifte van misbruik en laat zo nodig uw identiteitsbewijs blokkeren "
                   "(via uw gemeente).",
    "financial": "Controleer de komende tijd uw bankafschriften en meld vreemde afschrijvingen direct bij uw bank.",
    "credentials": "Verander uw wachtwoord, ook op andere plekken waar u hetzelfde wachtwoord gebruikt, en zet "
                   "tweestapsverificatie aan waar dat kan.",
    "hashed_credentials": "Verander voor de zekerheid uw wachtwoord.",
}


def letter_of(incident: dict, config) -> Draft:
    """A draft letter to the people affected (art. 34 AVG), in plain language."""
    facts, ref = incident["facts"], incident["ref"]
    kind = facts.get("kind") or incident["kind"]
    categories = facts.get("data_categories") or []
    when = words.long(facts.get("occurred_at")) if facts.get("occurred_at") else None
    consequences = [CONSEQUENCES[c] for c in categories if c in CONSEQUENCES]
    advice = [SELF_HELP[c] for c in categories if c in SELF_HELP]
    done = ["We hebben het datalek vastgelegd en onderzocht."]
    if incident.get("decision") == "reported":
        done.append("We hebben het datalek gemeld bij de Autoriteit Persoonsgegevens.")
    sections = [
        Section("Wat is er gebeurd?", [
            Field("Soort", words.kind_label(kind)),
            Field("Wanneer", when),
            Field("In gewone woorden", facts.get("description") or None,
                  "schrijf het zo dat iedereen het begrijpt; noem geen gegevens van anderen"),
        ]),
        Section("Om welke gegevens gaat het?", [
            Field("", "; ".join(AP_CATEGORIES.get(c, c) for c in categories if c != "children") or None),
        ]),
        Section("Wat kan dit voor u betekenen?", [Field("", text) for text in consequences]
                or [Field("", None, "de waarschijnlijke gevolgen voor de betrokkenen")]),
        Section("Wat hebben wij gedaan?", [Field("", text) for text in done]
                + [Field("Maatregelen", None,
                         "wat is er gedaan om de gegevens terug te halen en herhaling te voorkomen")]),
        Section("Wat kunt u zelf doen?", [Field("", text) for text in advice]
                or [Field("", None, "wat mensen zelf kunnen doen om gevolgen te beperken")]),
        Section("Vragen?", [
            Field("", f"Neem contact op met {config.fg_contact}. Noem het kenmerk {ref}."),
            Field("", "U kunt ook een klacht indienen bij de Autoriteit Persoonsgegevens "
                      "(autoriteitpersoonsgegevens.nl)."),
            Field("", f"Met vriendelijke groet,\n{config.organisation}"),
        ]),
    ]
    return Draft("Concept — brief aan de betrokkenen (art. 34 AVG)", ref,
                 "Geachte heer, mevrouw,\n\nWe laten u weten dat er bij ons iets is misgegaan met uw gegevens. "
                 "Het spijt ons dat dit is gebeurd. In deze brief leest u wat er is gebeurd, wat het voor u kan "
                 "betekenen en wat u zelf kunt doen.", sections, "brief-betrokkenen")


# -- rendering ---------------------------------------------------------------------------------
def to_text(draft: Draft, now) -> str:
    lines = [draft.title.upper(), f"{draft.ref} · opgesteld {words.long(now)}", "", draft.intro, ""]
    for section in draft.sections:
        lines += [section.title, "-" * len(section.title)]
        for f in section.fields:
            value = f.value if f.value is not None else UNKNOWN + (f" ({f.hint})" if f.hint else "")
            lines.append(f"{f.label}: {value}" if f.label else value)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def respond(request: web.Request, draft: Draft) -> web.Response:
    d = the_desk(request)
    now = d.now()
    download = request.query.get("download")
    name = f"{draft.ref}-{draft.slug}"
    if download == "txt":
        return web.Response(text=to_text(draft, now), content_type="text/plain", charset="utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{name}.txt"'})
    context = {"page": "incident", "draft": draft, "unknown_text": UNKNOWN, "made": words.long(now)}
    if download == "html":
        response = render(request, "draft_download.html", context)
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.html"'
        response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        return response
    return render(request, "draft.html", context)


async def ap_draft(request: web.Request) -> web.Response:
    incident = load_incident(request)
    if incident is None:
        return not_found(request, "Dit incident bestaat niet.")
    d = the_desk(request)
    incident["_events"] = events(d.store, incident["ref"])
    return respond(request, ap_draft_of(incident, d.config, d.now()))


async def letter(request: web.Request) -> web.Response:
    incident = load_incident(request)
    if incident is None:
        return not_found(request, "Dit incident bestaat niet.")
    d = the_desk(request)
    return respond(request, letter_of(incident, d.config))


async def follow_up(request: web.Request) -> web.Response:
    incident = load_incident(request)
    if incident is None:
        return not_found(request, "Dit incident bestaat niet.")
    d = the_desk(request)
    log = events(d.store, incident["ref"])
    incident["_events"] = log
    return respond(request, follow_up_of(incident, log, d.config, d.now()))
