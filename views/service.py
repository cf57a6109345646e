"""Reading a board: item pages under a filter, sort and search, keyset-paged; counts on request."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select, text

from boards.filtertree import Resolver, compile_filter
from boards.models import Board, Item
from boards.service import columns_of
from views.paging import page
from views.search import search_clause
from views.sorting import SortKey, compile_sort
from workspace.access import request_user_id
from workspace.clock import today as clock_today
from workspace.extensions import db

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


@dataclass
class ItemQuery:
    """Everything that selects and orders a board's items."""

    filter: Any = None
    sort: Any = None
    q: str | None = None
    group_id: int | None = None
    parent_id: int | None = None
    extra_filters: list[Any] = field(default_factory=list)
    # SQL the caller built itself (e.g. a kanban lane), applied as is.
    extra_clauses: list[Any] = field(default_factory=list)


def resolver_for(board: Board, scope: str = "item", today: date | None = None) -> Resolver:
    return Resolver(columns_of(board, scope), db.session.get_bind().dialect.name, today or clock_today(),
                    me=request_user_id())



def build(board: Board, spec: ItemQuery, today: date | None = None) -> tuple[Select, list[SortKey]]:
    """The SELECT of the items `spec` asks for, and the full sort order to page it by."""
    scope = "subitem" if spec.parent_id is not None else "item"
    resolver = resolver_for(board, scope, today)
    # Plain rows, not ORM objects: a page is read-only, and skipping the identity map is cheaper.
    query = select(*Item.__table__.c).where(Item.workspace_id == board.workspace_id, Item.board_id == board.id,
                               Item.deleted_at.is_(None))
    query = query.where(Item.parent_id == spec.parent_id if spec.parent_id is not None
                        else Item.parent_id.is_(None))
    if spec.group_id is not None:
        query = query.where(Item.group_id == spec.group_id)
    for tree in [spec.filter, *spec.extra_filters]:
        if tree is not None:
            query = query.where(compile_filter(tree, resolver))
    for clause in spec.extra_clauses:
        query = query.where(clause)
    if spec.q and spec.q.strip():
        query = query.where(search_clause(spec.q, resolver.dialect))
    keys = compile_sort(spec.sort, resolver)
    for table, onclause in resolver.joins:  # mirror aggregates the filter or sort refers to
        query = query.outerjoin(table, onclause)
    if resolver.joins and resolver.dialect == "postgresql":
        _invite_parallel_workers()
    return query, keys


def _invite_parallel_workers() -> None:
    """A mirror aggregate hashes every link of its column (100,000 links: ~110 ms on one core);
    the default parallel costs keep PostgreSQL on one core for it, cheaper ones let a worker
    share the scan and the hash (~75 ms). Only for this transaction."""
    db.session.execute(text("SET LOCAL parallel_setup_cost = 10"))
    db.session.execute(text("SET LOCAL parallel_tuple_cost = 0.001"))


def list_items(board: Board, spec: ItemQuery | None = None, *, limit: int = DEFAULT_LIMIT,
               cursor: str | None = None, count: bool = False, today: date | None = None,
               leading_keys: list[SortKey] | None = None) -> dict:
    query, keys = build(board, spec or ItemQuery(), today)
    if leading_keys:  # e.g. a kanban lane's manual card order, ahead of position and id
        keys = [*keys[:-2], *leading_keys, *keys[-2:]]
    items, next_cursor = page(query, keys, min(limit, MAX_LIMIT), cursor)
    result: dict = {"items": items, "next_cursor": next_cursor}
    if count:
        result["total"] = count_items(query)
    return result


def count_items(query: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(query.with_only_columns(Item.id).subquery()))
