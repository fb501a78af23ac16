"""The reporter adds to their own report: "/aanvullen DL-2026-0001", the "➕ Aanvullen" button, or free words.

    start   -> (a reference and the addition given)     record it, confirm           (done)
            -> (a reference, no addition)               "Wat wil je toevoegen?"      -> text
            -> (no reference)                           the reporter's open reports  -> pick
    pick    -> a report chosen                          "Wat wil je toevoegen?"      -> text
    text    -> a few words                              record it, confirm           (done)
            -> "terug"                                  nothing added                (done)

Free words reach this dialogue from the engine, before the router, when a message names a DL
reference and an amend word ("ik wil nog iets toevoegen aan DL-2026-0001: het waren 41 mensen",
"aanvulling DL-2026-0003 ..."): `detect`. Only the reporter of the incident (or the CISO, the FG, a
deputy) may amend it; anyone else gets the same refusal as for a reference that does not exist. The
addition is checked for identifiers (stripped before storage), recorded as an `amended` event and
announced (IncidentChanged): bot/notices.py tells the CISO, the FG and the owner.
"""
from __future__ import annotations

import re

from bot.choices import STOP, is_back, pick
from bot.events import IncidentChanged
from bot.handlers.base import Context, Handler, Turn
from bot.handlers.incidents.views import REFUSAL, load, own_reports, roles
from bot.identifiers import find_identifiers, strip_identifiers
from bot.messages import Choice, Message, Reply
from bot.text import t
from storage.incidents import REPORTER_ACTOR, add_event

P = "amend"
EVENT = "amended"
MAX_TEXT = 1000
PICK_LIMIT = 8
REF_RE = re.compile(r"\bDL-\d{4}-\d{4}\b", re.IGNORECASE)
# "aanvullen", "aanvulling", "toevoegen", "toe te voegen", "voeg ... toe", "vul ... aan", "vergeten te melden"
AMEND_WORDS = re.compile(
    r"\b(?:aanvul\w*|toevoeg\w*|toe\s+te\s+voegen|bijvoeg\w*|voeg\w*\b.*\btoe|vul\b.*\baan|"
    r"vergeten\s+te\s+(?:melden|zeggen|vertellen|noemen))\b",
    re.IGNORECASE,
)
# what may stand between the reference and the addition: "aanvullen met het volgende: ..."
LEAD = re.compile(
    r"^(?:[\s:;,.\-–—]+|(?:aanvul\w*|toevoeg\w*|toe|te|voegen|met|graag|het\s+volgende|hierbij|svp)\b)+",
    re.IGNORECASE,
)
# words that say nothing about the incident: an addition has at least two other words
EMPTY_WORDS = {"ik", "wil", "nog", "iets", "even", "graag", "aan", "toe", "te", "voegen", "kan", "mag", "hoe", "met",
               "het", "de", "een", "melding", "mijn", "deze", "dit", "dat", "volgende", "vullen", "vul", "voeg",
               "svp", "alsjeblieft", "hierbij", "er", "over", "bij", "op", "in", "wat", "zijn", "is"}


def addition(text: str) -> str:
    """The words after the first DL reference that say something ('' when they only ask to amend)."""
    match = REF_RE.search(text)
    rest = LEAD.sub("", text[match.end():] if match else "").strip()
    words = [w for w in re.findall(r"\w+", rest.lower()) if w not in EMPTY_WORDS and not AMEND_WORDS.fullmatch(w)]
    return rest if len(words) >= 2 else ""


def detect(text: str) -> dict | None:
    """{'ref', 'text'} when `text` names a DL reference and asks to amend it; else None."""
    match = REF_RE.search(text or "")
    if match is None or not AMEND_WORDS.search(text):
        return None
    return {"ref": match.group(0).upper(), "text": addition(text)}


class AmendHandler(Handler):
    name = "amend"
    action_prefix = P
    private_only = True

    # -- access ----------------------------------------------------------------------------
    def check(self, ctx: Context, person: str, ref: str) -> tuple[dict | None, list[Reply]]:
        """(the incident, []) when `person` may amend it now; else (None, the reason)."""
        incident = load(ctx, ref)
        is_role = bool(roles(ctx, person))
        if not is_role and (incident is None or incident["reporter"] != person):
            return None, [Reply(REFUSAL)]  # the same whether the incident exists or not: no guessing references
        if incident is None:
            return None, [Reply(t("amend.unknown", ref=ref))]
        if incident["status"] == "closed":
            return None, [Reply(t("amend.closed", ref=ref))]
        return incident, []

    # -- the dialogue ----------------------------------------------------------------------
    def start(self, ctx: Context, msg: Message, prefill: dict | None = None) -> Turn:
        prefill = prefill or {}
        person = msg.person.key
        if "ref" in prefill:  # free words, found by `detect`
            ref, text = prefill["ref"], prefill.get("text") or ""
        else:  # /aanvullen [DL-...] [addition]
            command = prefill.get("command") or msg.text
            match = REF_RE.search(command)
            if match is None:
                return self.choose(ctx, person)
            ref, text = match.group(0).upper(), addition(command)
        return self.begin(ctx, person, ref, text)

    def begin(self, ctx: Context, person: str, ref: str, text: str = "") -> Turn:
        incident, refused = self.check(ctx, person, ref)
        if incident is None:
            return Turn(refused)
        if text:
            return Turn(self.record(ctx, person, incident, text))
        state = {"step": "text", "ref": incident["ref"]}
        return Turn(self.question(state), state)

    def choose(self, ctx: Context, person: str) -> Turn:
        mine = [r for r in own_reports(ctx, person) if r["status"] != "closed"][:PICK_LIMIT]
        if not mine:
            return Turn([Reply(t("amend.none_open") if not roles(ctx, person) else t("amend.usage"))])
        state = {"step": "pick", "refs": [r["ref"] for r in mine]}
        return Turn(self.question(state), state)

    def question(self, state: dict) -> list[Reply]:
        if state["step"] == "pick":
            return [Reply(t("amend.which"), [Choice(r, f"{P}:pick:{r}") for r in state["refs"]] + [STOP])]
        return [Reply(t("amend.ask", ref=state["ref"]), [STOP])]

    def current(self, ctx: Context, state: dict) -> list[Reply]:
        return self.question(state)

    def resume(self, ctx: Context, state: dict, msg: Message) -> Turn:
        person = msg.person.key
        chosen = self.chosen_ref(msg)
        if chosen is not None:  # another report's button: amend that one instead
            return self.begin(ctx, person, chosen)
        if is_back(msg):
            return Turn([Reply(t("amend.cancelled"))], None)
        if state["step"] == "pick":
            value = pick(msg, self.question(state)[0].choices)
            if value is None or value == STOP.value:
                return Turn([Reply(t("amend.pick"))] + self.question(state), state)
            return self.begin(ctx, person, value.rsplit(":", 1)[1])
        text = msg.text.strip()
        if msg.action is not None or not text:
            return Turn([Reply(t("amend.empty"))] + self.question(state), state)
        if len(text) > MAX_TEXT:
            return Turn([Reply(t("amend.too_long", limit=MAX_TEXT))] + self.question(state), state)
        if len(re.findall(r"\w+", text)) < 2:
            return Turn([Reply(t("amend.too_short"))] + self.question(state), state)
        incident, refused = self.check(ctx, person, state["ref"])
        if incident is None:
            return Turn(refused, None)
        return Turn(self.record(ctx, person, incident, text), None)

    # -- buttons -----------------------------------------------------------------------------
    @staticmethod
    def chosen_ref(msg: Message) -> str | None:
        parts = (msg.action or "").split(":")
        if len(parts) == 3 and parts[0] == P and parts[1] in ("start", "pick") and REF_RE.fullmatch(parts[2]):
            return parts[2].upper()
        return None

    def on_action(self, ctx: Context, msg: Message):
        """"➕ Aanvullen" under the filing reply, /mijnmeldingen or the reporter's status."""
        ref = self.chosen_ref(msg)
        if ref is None:
            return None
        if not msg.private:
            return [Reply(t("engine.private_only", command="/aanvullen"))]
        return self.begin(ctx, msg.person.key, ref)

    # -- recording -----------------------------------------------------------------------------
    def record(self, ctx: Context, person: str, incident: dict, text: str) -> list[Reply]:
        """One `amended` event (who, when, the text without identifiers); the officers hear of it."""
        ref = incident["ref"]
        text = " ".join(text.split())[:MAX_TEXT]
        warn = []
        if find_identifiers(text):
            text = strip_identifiers(text)
            warn = [Reply(t("amend.stripped"))]
        actor = REPORTER_ACTOR if incident["reporter"] == person else person  # as 'filed': the role, not the person
        add_event(ctx.store, ref, actor, EVENT, {"text": text}, ctx.now())
        ctx.emit(IncidentChanged(ref, EVENT, person))
        return warn + [Reply(t("amend.done", ref=ref, text=text))]


def amend_button(ref: str, with_ref: bool = False) -> Choice:
    """The "➕ Aanvullen" button of one report (under the filing reply, in /mijnmeldingen)."""
    return Choice(t("amend.button_ref", ref=ref) if with_ref else t("amend.button"), f"{P}:start:{ref}")
