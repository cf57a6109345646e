"""Where a column's value comes from in SQL, for one query: the item's stored values, its links
(connect_boards) or an aggregate over linked items (mirror).

Column types pick a source through ColumnType.value_sql / read_values; this object builds it for
the dialect in use and for `item` (the items table, or an alias when the query is about linked
items). Mirrors that filter or sort a board need a derived table joined to the items; sources
collect those joins and the query applies them (views/service.build).
"""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.sql.elements import ColumnElement

from boards.models import Item
from boards.valuesql import JsonValueSQL
from fields import InvalidValue


class ValueSources:
    def __init__(self, dialect: str, today: date, *, me: int | None = None, item: Any = None,
                 nested: bool = False):
        self.dialect = dialect
        self.today = today
        self.me = me
        self.item = item if item is not None else Item
        # Inside a mirror's own query (its filter over linked items): no mirror of a mirror.
        self.nested = nested
        self._joins: dict[str, tuple[Any, ColumnElement]] = {}

    # -- ValueSQL for queries ------------------------------------------------------------------
    def stored(self, key: str) -> JsonValueSQL:
        return JsonValueSQL(key, self.dialect, self.today, item=self.item, me=self.me)

    def links(self, column: Any):
        from boards.links import LinkValueSQL

        return LinkValueSQL(column.id, self)

    def mirror(self, column: Any):
        from boards.mirrors import MirrorSQL, plan_of

        if self.nested:
            raise InvalidValue("a mirror cannot be used inside another mirror's filter")
        return MirrorSQL(plan_of(column), column.id, self)

    def join(self, name: str, table: Any, onclause: ColumnElement) -> Any:
        """Registers a derived table to LEFT JOIN to the items (once per name); returns it."""
        if name not in self._joins:
            self._joins[name] = (table, onclause)
        return self._joins[name][0]

    def joins(self) -> list[tuple[Any, ColumnElement]]:
        return list(self._joins.values())

    # -- values of a page of items, one query per column ---------------------------------------
    def link_values(self, column: Any, item_ids: list[int]) -> dict[int, list[int]]:
        from boards.links import linked_ids

        return linked_ids(column.id, item_ids)

    def mirror_values(self, column: Any, item_ids: list[int]) -> dict[int, Any]:
        from boards.mirrors import mirror_values, plan_of

        return mirror_values(plan_of(column), item_ids, self)
