"""Routing and retrieval benchmark: BM25, rules-only, learned-only and the combined router, on the
development set and on the frozen held-out set, side by side, in one run.

    python -m benchmarks.retrieval [--misses [SYSTEM]] [--no-startup]

Development set: benchmarks/devset.yaml (knowledge questions labelled with their entry, and out-of-
scope questions) plus benchmarks/devset_intents.yaml (breach reports, questions about breaches,
concrete sharing questions). Thresholds are set on these only.
Held-out set: benchmarks/heldout.yaml, written blind and frozen. This script reads it to print
AGGREGATE numbers only: never print, inspect or tune on its messages. Its knowledge questions carry a
free-text topic, not an entry; when benchmarks/heldout_labels.yaml exists (text -> entry id or null,
written by a separate labeller) correct/wrong answers are counted, else only answered or not.

Systems:
- BM25: rank-bm25 over one document per entry and one per flow (its examples); answer or start a
  flow when the best document is clearly ahead, else suggest.
- rules: today's rule layers (small talk, bot/handlers/*/detect.py on knowledge/intents) and the
  fuzzy matcher (knowledge/matcher.py).
- learned: the TF-IDF + logistic regression intent scorer and the cosine entry ranking alone.
- router: both combined (bot/router/): what the bot runs.
"""
from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

import knowledge
from bot import router as router_module
from bot.router import FLOW_ENTRY, Decision, Router
from knowledge.matcher import STOPWORDS, prepare

HERE = Path(__file__).parent
DEVSET = HERE / "devset.yaml"
DEVSET_INTENTS = HERE / "devset_intents.yaml"
HELDOUT = HERE / "heldout.yaml"
HELDOUT_LABELS = HERE / "heldout_labels.yaml"
SYSTEMS = ("BM25", "rules", "learned", "router")
CLASSES = ("breach_report", "breach_question", "share_question", "privacy_question", "out_of_scope")


class BM25Baseline:
    """rank-bm25 over one document per entry (all its phrasings) and one per flow (its examples)."""

    def __init__(self, entries, intents: dict, margin: float = 1.25):
        from rank_bm25 import BM25Okapi

        self.entries = entries
        self.margin = margin
        docs, self.names = [], []
        for e in entries:
            texts = [e.title, e.nl.question, *e.nl.phrasings, " ".join(e.keywords)]
            if e.en:
                texts += [e.en.question, *e.en.phrasings]
            docs.append(self.tokens(" ".join(texts)))
            self.names.append(e.id)
        for flow in router_module.FLOWS:
            examples = (intents.get(flow) or {}).get("examples") or {}
            texts = [t for group in examples.values() for t in group] if isinstance(examples, dict) else examples
            docs.append(self.tokens(" ".join(texts)))
            self.names.append(FLOW_ENTRY[flow])
        self.bm25 = BM25Okapi(docs)
        self.by_id = {e.id: e for e in entries}

    @staticmethod
    def tokens(text: str) -> list[str]:
        return [t for t in re.findall(r"[a-z0-9]+", prepare(text)) if t not in STOPWORDS]

    def decide(self, text: str) -> Decision:
        scores = self.bm25.get_scores(self.tokens(text))
        ranked = sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)
        top, second = scores[ranked[0]], scores[ranked[1]]
        if top <= 0:
            return Decision("unknown")
        best = self.names[ranked[0]]
        if top >= self.margin * max(second, 1e-9):
            if best.startswith("flow:"):
                return Decision("start", flow=best[5:])
            return Decision("answer", entry=self.by_id[best])
        return Decision("suggest", suggestions=[(self.names[i], float(scores[i])) for i in ranked[:3]])


# -- the sets ---------------------------------------------------------------------------------------
def load_dev() -> list[dict]:
    questions = yaml.safe_load(DEVSET.read_text(encoding="utf-8"))["questions"]
    messages = [{"text": q["q"], "class": "privacy_question" if q["expect"] else "out_of_scope",
                 "expect": q["expect"], "labelled": True} for q in questions]
    messages += yaml.safe_load(DEVSET_INTENTS.read_text(encoding="utf-8"))["messages"]
    return messages


def load_heldout() -> tuple[list[dict], bool]:
    """The held-out messages, with the labeller's entry ids when benchmarks/heldout_labels.yaml exists."""
    if not HELDOUT.exists():
        return [], False
    messages = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))["messages"]
    labels = None
    if HELDOUT_LABELS.exists():
        raw = yaml.safe_load(HELDOUT_LABELS.read_text(encoding="utf-8")) or {}
        labels = raw.get("labels", raw) if isinstance(raw, dict) else {}
        if isinstance(labels, list):  # the labeller's form: [{text, expect: [ids] or null}]
            labels = {item["text"]: item.get("expect") for item in labels}
    for m in messages:
        if m.get("class") == "privacy_question" and labels is not None and m["text"] in labels:
            m["expect"], m["labelled"] = labels[m["text"]], True
    return messages, labels is not None


# -- scoring ----------------------------------------------------------------------------------------
def outcome(decision: Decision) -> tuple[str, str | None, str | None, list[str]]:
    """(kind, started flow, answered entry id, offered flows)."""
    started = decision.flow if decision.kind == "start" else None
    entry = decision.entry.id if decision.kind == "answer" and decision.entry else None
    return decision.kind, started, entry, decision.offered_flows


def evaluate(decide, messages: list[dict], keep_misses: bool = False) -> dict:
    n = {c: 0 for c in CLASSES}
    hits = {k: 0 for k in ("report_ok", "report_start", "bq_start", "bq_offer", "share_ok", "kq_labelled", "kq_correct",
                           "kq_wrong", "kq_answered", "kq_suggest", "kq_oos", "kq_flow", "oos_refused", "oos_suggest")}
    latencies, misses = [], []
    for m in messages:
        cls = m.get("class")
        if cls not in n:
            continue
        n[cls] += 1
        start = time.perf_counter()
        decision = decide(m["text"])
        latencies.append((time.perf_counter() - start) * 1000)
        kind, started, entry, offered = outcome(decision)
        miss = None
        if cls == "breach_report":
            ok = started == "datalek" or "datalek" in offered
            hits["report_ok"] += ok
            hits["report_start"] += started == "datalek"
            miss = None if ok else f"REPORT not offered ({kind} {started or entry or ''})"
        elif cls == "breach_question":
            hits["bq_start"] += started == "datalek"
            hits["bq_offer"] += "datalek" in offered
            miss = "BREACH QUESTION started the intake" if started == "datalek" else None
        elif cls == "share_question":
            ok = started == "share_check" or "share_check" in offered
            hits["share_ok"] += ok
            miss = None if ok else f"SHARE not offered ({kind} {started or entry or ''})"
        elif cls == "privacy_question":
            hits["kq_answered"] += kind == "answer"
            hits["kq_suggest"] += kind == "suggest"
            hits["kq_oos"] += kind == "unknown" and decision.out_of_scope
            hits["kq_flow"] += kind in ("start", "offer")
            if m.get("labelled"):
                hits["kq_labelled"] += 1
                want = m.get("expect")
                wanted = want if isinstance(want, list) else [want] if want else []
                if (kind == "answer" and entry in wanted) or (not wanted and kind != "answer" and not started):
                    hits["kq_correct"] += 1  # the right entry, or honestly no answer where none exists
                elif kind == "answer" or started:
                    hits["kq_wrong"] += 1
                    miss = f"WRONG {entry or 'flow ' + str(started)} (want {want})"
                else:
                    miss = f"{kind}{' (not privacy)' if decision.out_of_scope else ''} (want {want})"
        elif cls == "out_of_scope":
            refused = kind in ("unknown", "suggest", "smalltalk")
            hits["oos_refused"] += refused
            hits["oos_suggest"] += kind == "suggest"
            miss = None if refused else f"OUT OF SCOPE got {kind} {started or entry or decision.flow or ''}"
        if miss and keep_misses:
            misses.append(f"{miss}: {m['text']}")

    def pct(key: str, of: int) -> float | None:
        return 100.0 * hits[key] / of if of else None

    latencies.sort()
    kq = n["privacy_question"]
    return {
        "n": n, "labelled": hits["kq_labelled"],
        "report_ok": pct("report_ok", n["breach_report"]), "report_start": pct("report_start", n["breach_report"]),
        "bq_start": pct("bq_start", n["breach_question"]), "bq_offer": pct("bq_offer", n["breach_question"]),
        "share_ok": pct("share_ok", n["share_question"]),
        "kq_correct": pct("kq_correct", hits["kq_labelled"]), "kq_wrong": pct("kq_wrong", hits["kq_labelled"]),
        "kq_answered": pct("kq_answered", kq), "kq_suggest": pct("kq_suggest", kq), "kq_oos": pct("kq_oos", kq),
        "kq_flow": pct("kq_flow", kq),
        "oos_refused": pct("oos_refused", n["out_of_scope"]), "oos_suggest": pct("oos_suggest", n["out_of_scope"]),
        "p50": statistics.median(latencies) if latencies else None,
        "p99": latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] if latencies else None,
        "misses": misses,
    }


def startup_seconds(runs: int = 3) -> float:
    """Wall time of `python -m bot ask "x"` (a fresh process each time; the first run warms the caches)."""
    command = [sys.executable, "-m", "bot", "ask", "x"]
    subprocess.run(command, capture_output=True, check=True, cwd=HERE.parent)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, cwd=HERE.parent)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def systems(kb, intents) -> dict:
    router = Router(kb, intents)
    bm25 = BM25Baseline(kb.entries, intents)
    return {
        "BM25": bm25.decide,
        "rules": lambda text: router.decide(text, mode="rules"),
        "learned": lambda text: router.decide(text, mode="learned"),
        "router": lambda text: router.decide(text, mode="combined"),
    }


ROWS = [  # label, key, target
    ("breach reports: start/offer intake %", "report_ok", ">= 95"),
    ("  of which started at once %", "report_start", ""),
    ("breach questions: started intake %", "bq_start", "<= 5"),
    ("  offered the intake %", "bq_offer", ""),
    ("sharing cases: start/offer triage %", "share_ok", ">= 90"),
    ("knowledge q (labelled): correct %", "kq_correct", ">= 85"),
    ("knowledge q (labelled): wrong %", "kq_wrong", "<= 3"),
    ("knowledge q: answered %", "kq_answered", ""),
    ("knowledge q: suggestions %", "kq_suggest", ""),
    ("knowledge q: 'not about privacy' %", "kq_oos", ""),
    ("knowledge q: flow started/offered %", "kq_flow", ""),
    ("out of scope: refused %", "oos_refused", ">= 95"),
    ("  of which suggestions %", "oos_suggest", ""),
    ("latency p50 ms", "p50", ""),
    ("latency p99 ms", "p99", "< 20"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", nargs="?", const="router", choices=SYSTEMS,
                        help="list the development-set messages a system got wrong (default: router)")
    parser.add_argument("--no-startup", action="store_true", help="skip measuring the process start time")
    parser.add_argument("--dev-only", action="store_true", help="leave the held-out set out (while tuning)")
    args = parser.parse_args(argv)

    kb = knowledge.load()
    intents = knowledge.load_intents()[0]
    run = systems(kb, intents)
    dev = load_dev()
    heldout, labelled = ([], False) if args.dev_only else load_heldout()
    for decide in run.values():  # warm up (caches, lazy imports)
        for m in dev[:30]:
            decide(m["text"])
    results = {}
    for name, decide in run.items():
        results[("dev", name)] = evaluate(decide, dev, keep_misses=name == (args.misses or "router"))
        if heldout:
            results[("held-out", name)] = evaluate(decide, heldout)

    sets = ["dev"] + (["held-out"] if heldout else [])
    for s in sets:
        n = results[(s, "router")]["n"]
        extra = ""
        if s == "held-out":
            extra = (f"; entry labels for {results[(s, 'router')]['labelled']} knowledge questions" if labelled
                     else "; no entry labels yet (benchmarks/heldout_labels.yaml): knowledge questions answered or not")
        elif s == "dev":
            extra = f"; {results[(s, 'router')]['labelled']} knowledge questions labelled"
        print(f"{s}: {sum(n.values())} messages (" + ", ".join(f"{v} {k}" for k, v in n.items()) + ")" + extra)
    print(f"knowledge base: {len(kb.entries)} entries\n")

    width = 9
    print(f"{'':38}" + "".join(f"{('── ' + s + ' ').ljust(len(SYSTEMS) * (width + 1), '─')}" for s in sets) + f"{'target':>9}")
    print(f"{'':38}" + "".join(f"{name:>{width + 1}}" for _ in sets for name in SYSTEMS))
    for label, key, target in ROWS:
        cells = []
        for s in sets:
            for name in SYSTEMS:
                value = results[(s, name)][key]
                cells.append(f"{'-' if value is None else f'{value:.1f}':>{width + 1}}")
        print(f"{label:38}" + "".join(cells) + f"{target:>9}")
    if not args.no_startup:
        print(f"\n`python -m bot ask \"x\"` process start: {startup_seconds():.2f} s (target < 1 s)")
    print(
        "\nThresholds (bot/router/; set on the dev sets only; a missed report costs more than an offered intake):\n"
        f"  start a flow: rule layer sure, or learned p >= {router_module.START_PROBABILITY} and "
        f"{router_module.START_MARGIN} ahead of the next class\n"
        f"  offer the intake from p(datalek) >= {router_module.OFFER_DATALEK} (the triage from p(share) >= "
        f"{router_module.OFFER_SHARE}); mention it in 'bedoel je' from {router_module.MENTION_DATALEK} "
        f"({router_module.MENTION_SHARE})\n"
        f"  answer at entry score >= {router_module.ANSWER_SCORE} with a lead of {router_module.ANSWER_MARGIN}; "
        f"suggest from {router_module.SUGGEST_SCORE}; 'not about privacy' from p(out of scope) >= "
        f"{router_module.OUT_OF_SCOPE} unless an entry scores {router_module.OUT_OF_SCOPE_ANSWER}"
    )
    if args.misses:
        misses = results[("dev", args.misses)]["misses"]
        print(f"\n== {args.misses} on the dev set: {len(misses)} misses")
        for line in misses:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
