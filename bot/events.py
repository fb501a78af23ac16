"""What a turn tells the rest of the app: typed events that `app.py` routes to the reminders and notices."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IncidentFiled:
    """A new incident: ping the CISO and the FG now and start its clock."""

    ref: str


@dataclass(frozen=True)
class IncidentChanged:
    """Acknowledged, decided, closed, amended or otherwise changed: the clock re-reads it.

    `what` names the event in the incident's log ("acknowledged", "decided_reported", "amended", ...)
    and `actor` the person key who did it; both may be None (an older caller): then nobody is told
    (bot/notices.py), the clock still re-reads the incident."""

    ref: str
    what: str | None = None
    actor: str | None = None


Event = IncidentFiled | IncidentChanged
