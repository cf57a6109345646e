"""ValueSQL for both dialects: how one column's value reads inside the items table in SQL.

The expressions here are the ones PostgreSQL's expression indexes are built on (see
boards/indexes.py): a query uses an index only when it spells the identical expression.
"""
from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import Float, Integer, String, and_, case, cast, exists, func, literal, or_, select, true
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.sql.elements import ColumnElement

from boards.models import Item
from workspace.models import User


class JsonValueSQL:
    """A stored column value: items.values[key]."""

    def __init__(self, key: str, dialect: str, today: date, *, values: Any = None, item: Any = None,
                 me: int | None = None):
        self.key = key
        self.dialect = dialect
        self._today = today
        # The item table (or an alias of it, e.g. the linked items of a mirror) and its values.
        self.item = item if item is not None else Item
        self.values = values if values is not None else self.item.values
        self._me = me

    @property
    def pg(self) -> bool:
        return self.dialect == "postgresql"

    def _path(self, *subkeys: str) -> str:
        return "$." + ".".join(f'"{k}"' for k in (self.key, *subkeys))

    def text(self, *subkeys: str) -> ColumnElement:
        if self.pg:
            node = self.values.op("->")(literal(self.key, String))
            for sub in subkeys[:-1]:
                node = node.op("->")(literal(sub, String))
            last = subkeys[-1] if subkeys else None
            if last is None:
                return self.values.op("->>", return_type=String)(literal(self.key, String))
            return node.op("->>", return_type=String)(literal(last, String))
        return cast(func.json_extract(self.values, self._path(*subkeys)), String)

    def number(self) -> ColumnElement:
        if self.pg:
            # Guarded, so it never raises: an index on it is also built over dead row versions,
            # e.g. the text a column held in the same transaction before a type change.
            node = self.values.op("->", return_type=JSONB)(literal(self.key, String))
            return case((func.jsonb_typeof(node) == "number", cast(node, Float)))
        return cast(func.json_extract(self.values, self._path()), Float)

    def present(self) -> ColumnElement:
        if self.pg:
            return self.values.op("?", is_comparison=True)(literal(self.key, String))
        return func.json_type(self.values, self._path()).isnot(None)

    def equals_json(self, value: Any) -> ColumnElement:
        if self.pg:
            return _contains(self.values, {self.key: value})
        if isinstance(value, bool):
            return and_(func.json_type(self.values, self._path()) == ("true" if value else "false"))
        return func.json_extract(self.values, self._path()) == value

    def has_element(self, values: list[Any]) -> ColumnElement:
        if self.pg:
            return or_(*[_contains(self.values, {self.key: [v]}) for v in values])
        each = func.json_each(self.values, self._path()).table_valued("value").alias("element")
        return exists(select(literal(1)).select_from(each).where(each.c.value.in_(values)))

    def first_element_text(self) -> ColumnElement:
        if self.pg:
            return self.values.op("->")(literal(self.key, String)).op("->>", return_type=String)(literal(0, Integer))
        return cast(func.json_extract(self.values, f'$."{self.key}"[0]'), String)

    def person_name(self) -> ColumnElement:
        first_id = cast(self.first_element_text(), Integer)
        return select(func.lower(User.name)).where(User.id == first_id).scalar_subquery()

    def item_column(self, name: str) -> ColumnElement:
        return getattr(self.item, name)

    def item_day(self, name: str) -> ColumnElement:
        return item_day(getattr(self.item, name), self.dialect)

    def today(self) -> date:
        return self._today

    def me(self) -> int | None:
        return self._me


def _contains(values: Any, document: dict) -> ColumnElement:
    """values @> document: answered by the GIN (jsonb_path_ops) index on PostgreSQL."""
    return values.op("@>", is_comparison=True)(cast(literal(json.dumps(document)), JSONB))


def item_day(column: ColumnElement, dialect: str) -> ColumnElement:
    if dialect == "postgresql":
        return func.to_char(column, "YYYY-MM-DD")
    return func.substr(column, 1, 10)


class ItemFieldSQL(JsonValueSQL):
    """A built-in field of the item row (name) read like a column value that is always there."""

    def __init__(self, column: ColumnElement, dialect: str, today: date, **kwargs: Any):
        super().__init__("", dialect, today, **kwargs)
        self.column = column

    def text(self, *subkeys: str) -> ColumnElement:
        return self.column

    def number(self) -> ColumnElement:
        return self.column

    def present(self) -> ColumnElement:
        return true()

    def equals_json(self, value: Any) -> ColumnElement:
        return self.column == value
