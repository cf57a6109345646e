"""Sorts: several keys over any column type, empty values last, ties broken by position then id."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.sql.elements import ColumnElement

from boards.filtertree import BadQuery, Resolver
from boards.models import Item

MAX_SORT_KEYS = 5


@dataclass(frozen=True)
class SortKey:
    expr: ColumnElement
    descending: bool = False
    nullable: bool = True

    def order(self) -> ColumnElement:
        ordered = self.expr.desc() if self.descending else self.expr.asc()
        return ordered.nulls_last() if self.nullable else ordered


TIE_BREAKERS = [SortKey(Item.position, nullable=False), SortKey(Item.id, nullable=False)]


def compile_sort(sort: Any, resolver: Resolver) -> list[SortKey]:
    """The full ordering for a sort list: its keys, then position and id."""
    if sort in (None, []):
        return list(TIE_BREAKERS)
    if not isinstance(sort, list):
        raise BadQuery('sort is a list like [{"column": key, "direction": "asc"}]', {"sort": repr(sort)[:80]})
    if len(sort) > MAX_SORT_KEYS:
        raise BadQuery(f"sort by at most {MAX_SORT_KEYS} columns", {"sort": "too many keys"})
    keys = []
    for entry in sort:
        if not isinstance(entry, dict) or set(entry) - {"column", "direction"}:
            raise BadQuery('each sort entry is {"column": key, "direction": "asc" | "desc"}',
                           {"sort": repr(entry)[:80]})
        direction = entry.get("direction", "asc")
        if direction not in ("asc", "desc"):
            raise BadQuery("direction must be 'asc' or 'desc'", {"column": entry.get("column"),
                                                                 "direction": direction})
        field = resolver.field(entry.get("column"))
        keys.append(SortKey(field.type.sort_expression(field.sql), direction == "desc"))
    return keys + TIE_BREAKERS
