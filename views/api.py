"""/api/v1 routes that read boards: item lists, saved views, kanban lanes, card moves and the CSV export."""
from __future__ import annotations

from flask import g
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from boards import items as item_service
from boards.items import serializer_for
from boards.models import Board, Item
from boards.service import get_board
from views import export, lanes, saved, service
from views.models import View
from views.schemas import BoardItemsQuery, CardMoveIn, ItemPageOut, JsonText, ViewIn, ViewItemsQuery, ViewOut, ViewPatch
from views.service import ItemQuery
from workspace.errors import Invalid, NotFound
from workspace.extensions import db
from workspace.models import Role

blp = Blueprint("views", __name__, url_prefix="/api/v1", description="Item lists, filters and saved views")


def _page_out(board: Board, result: dict) -> dict:
    serialize = serializer_for(board, result["items"])  # links and mirrors: one query per column
    return {**result, "items": [serialize(item) for item in result["items"]]}


@blp.route("/boards/<int:board_id>/items", methods=["GET"])
@blp.arguments(BoardItemsQuery, location="query")
@blp.response(200, ItemPageOut)
def list_items(query, board_id):
    """Items under `filter`, `sort` and `q`, top-level unless `parent_id` is given; keyset-paged."""
    board = get_board(board_id)
    spec = ItemQuery(filter=query.get("filter"), sort=query.get("sort"), q=query.get("q"),
                     group_id=query.get("group_id"), parent_id=query.get("parent_id"))
    return _page_out(board, service.list_items(board, spec, limit=query["limit"], cursor=query.get("cursor"),
                                               count=query["count"]))


@blp.route("/boards/<int:board_id>/views", methods=["GET"])
@blp.response(200, ViewOut(many=True))
def list_views(board_id):
    board = get_board(board_id)
    return [saved.serialize(v) for v in saved.views_of(board, g.user)]


@blp.route("/boards/<int:board_id>/views", methods=["POST"])
@blp.arguments(ViewIn)
@blp.response(201, ViewOut)
def create_view(body, board_id):
    view = saved.create_view(get_board(board_id), g.user, **body)
    db.session.commit()
    return saved.serialize(view)


@blp.route("/views/<int:view_id>", methods=["GET"])
@blp.response(200, ViewOut)
def get_view(view_id):
    return saved.serialize(saved.get_view(view_id, g.user))


@blp.route("/views/<int:view_id>", methods=["PATCH"])
@blp.arguments(ViewPatch)
@blp.response(200, ViewOut)
def update_view(body, view_id):
    view = saved.update_view(saved.get_view(view_id, g.user, Role.member), g.user, **body)
    db.session.commit()
    return saved.serialize(view)


@blp.route("/views/<int:view_id>", methods=["DELETE"])
@blp.response(204)
def delete_view(view_id):
    saved.delete_view(saved.get_view(view_id, g.user, Role.member))
    db.session.commit()


@blp.route("/views/<int:view_id>/items", methods=["GET"])
@blp.arguments(ViewItemsQuery, location="query")
@blp.response(200, ItemPageOut)
def view_items(query, view_id):
    """The view's items: its filter and sort (a `sort` given here replaces it; `filter` and `q`
    narrow it). On a kanban view, `lanes=true` answers each lane's count, `lane=` one lane's cards."""
    view = saved.get_view(view_id, g.user)
    board = get_board(view.board_id)
    spec = ItemQuery(filter=view.filter, sort=query.get("sort", view.sort), q=query.get("q"),
                     group_id=query.get("group_id"), extra_filters=[query.get("filter")])
    if view.type == "kanban" and query["lanes"]:
        return {"items": [], "next_cursor": None, "lanes": lanes.lane_counts(board, view, spec)}
    extra_keys = []
    if view.type == "kanban" and "lane" in query:
        column = lanes.lane_column(board, view)
        if column is not None:
            spec.extra_clauses.append(lanes.lane_clause(column, query["lane"]))
        if not spec.sort:
            extra_keys = [lanes.card_order(view)]
    result = service.list_items(board, spec, limit=query["limit"], cursor=query.get("cursor"),
                                count=query["count"], leading_keys=extra_keys)
    return _page_out(board, result)


@blp.route("/views/<int:view_id>/cards/<int:item_id>/move", methods=["POST"])
@blp.arguments(CardMoveIn)
@blp.response(200)
def move_card(body, view_id, item_id):
    """Kanban: drop a card into a lane (changing its value through the item service, so activity
    and automations see it) and between two cards (kept as this view's manual order)."""
    view = saved.get_view(view_id, g.user)
    if view.type != "kanban":
        raise Invalid({"view": "cards move on kanban views only"})
    item = item_service.get_item(item_id, Role.member)
    board = get_board(view.board_id)
    if item.board_id != board.id or item.parent_id is not None:
        raise Invalid({"item_id": "no such card on this board (kanban cards are top-level items)"})
    for field in ("before_id", "after_id"):
        anchor = db.session.get(Item, body[field]) if body[field] is not None else None
        if body[field] is not None and (anchor is None or anchor.board_id != board.id or anchor.parent_id
                                        is not None or anchor.deleted_at is not None):
            raise Invalid({field: "no such card on this board"})
    if "lane" in body:
        column = lanes.lane_column(board, view)
        new_value = lanes.value_in_lane(column, item.values.get(column.key), body.get("from_lane"), body["lane"])
        item = item_service.update_item(item, g.user, values={column.key: new_value})
    lanes.place_card(view, item, body["before_id"], body["after_id"])
    db.session.commit()
    return serializer_for(board)(item)


class ExportQuery(Schema):
    view_id = fields.Integer(metadata={"description": "export what this saved view shows: its visible columns in "
                                                      "its order, its filter and sort"})
    filter = JsonText(metadata={"description": "a filter tree (API.md), URL-encoded JSON; replaces the view's"})
    sort = JsonText(metadata={"description": 'a list like [{"column": key, "direction": "desc"}]; replaces the '
                                             "view's"})
    q = fields.String(metadata={"description": "search text over the name and the values"})
    subitems = fields.Boolean(load_default=False, metadata={"description": "follow each item with its sub-items"})


@blp.route("/boards/<int:board_id>/export.csv", methods=["GET"])
@blp.arguments(ExportQuery, location="query")
@blp.response(200, {"type": "string", "format": "binary"}, content_type="text/csv",
              description="UTF-8 CSV with a byte-order mark, streamed",
              headers={"Content-Disposition": {"description": "attachment named after the board (RFC 6266)",
                                               "schema": {"type": "string"}}})
def export_csv(query, board_id):
    """The board as a CSV file, streamed; viewers may export.

    Columns: Name, Group, then the visible item columns (with `view_id`: the view's, in its
    order), one row per item in the filter and sort order. With `subitems=true` each item is
    followed by its sub-items, and "Parent item" and "Subitem: <title>" columns are added.
    Cells a spreadsheet would run as formulas start with an apostrophe."""
    board = get_board(board_id)
    view = _view_on(board, query["view_id"]) if "view_id" in query else None
    plan = export.plan_export(board, view, filter=query.get("filter"), sort=query.get("sort"), q=query.get("q"),
                              subitems=query["subitems"])
    return export.csv_response(plan)


def _view_on(board: Board, view_id: int) -> View:
    view = saved.get_view(view_id, g.user)
    if view.board_id != board.id:
        raise NotFound("view")
    return view
