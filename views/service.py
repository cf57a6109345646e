"""Item lists of a board: scoped, in position order, keyset-paged; counts only when asked."""
from __future__ import annotations

from sqlalchemy import func, select

from boards.models import Board, Item
from views.paging import page
from workspace.extensions import db

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


def item_query(board: Board, *, group_id: int | None = None, parent_id: int | None = None):
    query = select(Item).where(Item.workspace_id == board.workspace_id, Item.board_id == board.id,
                               Item.deleted_at.is_(None))
    query = query.where(Item.parent_id == parent_id if parent_id is not None else Item.parent_id.is_(None))
    if group_id is not None:
        query = query.where(Item.group_id == group_id)
    return query


def list_items(board: Board, *, group_id: int | None = None, parent_id: int | None = None,
               limit: int = DEFAULT_LIMIT, cursor: str | None = None, count: bool = False) -> dict:
    query = item_query(board, group_id=group_id, parent_id=parent_id)
    rows, next_cursor = page(query, [Item.position, Item.id], lambda i: [i.position, i.id],
                             min(limit, MAX_LIMIT), cursor)
    result: dict = {"items": rows, "next_cursor": next_cursor}
    if count:
        result["total"] = db.session.scalar(select(func.count()).select_from(query.subquery()))
    return result
