"""HTML pages of boards: the home page (workspaces and their boards) and a board's table."""
from __future__ import annotations

from flask import Blueprint, g, render_template
from flask_login import current_user, login_required

from boards import items as item_service
from boards import service
from boards.columns import column_type
from views.service import ItemQuery, list_items
from workspace import service as workspace_service
from workspace.access import role_in
from workspace.errors import NotFound

bp = Blueprint("boards_pages", __name__)


@bp.before_request
@login_required
def _require_login():
    g.user = current_user._get_current_object()


@bp.route("/")
def home():
    workspaces = [(ws, role, service.boards_in(ws.id))
                  for ws, role in workspace_service.workspaces_of(current_user)]
    return render_template("boards/home.html", workspaces=workspaces)


@bp.route("/boards/<int:board_id>")
def board(board_id: int):
    board = service.get_board(board_id)
    if role_in(board.workspace_id, current_user) is None:
        raise NotFound("board")
    columns = service.columns_of(board, "item", include_hidden=False)
    groups = [(group, list_items(board, ItemQuery(group_id=group.id), limit=100)["items"])
              for group in service.groups_of(board)]
    serialize = item_service.serializer_for(board)
    return render_template("boards/board.html", board=board, columns=columns, groups=groups,
                           serialize=serialize, column_type=column_type)
