"""The learned scorer: TF-IDF features, a logistic regression over four classes and a cosine ranking
of the entries, trained from the YAML and cached on disk.

Features: TF-IDF over character 2-5 n-grams (within words: copes with compounds and typos such as
"werklaptop", "persoonsgegevesn") and word 1-2 n-grams. The logistic regression's classes are datalek
report, sharing case, knowledge question and out of scope; it is trained on the intents' examples,
their negatives and every entry's phrasings. The cosine ranking scores the entries (their phrasings,
and one document per entry with its answer).

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
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.choices import normalise
from knowledge import Entry

log = logging.getLogger(__package__)  # "bot.router", as before the split

FLOWS = ("datalek", "share_check")
CLASSES = ("datalek", "share_check", "question", "out_of_scope")
MODEL_VERSION = 4  # bump when the features or the training change
LR_C = 10.0
NEGATIVE_WEIGHT = 8.0  # a hand-written negative ("is phishing een datalek?") weighs as much as 8 entry phrasings
MAX_WORDS = 250  # a very long message is scored on its first words (latency)
ROW_FEATURES = 150  # a message meets the phrasings with its 150 strongest features only: p99 29 -> 12 ms, same figures on dev
PHRASE_WEIGHT = 0.6  # cosine ranking: best phrasing vs the entry's whole document
ENTRY_C = 1.0  # the entry classifier: a linear SVM over the entries, one class per entry ...
ENTRY_KEEP = 2000  # ... keeping each entry's 2,000 strongest feature weights (a sparse model of a few MB)
ENTRY_TEMPERATURE = 8.0  # its margins to a distribution over the entries: softmax(8 x margin)
CLASSIFIER_WEIGHT = 0.5  # an entry's score: 0.5 cosine ranking + 0.5 the entry classifier's probability

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
        """A hash of everything the model is trained from (joined with separators: json.dumps of it all
        took a twentieth of a second at every start)."""
        digest = hashlib.sha256(json.dumps([MODEL_VERSION, LR_C, NEGATIVE_WEIGHT, ENTRY_C, ENTRY_KEEP, CLASSES]).encode())
        for part in (self.texts, self.labels, self.weights, self.rows, self.row_entry, self.row_lang, self.docs):
            digest.update("\x1e".join(map(str, part)).encode("utf-8") + b"\x1d")
        return digest.hexdigest()[:20]


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
        self.entry_clf = _Postings(arrays["eclf_indptr"], arrays["eclf_indices"], arrays["eclf_data"],
                                   int(arrays["n_docs"]))
        self.entry_intercept = arrays["eclf_intercept"]
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
        """Score (0-1) per entry: the cosine ranking (its best phrasing, blended with its whole document)
        blended with the entry classifier's probability."""
        return blend(*self.entry_parts(vec))

    def entry_parts(self, vec: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """The two rankings apart: (cosine per entry, the entry classifier's probability per entry)."""
        idx, val = vec
        if idx.size > ROW_FEATURES:  # a long message: its strongest features against the phrasings (latency)
            keep = np.argpartition(-val, ROW_FEATURES)[:ROW_FEATURES]
            row_scores = self.rows.dot(idx[keep], val[keep])
        else:
            row_scores = self.rows.dot(idx, val)  # unit vectors: the dot product is the cosine (0-1)
        best = np.zeros(self.n_entries, dtype=np.float32)
        np.maximum.at(best, self.row_entry, row_scores)
        cosine = PHRASE_WEIGHT * best + (1 - PHRASE_WEIGHT) * self.docs.dot(idx, val)
        return cosine, self.entry_probabilities(vec)

    def entry_probabilities(self, vec: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """The entry classifier: a distribution over the entries (softmax of the SVM's margins)."""
        idx, val = vec
        margins = ENTRY_TEMPERATURE * (self.entry_clf.dot(idx, val) + self.entry_intercept)
        exp = np.exp(margins - margins.max())
        return (exp / exp.sum()).astype(np.float32)


def blend(cosine: np.ndarray, probabilities: np.ndarray) -> np.ndarray:
    """An entry's score from the two rankings of Model.entry_parts."""
    return (1 - CLASSIFIER_WEIGHT) * cosine + CLASSIFIER_WEIGHT * probabilities


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
    union = FeatureUnion([("char", char), ("word", word)])  # char block first, as Model.vector
    matrix = (union.fit_transform(corpus) / math.sqrt(2.0)).tocsr()  # every text analysed once (the slow part)
    position = {text: i for i, text in enumerate(corpus)}

    def features(texts: list[str]):
        return matrix[[position[t] for t in texts]]

    classifier = LogisticRegression(C=LR_C, class_weight="balanced", max_iter=3000)
    classifier.fit(features(data.texts), data.labels, sample_weight=np.array(data.weights))
    order = [list(classifier.classes_).index(c) for c in CLASSES]

    def vocab_bytes(vectorizer) -> np.ndarray:
        words = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
        return np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8)

    rows = features(data.rows)
    rows_indptr, rows_indices, rows_data = _pack(rows)
    eclf_indptr, eclf_indices, eclf_data, eclf_intercept = _entry_classifier(rows, data.row_entry, len(data.docs))
    docs_indptr, docs_indices, docs_data = _pack(features(data.docs))
    return {
        "char_vocab": vocab_bytes(char), "word_vocab": vocab_bytes(word),
        "char_idf": char.idf_.astype(np.float32), "word_idf": word.idf_.astype(np.float32),
        "coef": classifier.coef_[order].astype(np.float32), "intercept": classifier.intercept_[order].astype(np.float32),
        "classes": np.array(CLASSES),
        "rows_indptr": rows_indptr, "rows_indices": rows_indices, "rows_data": rows_data,
        "docs_indptr": docs_indptr, "docs_indices": docs_indices, "docs_data": docs_data,
        "eclf_indptr": eclf_indptr, "eclf_indices": eclf_indices, "eclf_data": eclf_data,
        "eclf_intercept": eclf_intercept,
        "row_entry": np.array(data.row_entry, dtype=np.int32),
        "row_lang": np.array([1 if lang == "en" else 0 for lang in data.row_lang], dtype=np.int8),
        "n_docs": np.array(len(data.docs)),
    }


def _entry_classifier(rows, row_entry: list[int], n_entries: int):
    """A linear SVM with one class per entry, trained on the entries' phrasings (nl and en), its weights
    pruned to each entry's ENTRY_KEEP strongest and packed like the rows. A classifier learns which words
    tell an entry apart from its neighbours, where the cosine ranking only sees overlap with the nearest
    phrasing: on the blind dev set 3 it ranks the right entry first more often (88 against 82 %)."""
    from sklearn.svm import LinearSVC

    labels = np.array(row_entry)
    if len(set(row_entry)) < 2:  # a knowledge base of one entry: nothing to tell apart
        return (*_pack_dense(np.zeros((n_entries, rows.shape[1]), dtype=np.float32)), np.zeros(n_entries, dtype=np.float32))
    svm = LinearSVC(C=ENTRY_C, random_state=0).fit(rows, labels)
    coef = np.zeros((n_entries, rows.shape[1]), dtype=np.float32)
    intercept = np.full(n_entries, -10.0, dtype=np.float32)  # an entry without phrasings is never chosen
    coef[svm.classes_] = svm.coef_ if len(svm.classes_) > 2 else np.vstack([-svm.coef_, svm.coef_])
    intercept[svm.classes_] = svm.intercept_ if len(svm.classes_) > 2 else [-svm.intercept_[0], svm.intercept_[0]]
    if coef.shape[1] > ENTRY_KEEP:
        keep = -np.partition(-np.abs(coef), ENTRY_KEEP - 1, axis=1)[:, ENTRY_KEEP - 1:ENTRY_KEEP]
        coef[np.abs(coef) < keep] = 0.0
    return (*_pack_dense(coef), intercept)


def _pack_dense(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A dense (rows x features) matrix's non-zeros, feature by feature, as _pack stores a sparse one."""
    features, rows = np.nonzero(matrix.T)  # ordered by feature, then row
    indptr = np.concatenate(([0], np.cumsum(np.bincount(features, minlength=matrix.shape[1])))).astype(np.int64)
    return indptr, rows.astype(np.int32), matrix[rows, features].astype(np.float32)
