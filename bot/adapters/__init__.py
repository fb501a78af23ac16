"""Thin adapters that translate between a chat platform and the engine."""
