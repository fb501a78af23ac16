"""What a turn tells the rest of the app: typed events that `app.py` routes to the reminders."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IncidentFiled:
    """A new incident: ping the CISO and the FG now and start its clock."""

    ref: str


@dataclass(frozen=True)
class IncidentChanged:
    """Acknowledged, decided, closed or otherwise changed: the clock re-reads it."""

    ref: str


Event = IncidentFiled | IncidentChanged
