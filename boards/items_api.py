"""/api/v1 routes for items, sub-items, moves, batches and item activity."""
from __future__ import annotations

from flask import g
from flask_smorest import Blueprint

from boards import activity
from boards import items as item_service
from boards.models import Board
from boards.schemas import (
    ActivityOut,
    ItemBatchCreateIn,
    ItemBatchOut,
    ItemBatchUpdateIn,
    ItemIn,
    ItemOut,
    ItemPatch,
    MoveIn,
)
from boards.service import get_board
from workspace.errors import Invalid
from workspace.extensions import db
from workspace.models import Role

blp = Blueprint("items", __name__, url_prefix="/api/v1", description="Items and sub-items")


def _item_out(item) -> dict:
    return item_service.serializer_for(db.session.get(Board, item.board_id))(item)


@blp.route("/boards/<int:board_id>/items", methods=["POST"])
@blp.arguments(ItemIn)
@blp.response(201, ItemOut)
def create_item(body, board_id):
    item = item_service.create_item(get_board(board_id, Role.member), g.user, **body)
    db.session.commit()
    return _item_out(item)


def _all_or_nothing(rows, apply):
    """Applies each row in one transaction; a 422 lists every bad row by its index.

    The service validates a row before writing any of it, so a bad row leaves nothing behind
    and the rows after it are still checked (to report them all); any error rolls back all."""
    results, errors = [], {}
    for index, row in enumerate(rows):
        try:
            results.append(apply(row))
        except Invalid as error:
            errors[str(index)] = error.details
    if errors:
        db.session.rollback()
        raise Invalid(errors, "some items are invalid; nothing was written")
    db.session.commit()
    return results


@blp.route("/boards/<int:board_id>/items/batch", methods=["POST"])
@blp.arguments(ItemBatchCreateIn)
@blp.response(201, ItemBatchOut)
def create_items(body, board_id):
    board = get_board(board_id, Role.member)
    items = _all_or_nothing(body["items"], lambda row: item_service.create_item(board, g.user, **row))
    serialize = item_service.serializer_for(board, items)
    return {"items": [serialize(i) for i in items]}


@blp.route("/boards/<int:board_id>/items/batch", methods=["PATCH"])
@blp.arguments(ItemBatchUpdateIn)
@blp.response(200, ItemBatchOut)
def update_items(body, board_id):
    board = get_board(board_id, Role.member)

    def apply(row):
        item = item_service.get_item(row.pop("id"), Role.member)
        if item.board_id != board.id:
            raise Invalid({"id": "no such item on this board"})
        return item_service.update_item(item, g.user, **row)

    items = _all_or_nothing(body["items"], apply)
    serialize = item_service.serializer_for(board, items)
    return {"items": [serialize(i) for i in items]}


@blp.route("/items/<int:item_id>", methods=["GET"])
@blp.response(200, ItemOut)
def get_item(item_id):
    return _item_out(item_service.get_item(item_id))


@blp.route("/items/<int:item_id>", methods=["PATCH"])
@blp.arguments(ItemPatch)
@blp.response(200, ItemOut)
def update_item(body, item_id):
    item = item_service.update_item(item_service.get_item(item_id, Role.member), g.user, **body)
    db.session.commit()
    return _item_out(item)


@blp.route("/items/<int:item_id>", methods=["DELETE"])
@blp.response(204)
def delete_item(item_id):
    item_service.delete_item(item_service.get_item(item_id, Role.member), g.user)
    db.session.commit()


@blp.route("/items/<int:item_id>/buttons/<key>", methods=["POST"])
@blp.response(200)
def press_button(item_id, key):
    """Presses the item's button column `key` (automations with a button_clicked trigger run)."""
    item_service.press_button(item_service.get_item(item_id, Role.member), key, g.user)
    db.session.commit()
    return {"item_id": item_id, "column": key, "pressed": True}


@blp.route("/items/<int:item_id>/move", methods=["POST"])
@blp.arguments(MoveIn)
@blp.response(200, ItemOut)
def move_item(body, item_id):
    item = item_service.move_item(item_service.get_item(item_id, Role.member), g.user, **body)
    db.session.commit()
    return _item_out(item)


@blp.route("/items/<int:item_id>/subitems", methods=["GET"])
@blp.response(200, ItemOut(many=True))
def list_subitems(item_id):
    item = item_service.get_item(item_id)
    subitems = item_service.subitems_of(item)
    serialize = item_service.serializer_for(db.session.get(Board, item.board_id), subitems)
    return [serialize(sub) for sub in subitems]


@blp.route("/items/<int:item_id>/activity", methods=["GET"])
@blp.response(200, ActivityOut(many=True))
def item_activity(item_id):
    """The item's history, newest first."""
    return [activity.serialize(row) for row in activity.item_history(item_service.get_item(item_id))]
