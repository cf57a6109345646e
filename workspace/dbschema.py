"""Schema objects that live outside the models, and how migrations' drift checks treat them."""
from __future__ import annotations

# Indexes made at runtime per column (views/indexes.py) or in raw SQL for PostgreSQL only
# (search, GIN): the models do not declare them, so autogenerate must not try to drop them.
UNMODELLED_INDEX_PREFIXES = ("ix_dyn_", "ix_pg_")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return not (type_ == "index" and name and name.startswith(UNMODELLED_INDEX_PREFIXES))


def drop_everything(db) -> None:
    """Empties the database completely (tests and benchmarks start from an empty schema)."""
    from sqlalchemy import text

    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    else:
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
