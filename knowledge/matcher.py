"""Fuzzy matcher (rapidfuzz) over every phrasing of every entry.

Three signals per entry, each 0-100:
- phrase: the best token_set_ratio of the question against any of the entry's phrasings;
- exact: the best plain ratio against a phrasing or the title (breaks ties between entries that
  both contain a one-word question such as "dpia" or "bsn");
- words: the share of the question's known content words (weighted by rarity, IDF) that the
  entry's vocabulary covers, with fuzzy word matching so typos and compounds still count.
We answer only above a threshold AND with a margin over the runner-up AND when the question shares
at least one curated keyword-level word with the entry; in the grey zone we offer up to three
"bedoel je ...?" suggestions; otherwise we say honestly that we don't know. A question that shares
no privacy word at all with the knowledge base is out of scope.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process, utils

from knowledge import Entry

STOPWORDS = set(
    """
    de het een en of in op aan van voor met bij naar om te is zijn was wordt worden word kan kun kunnen
    mag mogen moet moeten wil willen ik je jij u we wij ze zij hij mijn jouw uw ons onze die dat dit deze
    wat wie hoe waar wanneer waarom welke welk er als dan ook nog wel niet geen al
    maar dus zo heel erg iets iemand iemands mn m'n s even eens per over uit tot door hebben heb hebt
    heeft had doe doen gaat gaan krijg krijgen ga me mij jullie hun hen zich zelf elk elke alle alles
    graag vraag vraagje snel precies eigenlijk nou toch hoor oke ok hallo hoi weer meer zomaar gewoon
    doet deed gedaan staat stond geldt gelden gebeurt komt kom
    nu net eerst daar hier wordt moeten mogen zou zouden kunnen kunt mogelijk ergens altijd nooit
    the a an and or of to in on at for with by from is are was be can may must should i you we they
    it my your our what who how when where why which do does did have has need about this that there
    please
    """.split()
)
TOKEN_RE = re.compile(r"[a-z0-9]+")

ANSWER_SCORE = 66.0  # answer only at or above this blended score ...
MARGIN = 3.0  # ... and at least this far above the runner-up entry
SUGGEST_SCORE = 45.0  # below the answer bar but above this: offer "bedoel je ...?" choices
WORD_MATCH = 84  # fuzzy ratio for a question word to count as a knowledge-base word
TYPO_MATCH = 92  # a word found in one entry only reads as a common word this close to it ...
TYPO_COMMONER = 3  # ... that is found in at least this many entries
PHRASE_WEIGHT = 0.55
EXACT_WEIGHT = 0.20
UNKNOWN_PENALTY = 0.3  # how much question words unknown to the knowledge base dilute the words score
LONG_PHRASING_WORDS = 25  # phrasings longer than this (cases described at length) are left to the learned ranking:
# fuzzy token-set matching of a short question against a paragraph scores any subset as a hit


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
        self.entry_words: list[set[str]] = []
        self.entry_keywords: list[set[str]] = []
        for i, entry in enumerate(entries):
            words: set[str] = set()
            keywords = {k for kw in entry.keywords for k in content_tokens(kw)}
            keywords |= set(content_tokens(entry.title))
            for lang, version in (("nl", entry.nl), ("en", entry.en)):
                if version is None:
                    continue
                texts = [version.question, *version.phrasings] + ([entry.title] if lang == "nl" else [])
                for text in texts:
                    if len(text.split()) > LONG_PHRASING_WORDS:
                        continue  # a described case: for the learned ranking, not for fuzzy matching
                    self.phrases.append(prepare(text))
                    self.owner.append(i)
                    self.lang.append(lang)
                    words.update(content_tokens(text))
                if lang == "en":  # English versions carry no curated keywords: use their own words
                    for text in [version.question, *version.phrasings]:
                        keywords |= set(content_tokens(text))
            words |= keywords
            self.entry_words.append(words)
            self.entry_keywords.append(keywords)
        df: dict[str, int] = {}
        for words in self.entry_words:
            for w in words:
                df[w] = df.get(w, 0) + 1
        n = len(entries)
        self.df = df
        self.idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
        self.vocab = list(self.idf)
        self.common_vocab = [w for w in self.vocab if df[w] >= TYPO_COMMONER]  # what a rare word may be a typo of
        self.max_idf = math.log(n + 1) + 1.0
        self.owner_arr = np.array(self.owner)

    @lru_cache(maxsize=4096)
    def resolve(self, token: str) -> tuple[str, float] | None:
        """The knowledge-base word closest to a question word (typos and compounds allowed)."""
        if token in self.idf:
            if self.df[token] == 1 and len(token) >= 6:  # a word of one entry only: perhaps a typo in a phrasing
                common = process.extractOne(token, self.common_vocab, scorer=fuzz.ratio, score_cutoff=TYPO_MATCH)
                if common:  # "persoonsgegevns" is "persoonsgegevens", even if one phrasing has the typo
                    return common[0], common[1]
            return token, 100.0
        if len(token) < 4:
            return None
        hit = process.extractOne(token, self.vocab, scorer=fuzz.ratio, score_cutoff=WORD_MATCH)
        if hit:
            return hit[0], hit[1]
        if len(token) >= 6:  # a compound or inflection: "inzageverzoeken" ~ "inzageverzoek"
            hit = process.extractOne(token, self.vocab, scorer=fuzz.partial_ratio, score_cutoff=95)
            if hit and len(hit[0]) >= 6:
                return hit[0], 85.0
        return None

    def _best_per_entry(self, scores: np.ndarray) -> np.ndarray:
        best = np.zeros(len(self.entries))
        np.maximum.at(best, self.owner_arr, scores)
        return best

    def scores(self, question: str):
        """Blended score per entry, the language of each entry's best phrasing, and keyword hits."""
        q = prepare(question)[:300]
        n = len(self.entries)
        phrase_raw = process.cdist([q], self.phrases, scorer=fuzz.token_set_ratio)[0].astype(np.float64)
        exact_raw = process.cdist([q], self.phrases, scorer=fuzz.ratio)[0].astype(np.float64)
        phrase = self._best_per_entry(phrase_raw)
        exact = self._best_per_entry(exact_raw)
        best_lang = ["nl"] * n
        combined_raw = phrase_raw + exact_raw
        seen = set()
        for idx in np.argsort(-combined_raw):
            owner = self.owner[idx]
            if owner not in seen:
                seen.add(owner)
                best_lang[owner] = self.lang[idx]
                if len(seen) == n:
                    break
        tokens = content_tokens(q)
        resolved = {t: r for t in tokens if (r := self.resolve(t))}
        known = sum(self.idf[r[0]] for r in resolved.values())
        unknown = sum(self.max_idf for t in tokens if t not in resolved)
        denominator = known + UNKNOWN_PENALTY * unknown
        words = np.zeros(n)
        keyword_hit = np.zeros(n, dtype=bool)
        if denominator:
            for i in range(n):
                vocab, keywords = self.entry_words[i], self.entry_keywords[i]
                covered = 0.0
                for word, sim in resolved.values():
                    if word in vocab:
                        covered += self.idf[word] * sim / 100.0
                        keyword_hit[i] |= word in keywords
                words[i] = 100.0 * covered / denominator
        blended = PHRASE_WEIGHT * phrase + (1 - PHRASE_WEIGHT) * words + EXACT_WEIGHT * exact
        return blended, best_lang, keyword_hit, bool(resolved)

    def match(self, question: str) -> MatchResult:
        if not self.entries or not prepare(question):
            return MatchResult("unknown", None, 0.0)
        blended, langs, keyword_hit, any_known = self.scores(question)
        # Only entries that share a curated keyword with the question can be answered or suggested.
        eligible = np.where(keyword_hit, blended, -1.0)
        ranked = np.argsort(-eligible)
        best = int(ranked[0])
        top = float(blended[best])
        runner_up = float(eligible[ranked[1]]) if len(ranked) > 1 else 0.0
        shown = round(min(top, 100.0), 1)
        if not any_known:
            return MatchResult("unknown", None, shown)
        if top >= ANSWER_SCORE and top - runner_up >= MARGIN and keyword_hit[best]:
            return MatchResult("answer", self.entries[best], shown, langs[best])
        suggestions = [
            (self.entries[int(i)], round(min(float(blended[i]), 100.0), 1))
            for i in ranked[:3]
            if eligible[i] >= SUGGEST_SCORE
        ]
        if suggestions:
            return MatchResult("suggest", None, shown, langs[best], suggestions)
        return MatchResult("unknown", None, shown)
