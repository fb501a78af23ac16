"""Storage: the single source of truth, behind named functions (SQLite by default, PostgreSQL with DATABASE_URL)."""
from storage.db import open_db

__all__ = ["open_db"]
