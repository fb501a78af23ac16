"""The datalek intake: a short guided dialogue that files a breach report.

Steps are data: each has a question, a way to read the answer, and a rule for when it applies.
"terug" goes one step back, "stop" (handled by the engine) abandons the report, and nothing is
filed before the reporter confirms the summary. Names of the people affected are never asked for;
free text is checked for identifiers (BSN, IBAN, e-mail, phone) and the reporter is offered to strip them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from bot.assessment import CATEGORY_LABELS, KIND_LABELS, assess
from bot.dates import DateError, format_local, parse_moment
from bot.first_aid import first_aid_text
from bot.handlers.base import BACK, STOP, Context, Handler, Turn, is_back, normalise, pick
from bot.identifiers import describe, find_identifiers, strip_identifiers
from bot.messages import Choice, Message, Reply
from storage.incidents import file_incident, list_incidents

P = "dl"  # prefix of every button value of this dialogue
MAX_FREE_TEXT = 1000

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


# -- steps ------------------------------------------------------------------------------------
SUBJECT_CHOICES = [("1 persoon", 1), ("2 tot 10", 10), ("11 tot 100", 100), ("101 tot 1000", 1000), ("Meer dan 1000", 5000)]
YES_NO_UNKNOWN = [("Ja", True), ("Nee", False), ("Weet ik niet", None)]
DEVICE_KINDS = {"lost_device", "stolen_device"}
NO_RECIPIENT_KINDS = {"lost_device", "stolen_device", "lost_paper", "publication", "hacking", "ransomware", "phishing"}
ATTACK_KINDS = {"hacking", "ransomware", "phishing"}
PAPER_KINDS = {"misdirected_post", "lost_paper"}


def _yes_no(key: str) -> list[Choice]:
    return [Choice(label, f"{P}:{key}:{str(value).lower()}") for label, value in YES_NO_UNKNOWN]


def _bool_from(value: str) -> bool | None:
    return {"true": True, "false": False, "none": None}[value.rsplit(":", 1)[1]]


@dataclass(frozen=True)
class Step:
    key: str
    ask: Callable[[dict], Reply]
    read: Callable[[Context, dict, Message], str | None]  # returns an error message, or None when ok
    applies: Callable[[dict], bool] = lambda facts: True
    label: str = ""
    show: Callable[[dict], str] = lambda facts: ""


def ask_kind(facts: dict) -> Reply:
    return Reply(
        "Wat is er gebeurd?",
        [Choice(label, f"{P}:kind:{kind}") for kind, label in KIND_LABELS.items()],
    )


def read_kind(ctx: Context, facts: dict, msg: Message) -> str | None:
    value = pick(msg, ask_kind(facts).choices)
    if value is None:
        detected = detect(msg.text) or {}
        if not detected.get("kind"):
            return "Kies wat het best past (typ het nummer of kies 'Iets anders')."
        value = f"{P}:kind:{detected['kind']}"
    facts["kind"] = value.rsplit(":", 1)[1]
    return None


def ask_discovered(facts: dict) -> Reply:
    return Reply(
        "Wanneer heb je het ontdekt? Typ bijvoorbeeld 'vanochtend 10:00', 'gisteren om 15:00' of '21-11 09:30'.",
        [Choice("Nu net", f"{P}:discovered:now")],
    )


def read_moment(key: str, allow_unknown: bool):
    def read(ctx: Context, facts: dict, msg: Message) -> str | None:
        asked = ask_discovered(facts) if key == "discovered_at" else ask_occurred(facts)
        msg = Message(msg.person, msg.text, pick(msg, asked.choices) or msg.action, msg.private, msg.delivery_id)
        if msg.action == f"{P}:{key}:now":
            facts[key] = ctx.now().isoformat(timespec="seconds")
            return None
        if allow_unknown and (msg.action == f"{P}:{key}:unknown" or normalise(msg.text) in {"weet ik niet", "onbekend", "?"}):
            facts[key] = None
            return None
        if msg.action == f"{P}:{key}:same":
            facts[key] = facts.get("discovered_at")
            return None
        try:
            moment = parse_moment(msg.text, ctx.now())
        except DateError as exc:
            return str(exc)
        if key == "occurred_at" and facts.get("discovered_at") and moment > datetime.fromisoformat(facts["discovered_at"]):
            return "Het kan niet later gebeurd zijn dan je het ontdekte. Typ het moment opnieuw, of kies 'Weet ik niet'."
        facts[key] = moment.isoformat(timespec="seconds")
        return None

    return read


def ask_occurred(facts: dict) -> Reply:
    return Reply(
        "Weet je wanneer het gebeurd is? Typ het moment, of kies hieronder.",
        [Choice("Op hetzelfde moment", f"{P}:occurred_at:same"), Choice("Weet ik niet", f"{P}:occurred_at:unknown")],
    )


def ask_categories(facts: dict) -> Reply:
    chosen = set(facts.get("data_categories", []))
    choices = [
        Choice(("✓ " if cat in chosen else "") + label, f"{P}:cat:{cat}")
        for cat, label in CATEGORY_LABELS.items()
    ]
    choices.append(Choice("Klaar", f"{P}:cat:done"))
    picked = ", ".join(CATEGORY_LABELS[c] for c in CATEGORY_LABELS if c in chosen) or "nog niets"
    return Reply(
        "Om welke soorten gegevens gaat het? Kies alles wat van toepassing is (meerdere nummers mag, "
        f"bijvoorbeeld '2,4'), en dan 'Klaar'.\nGekozen: {picked}",
        choices,
    )


def read_categories(ctx: Context, facts: dict, msg: Message) -> str | None:
    choices = ask_categories(facts).choices
    chosen = list(facts.get("data_categories", []))
    values: list[str] = []
    numbers = re.findall(r"\d+", msg.text) if msg.action is None else []
    if numbers and re.fullmatch(r"[\d,\s;en]+", msg.text.strip()):
        for n in numbers:
            if 1 <= int(n) <= len(choices):
                values.append(choices[int(n) - 1].value)
    else:
        value = pick(msg, choices)
        if value:
            values.append(value)
    if not values:
        return "Kies een of meer soorten gegevens met de knoppen of nummers, en dan 'Klaar'."
    for value in values:
        cat = value.rsplit(":", 1)[1]
        if cat == "done":
            if not chosen:
                return "Kies eerst minstens één soort gegevens (bij twijfel: 'Andere gegevens')."
            facts["data_categories"] = chosen
            return None
        if cat in chosen:
            chosen.remove(cat)
        else:
            chosen.append(cat)
    facts["data_categories"] = chosen
    if len(values) > 1 and values[-1].endswith(":done"):
        return None
    return "again"  # stay on this step to allow more choices


def ask_subjects(facts: dict) -> Reply:
    choices = [Choice(label, f"{P}:subjects:{n}") for label, n in SUBJECT_CHOICES]
    choices.append(Choice("Weet ik niet", f"{P}:subjects:unknown"))
    return Reply("Om hoeveel mensen gaat het ongeveer? (Geen namen, alleen een aantal.)", choices)


def read_subjects(ctx: Context, facts: dict, msg: Message) -> str | None:
    typed = re.sub(r"[.\s]", "", msg.text) if msg.action is None else ""
    if typed.isdigit():
        facts["subjects"] = int(typed)
        return None
    value = pick(msg, ask_subjects(facts).choices)
    if value is None:
        return "Kies een aantal, of typ een getal (bijvoorbeeld 25)."
    raw = value.rsplit(":", 1)[1]
    facts["subjects"] = None if raw == "unknown" else int(raw)
    return None


def yes_no_step(key: str, question: str):
    def ask(facts: dict) -> Reply:
        return Reply(question, _yes_no(key))

    def read(ctx: Context, facts: dict, msg: Message) -> str | None:
        value = pick(msg, _yes_no(key))
        if value is None:
            return "Kies Ja, Nee of Weet ik niet."
        facts[key] = _bool_from(value)
        return None

    return ask, read


def ask_recipient(facts: dict) -> Reply:
    return Reply(
        "Wie heeft de gegevens ontvangen of kunnen zien?",
        [
            Choice("Bekende, betrouwbare ontvanger (bijv. collega of zorgaanbieder)", f"{P}:recipient_trusted:true"),
            Choice("Onbekende of niet betrouwbare ontvanger", f"{P}:recipient_trusted:false"),
            Choice("Weet ik niet", f"{P}:recipient_trusted:none"),
        ],
    )


def read_recipient(ctx: Context, facts: dict, msg: Message) -> str | None:
    value = pick(msg, ask_recipient(facts).choices)
    if value is None:
        return "Kies een van de mogelijkheden."
    facts["recipient_trusted"] = _bool_from(value)
    return None


def ask_contained(facts: dict) -> Reply:
    question = {
        "lost_device": "Is het apparaat terecht of op afstand gewist?",
        "stolen_device": "Is het apparaat op afstand gewist of geblokkeerd?",
        "publication": "Is de publicatie offline gehaald?",
        "lost_paper": "Zijn de papieren terecht?",
    }.get(facts.get("kind"), "Zijn de gegevens teruggehaald of verwijderd, en is dat bevestigd (bijv. schriftelijk door de ontvanger)?")
    return Reply(question, _yes_no("data_contained"))


def free_text_step(key: str, question: str, check_identifiers: bool, optional: bool = False):
    def ask(facts: dict) -> Reply:
        choices = [Choice("Overslaan", f"{P}:{key}:skip")] if optional else []
        return Reply(question, choices)

    def read(ctx: Context, facts: dict, msg: Message) -> str | None:
        if optional and (msg.action == f"{P}:{key}:skip" or normalise(msg.text) in {"overslaan", "skip", "-"}):
            facts[key] = None
            return None
        text = msg.text.strip()
        if not text or msg.action is not None:
            return "Typ een kort antwoord."
        if len(text) > MAX_FREE_TEXT:
            return f"Dat is te lang ({len(text)} tekens). Houd het onder de {MAX_FREE_TEXT} tekens; je antwoord is niet opgeslagen."
        if check_identifiers and find_identifiers(text):
            facts["_pending"] = {"key": key, "text": text}
            return "identifiers"
        facts[key] = text
        return None

    return ask, read


def ask_contact(facts: dict) -> Reply:
    return Reply(
        "Hoe kunnen de CISO of de FG jou bereiken als ze vragen hebben?",
        [Choice("Via deze chat", f"{P}:contact:chat")],
    )


def read_contact(ctx: Context, facts: dict, msg: Message) -> str | None:
    if msg.action == f"{P}:contact:chat" or normalise(msg.text) in {"via deze chat", "chat", "hier"}:
        facts["contact"] = "via de chat"
        return None
    text = msg.text.strip()
    if not text or msg.action is not None:
        return "Typ je telefoonnummer of e-mailadres, of kies 'Via deze chat'."
    if len(text) > 200:
        return "Houd het kort: alleen je telefoonnummer of e-mailadres."
    facts["contact"] = text
    return None


_enc_ask, _enc_read = yes_no_step("encrypted", "Waren de gegevens versleuteld (bijv. een versleutelde laptop of een beveiligde mail)?")
_exf_ask, _exf_read = yes_no_step("exfiltrated", "Zijn er gegevens weggehaald of gekopieerd door de aanvaller?")
_, _con_read = yes_no_step("data_contained", "")  # the question itself depends on the kind: ask_contained
_bak_ask, _bak_read = yes_no_step("backup_available", "Is er een goede back-up waarmee de gegevens terug te zetten zijn?")
_desc_ask, _desc_read = free_text_step(
    "description",
    "Beschrijf kort wat er is gebeurd (een paar zinnen). Noem geen namen of andere gegevens van de mensen om wie het gaat.",
    check_identifiers=True,
)
_dept_ask, _dept_read = free_text_step("department", "Bij welke afdeling of welk team werk je?", check_identifiers=True)


def _yn(value) -> str:
    return {True: "ja", False: "nee", None: "weet ik niet"}[value]


STEPS: list[Step] = [
    Step("kind", ask_kind, read_kind, label="Wat er gebeurde", show=lambda f: KIND_LABELS.get(f.get("kind"), "?")),
    Step("discovered_at", ask_discovered, read_moment("discovered_at", allow_unknown=False), label="Ontdekt",
         show=lambda f: format_local(datetime.fromisoformat(f["discovered_at"]))),
    Step("occurred_at", ask_occurred, read_moment("occurred_at", allow_unknown=True), label="Gebeurd",
         show=lambda f: format_local(datetime.fromisoformat(f["occurred_at"])) if f.get("occurred_at") else "onbekend"),
    Step("data_categories", ask_categories, read_categories, label="Soorten gegevens",
         show=lambda f: ", ".join(CATEGORY_LABELS[c] for c in f.get("data_categories", []))),
    Step("subjects", ask_subjects, read_subjects, label="Aantal mensen",
         show=lambda f: "onbekend" if f.get("subjects") is None else f"ongeveer {f['subjects']}"),
    Step("encrypted", _enc_ask, _enc_read, applies=lambda f: f.get("kind") not in PAPER_KINDS | {"publication"},
         label="Versleuteld", show=lambda f: _yn(f.get("encrypted"))),
    Step("recipient_trusted", ask_recipient, read_recipient, applies=lambda f: f.get("kind") not in NO_RECIPIENT_KINDS,
         label="Ontvanger bekend en betrouwbaar", show=lambda f: _yn(f.get("recipient_trusted"))),
    Step("exfiltrated", _exf_ask, _exf_read, applies=lambda f: f.get("kind") in ATTACK_KINDS,
         label="Gegevens weggehaald", show=lambda f: _yn(f.get("exfiltrated"))),
    Step("backup_available", _bak_ask, _bak_read, applies=lambda f: f.get("kind") == "ransomware",
         label="Back-up beschikbaar", show=lambda f: _yn(f.get("backup_available"))),
    Step("data_contained", ask_contained, _con_read, label="Teruggehaald/verwijderd",
         show=lambda f: _yn(f.get("data_contained"))),
    Step("description", _desc_ask, _desc_read, label="Omschrijving", show=lambda f: f.get("description") or ""),
    Step("department", _dept_ask, _dept_read, label="Afdeling", show=lambda f: f.get("department") or ""),
    Step("contact", ask_contact, read_contact, label="Bereikbaar", show=lambda f: f.get("contact") or ""),
]
STEP_BY_KEY = {s.key: s for s in STEPS}


def implied_facts(facts: dict) -> dict:
    """Facts that follow from the kind and need no question."""
    kind = facts.get("kind")
    implied = {}
    if kind in PAPER_KINDS | {"publication"}:
        implied["encrypted"] = False
    if kind in {"publication", "hacking", "ransomware", "phishing"}:
        implied["recipient_trusted"] = False
    return implied


def assessment_facts(facts: dict) -> dict:
    keys = ("kind", "discovered_at", "occurred_at", "data_categories", "subjects", "encrypted",
            "backup_available", "recipient_trusted", "data_contained", "exfiltrated")
    merged = {**{k: None for k in keys}, **{k: facts.get(k) for k in keys if k in facts}, **implied_facts(facts)}
    merged["data_categories"] = merged["data_categories"] or []
    return merged


RISK_TEXT = {
    "none": "waarschijnlijk geen risico voor de betrokkenen: intern registreren",
    "risk": "risico voor de betrokkenen: melden bij de Autoriteit Persoonsgegevens",
    "high": "hoog risico: melden bij de AP én de betrokkenen informeren",
}


# -- the handler ------------------------------------------------------------------------------
class DatalekHandler(Handler):
    name = "datalek"
    commands = ("/datalek", "/melden", "/mijnmeldingen")
    action_prefix = P

    def start(self, ctx: Context, msg: Message, prefill: dict | None = None) -> Turn:
        prefill = prefill or {}
        if (prefill.get("command") or "").lower().startswith("/mijnmeldingen"):
            return Turn([my_reports(ctx, msg.person.key)])
        if not msg.private:
            return Turn([Reply("Een datalek meld je liever niet in een groep. Stuur me een privébericht en typ daar /datalek.")])
        state = {"step": None, "facts": {}, "history": []}
        replies = [Reply(
            "Je meldt een (mogelijk) datalek. Goed dat je het meteen doet! Dit duurt een paar minuten. "
            "Noem geen namen van de mensen om wie het gaat. Typ 'terug' voor de vorige vraag of 'stop' om te stoppen."
        )]
        if prefill.get("kind"):
            state["facts"]["kind"] = prefill["kind"]
            state["history"].append("kind")  # "terug" can still change what the words suggested
            replies.append(Reply(f"Ik noteer: {KIND_LABELS[prefill['kind']].lower()}.\n\n" + first_aid_text(prefill["kind"])))
        return self.advance(ctx, state, replies)

    def next_step(self, state: dict) -> str:
        facts = state["facts"]
        for step in STEPS:
            if step.key not in facts and step.applies(facts):
                return step.key
        return "confirm"

    def advance(self, ctx: Context, state: dict, replies: list[Reply]) -> Turn:
        if state.get("editing"):
            state["editing"] = False
            state["step"] = "confirm"
        else:
            state["step"] = self.next_step(state)
        return Turn(replies + self.current(ctx, state), state)

    def current(self, ctx: Context, state: dict) -> list[Reply]:
        step = state["step"]
        if step == "confirm":
            return [self.summary(ctx, state)]
        if step == "edit":
            return [self.edit_menu(state)]
        if step == "identifiers":
            return [self.identifier_warning(state)]
        reply = STEP_BY_KEY[step].ask(state["facts"])
        reply.choices = reply.choices + ([BACK] if state["history"] or step != "kind" else []) + [STOP]
        return [reply]

    def go_back(self, ctx: Context, state: dict) -> Turn:
        if not state["history"]:
            return Turn([Reply("Dit is de eerste vraag.")] + self.current(ctx, state), state)
        previous = state["history"].pop()
        state["facts"].pop(previous, None)
        state["facts"].pop("_pending", None)
        state["editing"] = False
        state["step"] = previous
        return Turn(self.current(ctx, state), state)

    def resume(self, ctx: Context, state: dict, msg: Message) -> Turn:
        step = state["step"]
        if is_back(msg):
            if step == "identifiers":
                state["step"] = state["facts"].pop("_pending")["key"]
                return Turn(self.current(ctx, state), state)
            return self.go_back(ctx, state)
        if step == "confirm":
            return self.on_confirm(ctx, state, msg)
        if step == "edit":
            return self.on_edit(ctx, state, msg)
        if step == "identifiers":
            return self.on_identifiers(ctx, state, msg)
        facts = state["facts"]
        had_kind = "kind" in facts
        error = STEP_BY_KEY[step].read(ctx, facts, msg)
        if error == "again":
            return Turn(self.current(ctx, state), state)
        if error == "identifiers":
            state["step"] = "identifiers"
            return Turn(self.current(ctx, state), state)
        if error:
            return Turn([Reply(error)] + self.current(ctx, state), state)
        if step not in state["history"]:
            state["history"].append(step)
        replies = []
        if step == "kind" and not had_kind:
            replies.append(Reply(first_aid_text(facts["kind"])))
        return self.advance(ctx, state, replies)

    # -- identifiers in free text -------------------------------------------------------------
    def identifier_warning(self, state: dict) -> Reply:
        pending = state["facts"]["_pending"]
        found = describe(find_identifiers(pending["text"]))
        return Reply(
            f"Let op: je tekst bevat {found}. Die hebben we voor de melding niet nodig, en we bewaren "
            "liever niet meer persoonsgegevens dan nodig. Zal ik ze weghalen?",
            [Choice("Ja, haal ze weg", f"{P}:strip:yes"), Choice("Ik typ het opnieuw", f"{P}:strip:retype"), BACK, STOP],
        )

    def on_identifiers(self, ctx: Context, state: dict, msg: Message) -> Turn:
        value = pick(msg, self.identifier_warning(state).choices)
        pending = state["facts"]["_pending"]
        if value == f"{P}:strip:yes":
            state["facts"].pop("_pending")
            state["facts"][pending["key"]] = strip_identifiers(pending["text"])
            if pending["key"] not in state["history"]:
                state["history"].append(pending["key"])
            return self.advance(ctx, state, [Reply(f"Weggehaald. Ik noteer: \"{state['facts'][pending['key']]}\"")])
        if value == f"{P}:strip:retype":
            state["facts"].pop("_pending")
            state["step"] = pending["key"]
            return Turn([Reply("Prima, typ het opnieuw zonder die gegevens.")] + self.current(ctx, state), state)
        return Turn([Reply("Kies of ik de gegevens weghaal, of dat je het opnieuw typt.")] + self.current(ctx, state), state)

    # -- summary, corrections, filing ---------------------------------------------------------
    def summary(self, ctx: Context, state: dict) -> Reply:
        facts = state["facts"]
        lines = ["Klopt dit? Controleer je melding:"]
        for step in STEPS:
            if step.key in facts and step.applies(facts):
                lines.append(f"• {step.label}: {step.show(facts)}")
        return Reply(
            "\n".join(lines),
            [Choice("✅ Klopt, melding indienen", f"{P}:confirm"), Choice("✏️ Iets aanpassen", f"{P}:edit"), BACK, STOP],
        )

    def edit_menu(self, state: dict) -> Reply:
        facts = state["facts"]
        choices = [Choice(step.label, f"{P}:edit:{step.key}") for step in STEPS if step.key in facts and step.applies(facts)]
        return Reply("Wat wil je aanpassen?", choices + [Choice("Niets, terug naar de samenvatting", f"{P}:edit:none"), STOP])

    def on_edit(self, ctx: Context, state: dict, msg: Message) -> Turn:
        value = pick(msg, self.edit_menu(state).choices)
        if value is None:
            return Turn([Reply("Kies wat je wilt aanpassen.")] + self.current(ctx, state), state)
        key = value.rsplit(":", 1)[1]
        if key == "none":
            state["step"] = "confirm"
            return Turn(self.current(ctx, state), state)
        state["facts"].pop(key)
        if key == "kind":  # other questions depend on the kind: re-ask those that now apply
            state["step"] = "kind"
            return Turn(self.current(ctx, state), state)
        state["step"] = key
        state["editing"] = True
        return Turn(self.current(ctx, state), state)

    def on_confirm(self, ctx: Context, state: dict, msg: Message) -> Turn:
        value = pick(msg, self.summary(ctx, state).choices)
        if value == f"{P}:edit":
            state["step"] = "edit"
            return Turn(self.current(ctx, state), state)
        if value != f"{P}:confirm":
            return Turn([Reply("Kies 'Klopt, melding indienen' of 'Iets aanpassen'.")] + self.current(ctx, state), state)
        return Turn(self.file(ctx, msg, state["facts"]), None)

    def file(self, ctx: Context, msg: Message, facts: dict) -> list[Reply]:
        facts_for_assessment = assessment_facts(facts)
        result = assess(facts_for_assessment)
        stored = {**facts_for_assessment, "description": facts.get("description")}
        ref = file_incident(
            ctx.store,
            reporter=msg.person.key,
            facts=stored,
            assessment=result.to_dict(),
            deadline=result.deadline,
            now=ctx.now(),
            department=facts.get("department"),
            contact=facts.get("contact"),
        )
        if ctx.reminders is not None:
            ctx.defer(lambda: ctx.reminders.incident_filed(ref))
        text = (
            f"Dank je, je melding is ingediend. Je referentie is {ref}.\n\n"
            f"Voorlopige inschatting: {RISK_TEXT[result.risk]}. De CISO en de FG beslissen.\n"
            f"Uiterste moment om bij de AP te melden: {format_local(result.deadline)} (72 uur na ontdekking).\n\n"
            f"{first_aid_text(facts['kind'])}\n\n"
            f"De CISO en de FG zijn nu op de hoogte. {_capital(ctx.config.ciso_contact)} neemt contact met je op "
            f"({facts.get('contact') or 'via de chat'}). Met /mijnmeldingen zie je de status."
        )
        return [Reply(text, meta={"ref": ref})]

    def on_action(self, ctx: Context, msg: Message) -> list[Reply] | None:
        if msg.action == f"{P}:confirm":
            mine = list_incidents(ctx.store, reporter=msg.person.key)
            if mine:
                last = mine[-1]["ref"]
                return [Reply(f"Je melding is al ingediend ({last}). Met /mijnmeldingen zie je de status.")]
        return [Reply("Deze knop hoort bij een melding die al is afgerond of gestopt. Typ /datalek om een nieuwe melding te doen.")]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


STATUS_TEXT = {"open": "in behandeling", "decided": "besluit genomen", "closed": "afgesloten"}


def my_reports(ctx: Context, person_key: str) -> Reply:
    mine = sorted(list_incidents(ctx.store, reporter=person_key), key=lambda r: r["ref"])
    if not mine:
        return Reply("Je hebt (via dit account) nog geen datalekken gemeld. Typ /datalek om er een te melden.")
    lines = ["Jouw meldingen:"]
    for row in mine:
        status = STATUS_TEXT.get(row["status"], row["status"])
        when = format_local(datetime.fromisoformat(row["created_at"]))
        lines.append(f"• {row['ref']} — {KIND_LABELS.get(row['kind'], row['kind'])}, gemeld {when}: {status}")
    return Reply("\n".join(lines))
