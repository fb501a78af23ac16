"""The decision for one message, and the thresholds it is taken on.

The combined router (the one the engine uses; `python -m benchmarks.retrieval` measures it beside
rules-only, learned-only and BM25) decides: smalltalk, start a flow (with what the words pre-fill),
offer a flow ("Wil je dit melden als (mogelijk) datalek?"), answer, suggest ("bedoel je ...?"), or
unknown (honest "weet ik niet", or "not about privacy" when the out-of-scope class wins).

Thresholds, Rasa-style (FallbackClassifier: a confidence threshold plus an ambiguity margin), set on
the development sets only (benchmarks/devset*.yaml), never on the held-out set:
- A missed breach report costs more than an intake offered once too often (72 hours run from the
  discovery). So the bar to START the intake is high (the rule layer is sure, or the learned
  probability is high AND clearly ahead of the next class), while the bar to OFFER it (one tap,
  "Nee, ik heb een vraag" answers the question instead) is low: OFFER_DATALEK is well below
  OFFER_SHARE, and a weak datalek signal still adds "Een datalek melden" to a "bedoel je" list.
  A message that starts as a question about breaches ("is phishing ook een datalek?", the rule
  layer's `question_start`) is never started on the learned score alone, only offered. Between the
  offer and the start bar, a message that is more likely a question AND has a good answer gets the
  answer with the flow's one-tap button instead of the question "Wil je dit melden?". A flow is not
  offered when the out-of-scope class is likelier ("is er een overdekte fietsenstalling").
- Knowledge answers: an entry's learned score is half the cosine ranking, half the entry classifier's
  probability (bot/router/model.py); when both put the same entry first, the bar to answer is
  AGREE_FACTOR lower (two different rankers agreeing is the best sign of a right answer on the dev sets).
  That score must reach ANSWER_SCORE and lead the runner-up by ANSWER_MARGIN (Rasa's ambiguity);
  between SUGGEST_SCORE and that, up to three "bedoel je" choices. (Blending in the fuzzy matcher, as
  the router once did, added wrong answers on the dev sets: dev2 2.6 -> 4.0 % wrong; the fuzzy matcher
  now serves the rules-only system alone.) The runner-up is the best entry the
  answer does not already show as "zie ook" (its first three related entries): when the two best are
  neighbours the curators linked, the answer carries the other one tap away, so there is nothing to ask
  (for a question of SEE_ALSO_MIN_WORDS words or more; a bare topic word gets the choice).
  A long message (over LONG_WORDS words: a case described, then a question) is answered from
  ANSWER_SCORE_LONG, as its scores run lower. "Not about privacy" only when the out-of-scope class wins
  and no entry comes near (OUT_OF_SCOPE_ANSWER); with a near entry we ask instead.
- Where the rule layer and the learned model disagree: a sharing case by rule that the model is sure is
  a question (SHARE_RULE_QUESTION) and that has a good answer is answered, the triage one tap away; a
  breach by rule that the model finds more likely out of scope than a breach ("geen toegang tot het
  zaaksysteem") is not started. A long message that ends in a question is never started, only offered;
  with a good answer it is answered with the flow one tap away. An answer carries its entry's own flow
  button ("Meld nu" under an answer on breaches), else the intake's from MENTION_DATALEK (the triage's
  from MENTION_SHARE), as a "bedoel je" list mentions it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bot.router.model import FLOWS, Model, blend, training_set
from bot.router.words import asks, is_long, language, smalltalk, yes_or_no
from knowledge import Entry, KnowledgeBase, load_intents

# -- thresholds (see the module docstring; the benchmark prints them) ----------------------------
START_PROBABILITY = 0.70  # learned: start a flow without asking at this probability ...
START_MARGIN = 0.40  # ... and this far ahead of the next class (Rasa's ambiguity threshold)
OFFER_DATALEK = 0.25  # ask "Wil je dit melden als (mogelijk) datalek?" from here (low: asymmetry)
OFFER_SHARE = 0.35  # ask "Wil je checken of je dit mag delen?" from here
MENTION_DATALEK = 0.12  # add "Een datalek melden" to a "bedoel je" list from here
MENTION_SHARE = 0.20  # add "Checken of je het mag delen" to a "bedoel je" list from here
ANSWER_SCORE = 50.0  # entry score (0-100) to answer ...
ANSWER_MARGIN = 6.0  # ... with this lead over the best runner-up the answer does not show as "zie ook"
ANSWER_SCORE_LONG = 45.0  # a long message (a described case): its score without the fuzzy matcher to answer, same lead
SUGGEST_SCORE = 25.0  # "bedoel je ...?" from here; below: "weet ik niet"
SUGGEST_SCORE_LONG = 10.0  # the same for a long message: on dev2+3, 35 of 221 long questions got "weet ik niet" at 18, 9 at 10 (16 more "bedoel je" lists hold the right entry)
SEE_ALSO = 3  # an answer shows its first three related entries as "zie ook" (bot/handlers/questions.py) ...
SEE_ALSO_MIN_WORDS = 3  # ... which settle the ambiguity only for a question; a bare topic ("privacyverzoek") gets a choice
OUT_OF_SCOPE = 0.40  # "not about privacy" only when the out-of-scope class is this sure (and ahead of a question) ...
OUT_OF_SCOPE_ANSWER = 80.0  # ... and no entry matches this well (then it is answered after all)
SHARE_RULE_QUESTION = 0.85  # a sharing case by rule that is this surely a question, with a good answer: answer it
AGREE_FACTOR = 0.8  # when the cosine ranking and the entry classifier put the same entry first, the answer bar x this
# (PHRASE_WEIGHT, the cosine ranking's blend of best phrasing and whole document, is the scorer's: model.py)
LEARNED_SCALE = 1.2  # learned-only: cosine x 100 x this against the same thresholds (its best on dev with wrong <= 3 %)

MODES = ("rules", "learned", "combined")


# -- the decision ---------------------------------------------------------------------------------
FLOW_ENTRY = {flow: f"flow:{flow}" for flow in FLOWS}


@dataclass
class Decision:
    """What to do with one message. kind: smalltalk | start | offer | answer | suggest | unknown."""

    kind: str
    lang: str = "nl"
    topic: str | None = None  # smalltalk
    flow: str | None = None  # start, offer
    prefill: dict = field(default_factory=dict)
    entry: Entry | None = None  # answer
    score: float = 0.0  # 0-100, for ask --json and the question log
    suggestions: list[tuple[str, float]] = field(default_factory=list)  # entry ids or "flow:<name>"
    out_of_scope: bool = False
    fallback: "Decision | None" = None  # offer: what "Nee, ik heb een vraag" gets
    signals: dict = field(default_factory=dict)  # the scores behind it (benchmark, tests)

    @property
    def offered_flows(self) -> list[str]:
        """Flows one tap away in the reply: an offer, a flow among the suggestions or beside an answer."""
        offered = [self.flow] if self.kind == "offer" and self.flow else []
        return offered + [s[5:] for s, _ in self.suggestions if s.startswith("flow:") and s[5:] not in offered]


class Router:
    def __init__(self, kb: KnowledgeBase, intents: dict[str, dict] | None = None, model: Model | None = None,
                 cache_dir: Path | None = None):
        self.kb = kb
        self.entries = kb.entries
        self.index = {e.id: i for i, e in enumerate(self.entries)}
        self.intents = intents if intents is not None else load_intents()[0]
        self.model = model or Model.load_or_train(training_set(self.entries, self.intents), cache_dir)
        self.flow_entries = {flow: self._entries_of(flow) for flow in FLOWS}

    def _entries_of(self, flow: str) -> set[str]:
        spec = (self.intents.get(flow) or {}).get("entries") or {}
        areas, ids = set(spec.get("areas") or []), set(spec.get("ids") or [])
        return {e.id for e in self.entries if e.area in areas or e.id in ids}

    def flow_of_entry(self, entry_id: str) -> str | None:
        """The flow whose one-tap button a knowledge answer on this entry carries (datalek first)."""
        return next((flow for flow in FLOWS if entry_id in self.flow_entries[flow]), None)

    # -- the one entry point ---------------------------------------------------------------------
    def decide(self, text: str, mode: str = "combined", pending: dict | None = None) -> Decision:
        lang = language(text)
        if pending:
            answered = self._answer_pending(text, pending, lang)
            if answered is not None:
                return answered
        small = smalltalk(text)
        if small:
            return Decision("smalltalk", small[1], topic=small[0])
        if mode == "rules":
            return self._rules(text, lang)
        vec = self.model.vector(text)
        probs = self.model.classify(vec)
        rule = {flow: None for flow in FLOWS}
        if mode == "combined":
            from bot.handlers.datalek.detect import detect as datalek_rule
            from bot.handlers.share_check.detect import detect as share_rule

            rule = {"datalek": datalek_rule(text), "share_check": share_rule(text)}
        signals = {"p": probs, "rules": rule}
        knowledge = self._knowledge(text, lang, vec, mode, probs)
        knowledge.signals.update(signals)
        asking = mode == "combined" and self._asks_about_breaches(text)
        signals["question_form"] = asking
        case_question = mode == "combined" and is_long(text) and asks(text)  # a case described, then asked about
        signals["case_question"] = case_question

        def answered_with(flow: str) -> Decision:  # the knowledge answer, with the flow one tap away
            knowledge.suggestions = [(FLOW_ENTRY[flow], 100 * probs[flow])]
            knowledge.prefill = self._prefill(flow, text)
            return knowledge

        def offered(flow: str) -> Decision:
            return Decision("offer", lang, flow=flow, prefill=self._prefill(flow, text), score=100 * probs[flow],
                            suggestions=[(FLOW_ENTRY[flow], 100 * probs[flow])], fallback=knowledge, signals=signals)

        for flow in FLOWS:  # a report first: missing one costs most
            sure = self._sure(probs, flow) and not (flow == "datalek" and asking)  # "is phishing een datalek?"
            by_rule = rule[flow] is not None
            if by_rule and flow == "share_check" and probs["question"] >= SHARE_RULE_QUESTION and knowledge.kind == "answer":
                return answered_with(flow)  # the rule saw a case, the model a question with a good answer
            if by_rule and flow == "datalek" and probs["out_of_scope"] > probs["datalek"]:
                by_rule = False  # report words in what the model finds an IT or facilities question
            if by_rule or sure:
                if case_question:
                    return offered(flow)
                prefill = rule[flow] if rule[flow] else self._prefill(flow, text)
                return Decision("start", lang, flow=flow, prefill=prefill, score=100 * probs[flow], signals=signals)
        offers = [(probs[f], f) for f, bar in (("datalek", OFFER_DATALEK), ("share_check", OFFER_SHARE))
                  if probs[f] >= bar and probs[f] > probs["out_of_scope"]]
        if offers:
            _, flow = max(offers)
            if knowledge.kind == "answer" and (probs["question"] > probs[flow] or case_question):
                # more likely a question, or a case asked about, with a good answer: answer it, the flow one tap away
                return answered_with(flow)
            return offered(flow)
        if knowledge.kind == "answer":
            # the flow one tap away under the answer: the entry's own ("Meld nu" under an answer on breaches),
            # else one with a weak signal, as a "bedoel je" list mentions it
            mentions = [(probs[f], f) for f, bar in (("datalek", MENTION_DATALEK), ("share_check", MENTION_SHARE))
                        if probs[f] >= bar]
            flow = self.flow_of_entry(knowledge.entry.id) or (max(mentions)[1] if mentions else None)
            if flow:
                return answered_with(flow)
        if knowledge.kind in ("suggest", "unknown") and not knowledge.out_of_scope:
            mentions = [(FLOW_ENTRY[f], 100 * probs[f]) for f, bar in (("datalek", MENTION_DATALEK),
                                                                       ("share_check", MENTION_SHARE))
                        if probs[f] >= bar]
            if mentions:
                knowledge.kind = "suggest"
                knowledge.suggestions = knowledge.suggestions[:3] + mentions  # the topics first, the flow beside them
        return knowledge

    def knowledge(self, text: str) -> Decision:
        """The knowledge side alone (answer, suggest or unknown), as the combined router words it."""
        vec = self.model.vector(text)
        return self._knowledge(text, language(text), vec, "combined", self.model.classify(vec))

    @staticmethod
    def _asks_about_breaches(text: str) -> bool:
        from bot.handlers.datalek.detect import is_question

        return is_question(text)

    def _see_also(self, entry: Entry, lang: str) -> set[str]:
        """The related entries an answer on `entry` shows as "zie ook" buttons (as bot/handlers/questions.py)."""
        related = [self.kb.by_id[r] for r in entry.related if r in self.kb.by_id]
        if lang == "en":
            related = [r for r in related if r.en]
        return {r.id for r in related[:SEE_ALSO]}

    @staticmethod
    def _sure(probs: dict[str, float], flow: str) -> bool:
        others = max(p for c, p in probs.items() if c != flow)
        return probs[flow] >= START_PROBABILITY and probs[flow] - others >= START_MARGIN

    @staticmethod
    def _prefill(flow: str, text: str) -> dict:
        if flow == "datalek":
            from bot.handlers.datalek.detect import find_kind

            kind = find_kind(text, loose=True)
            return {"kind": kind} if kind else {}
        from bot.handlers.share_check.detect import slots

        return slots(text)

    def _answer_pending(self, text: str, pending: dict, lang: str) -> Decision | None:
        """Rasa's two-stage fallback, first stage: "ja" takes the one thing offered, "nee" the question."""
        said = yes_or_no(text)
        if said is None:
            return None
        offered = pending.get("offered") or []
        if said and len(offered) == 1:
            return self.take(offered[0], lang, pending.get("prefill") or {})
        if not said and pending.get("fallback"):
            return self.from_pending(pending["fallback"], lang)
        return None

    def take(self, choice: str, lang: str = "nl", prefill: dict | None = None) -> Decision:
        """What choosing an offered topic means: a flow starts, an entry is answered."""
        if choice.startswith("flow:"):
            return Decision("start", lang, flow=choice[5:], prefill=dict(prefill or {}), score=100.0)
        entry = self.kb.by_id.get(choice)
        if entry is None:
            return Decision("unknown", lang)
        return Decision("answer", lang, entry=entry, score=100.0)

    def from_pending(self, stored: dict, lang: str) -> Decision:
        kind = stored.get("kind", "unknown")
        if kind == "answer" and stored.get("entry") in self.kb.by_id:
            return Decision("answer", lang, entry=self.kb.by_id[stored["entry"]], score=stored.get("score", 0.0))
        suggestions = [(s, 0.0) for s in stored.get("suggestions", []) if s in self.kb.by_id]
        if kind == "suggest" and suggestions:
            return Decision("suggest", lang, suggestions=suggestions, score=stored.get("score", 0.0))
        return Decision("unknown", lang, out_of_scope=bool(stored.get("out_of_scope")))

    # -- the systems -----------------------------------------------------------------------------
    def _rules(self, text: str, lang: str) -> Decision:
        """Today's behaviour: the rule layers, then the fuzzy matcher."""
        from bot.handlers.datalek.detect import detect as datalek_rule
        from bot.handlers.share_check.detect import detect as share_rule

        for flow, detect in (("datalek", datalek_rule), ("share_check", share_rule)):
            prefill = detect(text)
            if prefill is not None:
                return Decision("start", lang, flow=flow, prefill=prefill, score=100.0)
        result = self.kb.matcher.match(text)
        if result.kind == "answer":
            return Decision("answer", lang, entry=result.entry, score=result.score)
        if result.kind == "suggest":
            return Decision("suggest", lang, score=result.score, suggestions=[(e.id, s) for e, s in result.suggestions])
        return Decision("unknown", lang, score=result.score, out_of_scope=result.score < 40)

    def _knowledge(self, text: str, lang: str, vec, mode: str, probs: dict[str, float]) -> Decision:
        """Answer, suggest or admit not knowing, from the learned entry scores."""
        if not self.entries:
            return Decision("unknown", lang)
        apart = self.model.entry_parts(vec)
        long = is_long(text)
        scores = 100.0 * blend(*apart)
        answer_bar, suggest_bar = (ANSWER_SCORE_LONG, SUGGEST_SCORE_LONG) if long else (ANSWER_SCORE, SUGGEST_SCORE)
        if mode != "combined":
            scores = scores * LEARNED_SCALE
        order = np.argsort(-scores)
        ranked = order[:3]
        top = float(scores[ranked[0]])
        best = self.entries[int(ranked[0])]
        asked = mode == "combined" and len(text.split()) >= SEE_ALSO_MIN_WORDS  # a question, not a bare topic word
        shown_beside = self._see_also(best, lang) if asked else set()
        second = next((float(scores[i]) for i in order[1:] if self.entries[int(i)].id not in shown_beside), 0.0)
        shown = round(min(top, 100.0), 1)
        signals = {"top": top, "second": second, "long": long}
        if probs["out_of_scope"] >= OUT_OF_SCOPE and probs["out_of_scope"] >= probs["question"] and top < OUT_OF_SCOPE_ANSWER:
            if top >= answer_bar:  # privacy words after all ("waar vind ik het register"): ask, don't refuse
                return Decision("suggest", lang, score=shown, signals=signals,
                                suggestions=[(self.entries[int(i)].id, round(float(scores[i]), 1)) for i in ranked[:1]])
            return Decision("unknown", lang, score=shown, out_of_scope=True, signals=signals)
        agree = int(np.argmax(apart[0])) == int(np.argmax(apart[1])) == int(ranked[0])  # both rankings say so
        signals["agree"] = agree
        if agree and mode == "combined":
            answer_bar *= AGREE_FACTOR
        if top >= answer_bar and top - second >= ANSWER_MARGIN:
            return Decision("answer", lang, entry=best, score=shown, signals=signals)
        suggestions = [(self.entries[int(i)].id, round(float(scores[i]), 1)) for i in ranked if scores[i] >= suggest_bar]
        if suggestions:
            return Decision("suggest", lang, score=shown, suggestions=suggestions, signals=signals)
        return Decision("unknown", lang, score=shown, signals=signals)


def router_for(kb: KnowledgeBase) -> Router:
    """The router of a knowledge base, built once (the trained model comes from the disk cache)."""
    router = getattr(kb, "_router", None)
    if router is None:
        router = Router(kb)
        kb._router = router  # type: ignore[attr-defined]
    return router
