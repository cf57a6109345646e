"""/api/v1 routes for boards, groups, columns and the trash. Thin: parse, call the service, render."""
from __future__ import annotations

from flask import g
from flask_smorest import Blueprint

from boards import columns as column_service
from boards import items as item_service
from boards import service
from boards.models import Board, Column, Group
from boards.schemas import (
    BoardIn,
    BoardOut,
    BoardPatch,
    ColumnIn,
    ColumnOut,
    ColumnPatch,
    GroupIn,
    GroupOut,
    GroupPatch,
    TypeChangePreviewIn,
    TypeChangePreviewOut,
)
from workspace.access import require_role
from workspace.errors import NotFound
from workspace.extensions import db
from workspace.models import Role

blp = Blueprint("boards", __name__, url_prefix="/api/v1", description="Boards, groups, columns and trash")


def group_out(group: Group) -> dict:
    return {"id": group.id, "board_id": group.board_id, "name": group.name, "color": group.color,
            "position": group.position, "collapsed": group.collapsed}


def column_out(column: Column) -> dict:
    return {"id": column.id, "board_id": column.board_id, "key": column.key, "title": column.title,
            "type": column.type, "settings": column.settings, "scope": column.scope,
            "position": column.position, "hidden": column.hidden}


def board_out(board: Board) -> dict:
    return {"id": board.id, "workspace_id": board.workspace_id, "name": board.name,
            "description": board.description, "groups": [group_out(g) for g in service.groups_of(board)],
            "columns": [column_out(c) for c in service.columns_of(board)]}


# -- boards --------------------------------------------------------------------------------
@blp.route("/workspaces/<int:workspace_id>/boards", methods=["GET"])
@blp.response(200, BoardOut(many=True))
def list_boards(workspace_id):
    require_role(workspace_id, Role.viewer)
    return [board_out(b) for b in service.boards_in(workspace_id)]


@blp.route("/workspaces/<int:workspace_id>/boards", methods=["POST"])
@blp.arguments(BoardIn)
@blp.response(201, BoardOut)
def create_board(body, workspace_id):
    require_role(workspace_id, Role.admin)
    board = service.create_board(workspace_id, body["name"], body["description"], g.user)
    db.session.commit()
    return board_out(board)


@blp.route("/boards/<int:board_id>", methods=["GET"])
@blp.response(200, BoardOut)
def get_board(board_id):
    return board_out(service.get_board(board_id))


@blp.route("/boards/<int:board_id>", methods=["PATCH"])
@blp.arguments(BoardPatch)
@blp.response(200, BoardOut)
def update_board(body, board_id):
    board = service.update_board(service.get_board(board_id, Role.admin), g.user, **body)
    db.session.commit()
    return board_out(board)


@blp.route("/boards/<int:board_id>", methods=["DELETE"])
@blp.response(204)
def delete_board(board_id):
    service.delete_board(service.get_board(board_id, Role.admin), g.user)
    db.session.commit()


# -- groups --------------------------------------------------------------------------------
@blp.route("/boards/<int:board_id>/groups", methods=["POST"])
@blp.arguments(GroupIn)
@blp.response(201, GroupOut)
def create_group(body, board_id):
    group = service.create_group(service.get_board(board_id, Role.admin), body["name"],
                                 color=body.get("color"), position=body.get("position"), user=g.user)
    db.session.commit()
    return group_out(group)


@blp.route("/groups/<int:group_id>", methods=["PATCH"])
@blp.arguments(GroupPatch)
@blp.response(200, GroupOut)
def update_group(body, group_id):
    group = service.update_group(service.get_group(group_id, Role.admin), g.user, **body)
    db.session.commit()
    return group_out(group)


@blp.route("/groups/<int:group_id>", methods=["DELETE"])
@blp.response(204)
def delete_group(group_id):
    service.delete_group(service.get_group(group_id, Role.admin), g.user)
    db.session.commit()


# -- columns -------------------------------------------------------------------------------
@blp.route("/boards/<int:board_id>/columns", methods=["POST"])
@blp.arguments(ColumnIn)
@blp.response(201, ColumnOut)
def create_column(body, board_id):
    column = column_service.create_column(service.get_board(board_id, Role.admin), g.user, **body)
    db.session.commit()
    return column_out(column)


@blp.route("/columns/<int:column_id>", methods=["PATCH"])
@blp.arguments(ColumnPatch)
@blp.response(200, ColumnOut)
def update_column(body, column_id):
    column = column_service.get_column(column_id, Role.admin)
    conversion = column_service.update_column(column, g.user, **body)
    db.session.commit()
    out = column_out(column)
    if conversion is not None:
        out["conversion"] = {"converted": conversion.converted, "failed": conversion.failed}
    return out


@blp.route("/columns/<int:column_id>/type-change-preview", methods=["POST"])
@blp.arguments(TypeChangePreviewIn)
@blp.response(200, TypeChangePreviewOut)
def preview_type_change(body, column_id):
    """How many values would not convert to the new type — nothing is changed."""
    column = column_service.get_column(column_id, Role.admin)
    return column_service.preview_type_change(column, body["type"], body["settings"])


@blp.route("/columns/<int:column_id>", methods=["DELETE"])
@blp.response(204)
def delete_column(column_id):
    column_service.delete_column(column_service.get_column(column_id, Role.admin), g.user)
    db.session.commit()


# -- trash ---------------------------------------------------------------------------------
RESTORERS = {
    "board": (lambda i: service.get_board(i, Role.admin, include_deleted=True), service.restore_board),
    "group": (lambda i: service.get_group(i, Role.admin, include_deleted=True), service.restore_group),
    "column": (lambda i: column_service.get_column(i, Role.admin, include_deleted=True),
               column_service.restore_column),
    "item": (lambda i: item_service.get_item(i, Role.member, include_deleted=True), item_service.restore_item),
}


@blp.route("/trash/<kind>/<int:object_id>/restore", methods=["POST"])
@blp.response(200)
def restore(kind, object_id):
    """Brings a trashed board, group, column or item back, whole."""
    if kind not in RESTORERS:
        raise NotFound("trash kind")
    fetch, restore_it = RESTORERS[kind]
    thing = fetch(object_id)
    if thing.deleted_at is None:
        raise NotFound(f"{kind} in the trash")
    restore_it(thing, g.user)
    db.session.commit()
    return {"kind": kind, "id": object_id, "restored": True}
