"""One router: every message scored against every intent and every knowledge-base entry, from data.

Signals (all computed from knowledge/intents/*.yaml and knowledge/entries/*.yaml):
- rules: small talk (whole-message lookup), the datalek and share_check rule layers
  (bot/handlers/*/detect.py) and the fuzzy matcher (knowledge/matcher.py): today's behaviour;
- learned: TF-IDF over character 2-5 n-grams (within words: copes with compounds and typos such as
  "werklaptop", "persoonsgegevesn") and word 1-2 n-grams. A logistic regression over four classes
  (datalek report, sharing case, knowledge question, out of scope) trained on the intents' examples,
  their negatives and every entry's phrasings; and a cosine ranking of the entries (their phrasings,
  and one document per entry with its answer).
The combined router (the one the engine uses; `python -m benchmarks.retrieval` measures it beside
rules-only, learned-only and BM25) decides: smalltalk, start a flow (with what the words pre-fill),
offer a flow ("Wil je dit melden als (mogelijk) datalek?"), answer, suggest ("bedoel je ...?"), or
unknown (honest "weet ik niet", or "not about privacy" when the out-of-scope class wins).

The modules:
- words.py: the message's language, small talk, a bare "ja" or "nee";
- model.py: the learned scorer (features, training, the on-disk cache, scoring with numpy alone);
- decision.py: the thresholds (and why they are where they are), `Decision`, `Router`, `router_for`;
- offers.py: what a reply offered waits for "ja" (`remember`, `recall`, `forget`), the engine's
  `decide(ctx, msg)`, and flows started by a button (`open_flow`).
This package re-exports all of them: `from bot import router` and `from bot.router import ...` work as
they did when it was one module.
"""
from __future__ import annotations

from bot.router.decision import (
    ANSWER_MARGIN,
    ANSWER_SCORE,
    ANSWER_SCORE_LONG,
    FLOW_ENTRY,
    LEARNED_SCALE,
    MENTION_DATALEK,
    MENTION_SHARE,
    MODES,
    OFFER_DATALEK,
    OFFER_SHARE,
    OUT_OF_SCOPE,
    OUT_OF_SCOPE_ANSWER,
    SEE_ALSO,
    SEE_ALSO_MIN_WORDS,
    SHARE_RULE_QUESTION,
    START_MARGIN,
    START_PROBABILITY,
    SUGGEST_SCORE,
    SUGGEST_SCORE_LONG,
    Decision,
    Router,
    router_for,
)
from bot.router.model import (
    CACHE_DIR,
    CLASSES,
    FLOWS,
    LR_C,
    MAX_WORDS,
    MODEL_VERSION,
    NEGATIVE_WEIGHT,
    PHRASE_WEIGHT,
    TOKEN_RE,
    Model,
    TrainingSet,
    char_grams,
    tokens,
    train,
    training_set,
    word_grams,
)
from bot.router.offers import (
    PENDING_FLOW,
    PENDING_MINUTES,
    decide,
    flow_intro,
    forget,
    open_flow,
    recall,
    remember,
)
from bot.router.words import AFFIRM, DENY, EN_WORDS, LONG_WORDS, NL_WORDS, asks, is_long, language, smalltalk, yes_or_no

__all__ = [
    # words
    "AFFIRM", "DENY", "EN_WORDS", "LONG_WORDS", "NL_WORDS", "asks", "is_long", "language", "smalltalk", "yes_or_no",
    # model
    "CACHE_DIR", "CLASSES", "FLOWS", "LR_C", "MAX_WORDS", "MODEL_VERSION", "NEGATIVE_WEIGHT", "PHRASE_WEIGHT",
    "TOKEN_RE", "Model", "TrainingSet", "char_grams", "tokens", "train", "training_set", "word_grams",
    # decision
    "ANSWER_MARGIN", "ANSWER_SCORE", "ANSWER_SCORE_LONG",
    "FLOW_ENTRY", "LEARNED_SCALE", "MENTION_DATALEK", "MENTION_SHARE", "MODES", "OFFER_DATALEK", "OFFER_SHARE",
    "OUT_OF_SCOPE", "OUT_OF_SCOPE_ANSWER", "SEE_ALSO", "SEE_ALSO_MIN_WORDS", "SHARE_RULE_QUESTION", "START_MARGIN", "START_PROBABILITY",
    "SUGGEST_SCORE", "SUGGEST_SCORE_LONG", "Decision", "Router", "router_for",
    # offers
    "PENDING_FLOW", "PENDING_MINUTES", "decide", "flow_intro", "forget", "open_flow", "recall", "remember",
]
