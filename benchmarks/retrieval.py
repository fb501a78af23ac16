"""Retrieval benchmark: the rapidfuzz matcher vs a BM25 baseline on the development set.

    python -m benchmarks.retrieval [--devset benchmarks/devset.yaml] [--misses]

Prints, side by side: correct answers % (of in-scope questions), wrong answers % (of all
questions: an answer with the wrong entry, or any answer to an out-of-scope question),
abstentions % (in-scope questions that got suggestions or "weet ik niet"), out-of-scope refused %
(out-of-scope questions that got no answer), and per-question latency p50/p99.
Targets: correct >= 90 %, wrong <= 3 %, out-of-scope refused >= 95 %, p99 < 10 ms.
"""
from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

import yaml

import knowledge
from knowledge.matcher import STOPWORDS, prepare

DEVSET = Path(__file__).with_name("devset.yaml")


class BM25Baseline:
    """rank-bm25 over one document per entry (all its phrasings); answer when clearly ahead."""

    def __init__(self, entries, margin: float = 1.25):
        from rank_bm25 import BM25Okapi

        self.entries = entries
        self.margin = margin
        docs = []
        for e in entries:
            texts = [e.title, e.nl.question, *e.nl.phrasings, " ".join(e.keywords)]
            if e.en:
                texts += [e.en.question, *e.en.phrasings]
            docs.append(self.tokens(" ".join(texts)))
        self.bm25 = BM25Okapi(docs)

    @staticmethod
    def tokens(text: str) -> list[str]:
        return [t for t in re.findall(r"[a-z0-9]+", prepare(text)) if t not in STOPWORDS]

    def match(self, question: str) -> tuple[str, str | None]:
        scores = self.bm25.get_scores(self.tokens(question))
        ranked = sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)
        top, second = scores[ranked[0]], scores[ranked[1]]
        if top <= 0:
            return "unknown", None
        if top >= self.margin * max(second, 1e-9):
            return "answer", self.entries[ranked[0]].id
        return "suggest", None


def evaluate(name: str, match, questions: list[dict]) -> dict:
    counts = {"correct": 0, "wrong": 0, "abstain": 0, "oos_refused": 0, "oos_suggest": 0}
    latencies, misses = [], []
    in_scope = sum(1 for q in questions if q["expect"])
    oos = len(questions) - in_scope
    for q in questions:
        start = time.perf_counter()
        kind, entry = match(q["q"])
        latencies.append((time.perf_counter() - start) * 1000)
        if q["expect"] is None:
            if kind == "answer":
                counts["wrong"] += 1
                misses.append(f"OOS answered {entry}: {q['q']}")
            else:
                counts["oos_refused"] += 1
                counts["oos_suggest"] += kind == "suggest"
        elif kind == "answer" and entry == q["expect"]:
            counts["correct"] += 1
        elif kind == "answer":
            counts["wrong"] += 1
            misses.append(f"WRONG {entry} (want {q['expect']}): {q['q']}")
        else:
            counts["abstain"] += 1
            misses.append(f"{kind} (want {q['expect']}): {q['q']}")
    latencies.sort()
    return {
        "name": name,
        "correct": 100 * counts["correct"] / in_scope,
        "wrong": 100 * counts["wrong"] / len(questions),
        "abstain": 100 * counts["abstain"] / in_scope,
        "oos_refused": 100 * counts["oos_refused"] / max(oos, 1),
        "oos_suggest": 100 * counts["oos_suggest"] / max(oos, 1),
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
        "misses": misses,
        "n": len(questions),
        "in_scope": in_scope,
    }


def run(devset: Path = DEVSET) -> list[dict]:
    questions = yaml.safe_load(devset.read_text(encoding="utf-8"))["questions"]
    kb = knowledge.load()
    matcher = kb.matcher

    def ours(question: str):
        result = matcher.match(question)
        return result.kind, result.entry.id if result.entry else None

    baseline = BM25Baseline(kb.entries)
    for q in questions[:20]:  # warm up both
        ours(q["q"])
        baseline.match(q["q"])
    return [evaluate("rapidfuzz matcher", ours, questions), evaluate("BM25 baseline", baseline.match, questions)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--misses", action="store_true", help="list the questions each system got wrong")
    args = parser.parse_args()
    results = run(args.devset)
    r0 = results[0]
    print(f"Development set: {r0['n']} questions ({r0['in_scope']} in scope, {r0['n'] - r0['in_scope']} out of scope)\n")
    header = f"{'':28}" + "".join(f"{r['name']:>20}" for r in results) + f"{'target':>12}"
    print(header)
    rows = [
        ("correct answers %", "correct", ">= 90"),
        ("wrong answers %", "wrong", "<= 3"),
        ("abstentions %", "abstain", ""),
        ("out-of-scope refused %", "oos_refused", ">= 95"),
        ("  (of which suggestions %)", "oos_suggest", ""),
        ("latency p50 ms", "p50", ""),
        ("latency p99 ms", "p99", "< 10"),
    ]
    for label, key, target in rows:
        print(f"{label:28}" + "".join(f"{r[key]:>20.2f}" for r in results) + f"{target:>12}")
    if args.misses:
        for r in results:
            print(f"\n== {r['name']}: {len(r['misses'])} misses")
            for line in r["misses"]:
                print("  " + line)


if __name__ == "__main__":
    main()
