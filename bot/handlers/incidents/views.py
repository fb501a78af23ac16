"""What the register looks like to a person, platform-free: the overview of open incidents, one
incident's details, the reporter's own reports and a person's home screen.

The incidents handler answers commands and buttons with these; the engine's `home(person)` hands
`home()` to the adapters (Slack's App Home renders it as Block Kit). Only the CISO, the FG, their
deputies and (a short status) the reporter ever see an incident.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.config import ROLE_LABELS
from bot.dates import format_local
from bot.handlers.base import Context
from bot.handlers.datalek import STATUS_TEXT
from bot.handlers.datalek.assessment import CATEGORY_LABELS, KIND_LABELS
from bot.messages import Choice, Reply
from bot.reminders.pings import RISK_SHORT, incident_actions, time_left
from storage.incidents import IncidentNotFound, events, get_incident, list_incidents, parse_iso

P = "inc"
DECISION_TEXT = {"reported": "gemeld bij de AP", "not_reportable": "niet meldplichtig"}
INFORMED_TEXT = {"yes": "betrokkenen zijn geïnformeerd", "no": "betrokkenen (nog) niet geïnformeerd", "not_needed": "informeren niet nodig"}
# to anyone without a role who did not report it, whether the incident exists or not
REFUSAL = "Sorry, dit incident kan ik je niet laten zien. Alleen de melder, de CISO en de FG hebben toegang."
OVERVIEW_BUTTONS = 8
HOME_OWN_LIMIT = 20
HOME_OPEN_LIMIT = 40  # a Slack Home view holds at most 100 blocks


def roles(ctx: Context, person_key: str) -> set[str]:
    return ctx.config.roles_of(person_key)


def load(ctx: Context, ref: str) -> dict | None:
    try:
        return get_incident(ctx.store, ref.upper())
    except IncidentNotFound:
        return None


def open_incidents(ctx: Context) -> list[dict]:
    """Incidents not yet closed, most urgent first: undecided by deadline, then decided by deadline."""
    rows = [r for r in list_incidents(ctx.store) if r["status"] != "closed"]
    undecided = sorted((r for r in rows if not r["decision"]), key=lambda r: r["deadline"])
    decided = sorted((r for r in rows if r["decision"]), key=lambda r: r["deadline"])
    return undecided + decided


def own_reports(ctx: Context, person_key: str) -> list[dict]:
    """The incidents `person_key` reported, newest first."""
    return sorted(list_incidents(ctx.store, reporter=person_key), key=lambda r: r["ref"], reverse=True)


# -- replies for the incidents handler -------------------------------------------------------
def overview(ctx: Context, person: str) -> Reply:
    """/incidenten: the open incidents for the CISO and the FG."""
    if not roles(ctx, person):
        return Reply("Het overzicht van incidenten is alleen voor de CISO en de FG. Je eigen meldingen zie je met /mijnmeldingen.")
    now = ctx.now()
    rows = open_incidents(ctx)
    if not rows:
        return Reply("Er zijn geen openstaande incidenten. 🎉")
    lines = [f"Openstaande incidenten ({len(rows)}), meest urgent eerst:"]
    for r in rows:
        if r["decision"]:
            lines.append(f"• {r['ref']}: besluit {DECISION_TEXT[r['decision']]}, nog af te sluiten")
        else:
            ack = "" if r["acknowledged_at"] else ", nog niet gezien"
            lines.append(f"• {r['ref']}: {KIND_LABELS.get(r['kind'], r['kind'])} — {time_left(parse_iso(r['deadline']), now)}{ack}")
    choices = [Choice(f"📄 {r['ref']}", f"{P}:show:{r['ref']}") for r in rows[:OVERVIEW_BUTTONS]]
    return Reply("\n".join(lines), choices)


def details(ctx: Context, person: str, ref: str) -> Reply:
    """/incident REF: everything for the roles; a short status for the reporter; nothing for others."""
    incident = load(ctx, ref)
    is_role = bool(roles(ctx, person))
    if not is_role and (incident is None or incident["reporter"] != person):
        return Reply(REFUSAL)  # the same whether the incident exists or not: no guessing references
    if incident is None:
        return Reply(f"Ik ken geen incident {ref}. Controleer de referentie (bijvoorbeeld DL-2026-0001).")
    now = ctx.now()
    facts = incident["facts"]
    deadline = parse_iso(incident["deadline"])
    status = status_line(incident, now)
    if not is_role:
        from bot.handlers.amend import amend_button  # here: amend.py reads these views

        return Reply(f"Je melding {ref}: {KIND_LABELS.get(incident['kind'])}.\nStatus: {status}",
                     [amend_button(ref)] if incident["status"] != "closed" else [])
    yn = {True: "ja", False: "nee", None: "onbekend"}
    log = events(ctx.store, ref)
    amended = [e for e in log if e["action"] == "amended"]
    lines = [
        f"{ref} — {KIND_LABELS.get(facts.get('kind'), facts.get('kind'))}",
        f"Status: {status}",
        *([f"Opgepakt door: {person_label(ctx, incident['owner'])}"] if incident.get("owner") else []),
        f"Ontdekt: {format_local(parse_iso(incident['discovered_at']))}",
        f"Gebeurd: {format_local(parse_iso(facts['occurred_at'])) if facts.get('occurred_at') else 'onbekend'}",
        f"Uiterlijk melden bij de AP: {format_local(deadline)}",
        f"Gegevens: {', '.join(CATEGORY_LABELS.get(c, c) for c in facts.get('data_categories', [])) or 'onbekend'}",
        f"Aantal mensen: {facts.get('subjects') if facts.get('subjects') is not None else 'onbekend'}",
        f"Versleuteld: {yn[facts.get('encrypted')]}; ontvanger betrouwbaar: {yn[facts.get('recipient_trusted')]}; "
        f"teruggehaald/verwijderd: {yn[facts.get('data_contained')]}",
        f"Omschrijving: {facts.get('description') or '-'}",
        *([f"Aanvullingen ({len(amended)}):"] if amended else []),
        *[f"  {format_local(parse_iso(e['at']))} · {'de melder' if e['actor'] == 'melder' else person_label(ctx, e['actor'])}: "
          f"{e['details'].get('text') or '-'}" for e in amended],
        f"Melder: {incident['reporter']} ({incident.get('department') or 'afdeling onbekend'}), bereikbaar {incident.get('contact') or 'via de chat'}",
        "",
        f"Voorlopige inschatting: {RISK_SHORT.get(incident['assessment'].get('risk'), '?')}",
        *[f"  – {reason}" for reason in incident["assessment"].get("reasons", [])],
        "",
        "Logboek:",
        *[f"  {format_local(parse_iso(e['at']))} · {e['actor']} · {e['action']}" for e in log[-10:]],
    ]
    return Reply("\n".join(lines), actions(incident))


def person_label(ctx: Context, person_key: str) -> str:
    """'test:ciso (CISO)': a person key with its roles."""
    names = "/".join(ROLE_LABELS[r] for r in sorted(roles(ctx, person_key)))
    return f"{person_key} ({names})" if names else person_key


def status_line(incident: dict, now: datetime) -> str:
    if incident["status"] == "closed":
        return f"afgesloten ({DECISION_TEXT.get(incident['decision'], '-')})"
    if incident["decision"]:
        extra = f", AP-kenmerk {incident['ap_reference']}" if incident.get("ap_reference") else ""
        informed = f"; {INFORMED_TEXT[incident['subjects_informed']]}" if incident.get("subjects_informed") else ""
        return f"besluit: {DECISION_TEXT[incident['decision']]}{extra}{informed}"
    seen = f"gezien door {incident['acknowledged_by']}" if incident["acknowledged_at"] else "nog niet gezien door CISO/FG"
    return f"open, {seen}, {time_left(parse_iso(incident['deadline']), now)}"


def actions(incident: dict) -> list[Choice]:
    """The buttons the roles get with an incident, depending on where it stands."""
    ref = incident["ref"]
    if incident["status"] == "closed":
        return []
    own = Choice("🙋 Ik neem het over" if incident.get("owner") else "🙋 Ik pak dit op", f"{P}:own:{ref}")
    if incident["decision"]:
        return [
            Choice("👥 Betrokkenen geïnformeerd?", f"{P}:informed:{ref}"),
            Choice("📝 Notitie", f"{P}:note:{ref}"),
            Choice("✏️ Besluit corrigeren", f"{P}:correct:{ref}"),
            Choice("🔒 Afsluiten", f"{P}:close:{ref}"),
            own,
        ]
    buttons = [c for c in incident_actions(ref) if not c.value.startswith(f"{P}:show:")]
    if incident["acknowledged_at"]:
        buttons = [c for c in buttons if not c.value.startswith(f"{P}:ack:")]
    return buttons + [Choice("📝 Notitie", f"{P}:note:{ref}"), own]


# -- a person's home screen --------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    """One incident in a list: its reference, what kind it is, where it stands, and a button."""

    ref: str
    kind: str
    state: str
    choice: Choice | None = None


@dataclass
class HomeView:
    """What a person's home screen shows (Slack's App Home), without any platform markup.

    `own` are the person's own reports (newest first, `own_more` not shown); for the CISO, the FG
    and their deputies `role_names` is set ("CISO/FG") and `open` lists the open incidents, most
    urgent first (`open_total` in all, `open_more` not shown)."""

    organisation: str
    start: Choice
    own: list[Line] = field(default_factory=list)
    own_more: int = 0
    role_names: str | None = None
    open: list[Line] = field(default_factory=list)
    open_total: int = 0
    open_more: int = 0


def home(ctx: Context, person_key: str) -> HomeView:
    now = ctx.now()
    view = HomeView(ctx.config.organisation, Choice("🚨 Datalek melden", "/datalek"))
    mine = own_reports(ctx, person_key)
    for row in mine[:HOME_OWN_LIMIT]:
        when = format_local(parse_iso(row["created_at"]))
        status = STATUS_TEXT.get(row["status"], row["status"])
        view.own.append(Line(row["ref"], KIND_LABELS.get(row["kind"], row["kind"] or "?"), f"gemeld {when}: {status}"))
    view.own_more = max(0, len(mine) - HOME_OWN_LIMIT)

    person_roles = roles(ctx, person_key)
    if not person_roles:
        return view
    view.role_names = "/".join(ROLE_LABELS[r] for r in sorted(person_roles))
    rows = open_incidents(ctx)
    view.open_total = len(rows)
    view.open_more = max(0, len(rows) - HOME_OPEN_LIMIT)
    for row in rows[:HOME_OPEN_LIMIT]:
        if row.get("decision"):
            state = f"besluit: {DECISION_TEXT.get(row['decision'], row['decision'])}, nog af te sluiten"
        else:
            seen = f"gezien door {row['acknowledged_by']}" if row.get("acknowledged_at") else "nog niet gezien"
            state = f"⏳ {time_left(parse_iso(row['deadline']), now)} · {seen}"
        kind = KIND_LABELS.get(row["kind"], row["kind"] or "?")
        view.open.append(Line(row["ref"], kind, state, Choice("📄 Details", f"{P}:show:{row['ref']}")))
    return view
