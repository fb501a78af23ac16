"""The CISO/FG side of the register: commands and buttons (handler.py), what they show (views.py)."""
from bot.handlers.incidents.handler import IncidentsHandler

__all__ = ["IncidentsHandler"]
