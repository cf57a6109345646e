"""The picker of a connect-boards cell: search the items of the column's linked boards by name.

The editor (fields/connect_boards/editor.html) lists the linked items and the first matches;
typing asks this route for the matches again (htmx, debounced). Each add or remove posts the
whole new list through the cell-save path (views/cells.py), so validation, activity and the
Undo toast are the same as for any cell.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from sqlalchemy import func, select

from boards import items as item_service
from boards.models import Board, Item
from boards.service import columns_of
from fields import column_types
from views import linked_values
from views.linked_values import Linked
from workspace.auth import pages_need_login
from workspace.errors import NotFound
from workspace.extensions import db
from workspace.models import Role

bp = Blueprint("link_picker", __name__)

LIMIT = 20
MAX_QUERY = 200


pages_need_login(bp)

for _global in linked_values.TEMPLATE_GLOBALS:
    bp.add_app_template_global(_global)


def _connect_column(item: Item, key: str) -> Any:
    board = db.session.get(Board, item.board_id)
    scope = "subitem" if item.parent_id else "item"
    column = next((c for c in columns_of(board, scope) if c.key == key), None)
    if column is None or not column_types.get(column.type).stores_links:
        raise NotFound("column")
    return column


@bp.app_template_global()
def link_options(item: Any, column: Any, value: Any, q: str = "") -> list[Linked]:
    """Items of the column's linked boards whose name contains `q` (any case), not linked yet,
    in name order: the picker's results."""
    chosen = [i for i in (value or []) if isinstance(i, int)]
    board_ids = column.settings.get("board_ids") or []
    query = (select(Item.id, Item.name, Item.board_id, Board.name).join(Board, Board.id == Item.board_id)
             .where(Item.workspace_id == item.workspace_id, Item.board_id.in_(board_ids),
                    Board.workspace_id == item.workspace_id, Item.deleted_at.is_(None),
                    Board.deleted_at.is_(None), Item.parent_id.is_(None), Item.id != item.id))
    if chosen:
        query = query.where(Item.id.notin_(chosen))
    q = (q or "").strip()[:MAX_QUERY]
    if q:
        query = query.where(func.lower(Item.name).contains(q.lower(), autoescape=True))
    rows = db.session.execute(query.order_by(func.lower(Item.name), Item.id).limit(LIMIT))
    return [Linked(*row) for row in rows]


@bp.get("/items/<int:item_id>/links/<key>")
def search(item_id: int, key: str):
    """The matches for ?q= (a member's picker; viewers cannot link, so they cannot search)."""
    item = item_service.get_item(item_id, Role.member)
    column = _connect_column(item, key)
    value = item_service.serializer_for(db.session.get(Board, item.board_id))(item)["values"].get(key) or []
    q = request.args.get("q", "")
    return render_template("fields/connect_boards/_results.html", item=item, column=column, value=value, q=q,
                           options=link_options(item, column, value, q))
