"""The desk's pages: open incidents with their countdown, one incident in full, the register, statistics.

Each handler reads through `storage` and the incident views, builds a plain dict for its template
and renders it. Times are Dutch local time (Europe/Amsterdam), from the app's one clock.
"""
from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from aiohttp import web

from bot.adapters.web import charts, words
from bot.adapters.web.app import not_found, render, the_desk
from bot.dates.formatting import local
from bot.handlers.datalek.assessment import KINDS
from bot.handlers.incidents import actions as incident_actions
from bot.handlers.incidents.views import INFORMED_TEXT
from bot.reminders.milestones import is_running, next_milestone
from bot.reminders.pings import RISK_SHORT
from storage import desk
from storage.incidents import IncidentNotFound, events, get_incident, owners, parse_iso

PAGE_SIZE = 50
DECISION_EVENTS = ("decided_reported", "decided_not_reportable", "decision_corrected")
STATS_DECISION = {"reported": "gemeld bij de AP", "not_reportable": "niet meldplichtig", None: "nog zonder besluit"}
MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def clock_of(incident: dict, now: datetime) -> dict:
    """The countdown and the next reminder of an incident whose clock runs (else running=False)."""
    deadline = parse_iso(incident["deadline"])
    text, late = words.countdown(deadline, now)
    upcoming = next_milestone(incident, now)
    return {
        "running": is_running(incident),
        "deadline_iso": deadline.isoformat(timespec="seconds"),
        "deadline_text": words.long(deadline),
        "left": text,
        "late": late,
        "next_text": words.milestone_text(upcoming.name) if upcoming else None,
        "next_at": words.long(upcoming.due) if upcoming else None,
    }


def summary_row(incident: dict, now: datetime, config=None) -> dict:
    owner = incident.get("owner")
    return {
        "ref": incident["ref"],
        "kind": words.kind_label(incident["kind"]),
        "risk": incident["assessment"].get("risk"),
        "risk_text": words.RISK_LABEL.get(incident["assessment"].get("risk"), "onbekend"),
        "status": incident["status"],
        "status_text": words.STATUS_SHORT.get(incident["status"], incident["status"]),
        "decision_text": words.DECISION_SHORT.get(incident["decision"], incident["decision"]),
        "ap_reference": incident.get("ap_reference"),
        "discovered": words.short(incident["discovered_at"]),
        "acknowledged_by": incident.get("acknowledged_by"),
        "owner": (words.actor_text(owner, config) if config is not None else owner) if owner else None,
        "department": incident.get("department"),
        "clock": clock_of(incident, now),
    }


# -- open incidents ------------------------------------------------------------------------------
async def open_list(request: web.Request) -> web.Response:
    d = the_desk(request)
    now = d.now()
    owned = owners(d.store)
    rows = [{**r, "owner": owned.get(r["ref"])} for r in desk.not_closed(d.store)]
    undecided = [summary_row(r, now, d.config) for r in rows if not r["decision"]]
    decided = [summary_row(r, now, d.config) for r in rows if r["decision"]]
    return render(request, "list.html", {"page": "list", "undecided": undecided, "decided": decided})


# -- one incident ------------------------------------------------------------------------------
def incident_facts(incident: dict) -> list[tuple[str, str]]:
    facts = incident["facts"]
    yn = words.YES_NO
    return [
        ("Soort", words.kind_label(facts.get("kind") or incident["kind"])),
        ("Gebeurd", words.long(facts.get("occurred_at"))),
        ("Ontdekt", words.long(incident["discovered_at"])),
        ("Gemeld in de chat", words.long(incident["created_at"])),
        ("Uiterlijk melden bij de AP", words.long(incident["deadline"])),
        ("Omschrijving", facts.get("description") or "–"),
        ("Soorten gegevens", words.categories_text(facts.get("data_categories"))),
        ("Aantal betrokkenen", words.subjects_text(facts.get("subjects"))),
        ("Versleuteld", yn.get(facts.get("encrypted"), "onbekend")),
        ("Ontvanger of vinder bekend en betrouwbaar", yn.get(facts.get("recipient_trusted"), "onbekend")),
        ("Teruggehaald of verwijderd (bevestigd)", yn.get(facts.get("data_contained"), "onbekend")),
        ("Gekopieerd of weggehaald", yn.get(facts.get("exfiltrated"), "onbekend")),
        ("Melder", incident["reporter"]),
        ("Afdeling", incident.get("department") or "onbekend"),
        ("Bereikbaar", incident.get("contact") or "via de chat"),
    ]


def decision_view(incident: dict, log: list[dict], d) -> dict:
    history = [{"at": words.long(e["at"]), "text": words.event_sentence(e, d.config)}
               for e in log if e["action"] in DECISION_EVENTS]
    return {
        "decision": incident["decision"],
        "text": words.DECISION_SHORT.get(incident["decision"], incident["decision"]),
        "by": incident.get("decision_by"),
        "at": words.long(incident.get("decision_at")) if incident.get("decision_at") else None,
        "ap_reference": incident.get("ap_reference"),
        "delay_reason": incident.get("delay_reason"),
        "not_reportable_reason": incident.get("not_reportable_reason"),
        "informed": INFORMED_TEXT.get(incident.get("subjects_informed")) if incident.get("subjects_informed") else None,
        "history": history,
    }


def available(incident: dict, now: datetime) -> dict:
    """Which forms the incident page offers now (the same rules as the chat's buttons)."""
    closed = incident["status"] == "closed"
    decided = bool(incident["decision"])
    return {
        "ack": not closed and not incident["acknowledged_at"] and not decided,
        "note": not closed,
        "decide": not closed and not decided,
        "late": now > parse_iso(incident["deadline"]),
        "informed": not closed and decided,
        "close": not closed and decided,
        "close_needs_reason": not closed and decided and incident_actions.needs_close_reason(incident),
        "correct": not closed and decided,
        "own": not closed,
    }


def incident_context(d, incident: dict, now: datetime) -> dict:
    log = events(d.store, incident["ref"])
    return {
        "page": "incident",
        "incident": incident,
        "row": summary_row(incident, now, d.config),
        "status_text": words.STATUS_TEXT.get(incident["status"], incident["status"]),
        "facts": incident_facts(incident),
        "risk_text": RISK_SHORT.get(incident["assessment"].get("risk"), "onbekend"),
        "reasons": incident["assessment"].get("reasons", []),
        "notes": [{"at": words.long(e["at"]), "who": words.actor_text(e["actor"], d.config),
                   "text": (e["details"] or {}).get("text") or ""} for e in log if e["action"] == "note"],
        "amendments": [{"at": words.long(e["at"]), "who": words.actor_text(e["actor"], d.config),
                        "text": (e["details"] or {}).get("text") or ""} for e in log if e["action"] == "amended"],
        "decision": decision_view(incident, log, d),
        "timeline": [{"at": words.short(e["at"]), "at_long": words.long(e["at"]),
                      "text": words.event_sentence(e, d.config), "action": e["action"]} for e in log],
        "can": available(incident, now),
        "informed_choices": list(INFORMED_TEXT.items()),
        "errors": {},
        "values": {},
    }


def load_incident(request: web.Request) -> dict | None:
    try:
        return get_incident(the_desk(request).store, request.match_info["ref"])
    except IncidentNotFound:
        return None


async def incident(request: web.Request) -> web.Response:
    d = the_desk(request)
    row = load_incident(request)
    if row is None:
        return not_found(request, f"Er is geen incident {request.match_info['ref']}.")
    return render(request, "incident.html", incident_context(d, row, d.now()))


# -- the register ------------------------------------------------------------------------------
def register_filters(query) -> dict:
    """The register's filters from the query string, each checked; unknown values are dropped."""
    def number(name):
        value = (query.get(name) or "").strip()
        return int(value) if value.isdigit() and len(value) <= 6 else None

    kind = query.get("soort") or None
    status = query.get("status") or None
    decision = query.get("besluit") or None
    return {
        "year": number("jaar"),
        "kind": kind if kind in KINDS else None,
        "status": status if status in words.STATUS_SHORT else None,
        "decision": decision if decision in ("reported", "not_reportable", "none") else None,
        "query": (query.get("q") or "").strip()[:100] or None,
        "page": max(1, number("pagina") or 1),
    }


def filter_query(filters: dict, **extra) -> str:
    names = {"year": "jaar", "kind": "soort", "status": "status", "decision": "besluit", "query": "q"}
    pairs = [(names[k], v) for k, v in filters.items() if k in names and v]
    pairs += [(k, v) for k, v in extra.items() if v]
    return urlencode(pairs)


async def register(request: web.Request) -> web.Response:
    d = the_desk(request)
    now = d.now()
    f = register_filters(request.query)
    total, rows = desk.register_page(d.store, year=f["year"], kind=f["kind"], status=f["status"],
                                     decision=f["decision"], query=f["query"], limit=PAGE_SIZE,
                                     offset=(f["page"] - 1) * PAGE_SIZE)
    pages = max(1, -(-total // PAGE_SIZE))
    return render(request, "register.html", {
        "page": "register",
        "filters": f,
        "rows": [summary_row(r, now) for r in rows],
        "total": total,
        "page_no": f["page"],
        "pages": pages,
        "prev_url": f"/register?{filter_query(f, pagina=f['page'] - 1)}" if f["page"] > 1 else None,
        "next_url": f"/register?{filter_query(f, pagina=f['page'] + 1)}" if f["page"] < pages else None,
        "export_query": filter_query(f),
        "years": desk.years(d.store),
        "kinds": [(k, words.kind_label(k)) for k in KINDS],
        "statuses": list(words.STATUS_SHORT.items()),
        "decisions": [("reported", "Gemeld bij AP"), ("not_reportable", "Niet meldplichtig"),
                      ("none", "Nog geen besluit")],
    })


# -- statistics --------------------------------------------------------------------------------
async def statistics(request: web.Request) -> web.Response:
    d = the_desk(request)
    now = d.now()
    known = desk.years(d.store)
    year_text = request.query.get("jaar", "")
    year = int(year_text) if year_text.isdigit() else local(now).year
    rows = desk.statistics_rows(d.store, year)
    per_month = [0] * 12
    per_kind: dict[str, int] = {}
    decisions = {"reported": 0, "not_reportable": 0, None: 0}
    in_time = hours = 0
    durations = []
    for r in rows:
        per_month[local(parse_iso(r["discovered_at"])).month - 1] += 1
        per_kind[r["kind"] or "other"] = per_kind.get(r["kind"] or "other", 0) + 1
        decisions[r["decision"] if r["decision"] in decisions else None] += 1
        if r["decision_at"]:
            decided = parse_iso(r["decision_at"])
            durations.append((decided - parse_iso(r["discovered_at"])).total_seconds() / 3600)
            in_time += decided <= parse_iso(r["deadline"])
    if durations:
        durations.sort()
        hours = durations[len(durations) // 2]
    kinds = sorted(per_kind.items(), key=lambda kv: (-kv[1], words.kind_label(kv[0])))
    return render(request, "stats.html", {
        "page": "stats",
        "year": year,
        "years": sorted(set(known) | {local(now).year}, reverse=True),
        "total": len(rows),
        "month_chart": charts.columns([(m, n) for m, n in zip(MONTHS, per_month)],
                                      title=f"Datalekken per maand in {year}"),
        "kind_chart": charts.bars([(words.kind_label(k), n) for k, n in kinds],
                                  title=f"Datalekken per soort in {year}"),
        "decisions": [(STATS_DECISION[k], n) for k, n in decisions.items()],
        "decided": len(durations),
        "in_time": in_time,
        "median_hours": round(hours, 1) if durations else None,
    })
