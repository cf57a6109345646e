"""Search `q`: case-insensitive over the item's name and its values, CJK and Thai included.

On PostgreSQL the clause is LIKE over bh_search_text(name, values), the immutable function a
pg_trgm GIN index is built on (migrations), so a big board is never scanned row by row. On
SQLite it is LIKE over the name and each top-level value.
"""
from __future__ import annotations

from sqlalchemy import String, exists, func, literal, or_, select
from sqlalchemy.sql.elements import ColumnElement

from boards.filtertree import BadQuery
from boards.models import Item

MAX_QUERY = 200
SEPARATOR = "\x1f"  # between the fields in bh_search_text, so a match never spans two of them


def _pattern(q: str) -> str:
    escaped = q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_clause(q: str, dialect: str) -> ColumnElement:
    q = q.strip()
    if len(q) > MAX_QUERY:
        raise BadQuery(f"search text is longer than {MAX_QUERY} characters", {"q": "too long"})
    if "\x00" in q or SEPARATOR in q:
        raise BadQuery("search text contains a control character", {"q": "control character"})
    pattern = _pattern(q)
    if dialect == "postgresql":
        return func.bh_search_text(Item.name, Item.values, type_=String).like(pattern, escape="\\")
    # Every scalar inside the values (a link's url, a location's address), never the keys.
    atoms = func.json_tree(Item.values).table_valued("value", "type").alias("searched")
    in_values = exists(select(literal(1)).select_from(atoms).where(
        atoms.c.type.notin_(["object", "array"]), func.lower(atoms.c.value).like(pattern, escape="\\")))
    return or_(func.lower(Item.name).like(pattern, escape="\\"), in_values)
