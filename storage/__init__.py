"""SQLite storage (sqlite-utils): the single source of truth."""
from storage.db import open_db

__all__ = ["open_db"]
