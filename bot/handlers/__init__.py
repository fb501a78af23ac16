"""Conversation handlers: platform-free logic, one module per conversation."""
