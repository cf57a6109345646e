"""Schema objects that live outside the models, and how migrations' drift checks treat them."""
from __future__ import annotations

# Indexes made at runtime per column (views/indexes.py) or in raw SQL for PostgreSQL only
# (search, GIN): the models do not declare them, so autogenerate must not try to drop them.
UNMODELLED_INDEX_PREFIXES = ("ix_dyn_", "ix_pg_")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return not (type_ == "index" and name and name.startswith(UNMODELLED_INDEX_PREFIXES))
