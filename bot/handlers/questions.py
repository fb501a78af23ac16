"""Knowledge-base answers, "bedoel je ...?" suggestions, offers of a flow when unsure, and an honest
"weet ik niet". The router (bot/router/) decides; this handler words the reply, in Dutch or English.

Buttons (prefix `kb:`): `kb:<entry>` answers an entry, `kb:flow:<flow>` starts a flow (from an offer,
a "bedoel je" list or the one-tap "Meld nu" under an answer on breaches), `kb:nee` is "Nee, ik heb
een vraag" after an offer, `kb:geen` is "Geen van deze".
"""
from __future__ import annotations

from bot.handlers.base import Context, Handler, Turn
from bot.identifiers import strip_identifiers
from bot.messages import Choice, Message, Reply
from bot.text import t
from knowledge import Entry
from knowledge.sources import format_sources
from storage import question_log

NONE_OF_THESE = "kb:geen"
NO_QUESTION = "kb:nee"
FLOW_PREFIX = "kb:flow:"


def log_question(ctx: Context, question: str, kind: str, best: str | None, score: float) -> None:
    """Keep unanswered questions for the curators, without who asked and without identifiers."""
    question_log.record(ctx.store, strip_identifiers(question), kind, best, score, ctx.now())


def say(key: str, lang: str = "nl", **values) -> str:
    """A router text in the reply's language (bot/text/nl.yaml, section `router`)."""
    return t(("router.en." if lang == "en" else "router.") + key, **values)


def entry_label(entry: Entry, lang: str) -> str:
    return entry.en.question if lang == "en" and entry.en else entry.title


def choice_of(ctx: Context, option: str, lang: str) -> Choice | None:
    """The button for an offered entry id or "flow:<name>"."""
    if option.startswith("flow:"):
        return Choice(say(f"title_{option[5:]}", lang), FLOW_PREFIX + option[5:])
    entry = ctx.knowledge.by_id.get(option)
    return Choice(entry_label(entry, lang), f"kb:{entry.id}") if entry else None


def suggestion_meta(ctx: Context, options: list[str], lang: str) -> list[dict]:
    """`ask --json` suggestions: {"entry": id or "flow:<name>", "title": ...}."""
    return [{"entry": option, "title": choice.label} for option in options if (choice := choice_of(ctx, option, lang))]


def answer_reply(ctx: Context, entry: Entry, lang: str, score: float, flow: str | None = None) -> Reply:
    """The entry's answer with its sources; in English when asked in English (or a note that it is
    only in Dutch); a one-tap button for `flow` (e.g. "Meld nu" under an answer on breaches)."""
    english = lang == "en" and entry.en is not None
    version = entry.en if english else entry.nl
    sources = format_sources([(s.file, s.section) for s in entry.sources], "en" if english else "nl", limit=3)
    heading = entry.en.question if english else entry.title
    text = f"{heading}\n\n{ctx.fill(version.answer)}\n\n{say('source', 'en' if english else 'nl')}: {sources}"
    if lang == "en" and not english:
        text = f"{say('dutch_only', 'en')}\n\n{text}"
    choices = []
    if flow:
        choices.append(Choice(say(f"button_{flow}", lang), FLOW_PREFIX + flow))
    related = [ctx.knowledge.by_id[r] for r in entry.related if r in ctx.knowledge.by_id]
    if lang == "en":
        related = [r for r in related if r.en]  # no Dutch titles in an English reply
    choices += [Choice(say("see_also", lang, title=entry_label(r, lang)), f"kb:{r.id}") for r in related[:3]]
    meta = {"kind": "answer", "entry": entry.id, "score": score}
    if flow:
        meta["suggestions"] = suggestion_meta(ctx, [f"flow:{flow}"], lang)
    return Reply(text, choices, meta=meta)


def unknown_reply(ctx: Context, lang: str = "nl", out_of_scope: bool = False) -> Reply:
    fg, officer = ctx.config.fg_contact, ctx.config.privacy_officer_contact
    if lang == "en":
        text = t("questions.en.unknown", fg_contact=fg)
    elif out_of_scope:
        text = t("questions.out_of_scope", fg_contact=fg)
    else:
        text = t("questions.unknown", fg_contact=fg, privacy_officer_contact=officer)
    return Reply(text, meta={"kind": "unknown", "entry": None})


class QuestionsHandler(Handler):
    name = "questions"
    action_prefix = "kb"

    # -- typed messages: the router's decision, worded ---------------------------------------------
    def reply(self, ctx: Context, msg: Message, decision) -> list[Reply]:
        """Word a decision of kind smalltalk, offer, answer, suggest or unknown."""
        from bot import router

        person, lang = msg.person.key, decision.lang
        if decision.kind == "start":  # a flow this engine does not run: the knowledge side answers
            decision = router.router_for(ctx.knowledge).knowledge(msg.text)
        if decision.kind == "smalltalk":
            text = t(f"router.smalltalk_en.{decision.topic}") if lang == "en" else t(f"smalltalk.{decision.topic}")
            return [Reply(text, meta={"kind": "smalltalk"})]
        if decision.kind == "offer":
            router.remember(ctx, person, [f"flow:{decision.flow}"], decision.prefill, decision.fallback, lang)
            yes = Choice(say(f"yes_{decision.flow}", lang), FLOW_PREFIX + decision.flow)
            meta = {"kind": "offer", "flow": decision.flow, "entry": None, "score": decision.score,
                    "suggestions": suggestion_meta(ctx, [f"flow:{decision.flow}"], lang)}
            return [Reply(say(f"offer_{decision.flow}", lang), [yes, Choice(say("no_question", lang), NO_QUESTION)],
                          meta=meta)]
        if decision.kind == "answer":
            flows = [s[5:] for s, _ in decision.suggestions if s.startswith("flow:")]
            if flows:  # unsure whether it is a case: the flow one tap away, with what the words told
                router.remember(ctx, person, [], decision.prefill, lang=lang)
            flow = flows[0] if flows else router.router_for(ctx.knowledge).flow_of_entry(decision.entry.id)
            return [answer_reply(ctx, decision.entry, lang, decision.score, flow)]
        if decision.kind == "suggest":
            return [self.suggest(ctx, msg, decision)]
        log_question(ctx, msg.text, "unknown", None, decision.score)
        reply = unknown_reply(ctx, lang, out_of_scope=decision.out_of_scope)
        reply.meta["score"] = decision.score
        return [reply]

    def suggest(self, ctx: Context, msg: Message, decision) -> Reply:
        from bot import router

        options = [s for s, _ in decision.suggestions]
        entries = [s for s in options if not s.startswith("flow:")]
        log_question(ctx, msg.text, "suggest", entries[0] if entries else None, decision.score)
        lang = decision.lang
        router.remember(ctx, msg.person.key, options, decision.prefill, lang=lang)
        choices = [c for option in options if (c := choice_of(ctx, option, lang))]
        choices.append(Choice(say("none_of_these", lang), NONE_OF_THESE))
        text = say("did_you_mean_one", lang) if len(options) == 1 else say("did_you_mean", lang)
        meta = {"kind": "suggest", "entry": None, "score": decision.score,
                "suggestions": suggestion_meta(ctx, options, lang)}
        return Reply(text, choices, meta=meta)

    def answer(self, ctx: Context, question: str) -> Reply:
        """A knowledge answer, suggestions or "weet ik niet" for a question (no flow is offered)."""
        from bot import router
        from bot.messages import Person

        decision = router.router_for(ctx.knowledge).knowledge(question)
        return self.reply(ctx, Message(Person("questions", "answer"), text=question), decision)[0]

    def start(self, ctx: Context, msg: Message, prefill: dict | None = None) -> Turn:
        return Turn([self.answer(ctx, msg.text)])

    # -- buttons -----------------------------------------------------------------------------------
    def on_action(self, ctx: Context, msg: Message) -> list[Reply] | None:
        from bot import router

        action = msg.action or ""
        person = msg.person.key
        pending = router.recall(ctx, person)
        router.forget(ctx, person)
        lang = (pending or {}).get("lang") or router.language(msg.text)
        if action.startswith(FLOW_PREFIX):
            flow = action[len(FLOW_PREFIX):]
            prefill = (pending or {}).get("prefill") or {}
            return router.open_flow(ctx, msg, flow, prefill if flow_matches(prefill, flow) else {})
        if action == NO_QUESTION:
            if pending and pending.get("fallback"):
                decision = router.router_for(ctx.knowledge).from_pending(pending["fallback"], lang)
                return self.reply(ctx, msg, decision)
            return [Reply(say("ask_again", lang))]
        if action == NONE_OF_THESE:
            return [unknown_reply(ctx, lang)]
        entry = ctx.knowledge.by_id.get(action.split(":", 1)[1])
        if entry is None:
            return [Reply(say("unknown_topic", lang))]
        flow = router.router_for(ctx.knowledge).flow_of_entry(entry.id)
        return [answer_reply(ctx, entry, lang, 100.0, flow)]


def flow_matches(prefill: dict | None, flow: str) -> bool:
    """A prefill belongs to the flow it was read for (a kind for datalek, the slots for share_check)."""
    if not prefill:
        return False
    keys = {"datalek": {"kind"}, "share_check": {"recipient", "data", "channel"}}.get(flow, set())
    return set(prefill) <= keys
