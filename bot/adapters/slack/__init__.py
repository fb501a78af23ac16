"""Slack: the adapter (app.py: lifecycle, listeners, posting, rate limits) and Block Kit (blocks.py)."""
from bot.adapters.slack.app import SlackAdapter, SlackNotifier

__all__ = ["SlackAdapter", "SlackNotifier"]
