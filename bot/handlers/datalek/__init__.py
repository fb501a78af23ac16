"""The datalek intake: recognise a report, take it step by step, file it with a reference."""
from bot.handlers.datalek.detect import detect
from bot.handlers.datalek.handler import STATUS_TEXT, DatalekHandler, assessment_facts, my_reports

__all__ = ["DatalekHandler", "STATUS_TEXT", "assessment_facts", "detect", "my_reports"]
