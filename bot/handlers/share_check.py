""""Mag ik dit delen?": a short guided triage before sharing personal data, ending in a verdict.

Steps are data (as in the datalek intake): a question, its buttons, and a reader for typed words.
Steps that cannot matter for the recipient are skipped (bot.share_verdict.relevant_questions), as
are steps pre-filled from the user's own words, and the dialogue stops early once a "nee" is certain.
"terug" goes one step back (also into a pre-filled answer), "stop" is handled by the engine.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from bot.handlers.base import BACK, STOP, Context, Handler, Turn, is_back, normalise, pick
from bot.messages import Choice, Message, Reply
from bot.share_verdict import (
    CHANNEL_LABELS, FACT_KEYS, HEADLINES, Verdict,
    relevant_questions, verdict,
)

P = "sc"  # prefix of every button value of this dialogue
NEW = Choice("🔁 Nieuwe check", f"{P}:new")

# -- recognising a concrete sharing question in free words ---------------------------------------
def words(*alternatives: str) -> str:
    """A pattern matching any of the (regex) alternatives as whole words."""
    return r"\b(" + "|".join(alternatives) + r")\b"


RECIPIENT_WORDS: list[tuple[str, str]] = [
    ("inwoner_zelf", r"\b(zijn|haar|hun) eigen (dossier|gegevens|stukken|rapport|verslag)"
                     r"|\b(inwoner|burger|client|klant|aanvrager|bewoner|betrokkene|meneer|mevrouw) zelf\b"
                     r"|\b(inwoner|burger|client|klant|aanvrager|bewoner) (vraagt|wil) (om |naar )?(zijn|haar|hun)\b"
                     r"|\b(own|their|his|her) (file|data|records)\b"),
    ("andere_inwoner", words("buurman", "buurvrouw", "buren", r"buurtbewoner\w*", r"familie\w*", "ex-?partner", "partner",
                             "kennis", "andere (inwoner|burger|bewoner|client)", "neighbou?rs?", "family", "relatives?",
                             "another (citizen|resident)")),
    ("website_social", words("website", "site", "internet", "online", "sociale media", "social media", "facebook",
                             "twitter", "instagram", "linkedin", "tiktok", "nieuwsbrief", "krant")),
    ("politie", words("politie", "wijkagent", "agent", "recherche", "officier van justitie", "openbaar ministerie",
                      "justitie", "police", "prosecutor")),
    ("huisarts", words(r"huisarts\w*", "dokter", "gp", "family doctor", "general practitioner")),
    ("zorgaanbieder", words(r"zorgaanbieder\w*", r"zorgverlener\w*", r"hulpverlener\w*", "aanbieder", "zorginstelling",
                            "thuiszorg", "wijkverpleging", "ggz", "ggd", r"jeugdhulp\w*", "jeugdzorg", "ziekenhuis",
                            "specialist", "psycholoog", "psychiater", "(health ?)?care provider", "hospital")),
    ("extern_bureau", words(r"extern\w* bureau", "bureau", "adviesbureau", "onderzoeksbureau", "incassobureau",
                            "leverancier", "consultant", "ict-bedrijf", "agency", "consultancy", "contractor",
                            "supplier", "vendor")),
    ("collega_andere_afdeling", words(r"collega\w* (van|bij|op|uit) (een |de )?andere? (afdeling|team|dienst)",
                                      "andere afdeling", "ander team", "andere dienst", "wmo-?consulent",
                                      r"schuldhulpverlen\w*", "bijstandsconsulent", "(an)?other department")),
    ("collega_team", words(r"mijn (directe )?collega\w*", r"teamgenoot\w*", r"collega\w* (in|uit|van) (mijn|ons) team",
                           "my colleague", "colleague in my team")),
    ("other", words("school", "leerkracht", "woningcorporatie", "verhuurder", "bank", "werkgever", "verzekeraar",
                    "zorgverzekeraar", "uwv", "svb", "andere gemeente", "journalist", "advocaat", "housing association",
                    "employer", "insurer", "lawyer", "another municipality")),
]
# "inwoner" as the one who receives: "naar/aan de inwoner" means the person himself
TO_CITIZEN = (r"\b(naar|aan|met|to|with) (de |het |een |mijn |onze |the |a |my )?"
              r"(inwoners?|burgers?|client(en|s)?|cliente|klant(en)?|aanvrager|bewoners?|citizens?|residents?)\b")
GENERIC_RECIPIENT = words(r"derden?", r"derde partij\w*", r"externe? (partij|organisatie|instantie)\w*",
                          r"andere organisatie\w*", r"instantie\w*", r"ketenpartner\w*", "third part(y|ies)",
                          "external part(y|ies)", "other organi[sz]ations?")
DATA_WORDS: list[tuple[str, str]] = [
    ("geen_persoonsgegevens", words(r"geanonimiseerd\w*", r"anoniem\w*", r"statistiek\w*", "cijfers", "aantallen",
                                    "totalen", "anonymi[sz]ed", "anonymous", "statistics")),
    ("bijzonder_strafrechtelijk", words(r"medisch\w*", r"gezondheid\w*", "diagnose", r"ziekte\w*", r"psychisch\w*",
                                        r"psychiatrisch\w*", r"verslaving\w*", "strafblad", r"strafrechtelijk\w*",
                                        r"veroordeling\w*", "medical", "health", "diagnosis", "criminal")),
    ("bsn", words(r"bsn\w*", r"burgerservicenummer\w*", "sofinummer", "citizen service number")),
    ("kinderen", words("kind", "kinderen", r"minderjarige\w*", r"jongere\w*", r"leerling\w*", "child", "children",
                       "minor")),
    ("dossier", words(r"dossier\w*", "case ?file", "file")),
    ("dat_informatie", r"\b(of|dat) (hij|zij|ze|iemand|meneer|mevrouw|de inwoner|de client|mijn client|deze client)\b"
                       r".{0,30}\b(bekend|in beeld|hulp|ondersteuning)\b"),
    ("wat_informatie", words(r"rapport\w*", r"verslag\w*", r"indicatie\w*", "behandelplan", "plan van aanpak",
                             "keukentafelgesprek", "schulden", "schuldsituatie", "report")),
]
CHANNEL_WORDS: list[tuple[str, str]] = [
    ("chat_app", words(r"whats ?app\w*", "appen", "app", "appje", "signal", "telegram", "sms")),
    ("beveiligde_mail", words(r"beveiligd\w*", r"versleuteld\w*", "zivver", "secure", "encrypted")),
    ("gewone_mail", words(r"e-?mail\w*", r"mail\w*", "gmail", "hotmail")),
    ("papier", words("per post", "op papier", "per brief", "uitprinten", "by post", "by letter")),
]
SHARE_VERBS = words(
    "delen", "deel", "sturen", "stuur", "versturen", "doorsturen", "opsturen", "toesturen", "nasturen", "e-?mailen",
    "mailen", "doormailen", "geven", "geef", "doorgeven", "meegeven", "afgeven", "verstrekken", "laten (zien|inzien|lezen)",
    "tonen", "appen", "whatsappen", "doorspelen", "uitwisselen", "vertellen", "noemen",
    "share", "send", "forward", "e-?mail", "give", "pass", "disclose", "show", "tell",
)
PLACE_VERBS = words("zetten", "plaatsen", "posten", "publiceren", "post", "publish", "put")  # only with a website
FIRST_PERSON = re.compile(
    r"(^|[,:;.!?] ?)((mag|mogen|kan|kunnen)|(?P<must>moet|moeten)) (ik|we|wij)\b"
    r"|^(ik|we|wij) (wil|willen|moet|moeten|ga|gaan)\b.*\b(mag|kan) (dat|het)\b"
    r"|^is het (ok|oke|goed|toegestaan|erg) als (ik|we)\b|^(can|may|could|should) (i|we)\b|^(am i|are we) allowed to\b"
)
ASKS_FOR = re.compile(  # "mag de huisarts ... hebben", "de politie vraagt om ..."
    r"^(mag|mogen|kan|kunnen|can|may) (de |het |een |mijn |onze |the |a |my )?(\w+ )?"
    r"(huisarts|dokter|politie|wijkagent|zorgaanbieder|hulpverlener|ggz|bureau|collega|school"
    r"|gp|police|care provider|colleague)\b"
    r"|^(de |het |een )?(politie|wijkagent|huisarts|zorgaanbieder|hulpverlener|recherche|officier van justitie"
    r"|school|police|gp)\b.{0,20}\b(vraagt|vroeg|wil|belt|vordert|heeft gevraagd|asks|asked|wants)\b"
)
NOT_OURS = re.compile(words(r"wachtwoord\w*", r"password\w*", "inloggegevens", "inlognaam", "pin ?code", "login details"))
CONCRETE = re.compile(
    r"\b(dit|deze|dat|die|zijn|haar|this|these|that|his|her)\b"
    r"|\bvan (een|mijn|de|onze|deze|die|het) "
    r"(client\w*|klant|inwoner|bewoner|burger|aanvrager|jongere|kind|gezin|meneer|mevrouw|man|vrouw)\b"
    r"|\b(of|about) (a|my|the|this) (client|resident|citizen)\b"
)
ALWAYS_CONCRETE = {"politie", "huisarts", "website_social", "inwoner_zelf", "andere_inwoner"}


def _find(table: list[tuple[str, str]], text: str) -> str | None:
    for value, pattern in table:
        if re.search(pattern, text):
            return value
    return None


def find_recipient(text: str) -> str | None:
    """The recipient named in the words: the one after "naar/aan/met" wins over the data subject."""
    t = normalise(text)
    hits = []
    for value, pattern in RECIPIENT_WORDS:
        for m in re.finditer(pattern, t):
            after_preposition = bool(re.search(r"\b(naar|aan|met|voor|op|to|with|on)( \w+){0,2} ?$", t[: m.start()]))
            hits.append((not after_preposition, m.start(), value))
    if re.search(TO_CITIZEN, t) and not re.search(r"\bandere (inwoner|burger|bewoner|client)", t):
        hits.append((False, re.search(TO_CITIZEN, t).start(), "inwoner_zelf"))
    return min(hits)[2] if hits else None


def find_data(text: str) -> str | None:
    t = normalise(text)
    if re.search(r"\bgepseudonimiseerd", t):
        return None  # pseudonymised data are still personal data
    return _find(DATA_WORDS, t)


def find_channel(text: str) -> str | None:
    return _find(CHANNEL_WORDS, normalise(text))


def detect(text: str) -> dict | None:
    """A prefill {recipient, data, channel} when the words ask a concrete "may I share this" decision, else None."""
    t = normalise(text)
    if NOT_OURS.search(t):
        return None  # "mag ik mijn wachtwoord delen" is a password rule: the knowledge base answers it
    subject_form = bool(ASKS_FOR.search(t))
    if not subject_form:
        asking = FIRST_PERSON.search(t)
        if not asking:
            return None  # general rule questions ("wanneer mag je ...", "wat is need to know") are not a case
        rest, recipient = t[asking.end():], find_recipient(t)
        if asking.group("must") and not recipient:
            return None  # "moeten we inwoners vertellen ...": an obligation question without a case
        placing = recipient == "website_social" and re.search(PLACE_VERBS, rest)
        channel_use = find_channel(rest) and re.search(r"\b(gebruiken|use|using)\b", rest)
        if not (re.search(SHARE_VERBS, rest) or placing or channel_use):
            return None
    prefill = {"recipient": find_recipient(t), "data": find_data(t), "channel": find_channel(t)}
    if prefill["recipient"] == "website_social":
        prefill["channel"] = None  # the publication is the channel
    concrete = (
        subject_form or prefill["data"] or prefill["channel"] or CONCRETE.search(t)
        or prefill["recipient"] in ALWAYS_CONCRETE
    )
    if not concrete or (re.search(GENERIC_RECIPIENT, t) and not (prefill["data"] or prefill["channel"])):
        return None  # "mag ik gegevens aan derden geven": a rule question for the knowledge base
    return {key: value for key, value in prefill.items() if value is not None}


# -- steps ------------------------------------------------------------------------------------
UNKNOWN = re.compile(r"^(weet (ik )?(het )?niet|ik weet het niet|geen idee|onbekend|\?|(i )?don'?t know|no idea)$")


@dataclass(frozen=True)
class Step:
    key: str
    question: Callable[[dict], str]
    options: Callable[[dict], list[tuple[str, object]]]  # (button label, value)
    typed: Callable[[str], object] | None = None  # reads typed words; None when not understood


def _token(value) -> str:
    return value if isinstance(value, str) else {True: "true", False: "false", None: "none"}[value]


def _value(token: str):
    return {"true": True, "false": False, "none": None}.get(token, token)


def yes_no_unknown(yes: str, no: str) -> Callable[[dict], list[tuple[str, object]]]:
    return lambda facts: [(yes, True), (no, False), ("Weet ik niet", None)]


def basis_options(facts: dict) -> list[tuple[str, object]]:
    police = facts.get("recipient") == "politie"
    first = "Ja: een vordering of wettelijke plicht" if police else "Wettelijke taak of plicht (bijv. Wmo, Jeugdwet)"
    return [
        (first, "wettelijke_taak"),
        ("Overeenkomst met de inwoner", "overeenkomst"),
        ("Toestemming van de inwoner", "toestemming"),
        ("Ernstig gevaar (vitaal belang)", "vitaal_belang"),
        ("Geen van deze", "geen"),
        ("Weet ik niet", None),
    ]


BASIS_WORDS: list[tuple[str, str]] = [
    ("geen", r"\b(geen|niet|no|not|none)\b"),  # "geen toestemming", "er is geen vordering"
    ("toestemming", r"\b(toestemming|consent)\b"),
    ("vitaal_belang", r"\b(gevaar|nood\w*|vitaal|levensgevaar|danger|emergency|vital)\b"),
    ("overeenkomst", r"\b(overeenkomst|contract)\b"),
    ("wettelijke_taak", r"\b(vordering|wet|wettelijk\w*|plicht|taak|law|legal)\b"),
]


def find_basis(text: str) -> str | None:
    return _find(BASIS_WORDS, normalise(text))


def basis_question(facts: dict) -> str:
    if facts.get("recipient") == "politie":
        return ("Heeft de politie een wettelijke grondslag, zoals een schriftelijke vordering van de officier van "
                "justitie? Of is er een andere grond?")
    return "Op welke grond deel je het?"


def agreement_question(facts: dict) -> str:
    if facts.get("recipient") == "extern_bureau":
        return "Is er een verwerkersovereenkomst met dit bureau?"
    return "Zijn er afspraken met deze partij over het uitwisselen van gegevens (een contract of convenant)?"


STEPS: list[Step] = [
    Step("recipient", lambda f: "Met wie wil je de gegevens delen (of wie vraagt erom)?", lambda f: [
        ("Huisarts", "huisarts"), ("Politie of justitie", "politie"), ("Zorgaanbieder of hulpverlener", "zorgaanbieder"),
        ("Extern bureau of leverancier", "extern_bureau"), ("Collega, andere afdeling", "collega_andere_afdeling"),
        ("Collega in mijn team", "collega_team"), ("De inwoner zelf (eigen gegevens)", "inwoner_zelf"),
        ("Een andere inwoner (familie, buren)", "andere_inwoner"), ("Website of sociale media", "website_social"),
        ("Een andere organisatie", "other"),
    ], find_recipient),
    Step("data", lambda f: (
        "Om welke gegevens gaat het? Kies het gevoeligste.\n"
        "Dat-informatie: alleen dát iemand bekend is of hulp krijgt. Wat-informatie: de inhoud (welke hulp, waarom)."
    ), lambda f: [
        ("Geen persoonsgegevens (anoniem, cijfers)", "geen_persoonsgegevens"), ("Dat-informatie", "dat_informatie"),
        ("Wat-informatie", "wat_informatie"),
        ("Gezondheid, strafrecht of ander bijzonder gegeven", "bijzonder_strafrechtelijk"),
        ("BSN", "bsn"), ("Gegevens over kinderen", "kinderen"), ("Een (heel) dossier", "dossier"),
    ], find_data),
    Step("purpose_same", lambda f: (
        "Deel je het voor hetzelfde doel als waarvoor de gegevens zijn verzameld? "
        "(Bijvoorbeeld: gegevens uit een Wmo-aanvraag, gedeeld voor die Wmo-ondersteuning.)"
    ), yes_no_unknown("Ja, hetzelfde doel", "Nee, een ander doel")),
    Step("legal_basis", basis_question, basis_options, find_basis),
    Step("need_to_know", lambda f: (
        "Heeft de ontvanger precies deze gegevens nodig voor zijn taak, of zou minder ook volstaan "
        "(bijvoorbeeld alleen dat-informatie, of zonder naam)?"
    ), yes_no_unknown("Ja, precies dit is nodig", "Nee, minder kan ook")),
    Step("agreement", agreement_question, yes_no_unknown("Ja", "Nee")),
    Step("channel", lambda f: "Hoe wil je het delen?", lambda f: [
        ("Beveiligde mail / beveiligd systeem", "beveiligde_mail"), ("Gewone e-mail", "gewone_mail"),
        ("WhatsApp of andere app", "chat_app"), ("Op papier / per post", "papier"), ("Weet ik nog niet", None),
    ], find_channel),
]
STEP_BY_KEY = {step.key: step for step in STEPS}


def choices_for(step: Step, facts: dict) -> list[Choice]:
    return [Choice(label, f"{P}:{step.key}:{_token(value)}") for label, value in step.options(facts)]


def read_answer(step: Step, facts: dict, msg: Message) -> tuple[bool, object]:
    """(understood, value) for a button press, a number, a typed label or typed words."""
    choices = choices_for(step, facts)
    picked = pick(msg, choices)
    if picked is not None:
        return True, _value(picked.rsplit(":", 1)[1])
    if msg.action is not None:
        return False, None
    typed = normalise(msg.text)
    allowed = [value for _, value in step.options(facts)]
    if UNKNOWN.match(typed) and None in allowed:
        return True, None
    if step.typed is not None:
        value = step.typed(msg.text)
        if value is not None and value in allowed:
            return True, value
    return False, None


def settled_no(facts: dict) -> bool:
    """True when the answer is "nee" whatever the open questions still say (the channel aside)."""
    if "recipient" not in facts or "data" not in facts:
        return False
    open_keys = [k for k in relevant_questions(facts) if k not in facts]
    best = {k: True for k in ("purpose_same", "need_to_know", "agreement") if k in open_keys}
    bases = ["wettelijke_taak", "toestemming", "vitaal_belang"] if "legal_basis" in open_keys else [facts.get("legal_basis")]
    how = "publicatie" if facts.get("channel") == "publicatie" else "beveiligde_mail"
    return all(verdict({**facts, **best, "legal_basis": b, "channel": how}).outcome == "nee" for b in bases)


# -- the verdict as one reply -----------------------------------------------------------------
def headline(v: Verdict, facts: dict) -> str:
    if v.better_channel:
        return f"⛔ Nee, niet via {CHANNEL_LABELS[facts['channel']]}. Wel via {v.better_channel}."
    return {
        "ja": "✅ Ja",
        "ja_mits": "☑️ Ja, mits:",
        "nee": "⛔ Nee",
        "overleg": "⚠️ " + HEADLINES["overleg"] + ": {privacy_officer_contact} of {fg_contact}.",
    }[v.outcome]


def verdict_reply(facts: dict) -> Reply:
    v = verdict(facts)
    lines = [headline(v, facts)]
    if v.outcome == "ja_mits" and not v.better_channel:
        lines += [f"• {c}" for c in v.conditions]
    lines += ["", "Waarom:"] + [f"• {r}" for r in v.reasons]
    if v.conditions and (v.outcome != "ja_mits" or v.better_channel):
        title = "Voorwaarden bij een veilig kanaal:" if v.better_channel else "Let ook op:"
        lines += ["", title] + [f"• {c}" for c in v.conditions]
    lines += ["", f"Volgende stap: {v.next_step}", f"Inwoner informeren: {v.inform_client}"]
    lines += ["", "Notitie voor het dossier (kopieer en vul aan):", v.case_note]
    lines += ["", "Bronnen: " + "; ".join(v.sources)]
    meta = {"kind": "verdict", "outcome": v.outcome, "sources": v.sources, "better_channel": v.better_channel}
    return Reply("\n".join(lines), [NEW], meta=meta)


def summary_of(facts: dict) -> str:
    """What the words already told us, in the labels of the buttons."""
    names = {"recipient": "ontvanger", "data": "gegevens", "channel": "kanaal"}
    parts = []
    for key, name in names.items():
        labels = [label for label, value in STEP_BY_KEY[key].options(facts) if value == facts.get(key)]
        if key in facts and labels:
            label = labels[0] if labels[0][1:2].isupper() else labels[0][:1].lower() + labels[0][1:]  # keep "BSN"
            parts.append(f"{name}: {label}")
    return "; ".join(parts)


# -- the handler ------------------------------------------------------------------------------
class ShareCheckHandler(Handler):
    name = "share_check"
    commands = ("/delen",)
    action_prefix = P

    def start(self, ctx: Context, msg: Message, prefill: dict | None = None) -> Turn:
        prefill = dict(prefill or {})
        command = prefill.pop("command", None)
        if command:  # "/delen bsn naar de huisarts": read the words after the command
            rest = command.split(" ", 1)[1] if " " in command else ""
            prefill = {"recipient": find_recipient(rest), "data": find_data(rest), "channel": find_channel(rest)}
        facts = {k: v for k, v in prefill.items() if k in FACT_KEYS and v is not None}
        state = {"step": None, "facts": facts, "history": [k for k in FACT_KEYS if k in facts]}
        if self.next_step(facts) is None:  # the words say enough
            return self.advance(ctx, state, [Reply(f"Mag ik dit delen? Ik ga uit van: {summary_of(facts)}.")])
        intro = ("Mag ik dit delen? Ik stel je een paar korte vragen en geef dan een advies met de bronnen. "
                 "Noem geen namen of andere gegevens van de inwoner. "
                 "Typ 'terug' voor de vorige vraag of 'stop' om te stoppen.")
        if facts:
            intro += f"\nIk heb al begrepen: {summary_of(facts)}. Klopt iets niet? Typ 'terug'."
        return self.advance(ctx, state, [Reply(intro)])

    def next_step(self, facts: dict) -> str | None:
        if settled_no(facts):
            return None
        return next((k for k in relevant_questions(facts) if k not in facts), None)

    def advance(self, ctx: Context, state: dict, replies: list[Reply]) -> Turn:
        state["step"] = self.next_step(state["facts"])
        if state["step"] is None:
            return Turn(replies + [verdict_reply(state["facts"])], None)
        return Turn(replies + self.current(ctx, state), state)

    def current(self, ctx: Context, state: dict) -> list[Reply]:
        step = STEP_BY_KEY[state["step"]]
        return [Reply(step.question(state["facts"]), choices_for(step, state["facts"]) + [BACK, STOP])]

    def resume(self, ctx: Context, state: dict, msg: Message) -> Turn:
        if msg.action == NEW.value:
            return self.start(ctx, msg)
        if is_back(msg):
            return self.go_back(ctx, state)
        step = STEP_BY_KEY[state["step"]]
        understood, value = read_answer(step, state["facts"], msg)
        if not understood:
            retry = Reply("Dat begreep ik niet. Kies een van de knoppen (of typ het nummer).")
            return Turn([retry] + self.current(ctx, state), state)
        state["facts"][step.key] = value
        if step.key not in state["history"]:
            state["history"].append(step.key)
        self.forget_irrelevant(state)  # e.g. another recipient makes other questions relevant
        return self.advance(ctx, state, [])

    def forget_irrelevant(self, state: dict) -> None:
        keep = set(relevant_questions(state["facts"]))
        state["facts"] = {k: v for k, v in state["facts"].items() if k in keep}
        state["history"] = [k for k in state["history"] if k in keep]

    def go_back(self, ctx: Context, state: dict) -> Turn:
        if not state["history"]:
            return Turn([Reply("Dit is de eerste vraag.")] + self.current(ctx, state), state)
        previous = state["history"].pop()
        state["facts"].pop(previous, None)
        state["step"] = previous
        return Turn(self.current(ctx, state), state)

    def on_action(self, ctx: Context, msg: Message) -> list[Reply] | Turn | None:
        if msg.action == NEW.value:
            return self.start(ctx, msg)
        stale = "Deze knop hoort bij een check die al is afgerond of gestopt. Typ /delen voor een nieuwe check."
        return [Reply(stale, [NEW])]
