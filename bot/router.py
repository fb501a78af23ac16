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
- Knowledge answers: the blended entry score (half cosine, half the fuzzy matcher on the cosine's
  best 30 entries) must reach ANSWER_SCORE and lead the runner-up by ANSWER_MARGIN (Rasa's
  ambiguity); between SUGGEST_SCORE and that, up to three "bedoel je" choices. "Not about privacy"
  only when the out-of-scope class wins and no entry comes near; with a near entry we ask instead.

The trained model is cached on disk (~/.cache/privacyloket/router-<hash>.npz), keyed by a hash of its
training data and settings: scikit-learn is imported only to train (a few seconds, once per change of
the YAML); answering a message needs numpy alone, so `python -m bot ask` starts fast.
"""
from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from bot.choices import normalise
from knowledge import Entry, KnowledgeBase, load_intents

log = logging.getLogger(__name__)

# -- thresholds (see the module docstring; the benchmark prints them) ----------------------------
START_PROBABILITY = 0.70  # learned: start a flow without asking at this probability ...
START_MARGIN = 0.40  # ... and this far ahead of the next class (Rasa's ambiguity threshold)
OFFER_DATALEK = 0.25  # ask "Wil je dit melden als (mogelijk) datalek?" from here (low: asymmetry)
OFFER_SHARE = 0.35  # ask "Wil je checken of je dit mag delen?" from here
MENTION_DATALEK = 0.12  # add "Een datalek melden" to a "bedoel je" list from here
MENTION_SHARE = 0.20  # add "Checken of je het mag delen" to a "bedoel je" list from here
ANSWER_SCORE = 45.0  # blended entry score (0-100) to answer ...
ANSWER_MARGIN = 3.0  # ... with this lead over the runner-up
SUGGEST_SCORE = 25.0  # "bedoel je ...?" from here; below: "weet ik niet"
OUT_OF_SCOPE = 0.50  # "not about privacy" only when the out-of-scope class is this sure ...
OUT_OF_SCOPE_ANSWER = 70.0  # ... and no entry matches this well (then it is answered after all)
COSINE_WEIGHT = 0.5  # combined entry score: cosine ranking vs the fuzzy matcher
PHRASE_WEIGHT = 0.6  # cosine ranking: best phrasing vs the entry's whole document
CANDIDATES = 30  # the fuzzy matcher scores the cosine ranking's best 30 entries (latency)
LEARNED_SCALE = 1.4  # learned-only: cosine x 100 x this against the same thresholds (its best on dev with wrong <= 3 %)

FLOWS = ("datalek", "share_check")
CLASSES = ("datalek", "share_check", "question", "out_of_scope")
MODES = ("rules", "learned", "combined")
MODEL_VERSION = 3  # bump when the features or the training change
LR_C = 10.0
NEGATIVE_WEIGHT = 8.0  # a hand-written negative ("is phishing een datalek?") weighs as much as 8 entry phrasings
MAX_WORDS = 250  # a very long message is scored on its first words (latency)
PENDING_MINUTES = 30  # "ja" answers an offer or a single suggestion for this long

# -- language ------------------------------------------------------------------------------------
EN_WORDS = set("""
the a an is are was were be been can could may might must should would will i my me we our us you your
to with what how when where why which who whom do does did have has had of for it its this that these
those there their they them he she his her from about please allowed share sharing send sent report
breach data personal lost stolen someone wrong email file files colleague resident client police doctor
need know if or not no yes any anyone into on at by just also than then get got tell give given put
""".split())
NL_WORDS = set("""
de het een en ik je jij u we wij ze zij hij mijn jouw uw ons onze die dat dit deze wat wie hoe waar
wanneer waarom welke welk er als dan ook nog wel niet geen mag mogen moet moeten kan kunnen wil willen
van voor met bij naar om te op aan zijn was wordt worden heb hebt heeft had gaat doen doe graag even
gegevens persoonsgegevens delen sturen mailen datalek melden inwoner client collega dossier huisarts
politie laptop kwijt verkeerde gestuurd iemand iets alle over uit door tot maar dus zo heel erg nu net
""".split())


def language(text: str) -> str:
    """"en" when the words are more English than Dutch, else "nl" (the default)."""
    words = re.findall(r"[a-z']+", normalise(text))
    en = sum(w in EN_WORDS for w in words)
    nl = sum(w in NL_WORDS for w in words)
    return "en" if en > nl else "nl"


# -- small talk, yes and no ---------------------------------------------------------------------
def _bare(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w ]", " ", normalise(text))).strip()


def smalltalk(text: str) -> tuple[str, str] | None:
    """(topic, language) when the whole message is small talk (knowledge/intents/smalltalk.yaml)."""
    bare = _bare(text)
    topics = (load_intents()[0].get("smalltalk") or {}).get("topics") or {}
    for lang in ("nl", "en"):
        for topic, by_lang in topics.items():
            if bare in {_bare(p) for p in by_lang.get(lang, [])}:
                return topic, lang
    return None


AFFIRM = {"ja", "ja graag", "ja hoor", "jazeker", "ja zeker", "ja melden", "ja dat", "ja klopt", "ja dat bedoel ik",
          "klopt", "graag", "doe maar", "jep", "jup", "j", "yes", "yes please", "y", "yep", "sure", "ok", "oke",
          "okay", "prima", "ja checken", "ja graag checken", "ja graag melden", "ja dat wil ik", "ja check"}
DENY = {"nee", "neen", "nee hoor", "nee dank je", "nee bedankt", "nope", "no", "no thanks", "nee ik heb een vraag",
        "nee het is een vraag", "nee vraag", "no i have a question", "niet melden", "nee niet"}


def yes_or_no(text: str) -> bool | None:
    bare = _bare(text)
    return True if bare in AFFIRM else False if bare in DENY else None


# -- features: TF-IDF of character 2-5 n-grams within words and word 1-2 n-grams ----------------
TOKEN_RE = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> list[str]:
    return TOKEN_RE.findall(normalise(text))[:MAX_WORDS]


def char_grams(words: list[str]) -> list[str]:
    grams = []
    for word in words:
        padded = f" {word} "
        for n in range(2, 6):
            if len(padded) < n:
                break
            grams.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
    return grams


def word_grams(words: list[str]) -> list[str]:
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def _char_analyzer(text: str) -> list[str]:
    return char_grams(tokens(text))


def _word_analyzer(text: str) -> list[str]:
    return word_grams(tokens(text))


CACHE_DIR = Path.home() / ".cache" / "privacyloket"  # the trained model, keyed by its data (tests point it elsewhere)


@dataclass
class TrainingSet:
    """What the learned model is made of: labelled messages, and the entries' texts to rank."""

    texts: list[str]
    labels: list[str]
    weights: list[float]  # the intents' hand-written negatives count more than one entry phrasing
    rows: list[str]  # one text per phrasing of an entry (nl and en)
    row_entry: list[int]
    row_lang: list[str]
    docs: list[str]  # one document per entry: everything it says, answer included

    def key(self) -> str:
        blob = json.dumps([MODEL_VERSION, LR_C, NEGATIVE_WEIGHT, CLASSES, self.texts, self.labels, self.weights, self.rows, self.row_entry,
                           self.row_lang, self.docs], ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:20]


def _examples(data: dict, key: str = "examples") -> list[str]:
    value = data.get(key) or []
    if isinstance(value, dict):
        return [text for group in value.values() for text in group]
    return list(value)


def training_set(entries: list[Entry], intents: dict[str, dict]) -> TrainingSet:
    texts: list[str] = []
    labels: list[str] = []
    weights: list[float] = []
    for flow in FLOWS:
        for text in _examples(intents.get(flow) or {}):
            texts.append(text)
            labels.append(flow)
            weights.append(1.0)
        for text in (intents.get(flow) or {}).get("negatives") or []:
            texts.append(text)
            labels.append("question")
            weights.append(NEGATIVE_WEIGHT)
    for text in _examples(intents.get("out_of_scope") or {}):
        texts.append(text)
        labels.append("out_of_scope")
        weights.append(1.0)
    rows, row_entry, row_lang, docs = [], [], [], []
    for i, entry in enumerate(entries):
        parts = [entry.title, " ".join(entry.keywords)]
        for lang, version in (("nl", entry.nl), ("en", entry.en)):
            if version is None:
                continue
            for text in (version.question, *version.phrasings, *([entry.title] if lang == "nl" else [])):
                rows.append(text)
                row_entry.append(i)
                row_lang.append(lang)
                texts.append(text)
                labels.append("question")
                weights.append(1.0)
            parts += [version.question, *version.phrasings, version.answer]
        docs.append("\n".join(parts))
    return TrainingSet(texts, labels, weights, rows, row_entry, row_lang, docs)


class _Postings:
    """A sparse matrix stored feature by feature: the rows in which each feature occurs, with weights."""

    def __init__(self, indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, n_rows: int):
        self.indptr, self.indices, self.data, self.n_rows = indptr, indices, data, n_rows

    def dot(self, idx: np.ndarray, val: np.ndarray) -> np.ndarray:
        """matrix @ query, for a query given as (feature indices, weights)."""
        starts, ends = self.indptr[idx], self.indptr[idx + 1]
        lengths = ends - starts
        total = int(lengths.sum())
        if not total:
            return np.zeros(self.n_rows, dtype=np.float32)
        offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        positions = offsets + np.arange(total)
        weights = self.data[positions] * np.repeat(val, lengths)
        return np.bincount(self.indices[positions], weights=weights, minlength=self.n_rows).astype(np.float32)


class Model:
    """The learned scorer: the vocabulary and idf of both feature blocks, the logistic regression's
    weights, and the entries' TF-IDF rows for the cosine ranking."""

    def __init__(self, arrays: dict[str, np.ndarray]):
        def vocab(name: str) -> dict[str, int]:
            words = arrays[name].tobytes().decode("utf-8").split("\n") if arrays[name].size else []
            return {w: i for i, w in enumerate(words)}

        self.char_vocab = vocab("char_vocab")
        self.word_vocab = vocab("word_vocab")
        self.char_idf = arrays["char_idf"]
        self.word_idf = arrays["word_idf"]
        self.n_char = len(self.char_vocab)
        self.coef = arrays["coef"]  # classes x features
        self.intercept = arrays["intercept"]
        self.classes = [str(c) for c in arrays["classes"]]
        self.rows = _Postings(arrays["rows_indptr"], arrays["rows_indices"], arrays["rows_data"],
                              int(arrays["row_entry"].size))
        self.docs = _Postings(arrays["docs_indptr"], arrays["docs_indices"], arrays["docs_data"],
                              int(arrays["n_docs"]))
        self.row_entry = arrays["row_entry"]
        self.row_lang = arrays["row_lang"]
        self.n_entries = int(arrays["n_docs"])

    # -- loading, training, caching --------------------------------------------------------------
    @classmethod
    def load_or_train(cls, data: TrainingSet, cache_dir: Path | None = None) -> "Model":
        key = data.key()
        path = Path(cache_dir or CACHE_DIR) / f"router-{key}.npz"
        if path.exists():
            try:
                with np.load(path, allow_pickle=False) as stored:
                    return cls(dict(stored))
            except (OSError, ValueError, KeyError):
                log.warning("router cache %s unreadable: training again", path)
        started = time.perf_counter()
        arrays = train(data)
        log.info("router trained in %.1f s", time.perf_counter() - started)
        _store(path, arrays)
        return cls(arrays)

    # -- scoring ---------------------------------------------------------------------------------
    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The message's TF-IDF vector as (feature indices, weights), both blocks l2-normalised."""
        words = tokens(text)
        parts = []
        for grams, vocab, idf, offset in ((char_grams(words), self.char_vocab, self.char_idf, 0),
                                          (word_grams(words), self.word_vocab, self.word_idf, self.n_char)):
            counts = Counter(vocab[g] for g in grams if g in vocab)
            if not counts:
                continue
            idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
            weights = (1.0 + np.log(tf)) * idf[idx]
            norm = float(np.sqrt(np.dot(weights, weights)))
            if norm:
                parts.append((idx + offset, weights / norm))
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        scale = 1.0 / math.sqrt(2.0)
        return (np.concatenate([p[0] for p in parts]),
                np.concatenate([p[1] for p in parts]).astype(np.float32) * scale)

    def classify(self, vec: tuple[np.ndarray, np.ndarray]) -> dict[str, float]:
        idx, val = vec
        logits = self.coef[:, idx] @ val + self.intercept if idx.size else self.intercept.copy()
        exp = np.exp(logits - logits.max())
        probs = exp / exp.sum()
        return {c: float(p) for c, p in zip(self.classes, probs)}

    def entry_scores(self, vec: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """Cosine score (0-1) per entry: its best phrasing, blended with its whole document."""
        idx, val = vec
        row_scores = self.rows.dot(idx, val)  # unit vectors: the dot product is the cosine (0-1)
        best = np.zeros(self.n_entries, dtype=np.float32)
        np.maximum.at(best, self.row_entry, row_scores)
        return PHRASE_WEIGHT * best + (1 - PHRASE_WEIGHT) * self.docs.dot(idx, val)


def _store(path: Path, arrays: dict[str, np.ndarray]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
            np.savez(handle, **arrays)
        os.replace(handle.name, path)
        newest = path.stat().st_mtime
        for old in path.parent.glob("router-*.npz"):  # models a week older than this one: other checkouts may share
            if old != path and newest - old.stat().st_mtime > 7 * 86400:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("router model not cached (%s): it is trained again at the next start", exc)


def _pack(matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    csc = matrix.tocsc()
    csc.sort_indices()
    return csc.indptr.astype(np.int64), csc.indices.astype(np.int32), csc.data.astype(np.float32)


def train(data: TrainingSet) -> dict[str, np.ndarray]:
    """Fit the TF-IDF blocks on every text, the logistic regression on the labelled messages, and
    index the entries' phrasings and documents. Needs scikit-learn (imported here only)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion

    corpus = data.texts + data.docs
    char = TfidfVectorizer(analyzer=_char_analyzer, sublinear_tf=True, dtype=np.float32)
    word = TfidfVectorizer(analyzer=_word_analyzer, sublinear_tf=True, dtype=np.float32)
    union = FeatureUnion([("char", char), ("word", word)]).fit(corpus)  # char block first, as Model.vector

    def features(texts: list[str]):
        return union.transform(texts) / math.sqrt(2.0)

    classifier = LogisticRegression(C=LR_C, class_weight="balanced", max_iter=3000)
    classifier.fit(features(data.texts), data.labels, sample_weight=np.array(data.weights))
    order = [list(classifier.classes_).index(c) for c in CLASSES]

    def vocab_bytes(vectorizer) -> np.ndarray:
        words = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
        return np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8)

    rows_indptr, rows_indices, rows_data = _pack(features(data.rows))
    docs_indptr, docs_indices, docs_data = _pack(features(data.docs))
    return {
        "char_vocab": vocab_bytes(char), "word_vocab": vocab_bytes(word),
        "char_idf": char.idf_.astype(np.float32), "word_idf": word.idf_.astype(np.float32),
        "coef": classifier.coef_[order].astype(np.float32), "intercept": classifier.intercept_[order].astype(np.float32),
        "classes": np.array(CLASSES),
        "rows_indptr": rows_indptr, "rows_indices": rows_indices, "rows_data": rows_data,
        "docs_indptr": docs_indptr, "docs_indices": docs_indices, "docs_data": docs_data,
        "row_entry": np.array(data.row_entry, dtype=np.int32),
        "row_lang": np.array([1 if lang == "en" else 0 for lang in data.row_lang], dtype=np.int8),
        "n_docs": np.array(len(data.docs)),
    }


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
        for flow in FLOWS:  # a report first: missing one costs most
            sure = self._sure(probs, flow) and not (flow == "datalek" and asking)  # "is phishing een datalek?"
            if rule[flow] is not None or sure:
                prefill = rule[flow] if rule[flow] else self._prefill(flow, text)
                return Decision("start", lang, flow=flow, prefill=prefill, score=100 * probs[flow], signals=signals)
        offers = [(probs[f], f) for f, bar in (("datalek", OFFER_DATALEK), ("share_check", OFFER_SHARE))
                  if probs[f] >= bar and probs[f] > probs["out_of_scope"]]
        if offers:
            _, flow = max(offers)
            if knowledge.kind == "answer" and probs["question"] > probs[flow]:
                # more likely a question with a good answer: answer it, with the flow one tap away
                knowledge.suggestions = [(FLOW_ENTRY[flow], 100 * probs[flow])]
                knowledge.prefill = self._prefill(flow, text)
                return knowledge
            return Decision("offer", lang, flow=flow, prefill=self._prefill(flow, text), score=100 * probs[flow],
                            suggestions=[(FLOW_ENTRY[flow], 100 * probs[flow])], fallback=knowledge, signals=signals)
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
        """Answer, suggest or admit not knowing, from the cosine ranking (and the fuzzy matcher)."""
        if not self.entries:
            return Decision("unknown", lang)
        cosine = self.model.entry_scores(vec)
        scores = 100.0 * cosine
        if mode == "combined":
            candidates = np.argsort(-cosine)[:CANDIDATES]  # the fuzzy matcher weighs the cosine's best only
            blended, _, keyword_hit, _ = self.kb.matcher.scores(text, only=candidates)
            fuzzy = np.where(keyword_hit, np.minimum(blended, 100.0), 0.5 * np.minimum(blended, 100.0))
            scores = COSINE_WEIGHT * scores + (1 - COSINE_WEIGHT) * fuzzy
        else:
            scores = scores * LEARNED_SCALE
        ranked = np.argsort(-scores)[:3]
        top = float(scores[ranked[0]])
        second = float(scores[ranked[1]]) if len(ranked) > 1 else 0.0
        shown = round(min(top, 100.0), 1)
        signals = {"top": top, "second": second}
        if probs["out_of_scope"] >= OUT_OF_SCOPE and probs["out_of_scope"] >= probs["question"] and top < OUT_OF_SCOPE_ANSWER:
            if top >= ANSWER_SCORE:  # privacy words after all ("waar vind ik het register"): ask, don't refuse
                return Decision("suggest", lang, score=shown, signals=signals,
                                suggestions=[(self.entries[int(i)].id, round(float(scores[i]), 1)) for i in ranked[:1]])
            return Decision("unknown", lang, score=shown, out_of_scope=True, signals=signals)
        if top >= ANSWER_SCORE and top - second >= ANSWER_MARGIN:
            return Decision("answer", lang, entry=self.entries[int(ranked[0])], score=shown, signals=signals)
        suggestions = [(self.entries[int(i)].id, round(float(scores[i]), 1)) for i in ranked if scores[i] >= SUGGEST_SCORE]
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


# -- the conversation around a decision: what waits for "ja", and flows started by a button ------
PENDING_FLOW = "router"


def _pending_key(person: str) -> str:
    return f"{person}#router"  # beside, never instead of, the person's dialogue: groups, stop and help are untouched


def remember(ctx, person: str, offered: list[str], prefill: dict | None = None,
             fallback: Decision | None = None, lang: str = "nl") -> None:
    """Keep what a reply offered (flows, entries) so that a typed "ja" or a button can take it."""
    from storage import dialogues

    state = {"offered": offered, "prefill": prefill or {}, "lang": lang, "at": ctx.now().isoformat()}
    if fallback is not None:
        state["fallback"] = {
            "kind": fallback.kind, "entry": fallback.entry.id if fallback.entry else None, "score": fallback.score,
            "suggestions": [s for s, _ in fallback.suggestions if not s.startswith("flow:")],
            "out_of_scope": fallback.out_of_scope,
        }
    dialogues.save(ctx.store, _pending_key(person), PENDING_FLOW, state, ctx.now())


def recall(ctx, person: str) -> dict | None:
    """What the last reply offered, if it is recent."""
    from storage import dialogues

    stored = dialogues.load(ctx.store, _pending_key(person))
    if not stored or stored[0] != PENDING_FLOW:
        return None
    state = stored[1]
    try:
        if ctx.now() - datetime.fromisoformat(state["at"]) > timedelta(minutes=PENDING_MINUTES):
            return None
    except (KeyError, ValueError, TypeError):
        return None
    return state


def forget(ctx, person: str) -> None:
    from storage import dialogues

    if dialogues.load(ctx.store, _pending_key(person)) is not None:
        dialogues.save(ctx.store, _pending_key(person), PENDING_FLOW, None, ctx.now())


def decide(ctx, msg) -> Decision:
    """The router's decision for a typed message; what the last reply offered is answered first."""
    person = msg.person.key
    pending = recall(ctx, person)
    decision = router_for(ctx.knowledge).decide(msg.text, pending=pending)
    if pending is not None:
        forget(ctx, person)
    return decision


def flow_intro(decision: Decision, replies: list) -> list:
    """One English sentence before a dialogue that exists only in Dutch (the first reply keeps the meta)."""
    from bot.messages import Reply
    from bot.text import t

    if decision.lang != "en" or not replies:
        return replies
    return [Reply(t(f"router.en.flow_{decision.flow}"), meta=dict(replies[0].meta)), *replies]


def open_flow(ctx, msg, flow: str, prefill: dict | None = None) -> list:
    """Start `flow` for a button ("Ja, melden", "Meld nu"): the engine's rules for private-only flows
    and for a dialogue already open apply as they do to a typed message."""
    from bot import commands
    from bot.app import flow_handlers  # the app's wiring: the same handlers the engine was given
    from bot.messages import Reply
    from bot.text import t
    from storage import dialogues

    handlers = {handler.name: handler for handler, _ in flow_handlers()}
    handler = handlers.get(flow)
    if handler is None:
        return [Reply(t("engine.stale_button"))]
    person = msg.person.key
    open_dialogue = dialogues.load(ctx.store, person)
    if open_dialogue is not None:
        other = handlers.get(open_dialogue[0])
        return [Reply(t("engine.busy_button")), *(other.current(ctx, open_dialogue[1]) if other else [])]
    if handler.private_only and not msg.private:
        return [Reply(t("engine.private_only", command=commands.of_flow(flow)[0]))]
    turn = handler.start(ctx, msg, dict(prefill or {}))
    if turn.state is not None:
        dialogues.save(ctx.store, person, handler.name, turn.state, ctx.now())
    if turn.replies:
        turn.replies[0].meta.update({"kind": "start", "flow": flow})
    return turn.replies
