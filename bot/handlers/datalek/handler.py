"""The datalek intake handler: the step table run by the one dialogue runner, then a summary to
confirm or correct, and filing (a reference, the preliminary assessment, first aid, the CISO/FG told).

Nothing is filed before the reporter confirms the summary. "terug" goes one step back; "stop"
(handled by the engine) abandons the report.
"""
from __future__ import annotations

from datetime import datetime

from bot.handlers.datalek.assessment import KIND_LABELS, assess
from bot.choices import BACK, STOP, pick
from bot.dates import format_local
from bot.dialogue import Flow
from bot.events import IncidentFiled
from bot.handlers.base import Context, Handler, Turn
from bot.handlers.datalek.first_aid import first_aid_text
from bot.handlers.datalek.prefill import facts_from
from bot.handlers.datalek.steps import AVAILABILITY, P, PAPER_KINDS, QUICK_KINDS, TRUSTED, step_table
from bot.messages import Choice, Message, Reply
from storage.incidents import file_incident, list_incidents

RISK_TEXT = {
    "none": "waarschijnlijk geen risico voor de betrokkenen: intern registreren",
    "risk": "risico voor de betrokkenen: melden bij de Autoriteit Persoonsgegevens",
    "high": "hoog risico: melden bij de AP én de betrokkenen informeren",
}
STATUS_TEXT = {"open": "in behandeling", "decided": "besluit genomen", "closed": "afgesloten"}
MY_REPORTS_BUTTONS = 8  # "➕ Aanvullen" under /mijnmeldingen: the newest open reports
OPTIONAL = ("department",)  # not asked (fewer turns): remembered from an earlier report, or added in the summary
ASSESSED = ("kind", "discovered_at", "occurred_at", "data_categories", "subjects", "encrypted", "key_compromised",
            "backup_available", "recipient_trusted", "data_contained", "exfiltrated", "accessed", "unavailable_impact")


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
    """The facts the assessment reads; whether a recipient can be trusted follows from who it was."""
    facts = dict(facts)
    if "recipient" in facts and "recipient_trusted" not in facts:
        facts["recipient_trusted"] = TRUSTED.get(facts["recipient"])
    if "availability" in facts:
        facts["backup_available"], facts["unavailable_impact"] = AVAILABILITY[facts["availability"]]
    if facts.get("kind") in QUICK_KINDS and not facts.get("occurred_at"):
        facts["occurred_at"] = facts.get("discovered_at")  # a mail or letter goes wrong when it is sent
    merged = {**{k: None for k in ASSESSED}, **{k: facts.get(k) for k in ASSESSED if k in facts}, **implied_facts(facts)}
    merged["data_categories"] = merged["data_categories"] or []
    return merged


class DatalekHandler(Flow, Handler):
    name = "datalek"
    action_prefix = P
    private_only = True
    steps = step_table()
    prefill = True  # fill from the first message and defaults (off: the turn benchmark's baseline)

    # -- starting ------------------------------------------------------------------------------
    def start(self, ctx: Context, msg: Message, prefill: dict | None = None) -> Turn:
        prefill = prefill or {}
        if (prefill.get("command") or "").lower().startswith("/mijnmeldingen"):
            return Turn([my_reports(ctx, msg.person.key)])
        known = {} if prefill.get("command") or not self.prefill else facts_from(msg.text, ctx.now().isoformat(timespec="seconds"))
        if prefill.get("kind"):
            known.setdefault("kind", prefill["kind"])
        if self.prefill:
            known.update(self.defaults(ctx, msg.person.key, known))
        first_open = self.next_key(known)
        keys = [s.key for s in self.steps]
        before = keys[: keys.index(first_open)] if first_open in keys else keys
        state = self.new_state(known, [k for k in before if k in known])  # "terug" can still change those
        replies = [Reply(
            "Je meldt een (mogelijk) datalek. Goed dat je het meteen doet! Dit duurt een paar minuten. "
            "Noem geen namen van de mensen om wie het gaat. Typ 'terug' voor de vorige vraag of 'stop' om te stoppen."
        )]
        if known.get("kind"):
            told = [f"{s.label.lower()}: {s.show(known)}" for s in self.steps if s.key in known and s.key != "kind"
                    and s.key not in ("department", "contact")]
            noted = f"Ik noteer: {KIND_LABELS[known['kind']].lower()}" + (f" ({'; '.join(told)})" if told else "")
            replies.append(Reply(f"{noted}. Klopt iets niet? Dat pas je straks in de samenvatting aan.\n\n"
                                 + first_aid_text(known["kind"], known)))
        return self.advance(ctx, msg, state, replies)

    def defaults(self, ctx: Context, person: str, known: dict) -> dict:
        """Sensible defaults, shown in the summary and editable: reachable via this chat; the team of the
        reporter's last report."""
        found = {"contact": "via de chat"}
        mine = list_incidents(ctx.store, reporter=person)
        if mine and mine[-1].get("department"):
            found["department"] = mine[-1]["department"]
        return {k: v for k, v in found.items() if k not in known}

    def current(self, ctx: Context, state: dict) -> list[Reply]:
        return self.question(ctx, state)

    def extra_choices(self, state: dict, key: str) -> list[Choice]:
        return ([BACK] if state["history"] or key != "kind" else []) + [STOP]

    def after_answer(self, ctx: Context, state: dict, key: str, had_value: bool) -> list[Reply]:
        if key == "kind" and not had_value:
            return [Reply(first_aid_text(state["facts"]["kind"], state["facts"]))]
        return []

    def advance(self, ctx: Context, msg: Message, state: dict, replies: list[Reply]) -> Turn:
        if state.pop("editing", False) and self.next_key(state["facts"]) is None:
            state["step"] = "confirm"
            return Turn(replies + self.question(ctx, state), state)
        return super().advance(ctx, msg, state, replies)

    def complete(self, ctx: Context, msg: Message, state: dict, replies: list[Reply]) -> Turn:
        state["step"] = "confirm"
        return Turn(replies + self.question(ctx, state), state)

    # -- summary, corrections, filing ---------------------------------------------------------
    def special_question(self, ctx: Context, state: dict) -> list[Reply] | None:
        if state["step"] == "confirm":
            return [self.summary(state)]
        if state["step"] == "edit":
            return [self.edit_menu(state)]
        return None

    def special(self, ctx: Context, state: dict, msg: Message) -> Turn | None:
        if state["step"] == "confirm":
            return self.on_confirm(ctx, state, msg)
        if state["step"] == "edit":
            return self.on_edit(ctx, state, msg)
        return None

    def shown_steps(self, facts: dict):
        """The facts in the summary (and its edit menu); the optional department is always there."""
        return [step for step in self.steps if (step.key in facts and step.applies(facts)) or step.key in OPTIONAL]

    def summary(self, state: dict) -> Reply:
        facts = state["facts"]
        lines = ["Klopt dit? Controleer je melding:"]
        lines += [f"• {step.label}: {step.show(facts) if step.key in facts else 'niet opgegeven (mag)'}"
                  for step in self.shown_steps(facts)]
        return Reply("\n".join(lines), [Choice("✅ Klopt, melding indienen", f"{P}:confirm"),
                                        Choice("✏️ Iets aanpassen", f"{P}:edit"), BACK, STOP])

    def edit_menu(self, state: dict) -> Reply:
        choices = [Choice(step.label, f"{P}:edit:{step.key}") for step in self.shown_steps(state["facts"])]
        return Reply("Wat wil je aanpassen?", choices + [Choice("Niets, terug naar de samenvatting", f"{P}:edit:none"), STOP])

    def on_edit(self, ctx: Context, state: dict, msg: Message) -> Turn:
        value = pick(msg, self.edit_menu(state).choices)
        if value is None:
            return Turn([Reply("Kies wat je wilt aanpassen.")] + self.question(ctx, state), state)
        key = value.rsplit(":", 1)[1]
        if key == "none":
            state["step"] = "confirm"
            return Turn(self.question(ctx, state), state)
        state["facts"].pop(key, None)
        state["step"] = key
        if key != "kind":  # other questions depend on the kind: after it, re-ask those that now apply
            state["editing"] = True
        return Turn(self.question(ctx, state), state)

    def on_confirm(self, ctx: Context, state: dict, msg: Message) -> Turn:
        value = pick(msg, self.summary(state).choices)
        if value == f"{P}:edit":
            state["step"] = "edit"
            return Turn(self.question(ctx, state), state)
        if value != f"{P}:confirm":
            return Turn([Reply("Kies 'Klopt, melding indienen' of 'Iets aanpassen'.")] + self.question(ctx, state), state)
        return Turn(self.file(ctx, msg, state["facts"]), None)

    def back(self, ctx: Context, state: dict) -> Turn:
        state.pop("editing", None)
        return super().back(ctx, state)

    def file(self, ctx: Context, msg: Message, facts: dict) -> list[Reply]:
        facts_for_assessment = assessment_facts(facts)
        result = assess(facts_for_assessment)
        stored = {**facts_for_assessment, "description": facts.get("description"), "recipient": facts.get("recipient"),
                  "cc_bcc": facts.get("cc_bcc")}
        ref = file_incident(
            ctx.store, reporter=msg.person.key, facts=stored,
            assessment=result.to_dict(), deadline=result.deadline, now=ctx.now(),
            department=facts.get("department"), contact=facts.get("contact"),
        )
        ctx.emit(IncidentFiled(ref))
        if result.risk == "none":  # the deadline only matters if the CISO decides it is reportable after all
            deadline = (f"Alleen als de CISO toch besluit dat het gemeld moet worden, geldt de meldtermijn bij de AP: "
                        f"uiterlijk {format_local(result.deadline)} (72 uur na ontdekking).")
        else:
            deadline = f"Uiterste moment om bij de AP te melden: {format_local(result.deadline)} (72 uur na ontdekking)."
        text = (
            f"Dank je, je melding is ingediend. Je referentie is {ref}.\n\n"
            f"Voorlopige inschatting: {RISK_TEXT[result.risk]}. De CISO beslist namens het college, op advies van de FG.\n"
            f"{deadline}\n\n"
            f"{first_aid_text(facts['kind'], facts)}\n\n"
            f"De CISO en de FG krijgen je melding nu. {_capital(ctx.config.ciso_name)} neemt contact met je op "
            f"({facts.get('contact') or 'via de chat'}); zelf contact opnemen kan ook: {ctx.config.reach('ciso') or 'via deze chat'}. "
            "Met /mijnmeldingen zie je de status."
        )
        from bot.handlers.amend import amend_button  # here: amend.py reads the incident views, which read this module

        return [Reply(text, [amend_button(ref)], meta={"ref": ref})]

    def on_action(self, ctx: Context, msg: Message) -> list[Reply] | None:
        if msg.action == f"{P}:confirm":
            mine = list_incidents(ctx.store, reporter=msg.person.key)
            if mine:
                return [Reply(f"Je melding is al ingediend ({mine[-1]['ref']}). Met /mijnmeldingen zie je de status.")]
        return [Reply("Deze knop hoort bij een melding die al is afgerond of gestopt. Typ /datalek om een nieuwe melding te doen.")]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def my_reports(ctx: Context, person_key: str) -> Reply:
    mine = sorted(list_incidents(ctx.store, reporter=person_key), key=lambda r: r["ref"])
    if not mine:
        return Reply("Je hebt (via dit account) nog geen datalekken gemeld. Typ /datalek om er een te melden.")
    lines = ["Jouw meldingen:"]
    for row in mine:
        when = format_local(datetime.fromisoformat(row["created_at"]))
        lines.append(f"• {row['ref']} — {KIND_LABELS.get(row['kind'], row['kind'])}, gemeld {when}: "
                     f"{STATUS_TEXT.get(row['status'], row['status'])}")
    from bot.handlers.amend import amend_button  # here: amend.py reads the incident views, which read this module

    open_refs = [row["ref"] for row in reversed(mine) if row["status"] != "closed"][:MY_REPORTS_BUTTONS]
    return Reply("\n".join(lines), [amend_button(ref, with_ref=len(open_refs) > 1) for ref in open_refs])
