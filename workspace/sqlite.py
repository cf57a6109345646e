"""SQLite connection setup: Unicode-aware lower(), so case-insensitive filters and search fold
"ÜBER" and "über" alike, as PostgreSQL does (SQLite's own lower() folds ASCII only)."""
from __future__ import annotations

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine


def _lower(value):
    return value.lower() if isinstance(value, str) else value


@event.listens_for(Engine, "connect")
def _unicode_lower(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)
