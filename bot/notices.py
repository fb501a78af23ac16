"""Who hears what happened to an incident: the other officers and the reporter (a subscriber, wired in app.py).

When an incident is acknowledged, decided, corrected, closed or taken on, the officers who did not do
it (the CISO when the FG acted and vice versa; the deputies when they are set) get a short message;
the reporter hears the outcome of a decision or the closing in plain words, without internal details
(no reasons, no AP reference, no names). When the reporter adds to a report (`amended`), the CISO, the
FG and the owner hear it, with the Details button.

Each notice is made from storage (the incident and the event the change recorded), never from the
turn, and is claimed before it is sent under a unique key in the notifications table (milestone
"notice:<event id>"), like a ping: a button pressed twice, or the same event published twice, tells
nobody twice. A notice that cannot be delivered (no notifier for the platform, the platform refuses)
is not retried: it is news of the moment, and the incident itself shows what happened.
"""
from __future__ import annotations

import logging
from typing import Callable

from bot.adapters.outbox import Delivery, Outbox
from bot.config import ROLE_CISO, ROLE_DEPUTY, ROLE_FG, ROLE_LABELS, Config
from bot.events import Event, IncidentChanged
from bot.handlers.incidents.views import DECISION_TEXT, P
from bot.messages import Choice, Person, Reply
from bot.text import t
from storage import notifications
from storage.db import Store
from storage.incidents import REPORTER_ACTOR, IncidentNotFound, events, get_incident, parse_iso

log = logging.getLogger(__name__)

AMENDED = "amended"
# what the other officers hear about; what the reporter hears about (the outcome only)
OFFICER_EVENTS = frozenset({"acknowledged", "decided_reported", "decided_not_reportable", "decision_corrected",
                            "closed", "owner_taken"})
REPORTER_EVENTS = frozenset({"decided_reported", "decided_not_reportable", "decision_corrected", "closed"})
ROLE_ORDER = (ROLE_CISO, ROLE_FG, ROLE_DEPUTY)


def notice_key(ref: str, event_id: int, recipient: str) -> str:
    return f"{ref}|notice:{event_id}|{recipient}"


def _person(key: str) -> Person | None:
    platform, _, user_id = key.partition(":")
    return Person(platform, user_id) if platform and user_id else None


class Notices:
    def __init__(self, store: Store, config: Config, clock: Callable, outbox: Outbox):
        self.store = store
        self.config = config
        self.clock = clock
        self.outbox = outbox

    # -- who -------------------------------------------------------------------------------
    def officers(self) -> list[str]:
        """The CISO, the FG and (when set) their deputies, each once."""
        return list(dict.fromkeys([*self.config.ciso_users, *self.config.fg_users, *self.config.deputy_users]))

    def who(self, actor: str | None, logged_actor: str | None = None) -> str:
        """'De CISO', 'De FG', 'De CISO/FG', 'De plaatsvervanger', 'De melder'."""
        if logged_actor == REPORTER_ACTOR:
            return t("notices.who_reporter")[:1].upper() + t("notices.who_reporter")[1:]
        roles = self.config.roles_of(actor) if actor else set()
        if not roles:
            return t("notices.who_unknown")
        return "De " + "/".join(ROLE_LABELS[r] for r in ROLE_ORDER if r in roles)

    # -- what ------------------------------------------------------------------------------
    def officer_text(self, incident: dict, entry: dict, who: str) -> str | None:
        ref, action = incident["ref"], entry["action"]
        details = entry.get("details") or {}
        facts = {**details, **(details.get("changes") or {})}
        if action == "acknowledged":
            return t("notices.acknowledged", who=who, ref=ref)
        if action == "decided_reported":
            return t("notices.decided_reported", who=who, ref=ref, ap_reference=facts.get("ap_reference") or "-")
        if action == "decided_not_reportable":
            return t("notices.decided_not_reportable", who=who, ref=ref, reason=facts.get("not_reportable_reason") or "-")
        if action == "decision_corrected":
            previous = DECISION_TEXT.get(details.get("previous"), details.get("previous") or "geen besluit")
            if facts.get("decision") == "reported":
                return t("notices.corrected_reported", who=who, ref=ref, previous=previous,
                         ap_reference=facts.get("ap_reference") or "-")
            return t("notices.corrected_not_reportable", who=who, ref=ref, previous=previous,
                     reason=facts.get("not_reportable_reason") or "-")
        if action == "closed":
            if details.get("close_reason"):
                return t("notices.closed_reason", who=who, ref=ref, reason=details["close_reason"])
            return t("notices.closed", who=who, ref=ref)
        if action == "owner_taken":
            return t("notices.owner_taken", who=who, ref=ref)
        if action == AMENDED:
            return t("notices.amended", ref=ref, who_lower=who[:1].lower() + who[1:], text=details.get("text") or "")
        return None

    def reporter_text(self, incident: dict, entry: dict) -> str | None:
        ref, action = incident["ref"], entry["action"]
        details = entry.get("details") or {}
        decision = (details.get("changes") or {}).get("decision") or details.get("decision")
        if action in ("decided_reported", "decided_not_reportable"):
            return t(f"notices.reporter_{action.removeprefix('decided_')}", ref=ref)
        if action == "decision_corrected" and decision in ("reported", "not_reportable"):
            return t(f"notices.reporter_corrected_{decision}", ref=ref)
        if action == "closed":
            return t("notices.reporter_closed", ref=ref)
        return None

    def notices(self, incident: dict, entry: dict, actor: str | None) -> dict[str, Reply]:
        """Each recipient's notice of `entry` (an event of `incident`), the one who acted left out."""
        ref, action = incident["ref"], entry["action"]
        found: dict[str, Reply] = {}
        if action == AMENDED:
            owner = incident.get("owner")
            officers = [*self.config.ciso_users, *self.config.fg_users, *([owner] if owner else [])]
        elif action in OFFICER_EVENTS:
            officers = self.officers()
        else:
            officers = []
        text = self.officer_text(incident, entry, self.who(actor, entry.get("actor"))) if officers else None
        # news of an amendment comes with the Details button; the rest is a short line (the ping keeps its buttons)
        buttons = [Choice(t("notices.details"), f"{P}:show:{ref}")] if action == AMENDED else []
        if text:
            for recipient in dict.fromkeys(officers):
                if recipient != actor and (person := _person(recipient)) is not None:
                    found[recipient] = Reply(text, list(buttons), to=person, meta={"notice": action, "ref": ref})
        reporter = incident.get("reporter") or ""
        if action in REPORTER_EVENTS and reporter != actor and reporter not in found \
                and (person := _person(reporter)) is not None and (text := self.reporter_text(incident, entry)):
            found[reporter] = Reply(text, to=person, meta={"notice": action, "ref": ref})
        return found

    # -- sending ---------------------------------------------------------------------------
    async def on_event(self, event: Event) -> None:
        """A change of an incident (routed here by app.py): tell who should hear of it, once."""
        if not isinstance(event, IncidentChanged) or event.what not in OFFICER_EVENTS | REPORTER_EVENTS | {AMENDED}:
            return
        try:
            incident = get_incident(self.store, event.ref)
        except IncidentNotFound:
            return
        logged = [e for e in events(self.store, event.ref) if e["action"] == event.what]
        if not logged:
            return
        entry = logged[-1]
        actor = event.actor or entry.get("actor")
        for recipient, reply in self.notices(incident, entry, actor).items():
            await self.send(incident["ref"], entry, recipient, reply)

    async def send(self, ref: str, entry: dict, recipient: str, reply: Reply) -> Delivery | None:
        """Claim, deliver, record; None when it was claimed before (sent already, or being sent)."""
        key = notice_key(ref, entry["id"], recipient)
        if not notifications.claim(self.store, key, ref, f"notice:{entry['id']}", recipient, parse_iso(entry["at"]),
                                   self.clock(), "sending"):
            return None
        try:
            outcome = await self.outbox.deliver(recipient, reply)
        except Exception:  # deliver() never raises by contract; if it does, it may have sent
            log.exception("notice %s could not be delivered", key)
            outcome = Delivery.MAYBE
        notifications.finish(self.store, key, outcome.value, self.clock())
        return outcome
