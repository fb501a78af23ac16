"""Fuzzy matcher (rapidfuzz) over every phrasing of every entry.

Two signals per entry, both 0-100:
- phrase: the best WRatio of the question against any of the entry's phrasings;
- words: how much of the question's content words (weighted by rarity, IDF) the entry's
  vocabulary covers, with fuzzy word matching so typos still count.
The final score blends them. We answer only above a threshold AND with a margin over the
runner-up, offer up to three suggestions in the grey zone, and otherwise say we don't know.
A question none of whose content words occurs in the knowledge base is out of scope.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils

from knowledge import Entry

STOPWORDS = set(
    """
    de het een en of in op aan van voor met bij naar om te is zijn was wordt worden word kan kun kunnen
    mag mogen moet moeten wil willen ik je jij u we wij ze zij hij mijn jouw uw ons onze die dat dit deze
    wat wie hoe waar wanneer waarom welke welk hoelang hoeveel er als dan ook nog wel niet geen al
    maar dus zo heel erg iets iemand iemands mn m'n s wel even eens per over uit tot door hebben heb hebt
    heeft had doe doen gaat gaan krijg krijgen ga me mij jullie hun hen zich zelf elk elke alle alles
    graag vraag vraagje snel precies eigenlijk nou toch hoor oke ok hallo hoi
    the a an and or of to in on at for with by from is are was be can may must should i you we they
    it my your our what who how when where why which do does did have has need about this that there
    please
    """.split()
)
TOKEN_RE = re.compile(r"[a-z0-9]+")

ANSWER_SCORE = 62.0  # answer only at or above this blended score ...
MARGIN = 4.0  # ... and at least this far above the runner-up entry
SUGGEST_SCORE = 48.0  # below the answer bar but above this: offer "bedoel je ...?" choices
WORD_MATCH = 84  # fuzzy ratio for a question word to count as a knowledge-base word
PHRASE_WEIGHT = 0.5


def prepare(text: str) -> str:
    return utils.default_process(text)


def content_tokens(text: str) -> list[str]:
    return [t for t in TOKEN_RE.findall(prepare(text)) if len(t) > 1 and t not in STOPWORDS]


@dataclass
class MatchResult:
    kind: str  # "answer" | "suggest" | "unknown"
    entry: Entry | None
    score: float
    lang: str = "nl"
    suggestions: list[tuple[Entry, float]] = field(default_factory=list)


class Matcher:
    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self.phrases: list[str] = []
        self.owner: list[int] = []
        self.lang: list[str] = []
        vocab_per_entry: list[set[str]] = []
        for i, entry in enumerate(entries):
            words: set[str] = set(entry.keywords)
            for lang, version in (("nl", entry.nl), ("en", entry.en)):
                if version is None:
                    continue
                texts = [version.question, *version.phrasings]
                if lang == "nl":
                    texts.append(entry.title)
                for text in texts:
                    self.phrases.append(prepare(text))
                    self.owner.append(i)
                    self.lang.append(lang)
                    words.update(content_tokens(text))
            vocab_per_entry.append(words)
        self.entry_words = vocab_per_entry
        df: dict[str, int] = {}
        for words in vocab_per_entry:
            for w in words:
                df[w] = df.get(w, 0) + 1
        n = len(entries)
        self.idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
        self.vocab = list(self.idf)
        self.max_idf = math.log(n + 1) + 1.0

    def _resolve_words(self, tokens: list[str]) -> dict[str, tuple[str, float]]:
        """Map each question word to its closest knowledge-base word (typos allowed)."""
        resolved = {}
        for t in tokens:
            if t in self.idf:
                resolved[t] = (t, 100.0)
                continue
            if len(t) < 4:
                continue
            hit = process.extractOne(t, self.vocab, scorer=fuzz.ratio, score_cutoff=WORD_MATCH)
            if hit:
                resolved[t] = (hit[0], hit[1])
        return resolved

    def scores(self, question: str) -> tuple[list[float], list[str], float]:
        """Blended score per entry, the language of each entry's best phrasing, and vocab coverage."""
        q = prepare(question)[:300]
        phrase_scores = [0.0] * len(self.entries)
        best_lang = ["nl"] * len(self.entries)
        if q:
            raw = process.cdist([q], self.phrases, scorer=fuzz.WRatio)[0]
            for score, owner, lang in zip(raw, self.owner, self.lang):
                if score > phrase_scores[owner]:
                    phrase_scores[owner] = float(score)
                    best_lang[owner] = lang
        tokens = content_tokens(q)
        resolved = self._resolve_words(tokens)
        weights = {t: self.idf[resolved[t][0]] if t in resolved else self.max_idf for t in tokens}
        total = sum(weights.values()) or 1.0
        coverage = sum(weights[t] for t in resolved) / total if tokens else 0.0
        blended = []
        for i, words in enumerate(self.entry_words):
            covered = sum(
                weights[t] * resolved[t][1] / 100.0 for t in resolved if resolved[t][0] in words
            )
            word_score = 100.0 * covered / total if tokens else 0.0
            blended.append(PHRASE_WEIGHT * phrase_scores[i] + (1 - PHRASE_WEIGHT) * word_score)
        return blended, best_lang, coverage

    def match(self, question: str) -> MatchResult:
        if not self.entries or not prepare(question):
            return MatchResult("unknown", None, 0.0)
        blended, langs, coverage = self.scores(question)
        ranked = sorted(range(len(blended)), key=lambda i: blended[i], reverse=True)
        best = ranked[0]
        top = blended[best]
        runner_up = blended[ranked[1]] if len(ranked) > 1 else 0.0
        if coverage == 0.0:
            return MatchResult("unknown", None, round(top, 1))
        if top >= ANSWER_SCORE and top - runner_up >= MARGIN:
            return MatchResult("answer", self.entries[best], round(top, 1), langs[best])
        suggestions = [
            (self.entries[i], round(blended[i], 1)) for i in ranked[:3] if blended[i] >= SUGGEST_SCORE
        ]
        if suggestions:
            return MatchResult("suggest", None, round(top, 1), langs[best], suggestions)
        return MatchResult("unknown", None, round(top, 1))
