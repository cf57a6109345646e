"""Saved views: create, read, change and delete, personal or shared, checked against the board."""
from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select

from boards import positions
from boards.filtertree import BadQuery, compile_filter
from boards.models import Board
from boards.service import columns_of, get_board
from fields import InvalidValue
from views.models import View
from views.service import resolver_for
from views.sorting import compile_sort
from views.types import view_types
from workspace.access import require_role
from workspace.errors import Forbidden, Invalid, NotFound
from workspace.extensions import db
from workspace.models import Role, User
from workspace.registry import UnknownType
from workspace.timeutil import isoformat_utc, utcnow


def visible_to(user: User):
    return or_(View.shared.is_(True), View.owner_id == user.id)


def views_of(board: Board, user: User) -> list[View]:
    return list(db.session.scalars(select(View).where(
        View.workspace_id == board.workspace_id, View.board_id == board.id, visible_to(user))
        .order_by(View.position, View.id)))


def get_view(view_id: int, user: User, needed: Role = Role.viewer) -> View:
    view = db.session.get(View, view_id)
    if view is None or not (view.shared or view.owner_id == user.id):
        raise NotFound("view")
    require_role(view.workspace_id, Role.viewer, "view")
    get_board(view.board_id)
    if needed != Role.viewer:
        _check_can_change(view, user)
    return view


def _check_can_change(view: View, user: User) -> None:
    """A personal view is its owner's; a shared one needs the member role."""
    role = require_role(view.workspace_id, Role.viewer, "view")
    if view.owner_id == user.id and not view.shared:
        return
    if not role.allows(Role.member):
        raise Forbidden("changing a shared view needs the member role")


def _clean(board: Board, type_name: str, filter_tree: Any, sort: Any, settings: Any) -> dict:
    try:
        view_type = view_types.get(type_name)
    except UnknownType:
        raise Invalid({"type": f"unknown view type {type_name!r}; one of: {', '.join(view_types.names())}"}) \
            from None
    resolver = resolver_for(board)
    for field, check in (("filter", lambda: compile_filter(filter_tree, resolver)),
                         ("sort", lambda: compile_sort(sort, resolver))):
        try:
            check()
        except BadQuery as error:
            raise Invalid({field: error.message}) from None
    columns = {c.key: c for c in columns_of(board, "item")}
    try:
        settings = view_type.clean_settings(settings, columns)
    except InvalidValue as error:
        raise Invalid({"settings": error.reason}) from None
    return {"type": type_name, "filter": filter_tree or {}, "sort": sort or [], "settings": settings}


def create_view(board: Board, user: User, *, name: str, type: str, filter: Any = None, sort: Any = None,
                settings: Any = None, shared: bool = True) -> View:
    role = require_role(board.workspace_id, Role.viewer, "board")
    if shared and not role.allows(Role.member):
        raise Forbidden("a shared view needs the member role; viewers can save personal views")
    cleaned = _clean(board, type, filter, sort, settings)
    view = View(workspace_id=board.workspace_id, board_id=board.id, owner_id=user.id, name=_name(name),
                shared=shared, position=positions.after_last(View, View.board_id == board.id), **cleaned)
    db.session.add(view)
    db.session.flush()
    return view


def update_view(view: View, user: User, **changes: Any) -> View:
    board = db.session.get(Board, view.board_id)
    if "name" in changes:
        view.name = _name(changes["name"])
    if "shared" in changes:
        view.shared = bool(changes["shared"])
    if "position" in changes:
        view.position = changes["position"]
    if {"type", "filter", "sort", "settings"} & set(changes):
        cleaned = _clean(board, changes.get("type", view.type), changes.get("filter", view.filter),
                         changes.get("sort", view.sort), changes.get("settings", view.settings))
        for key, value in cleaned.items():
            setattr(view, key, value)
    view.updated_at = utcnow()
    return view


def delete_view(view: View) -> None:
    db.session.delete(view)


def serialize(view: View) -> dict:
    return {"id": view.id, "board_id": view.board_id, "name": view.name, "type": view.type,
            "filter": view.filter, "sort": view.sort, "settings": view.settings, "shared": view.shared,
            "owner_id": view.owner_id, "position": view.position, "updated_at": isoformat_utc(view.updated_at)}


def _name(name: Any) -> str:
    if not isinstance(name, str) or not name.strip():
        raise Invalid({"name": "must not be empty"})
    return name.strip()[:200]
