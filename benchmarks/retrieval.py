"""Routing and retrieval benchmark: BM25, rules-only, learned-only and the combined router, on the
development set and on the frozen held-out set, side by side, in one run.

    python -m benchmarks.retrieval [--misses [SYSTEM]] [--no-startup] [--dev-only]

Development sets (thresholds are set on these only):
- benchmarks/devset.yaml (knowledge questions labelled with their entry, and out-of-scope questions)
  plus benchmarks/devset_intents.yaml (breach reports, questions about breaches, concrete sharing
  questions);
- benchmarks/devset2.yaml, written blind (privacy questions, short and long, and out-of-scope
  messages), with benchmarks/devset2_labels.yaml (text -> the acceptable entry ids, or null: no
  entry answers it, so an honest "weet ik niet" or a suggestion is right and an answer is wrong);
- benchmarks/devset3.yaml, written blind in the same way (all five classes, half of its privacy
  questions long and realistic), with benchmarks/devset3_labels.yaml from a separate labeller;
- benchmarks/devset4.yaml, written blind: breach reports and questions about breaches only.
The "dev" columns are all development sets together (the targets apply there); the "dev2" and "dev3"
columns repeat those sets alone, so their effect stays visible (`--sets` picks the columns).
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
DEVSET2 = HERE / "devset2.yaml"
DEVSET2_LABELS = HERE / "devset2_labels.yaml"
DEVSET3 = HERE / "devset3.yaml"
DEVSET3_LABELS = HERE / "devset3_labels.yaml"
DEVSET4 = HERE / "devset4.yaml"  # breach reports and questions about breaches only (no labels needed)
HELDOUT = HERE / "heldout.yaml"
HELDOUT_LABELS = HERE / "heldout_labels.yaml"
# Labels added to benchmarks/devset2_labels.yaml for knowledge/entries/aanvullingen.yaml (issue 10): the labeller
# labelled from the entries of the time, so the questions of the topics that had no entry are null there
# ("no entry answers it"). The entries written for those gaps answer them now; each text below gets the new
# entry as an acceptable answer (a null label is replaced, a list is extended). Assigned from the entries' text
# before the router was tuned; `--labeller-only` scores against the labeller's labels alone.
DEV2_ADDED_LABELS = {
    'Voor de BHV-organisatie willen we een lijst van medewerkers met een aandoening waar rekening mee moet worden gehouden bij een ontruiming, zoals slechthorendheid of epilepsie. Het idee komt van de BHV-coördinator. Hoe doen we dat zonder de privacy te schenden?': ['bhv-ontruimingslijst'],
    'is een wachtwoord op een excelbestand genoeg beveiliging': ['wachtwoord-op-bestand'],
    'verschil geheimhouding gemeentewet en avg?': ['geheimhouding-gemeentewet-avg'],
    'Voor medewerkers die in de buitendienst met zware machines werken wil de afdeling een alcohol- en drugstestbeleid invoeren, inclusief steekproefsgewijze tests. Mag een werkgever dat?': ['alcohol-drugstest'],
    'Ik ben net security officer geworden en verantwoordelijk voor Suwinet. Klantmanagers Werk en Inkomen kunnen via Suwinet-Inkijk veel gegevens zien. Hoe zorgen we ervoor dat ze alleen gegevens opzoeken van klanten die ze behandelen, en wat moeten we daarvoor controleren?': ['suwinet-controle'],
    "Iemand diende een Woo-verzoek in over 'alle documenten over mijn eigen aanvraag voor een uitkering'. Een collega zegt dat dit eigenlijk een AVG-inzageverzoek is. Hoe moeten we zo'n verzoek behandelen?": ['woo-of-inzageverzoek'],
    'We verhuizen naar een nieuw gemeentehuis met flexplekken en een open kantoortuin. Het sociaal domein maakt zich zorgen dat gesprekken over cliënten door anderen worden gehoord. Welke privacy-eisen gelden voor de inrichting van een kantoor?': ['kantoortuin-clean-desk'],
    "Wij sturen inwoners na een aanvraag een ontvangstbevestiging met zaaknummer, naam, adres en een samenvatting van de aanvraag. Bij de Wmo staat daar bijvoorbeeld 'aanvraag huishoudelijke hulp i.v.m. rugklachten'. Is het slim om zoveel in zo'n bevestiging te zetten?": ['minimaal-in-brieven'],
    'verschil tussen woo verzoek en avg inzageverzoek': ['woo-of-inzageverzoek'],
    "Ik werk bij Burgerzaken en we krijgen steeds vaker verzoeken van mensen die hun geslachtsregistratie of voornaam willen wijzigen. Collega's zijn onzeker over wie er bij die informatie kan en of de oude gegevens zichtbaar blijven. Wat kan ik daarover zeggen?": ['brp-historie'],
    "Mijn team werkt met een Excel-lijst van alle lopende bezwaarschriften, met naam, adres, onderwerp en soms een korte notitie als 'lastige klant, neemt alles op'. Die lijst wordt wekelijks in het teamoverleg op het scherm gezet. is er iets mis met zo'n lijst?": ['werklijsten-notities'],
    'We loggen in ons zaaksysteem wie welk dossier heeft geopend. Die logbestanden worden eigenlijk nooit bekeken. Moeten we daar actief iets mee doen, en hoe lang bewaren we de logging?': ['logging-controleren'],
    'We hebben twee jaar geleden een DPIA gedaan voor ons zaaksysteem. Inmiddels is er een koppeling met de BRP bijgekomen en een nieuwe module voor een inwonerportaal. Moet de DPIA opnieuw?': ['dpia-actualiseren'],
    'social media monitoren als gemeente, mag dat?': ['social-media-monitoring'],
    'Wij werken samen in een belastingsamenwerking met drie andere gemeenten. De samenwerking heeft een eigen directeur en verstuurt de aanslagen. Als een inwoner bij ons een inzageverzoek over zijn belastinggegevens doet, moeten wij dat dan doorsturen? En wie is eigenlijk verantwoordelijk?': ['gemeenschappelijke-regeling-rol'],
    "Onze afdeling Klantcontact wil een AI-chatbot op de website zetten die vragen van inwoners beantwoordt. De leverancier zegt dat alles 'AVG-proof' is en dat de servers in Europa staan. Wat moeten we als gemeente zelf nog regelen voordat dit live gaat?": ['ai-chatbot-inwoners'],
    'vingerafdrukken bij paspoortaanvraag, hoe lang bewaren wij die?': ['vingerafdruk-biometrie'],
    'Een nieuwe collega vroeg wat het verschil is tussen de geheimhoudingsplicht uit de Ambtenarenwet, het ambtsgeheim uit het Wetboek van Strafrecht en de AVG. Ik kon dat niet goed uitleggen. Hoe hangen die met elkaar samen?': ['geheimhouding-gemeentewet-avg'],
    "We hebben jaren geleden een convenant gesloten met de politie en woningcorporaties over de aanpak van woonoverlast. Niemand weet eigenlijk nog wat erin staat, maar er worden wel maandelijks gegevens uitgewisseld in een overleg. Moet zo'n convenant regelmatig herzien worden?": ['convenant-herzien'],
    "Bij de aanpak van woonfraude en huisjesmelkerij werken we samen met woningcorporaties en de Belastingdienst. Er wordt gesproken over een gezamenlijke 'signalenlijst' van adressen. Wat zijn de valkuilen bij zo'n samenwerkingsverband?": ['signalenlijst-samenwerkingsverband'],
    'waar vind ik het model verwerkersovereenkomst van de vng': ['model-verwerkersovereenkomst-vng'],
    'In onze verwerkersovereenkomsten staat dat we het recht hebben om audits te doen bij de leverancier, maar dat doen we eigenlijk nooit. De accountant vroeg hoe we controleren of verwerkers zich aan de afspraken houden. Wat is een reële aanpak?': ['verwerker-controleren'],
    'Als teamleider merk ik dat een paar thuiswerkers slecht bereikbaar zijn. Ik zou graag inzicht hebben in wanneer ze ingelogd zijn en hoe actief ze zijn in Teams. ICT zegt dat dat technisch kan. Mag ik dat zomaar opvragen?': ['online-status-teams-monitoren'],
    "We krijgen steeds vaker inzageverzoeken die duidelijk bedoeld zijn als munitie in een conflict met de gemeente, bijvoorbeeld van iemand die een procedure tegen ons heeft lopen over een handhavingsbesluit. Mogen we zo'n verzoek weigeren omdat het eigenlijk misbruik is?": ['inzageverzoek-misbruik'],
    'Bij de begrotingsbehandeling wil een fractie een motie indienen om gezichtsherkenning in te zetten bij evenementen. De griffie wil de fractie een neutraal overzicht geven van de juridische kaders. Wat zijn de belangrijkste punten?': ['gezichtsherkenning'],
    'how long does a DPIA take and what goes into it?': ['dpia-inhoud'],
    'vingerafdruk voor tijdregistratie, mag dat?': ['vingerafdruk-biometrie'],
    'zijn raadsleden zelf verantwoordelijk voor de persoonsgegevens in hun mail': ['raadsleden-fracties-verantwoordelijk'],
    'A resident asked us for every email in which his name is mentioned, going back years. Do we really have to search the mailboxes of all colleagues? That seems like a huge job and half the organisation might have mentioned him somewhere.': ['inzageverzoek-mailboxen'],
    "how do I explain to a resident why we won't remove their old address from the BRP?": ['brp-historie'],
    'mag de sociale recherche het facebook van een klant bekijken': ['online-onderzoek-personen'],
    'gemeenschappelijke regeling, verwerker of verantwoordelijke?': ['gemeenschappelijke-regeling-rol'],
    'is de accountant een verwerker?': ['accountant-eigen-verantwoordelijke'],
    'wat is de AI verordening en geldt die ook voor gemeenten': ['ai-verordening'],
    'Voor de verkiezingen werven we stembureauleden via een online formulier, en we hebben een bestand van mensen die eerder hebben meegedaan. Hoe lang mogen we die gegevens bewaren en mogen we die mensen de volgende keer gewoon weer benaderen?': ['bewaartermijn-verkiezingen'],
    'Onze gemeente wil een pilot doen met camerabeelden uit de binnenstad die automatisch worden geanalyseerd op afwijkend gedrag, zoals vechtpartijen. De leverancier zegt dat er geen gezichtsherkenning wordt gebruikt. Welke vragen moeten we stellen?': ['ai-camerabeelden'],
    'Wij nemen samen met vier andere gemeenten deel in een gemeenschappelijke regeling die de ICT voor ons allemaal doet. Er ligt een verwerkersovereenkomst tussen elke gemeente en de GR, maar de GR bepaalt in de praktijk zelf welke systemen er gebruikt worden. Klopt die rolverdeling nog?': ['gemeenschappelijke-regeling-rol'],
    'hoe vaak moeten we autorisaties in het zaaksysteem nalopen': ['autorisaties-nalopen'],
    'bewaartermijn jeugdhulpdossier?': ['bewaartermijn-jeugdhulp'],
    'ondersteuningsverklaringen verkiezingen hoe lang bewaren': ['bewaartermijn-verkiezingen'],
    'wat is het verschil tussen de brp en de rni': ['brp-rni'],
    'moet de OR instemmen met een personeelsvolgsysteem': ['or-instemming-personeelsvolgsysteem'],
    'wat moet er in het algoritmeregister': ['algoritmeregister'],
    'Ons contract met de leverancier van het oude Wmo-systeem loopt over drie maanden af en we stappen over naar een andere leverancier. Wat moeten we met de oude leverancier regelen wat betreft de gegevens?': ['einde-verwerkersovereenkomst'],
    'does the gdpr apply to council members when they do party work?': ['raadsleden-fracties-verantwoordelijk'],
    # a question the labeller gave entries, which a new entry (on clean desk, named in issue 10) answers too
    'is clean desk nou verplicht vanuit de avg?': ['kantoortuin-clean-desk'],
}
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
def load_dev(added_labels: bool = True) -> list[dict]:
    """All development messages; each carries "set" (dev1 to dev4)."""
    questions = yaml.safe_load(DEVSET.read_text(encoding="utf-8"))["questions"]
    messages = [{"text": q["q"], "class": "privacy_question" if q["expect"] else "out_of_scope",
                 "expect": q["expect"], "labelled": True, "set": "dev1"} for q in questions]
    messages += [{**m, "set": "dev1"} for m in yaml.safe_load(DEVSET_INTENTS.read_text(encoding="utf-8"))["messages"]]
    return (messages + load_dev2(added_labels)
            + load_blind(DEVSET3, DEVSET3_LABELS, "dev3", added_labels_file(DEVSET3) if added_labels else None)
            + load_blind(DEVSET4, HERE / "devset4_labels.yaml", "dev4"))


def load_blind(path: Path, labels_path: Path, name: str, added: dict | None = None) -> list[dict]:
    """A blind development set with its labeller's labels (null: none answers it), plus `added` labels."""
    if not path.exists():
        return []
    messages = [{**m, "set": name} for m in yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]]
    labels = {}
    if labels_path.exists():
        raw = yaml.safe_load(labels_path.read_text(encoding="utf-8")) or {}
        labels = {item["text"]: item.get("expect") for item in raw.get("labels") or []}
    return apply_labels(messages, labels, added)


def apply_labels(messages: list[dict], labels: dict, added: dict | None) -> list[dict]:
    """Each labelled privacy question gets its labeller's entry ids, plus any `added` ids."""
    for m in messages:
        if m.get("class") == "privacy_question" and m["text"] in labels:
            m["expect"], m["labelled"] = labels[m["text"]], True
            if added and m["text"] in added:
                m["expect"] = list(m["expect"] or []) + added[m["text"]]
    return messages


def load_dev2(added_labels: bool = True) -> list[dict]:
    """benchmarks/devset2.yaml with the labels of benchmarks/devset2_labels.yaml, plus DEV2_ADDED_LABELS and
    benchmarks/devset2_added_labels.yaml unless `added_labels` is false."""
    added = {}
    if added_labels:
        added = {text: list(ids) for text, ids in DEV2_ADDED_LABELS.items()}
        for text, ids in added_labels_file(DEVSET2).items():
            added[text] = added.get(text, []) + ids
    return load_blind(DEVSET2, DEVSET2_LABELS, "dev2", added or None)


def added_labels_file(messages_path: Path) -> dict[str, list[str]]:
    """<set>_added_labels.yaml: entries written after the set was labelled that also answer a question,
    assigned by a separate labeller from the entries alone (text -> entry ids)."""
    path = messages_path.with_name(messages_path.stem + "_added_labels.yaml")
    if not path.exists():
        return {}
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {item["text"]: list(item["expect"]) for item in raw.get("added") or []}


def load_heldout(added_labels: bool = True) -> tuple[list[dict], bool]:
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
    if labels is not None:
        apply_labels(messages, labels, added_labels_file(HELDOUT) if added_labels else None)
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
            misses.append(f"[{m.get('set', '?')}{' long' if m.get('long') else ''}] {miss}: {m['text']}")

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
    parser.add_argument("--sets", default="dev,dev2,dev3,held-out",
                        help="the columns to print (comma-separated among dev, dev2, dev3, dev4, held-out)")
    parser.add_argument("--labeller-only", action="store_true",
                        help="score every set on its labeller's labels alone (without DEV2_ADDED_LABELS and *_added_labels.yaml)")
    args = parser.parse_args(argv)

    kb = knowledge.load()
    intents = knowledge.load_intents()[0]
    run = systems(kb, intents)
    dev = load_dev(added_labels=not args.labeller_only)
    heldout, labelled = ([], False) if args.dev_only else load_heldout(added_labels=not args.labeller_only)
    for decide in run.values():  # warm up (caches, lazy imports)
        for m in dev[:30]:
            decide(m["text"])
    wanted = args.sets.split(",")
    parts = {"dev": dev, "held-out": heldout}
    parts.update({name: [m for m in dev if m.get("set") == name] for name in ("dev2", "dev3", "dev4")})
    sets = [s for s in ("dev", "dev2", "dev3", "dev4", "held-out") if s in wanted and parts[s]]
    results = {}
    for name, decide in run.items():
        results[("dev", name)] = evaluate(decide, dev, keep_misses=name == (args.misses or "router"))
        for s in sets:
            if s != "dev":
                results[(s, name)] = evaluate(decide, parts[s])

    for s in sets:
        n = results[(s, "router")]["n"]
        extra = ""
        if s == "held-out":
            extra = (f"; entry labels for {results[(s, 'router')]['labelled']} knowledge questions" if labelled
                     else "; no entry labels yet (benchmarks/heldout_labels.yaml): knowledge questions answered or not")
        elif s == "dev":
            extra = (f"; {results[(s, 'router')]['labelled']} knowledge questions labelled; all development sets "
                     "together (devset, devset_intents, devset2, devset3, devset4): the targets apply here")
        else:
            extra = (f"; {results[(s, 'router')]['labelled']} knowledge questions labelled; benchmarks/devset{s[3:]}.yaml "
                     "alone (already inside dev)")
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
        f"  entry score: {1 - router_module.model.CLASSIFIER_WEIGHT} cosine ranking + "
        f"{router_module.model.CLASSIFIER_WEIGHT} entry classifier (linear SVM over the entries)\n"
        f"  answer at entry score >= {router_module.ANSWER_SCORE} (over {router_module.LONG_WORDS} words: "
        f">= {router_module.ANSWER_SCORE_LONG}; x {router_module.decision.AGREE_FACTOR} when the cosine "
        f"ranking and the classifier put the same entry first) with a lead of {router_module.ANSWER_MARGIN} over the best "
        f"runner-up not among the answer's {router_module.SEE_ALSO} 'zie ook' entries; suggest from "
        f"{router_module.SUGGEST_SCORE} ({router_module.SUGGEST_SCORE_LONG})\n"
        f"  'not about privacy' "
        f"from p(out of scope) >= {router_module.OUT_OF_SCOPE} unless an entry scores {router_module.OUT_OF_SCOPE_ANSWER}\n"
        f"  a sharing case by rule that is a question with p >= {router_module.SHARE_RULE_QUESTION} and has a good "
        f"answer is answered, the triage one tap away; a long message ending in a question is offered a flow, not "
        f"started"
    )
    if args.misses:
        misses = results[("dev", args.misses)]["misses"]
        print(f"\n== {args.misses} on the dev set: {len(misses)} misses")
        for line in misses:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
