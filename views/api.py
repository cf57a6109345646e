"""/api/v1 routes that read boards: the board's item list."""
from __future__ import annotations

from flask_smorest import Blueprint

from boards.items import serializer_for
from boards.schemas import ItemPageOut, ItemPageQuery
from boards.service import get_board
from views import service

blp = Blueprint("views", __name__, url_prefix="/api/v1", description="Item lists and views")


@blp.route("/boards/<int:board_id>/items", methods=["GET"])
@blp.arguments(ItemPageQuery, location="query")
@blp.response(200, ItemPageOut)
def list_items(query, board_id):
    """Items in position order, top-level unless `parent_id` is given; keyset-paged by `cursor`."""
    board = get_board(board_id)
    result = service.list_items(board, **query)
    serialize = serializer_for(board)
    result["items"] = [serialize(item) for item in result["items"]]
    return result
