"""Telegram: the adapter (app.py: lifecycle, updates, sending, flood control) and render.py."""
from bot.adapters.telegram.app import TelegramAdapter, TelegramNotifier

__all__ = ["TelegramAdapter", "TelegramNotifier"]
