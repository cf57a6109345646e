"""Kanban pages: each lane's cards, a page at a time, loaded when the lane is seen or scrolled.

Lanes and their counts are drawn by views/types/kanban.py (the board page's body); a dropped card
is moved through the API (POST /api/v1/views/<id>/cards/<item_id>/move) by static/js/kanban.js.
"""
from __future__ import annotations

import json

from flask import Blueprint, abort, render_template, request

from boards.filtertree import BadQuery
from views import lanes
from views.pages import load_page
from views.service import list_items
from views.types.kanban import PAGE_SIZE, card_columns, lane_url
from workspace.auth import pages_need_login

bp = Blueprint("kanban_ui", __name__)


pages_need_login(bp)


@bp.route("/boards/<int:board_id>/kanban/cards")
def lane_cards(board_id: int):
    """One page of one lane's cards: ?view=<kanban view>&lane=<JSON value, null for the empty lane>
    &cursor=..., under the page's filter, sort and search (the same as the API's ?lane=)."""
    page = load_page(board_id)
    if page.view is None or page.view.id != request.args.get("view", type=int) or page.view.type != "kanban":
        abort(404)
    try:
        lane = json.loads(request.args["lane"])
    except (KeyError, ValueError):
        abort(400)
    if isinstance(lane, (dict, list)):
        abort(400)
    column = lanes.lane_column(page.board, page.view)
    if column is None:
        abort(404)
    spec = page.spec()
    spec.extra_clauses.append(lanes.lane_clause(column, lane))
    leading = [] if spec.sort else [lanes.card_order(page.view)]  # a sort replaces the manual order
    try:
        result = list_items(page.board, spec, limit=PAGE_SIZE, cursor=request.args.get("cursor"),
                            leading_keys=leading)
    except BadQuery as error:
        # e.g. a filter in the URL that no longer fits the board. Said in the lane (htmx swaps a
        # 200), not as a silent failed request.
        result, problem = {"items": [], "next_cursor": None}, error.message
    else:
        problem = None
    return render_template("views/kanban/_cards.html", page=page, cards=result["items"],
                           next_cursor=result["next_cursor"], lane_key=request.args["lane"], problem=problem,
                           card_columns=card_columns(page), lane_url=lane_url, first_page="cursor" not in request.args)
