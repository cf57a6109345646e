"""Boards and groups: lookups scoped to the caller's workspace, create, change, trash, restore."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select, update

from boards import positions
from boards.activity import record
from boards.models import Board, Column, Group, Item
from workspace.access import current_user_required, require_role
from workspace.errors import Invalid, NotFound
from workspace.extensions import db
from workspace.models import Role, User
from workspace.timeutil import utcnow

GROUP_COLORS = ["#579bfc", "#00c875", "#fdab3d", "#e2445c", "#a25ddc", "#037f4c", "#ff642e", "#66ccff"]


# -- lookups: each answers 404 for what is missing, trashed or in another workspace ----------
def get_board(board_id: int, needed: Role = Role.viewer, *, include_deleted: bool = False) -> Board:
    board = db.session.get(Board, board_id)
    if board is None or (board.deleted_at is not None and not include_deleted):
        raise NotFound("board")
    require_role(board.workspace_id, needed, "board")
    return board


def get_group(group_id: int, needed: Role = Role.viewer, *, include_deleted: bool = False) -> Group:
    group = db.session.get(Group, group_id)
    if group is None or (group.deleted_at is not None and not include_deleted):
        raise NotFound("group")
    require_role(group.workspace_id, needed, "group")
    get_board(group.board_id, needed)
    return group


def boards_in(workspace_id: int) -> list[Board]:
    return list(db.session.scalars(select(Board).where(
        Board.workspace_id == workspace_id, Board.deleted_at.is_(None)).order_by(Board.name, Board.id)))


def groups_of(board: Board) -> list[Group]:
    return list(db.session.scalars(select(Group).where(
        Group.workspace_id == board.workspace_id, Group.board_id == board.id, Group.deleted_at.is_(None))
        .order_by(Group.position, Group.id)))


@dataclass(frozen=True)
class ColumnInfo:
    """A read-only copy of a live column, safe to keep between requests."""

    id: int
    board_id: int
    key: str
    title: str
    type: str
    settings: dict
    scope: str
    position: float
    hidden: bool


_column_cache: dict[tuple[int, str], list[ColumnInfo]] = {}
COLUMN_CACHE_SIZE = 2048


def columns_of(board: Board, scope: str | None = None, *, include_hidden: bool = True) -> list[ColumnInfo]:
    """The board's live columns in order (read-only copies), cached until its columns change:
    every query of a board needs them, and they change rarely."""
    key = (board.id, board.columns_token)
    columns = _column_cache.get(key)
    if columns is None:
        rows = db.session.scalars(select(Column).where(
            Column.workspace_id == board.workspace_id, Column.board_id == board.id, Column.deleted_at.is_(None))
            .order_by(Column.position, Column.id))
        columns = [ColumnInfo(c.id, c.board_id, c.key, c.title, c.type, c.settings, c.scope, c.position, c.hidden)
                   for c in rows]
        if len(_column_cache) >= COLUMN_CACHE_SIZE:
            _column_cache.clear()
        _column_cache[key] = columns
    return [c for c in columns if (scope is None or c.scope == scope) and (include_hidden or not c.hidden)]


def columns_changed(board_id: int) -> None:
    """Called by every change to a board's columns, in its transaction."""
    db.session.get(Board, board_id).columns_token = uuid.uuid4().hex


# -- boards --------------------------------------------------------------------------------
def create_board(workspace_id: int, name: str, description: str = "", user: User | None = None) -> Board:
    user = user or current_user_required()
    board = Board(workspace_id=workspace_id, name=_clean_name(name), description=description or "",
                  created_by_id=user.id, item_counter=0)
    db.session.add(board)
    db.session.flush()
    create_group(board, _("New group"), user=user)
    record("board_created", board, user=user, new={"name": board.name})
    return board


def update_board(board: Board, user: User, *, name: str | None = None, description: str | None = None) -> Board:
    if name is not None and name.strip() != board.name:
        record("board_renamed", board, user=user, old=board.name, new=_clean_name(name))
        board.name = _clean_name(name)
    if description is not None:
        board.description = description
    return board


def delete_board(board: Board, user: User) -> None:
    board.deleted_at = utcnow()
    record("board_deleted", board, user=user)


def restore_board(board: Board, user: User) -> Board:
    board.deleted_at = None
    record("board_restored", board, user=user)
    return board


# -- groups --------------------------------------------------------------------------------
def create_group(board: Board, name: str, *, color: str | None = None, position: float | None = None,
                 user: User | None = None) -> Group:
    scope = (Group.board_id == board.id, Group.deleted_at.is_(None))
    count = len(groups_of(board))
    group = Group(workspace_id=board.workspace_id, board_id=board.id, name=_clean_name(name),
                  color=color or GROUP_COLORS[count % len(GROUP_COLORS)],
                  position=position if position is not None else positions.after_last(Group, *scope))
    db.session.add(group)
    db.session.flush()
    record("group_created", board, user=user, new={"id": group.id, "name": group.name})
    return group


def update_group(group: Group, user: User, **changes) -> Group:
    board = db.session.get(Board, group.board_id)
    for field in ("name", "color", "position", "collapsed"):
        value = changes.get(field)
        if value is None:
            continue
        if field == "name":
            value = _clean_name(value)
        if getattr(group, field) != value:
            record(f"group_{field}_changed", board, user=user, old=getattr(group, field), new=value)
            setattr(group, field, value)
    return group


def delete_group(group: Group, user: User) -> None:
    """Trashes the group and, with it, its items (restored together)."""
    now = utcnow()
    group.deleted_at = now
    db.session.execute(update(Item).where(
        Item.workspace_id == group.workspace_id, Item.group_id == group.id, Item.deleted_at.is_(None))
        .values(deleted_at=now, trash_cause=f"group:{group.id}"))
    record("group_deleted", db.session.get(Board, group.board_id), user=user,
           old={"id": group.id, "name": group.name})


def restore_group(group: Group, user: User) -> Group:
    group.deleted_at = None
    db.session.execute(update(Item).where(
        Item.workspace_id == group.workspace_id, Item.trash_cause == f"group:{group.id}")
        .values(deleted_at=None, trash_cause=None))
    record("group_restored", db.session.get(Board, group.board_id), user=user, new={"id": group.id})
    return group


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise Invalid({"name": "must not be empty"})
    return name
