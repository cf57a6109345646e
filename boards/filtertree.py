"""The filter language of API.md, checked and compiled to one SQL clause.

A tree is {"and": [node, ...]} or {"or": [node, ...]}; a node is a tree or a rule
{"column": key, "operator": op, "value": v}. `column` may also be one of the item's own fields
(name, group, created_at, updated_at). Every mistake is a 400 naming the column and operator.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, false, or_, true
from sqlalchemy.sql.elements import ColumnElement

from boards.models import Column
from boards.sources import ValueSources
from boards.valuesql import ItemFieldSQL, JsonValueSQL
from fields import InvalidValue, column_types
from fields.base import ColumnType
from fields.filtering import choice_filter
from fields.operators import CHOICE_LIKE, EQUALITY
from workspace.errors import ApiError

MAX_DEPTH = 5
MAX_RULES = 100


class BadQuery(ApiError):
    """400: a filter or sort that cannot be compiled; details name the column and operator."""

    status = 400


@dataclass
class Field:
    """What a rule or sort key refers to: a column type bound to its settings, and its SQL."""

    type: ColumnType
    sql: JsonValueSQL


class GroupType(ColumnType):
    """The item's group, filtered by group id."""

    name = "group"
    operators = CHOICE_LIKE + EQUALITY

    def filter_clause(self, operator, value, expr):
        return choice_filter(operator, value, expr, _group_id, is_list=False)

    def sort_expression(self, expr):
        return expr.text()


def _group_id(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue("groups are filtered by group id (an integer)")
    return value


BUILTIN_FIELDS = ("name", "group", "created_at", "updated_at")


class Resolver:
    """Looks up rule columns among the board's live columns (for one scope) and built-ins, and
    reads them from `item` (the items table, or an alias such as a mirror's linked items)."""

    def __init__(self, columns: list[Column], dialect: str, today: date, *, me: int | None = None,
                 item: Any = None, sources: ValueSources | None = None):
        self.columns = {c.key: c for c in columns}
        self.dialect = dialect
        self.today = today
        self.sources = sources or ValueSources(dialect, today, me=me, item=item)
        self.item = self.sources.item

    @property
    def joins(self) -> list:
        """Derived tables the compiled clauses refer to (mirror aggregates); the query joins them."""
        return self.sources.joins()

    def field(self, key: Any) -> Field:
        if not isinstance(key, str):
            raise BadQuery("a rule's column must be a column key", {"column": repr(key)})
        if key == "name":
            return Field(column_types.get("text")(), self._item_field(self.item.name))
        if key == "group":
            return Field(GroupType(), self._item_field(self.item.group_id))
        if key in ("created_at", "updated_at"):
            kind = "creation_log" if key == "created_at" else "last_updated"
            return Field(column_types.get(kind)(), self.sources.stored(key))
        column = self.columns.get(key)
        if column is None:
            raise BadQuery(f"there is no column {key!r} on this board", {"column": key})
        column_type = column_types.get(column.type)(column.settings)
        try:
            return Field(column_type, column_type.value_sql(column, self.sources))
        except InvalidValue as error:
            raise BadQuery(f"column {key!r}: {error.reason}", {"column": key, "reason": error.reason}) from None

    def _item_field(self, column: Any) -> ItemFieldSQL:
        return ItemFieldSQL(column, self.dialect, self.today, item=self.item, me=self.sources.me)


def compile_filter(tree: Any, resolver: Resolver) -> ColumnElement:
    """The SQL clause for a filter tree (None or {} means no filter)."""
    if tree in (None, {}):
        return true()
    counter = [0]
    return _node(tree, resolver, 1, counter)


def _node(node: Any, resolver: Resolver, depth: int, counter: list[int]) -> ColumnElement:
    if depth > MAX_DEPTH:
        raise BadQuery(f"filters nest at most {MAX_DEPTH} levels deep", {"filter": "too deep"})
    if not isinstance(node, dict):
        raise BadQuery("a filter node must be an object", {"filter": repr(node)[:80]})
    if "column" in node:
        counter[0] += 1
        if counter[0] > MAX_RULES:
            raise BadQuery(f"a filter has at most {MAX_RULES} rules", {"filter": "too many rules"})
        return _rule(node, resolver)
    if len(node) != 1 or next(iter(node)) not in ("and", "or"):
        raise BadQuery('a filter group is {"and": [...]} or {"or": [...]}', {"filter": sorted(node)})
    joiner, children = next(iter(node.items()))
    if not isinstance(children, list):
        raise BadQuery(f'"{joiner}" takes a list of filters', {"filter": joiner})
    clauses = [_node(child, resolver, depth + 1, counter) for child in children]
    if not clauses:  # as in logic: nothing to satisfy is true, no alternative is false
        return true() if joiner == "and" else false()
    return and_(*clauses) if joiner == "and" else or_(*clauses)


def _rule(rule: dict, resolver: Resolver) -> ColumnElement:
    key, operator = rule.get("column"), rule.get("operator")
    extra = set(rule) - {"column", "operator", "value"}
    if extra:
        raise BadQuery(f"unknown keys in a rule: {', '.join(sorted(extra))}", {"column": key, "operator": operator})
    field = resolver.field(key)
    if not isinstance(operator, str):
        raise BadQuery(f"the rule on {key!r} needs an operator", {"column": key, "operator": operator})
    try:
        return field.type.compile_filter(operator, rule.get("value"), field.sql)
    except InvalidValue as error:
        raise BadQuery(f"filter on {key!r} with {operator!r}: {error.reason}",
                       {"column": key, "operator": operator, "reason": error.reason}) from None
