"""The 72-hour clock: what is due when (milestones), what a ping says (pings), who sends it (runner)."""
from bot.reminders.runner import Reminders

__all__ = ["Reminders"]
