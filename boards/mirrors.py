"""Mirror columns: a column of the linked items, shown as their list of values or an aggregate,
optionally over only the linked items that match a filter.

Computed in SQL at read time, never stored (docs/performance.md, "Mirrors"): a mirror is always
current because there is nothing to keep up to date. A page of items reads each mirror with one
GROUP BY over that page's links; a view that filters or sorts by a mirror joins the same
aggregate, grouped over the whole link column, as a derived table.

Three shapes of result:
- list (aggregate none): the target values; a filter matches when any linked value matches
  (negative operators: when none does).
- number (sum, avg, count, count_distinct; min/max of numbers): filtered and sorted as a number.
- picked (latest; min/max of dates): the value of one linked item, filtered and sorted with the
  target column's own type.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Float, String, cast, distinct, exists, func, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from boards.lifecycle import ColumnLifecycle, lifecycles
from boards.links import live_link_clauses
from boards.models import Board, Column, Item, ItemLink
from boards.service import columns_of
from boards.valuesql import ItemFieldSQL, JsonValueSQL
from fields import InvalidValue, column_types
from fields.base import ColumnType
from workspace.errors import Invalid
from workspace.extensions import db

NUMBER_AGGREGATES = ("sum", "avg", "count", "count_distinct")
BUILTIN_TARGETS = ("name",)
BUILTIN_LATEST_BY = ("created_at", "updated_at")
# Fixed aliases (see boards/links.py): each mirror subquery is its own scope, so they can repeat.
MIRROR_LINK = aliased(ItemLink, name="ml")
MIRROR_TARGET = aliased(Item, name="mt")
NEGATIVE = {"not_any_of": "any_of", "not_equals": "equals", "not_contains_text": "contains_text"}


@dataclass(frozen=True)
class MirrorPlan:
    """A mirror's settings resolved against the live boards and columns."""

    link_column_id: int
    board_ids: tuple[int, ...]
    target_key: str
    target_type: ColumnType
    aggregate: str
    filter: Any
    latest_by: str
    target_columns: tuple  # the target board's columns, for the filter

    @property
    def shape(self) -> str:
        if self.aggregate == "none":
            return "list"
        if self.aggregate in NUMBER_AGGREGATES:
            return "number"
        if self.aggregate in ("min", "max") and "sum" in self.target_type.rollups:
            return "number"
        return "picked"


class BrokenMirror(InvalidValue):
    pass


def plan_of(column: Any) -> MirrorPlan:
    """Resolves a mirror column's settings; BrokenMirror when its link or target has gone."""
    settings = column.settings
    board = db.session.get(Board, column.board_id)
    link = next((c for c in columns_of(board) if c.key == settings.get("link_column")
                 and c.type == "connect_boards"), None)
    if link is None:
        raise BrokenMirror(f"its link column {settings.get('link_column')!r} is gone")
    board_ids = tuple(b.id for b in (db.session.get(Board, i) for i in link.settings.get("board_ids", []))
                      if b is not None and b.deleted_at is None)
    target_key = settings.get("target_column")
    target_columns: list = []
    target_type: ColumnType | None = None
    for board_id in board_ids:
        target_board = db.session.get(Board, board_id)
        target_columns = columns_of(target_board)
        if target_key in BUILTIN_TARGETS:
            target_type = column_types.get("text")()
            break
        target = next((c for c in target_columns if c.key == target_key), None)
        if target is not None:
            target_type = column_types.get(target.type)(target.settings)
            break
    if target_type is None:
        raise BrokenMirror(f"its target column {target_key!r} is not on the linked boards")
    return MirrorPlan(link.id, board_ids, target_key, target_type, settings.get("aggregate", "none"),
                      settings.get("filter"), settings.get("latest_by", "updated_at"), tuple(target_columns))


def _target_sql(plan: MirrorPlan, target: Any, sources: Any) -> JsonValueSQL:
    if plan.target_key in BUILTIN_TARGETS:
        return ItemFieldSQL(getattr(target, plan.target_key), sources.dialect, sources.today, item=target)
    return JsonValueSQL(plan.target_key, sources.dialect, sources.today, item=target, me=sources.me)


def _linked(plan: MirrorPlan, sources: Any):
    """The visible linked items (filtered), as (link alias, target alias, where clauses). The plan
    lists only live boards, so a trashed board's items drop out."""
    from boards.filtertree import Resolver, compile_filter
    from boards.sources import ValueSources

    link, target = MIRROR_LINK, MIRROR_TARGET
    where = live_link_clauses(link, target, plan.link_column_id, plan.board_ids)
    if plan.filter:
        inner = ValueSources(sources.dialect, sources.today, me=sources.me, item=target, nested=True)
        where.append(compile_filter(plan.filter, Resolver(list(plan.target_columns), sources.dialect,
                                                          sources.today, sources=inner)))
    return link, target, where


def _number_value(plan: MirrorPlan, value: JsonValueSQL, target: Any) -> ColumnElement:
    if plan.aggregate == "count":
        return func.count(target.id)
    if plan.aggregate == "count_distinct":
        return func.count(distinct(value.text()))
    aggregate = {"sum": func.sum, "avg": func.avg, "min": func.min, "max": func.max}[plan.aggregate]
    # The stored text cast as is: a number column holds only numbers (validated on every write,
    # converted in the type change's own transaction), and the guarded form of ValueSQL.number()
    # (kept for index builds over dead rows) costs a fifth of a sort over 100,000 links.
    return aggregate(cast(value.text(), Float))


def _number_select(plan: MirrorPlan, sources: Any) -> Any:
    link, target, where = _linked(plan, sources)
    value = _target_sql(plan, target, sources)
    if plan.aggregate == "count" and plan.target_key not in BUILTIN_TARGETS:
        where.append(value.present())
    return (select(link.from_item_id.label("item_id"), _number_value(plan, value, target).label("value"))
            .select_from(link).join(target, target.id == link.to_item_id).where(*where)
            .group_by(link.from_item_id))


def _pick_select(plan: MirrorPlan, sources: Any) -> Any:
    """One linked item per item: the latest by `latest_by`, or the min / max by the target's
    own order (row_number over the item's links)."""
    link, target, where = _linked(plan, sources)
    value = _target_sql(plan, target, sources)
    if plan.aggregate == "latest":
        if plan.latest_by in BUILTIN_LATEST_BY:
            key = getattr(target, plan.latest_by)
        else:
            key = JsonValueSQL(plan.latest_by, sources.dialect, sources.today, item=target).text()
        order = [key.desc().nulls_last(), target.id.desc()]
    else:
        key = plan.target_type.sort_expression(value)
        order = [(key.asc() if plan.aggregate == "min" else key.desc()).nulls_last(), target.id]
        where.append(value.present())
    ranked = (select(link.from_item_id.label("item_id"), target.values.label("values"),
                     target.name.label("name"),
                     func.row_number().over(partition_by=link.from_item_id, order_by=order).label("rank"))
              .select_from(link).join(target, target.id == link.to_item_id).where(*where)).subquery()
    return select(ranked.c.item_id, ranked.c["values"], ranked.c.name).where(ranked.c.rank == 1)


class MirrorSQL:
    """A mirror in a board's query: filter clauses and a sort expression, through the result's
    type. Aggregates come from a derived table joined to the items (sources.join)."""

    def __init__(self, plan: MirrorPlan, column_id: int, sources: Any):
        self.plan = plan
        self.column_id = column_id
        self.sources = sources

    def _outer_id(self) -> ColumnElement:
        return self.sources.item.id

    def _joined(self, kind: str, build) -> Any:
        name = f"mirror_{kind}_{self.column_id}"
        table = build().subquery(name)
        return self.sources.join(name, table, table.c.item_id == self._outer_id())

    def number_sql(self) -> NumberSQL:
        table = self._joined("number", lambda: _number_select(self.plan, self.sources))
        zero_when_none = self.plan.aggregate in ("count", "count_distinct")
        return NumberSQL(table.c.value, zero_when_none, self.sources.today)

    def picked_sql(self) -> JsonValueSQL:
        table = self._joined("pick", lambda: _pick_select(self.plan, self.sources))
        if self.plan.target_key in BUILTIN_TARGETS:
            return ItemFieldSQL(table.c.name, self.sources.dialect, self.sources.today, values=table.c["values"])
        return JsonValueSQL(self.plan.target_key, self.sources.dialect, self.sources.today,
                            values=table.c["values"], me=self.sources.me)

    # -- what the mirror type delegates to ------------------------------------------------------
    def filter(self, operator: str, value: Any) -> ColumnElement:
        shape = self.plan.shape
        if shape == "number":
            return column_types.get("number")().compile_filter(operator, value, self.number_sql())
        if shape == "picked":
            return self.plan.target_type.compile_filter(operator, value, self.picked_sql())
        return self._list_filter(operator, value)

    def _list_filter(self, operator: str, value: Any) -> ColumnElement:
        """Any linked value matches; a negative operator: none does; is_empty: no linked value."""
        link, target, where = _linked(self.plan, self.sources)
        inner = _target_sql(self.plan, target, self.sources)
        if operator in ("is_empty", "is_not_empty"):
            clause = inner.present()
        else:
            positive = NEGATIVE.get(operator, operator)
            if positive not in self.plan.target_type.operators:
                self.plan.target_type.compile_filter(operator, value, inner)  # raises, naming the operator
            clause = self.plan.target_type.compile_filter(positive, value, inner)
        any_match = exists(select(link.id).select_from(link).join(target, target.id == link.to_item_id)
                           .where(link.from_item_id == self._outer_id(), *where, clause))
        return ~any_match if operator in NEGATIVE or operator == "is_empty" else any_match

    def sort_expression(self) -> ColumnElement:
        shape = self.plan.shape
        if shape == "number":
            return self.number_sql().number()
        if shape == "picked":
            return self.plan.target_type.sort_expression(self.picked_sql())
        # A list sorts by its smallest value in the target's own order.
        name = f"mirror_sort_{self.column_id}"

        def build():
            link, target, where = _linked(self.plan, self.sources)
            key = self.plan.target_type.sort_expression(_target_sql(self.plan, target, self.sources))
            return (select(link.from_item_id.label("item_id"), func.min(key).label("value"))
                    .select_from(link).join(target, target.id == link.to_item_id).where(*where)
                    .group_by(link.from_item_id))
        table = build().subquery(name)
        return self.sources.join(name, table, table.c.item_id == self._outer_id()).c.value

    def filters_as(self) -> tuple[str, dict]:
        """Filtered as a number (number aggregates) or as the target column (lists, picks)."""
        if self.plan.shape == "number":
            return "number", {}
        return self.plan.target_type.name, self.plan.target_type.settings


class NumberSQL:
    """An aggregate as a number in SQL (ValueSQL for the number filters)."""

    def __init__(self, value: ColumnElement, zero_when_none: bool, today):
        self.value = func.coalesce(value, 0) if zero_when_none else value
        self._today = today

    def number(self) -> ColumnElement:
        return self.value

    def text(self, *subkeys: str) -> ColumnElement:
        return cast(self.value, String)

    def present(self) -> ColumnElement:
        return self.value.isnot(None)

    def equals_json(self, value: Any) -> ColumnElement:
        return self.value == value

    def today(self):
        return self._today


# -- values of a page of items -------------------------------------------------------------------
def mirror_values(plan: MirrorPlan, item_ids: list[int], sources: Any) -> dict[int, Any]:
    if not item_ids:
        return {}
    if plan.shape == "number":
        query = _number_select(plan, sources)
        rows = db.session.execute(query.where(query.selected_columns.item_id.in_(item_ids)))
        found = {item_id: _plain_number(value, plan.aggregate) for item_id, value in rows}
        if plan.aggregate in ("count", "count_distinct"):
            return {item_id: found.get(item_id, 0) for item_id in item_ids}
        return found
    if plan.shape == "picked":
        query = _pick_select(plan, sources)
        rows = db.session.execute(query.where(query.selected_columns.item_id.in_(item_ids)))
        return {item_id: _value_of(plan, values, name) for item_id, values, name in rows}
    link, target, where = _linked(plan, sources)
    rows = db.session.execute(
        select(link.from_item_id, target.values, target.name).select_from(link)
        .join(target, target.id == link.to_item_id).where(*where, link.from_item_id.in_(item_ids))
        .order_by(link.from_item_id, link.id))
    result: dict[int, list] = {}
    for item_id, values, name in rows:
        value = _value_of(plan, values, name)
        if value is not None:
            result.setdefault(item_id, []).append(value)
    return result


def _value_of(plan: MirrorPlan, values: dict | None, name: str) -> Any:
    if plan.target_key in BUILTIN_TARGETS:
        return name
    return (values or {}).get(plan.target_key)


def _plain_number(value: Any, aggregate: str) -> Any:
    """Whole sums, minima and maxima read as integers (the database computes in floats)."""
    if value is None:
        return None
    value = float(value)
    return int(value) if aggregate != "avg" and value.is_integer() else value


# -- the column's lifecycle: settings checked against the linked boards -------------------------
@lifecycles.register
class MirrorLifecycle(ColumnLifecycle):
    name = "mirror"
    convertible = False

    def clean_settings(self, board: Board, settings: dict, column: Column | None) -> dict:
        probe = _Probe(board.id, settings)
        try:
            plan = plan_of(probe)
        except BrokenMirror as error:
            raise Invalid({"settings": f"the mirror cannot be made: {error.reason}"}) from None
        aggregate = plan.aggregate
        allowed = ("none", "count", "count_distinct", "latest", *plan.target_type.rollups)
        if aggregate not in allowed:
            raise Invalid({"settings": f"the aggregate {aggregate!r} does not apply to a "
                                       f"{plan.target_type.name} column; one of: {', '.join(allowed)}"})
        if plan.target_type.read_only or plan.target_type.stores_links:
            raise Invalid({"settings": f"a mirror cannot show a {plan.target_type.name} column"})
        if aggregate == "latest" and plan.latest_by not in BUILTIN_LATEST_BY:
            latest = next((c for c in plan.target_columns if c.key == plan.latest_by), None)
            if latest is None or latest.type != "date":
                raise Invalid({"settings": f"latest_by {plan.latest_by!r} is not a date column of the linked board"})
        self._check_filter(plan, board)
        return settings

    @staticmethod
    def _check_filter(plan: MirrorPlan, board: Board) -> None:
        if not plan.filter:
            return
        from boards.filtertree import BadQuery
        from boards.sources import ValueSources

        sources = ValueSources(db.session.get_bind().dialect.name, _today(), nested=True)
        try:
            _linked(plan, sources)
        except BadQuery as error:
            raise Invalid({"settings": f"filter: {error.message}"}) from None


@dataclass
class _Probe:
    """Stands in for a column while its settings are checked."""

    board_id: int
    settings: dict


def _today():
    from workspace.clock import today

    return today()

