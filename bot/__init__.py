"""Privacyloket: a chat-ops privacy bot for municipal staff."""
