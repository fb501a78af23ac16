"""Knowledge-base answers, "bedoel je ...?" suggestions, and an honest "weet ik niet"."""
from __future__ import annotations


from bot.handlers.base import Context, Handler, Turn
from bot.identifiers import strip_identifiers
from bot.messages import Choice, Message, Reply
from knowledge import Entry
from knowledge.sources import format_sources
from storage import question_log

NONE_OF_THESE = "kb:geen"


def log_question(ctx: Context, question: str, kind: str, best: str | None, score: float) -> None:
    """Keep unanswered questions for the curators, without who asked and without identifiers."""
    question_log.record(ctx.store, strip_identifiers(question), kind, best, score, ctx.now())


def answer_reply(ctx: Context, entry: Entry, lang: str, score: float) -> Reply:
    version = entry.version(lang)
    sources = format_sources([(s.file, s.section) for s in entry.sources], "en" if lang == "en" and entry.en else "nl", limit=3)
    label = "Source" if lang == "en" and entry.en else "Bron"
    text = f"{entry.title}\n\n{ctx.fill(version.answer)}\n\n{label}: {sources}"
    related = [ctx.knowledge.by_id[r] for r in entry.related if r in ctx.knowledge.by_id][:3]
    choices = [Choice(f"Zie ook: {r.title}", f"kb:{r.id}") for r in related]
    return Reply(text, choices, meta={"kind": "answer", "entry": entry.id, "score": score})


def unknown_reply(ctx: Context, lang: str = "nl", out_of_scope: bool = False) -> Reply:
    if lang == "en":
        text = (
            "I don't have a reliable answer to that. I only answer questions about privacy and data "
            f"protection. For privacy questions, ask {ctx.config.fg_contact}. "
            "Your question has been saved (without your name) so we can improve the knowledge base."
        )
    elif out_of_scope:
        text = (
            "Daar kan ik je helaas niet mee helpen: ik beantwoord alleen vragen over privacy en "
            "gegevensbescherming. Voor andere vragen kun je terecht bij intranet of de servicedesk.\n"
            f"Heb je wél een privacyvraag? Stel hem gerust anders, of vraag het {ctx.config.fg_contact}."
        )
    else:
        text = (
            "Dat weet ik niet zeker, en ik geef liever geen antwoord dan een verkeerd antwoord.\n"
            f"Stel je vraag aan {ctx.config.fg_contact}, of aan {ctx.config.privacy_officer_contact}.\n"
            "Je vraag is (zonder je naam) bewaard, zodat we de kennisbank kunnen aanvullen."
        )
    return Reply(text, meta={"kind": "unknown", "entry": None})


class QuestionsHandler(Handler):
    name = "questions"
    action_prefix = "kb"

    def answer(self, ctx: Context, question: str) -> Reply:
        result = ctx.knowledge.matcher.match(question)
        if result.kind == "answer":
            return answer_reply(ctx, result.entry, result.lang, result.score)
        best = result.suggestions[0][0].id if result.suggestions else None
        log_question(ctx, question, result.kind, best, result.score)
        if result.kind == "suggest":
            en = result.lang == "en"
            choices = [Choice(e.title, f"kb:{e.id}") for e, _ in result.suggestions]
            choices.append(Choice("None of these" if en else "Geen van deze", NONE_OF_THESE))
            text = "I'm not sure what you mean. Did you mean:" if en else "Ik weet niet zeker wat je bedoelt. Bedoel je:"
            return Reply(
                text,
                choices,
                meta={
                    "kind": "suggest",
                    "entry": None,
                    "score": result.score,
                    "suggestions": [{"entry": e.id, "title": e.title} for e, _ in result.suggestions],
                },
            )
        reply = unknown_reply(ctx, result.lang, out_of_scope=result.score < 40)
        reply.meta["score"] = result.score
        return reply

    def start(self, ctx: Context, msg: Message, prefill: dict | None = None) -> Turn:
        return Turn([self.answer(ctx, msg.text)])

    def on_action(self, ctx: Context, msg: Message) -> list[Reply] | None:
        entry_id = (msg.action or "").split(":", 1)[1]
        if msg.action == NONE_OF_THESE:
            return [unknown_reply(ctx)]
        entry = ctx.knowledge.by_id.get(entry_id)
        if entry is None:
            return [Reply("Dat onderwerp ken ik niet (meer). Stel je vraag gerust opnieuw.")]
        return [answer_reply(ctx, entry, "nl", 100.0)]
