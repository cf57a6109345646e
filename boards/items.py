"""The item service: every write to an item goes through here, with its Activity rows."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from boards import jsonsql, links, positions
from boards.activity import record
from boards.context import WorkspaceContext
from boards.models import Board, Column, Group, Item
from boards.service import columns_of, get_board, groups_of
from fields import InvalidValue, column_types
from workspace.access import request_user_id, require_role
from workspace.errors import Invalid, NotFound
from workspace.extensions import db
from workspace.models import Role, User
from workspace.timeutil import isoformat_utc, utcnow

MAX_NAME = 500


def get_item(item_id: int, needed: Role = Role.viewer, *, include_deleted: bool = False) -> Item:
    item = db.session.get(Item, item_id)
    if item is None or (item.deleted_at is not None and not include_deleted):
        raise NotFound("item")
    require_role(item.workspace_id, needed, "item")
    get_board(item.board_id, needed)
    return item


def lock_item(item: Item) -> Item:
    """Re-reads the item under a row lock (PostgreSQL), so old values in activity are exact."""
    return db.session.scalars(select(Item).where(Item.id == item.id).with_for_update()
                              .execution_options(populate_existing=True)).one()


# -- values ----------------------------------------------------------------------------------
def clean_values(board: Board, values: dict[str, Any], *, scope: str,
                 context: WorkspaceContext | None = None) -> tuple[dict[str, Any], list[str]]:
    """Validates values against the board's columns: (keys to set, keys to clear), or a 422
    whose details name every bad column key and the reason."""
    if not isinstance(values, dict):
        raise Invalid({"values": "must be an object of column key → value"})
    columns = {c.key: c for c in columns_of(board, scope)}
    context = context or WorkspaceContext(board.workspace_id)
    to_set: dict[str, Any] = {}
    to_clear: list[str] = []
    errors: dict[str, str] = {}
    for key, value in values.items():
        column = columns.get(key)
        if column is None:
            errors[key] = f"no {scope} column with this key on the board"
            continue
        column_type = column_types.get(column.type)(column.settings)
        if column_type.read_only:
            errors[key] = "this column is read-only"
            continue
        if value is None:
            to_clear.append(key)
            continue
        try:
            cleaned = column_type.validate(value, context)
            if column_type.stores_links and cleaned:
                links.check_targets(column, board.workspace_id, cleaned)
        except InvalidValue as error:
            errors[key] = error.reason
            continue
        if cleaned is None:
            to_clear.append(key)
        else:
            to_set[key] = cleaned
    if errors:
        raise Invalid(errors)
    return to_set, to_clear


def _write_values(item: Item, to_set: dict[str, Any], to_clear: list[str], user: User) -> None:
    db.session.execute(
        update(Item).where(Item.id == item.id)
        .values(values=jsonsql.patch_expression(Item.values, to_set, to_clear),
                updated_at=utcnow(), updated_by_id=user.id)
        .execution_options(synchronize_session=False))


def _default_values(board: Board, scope: str) -> dict[str, Any]:
    """Defaults the column settings name (e.g. a status column's default label)."""
    return {c.key: c.settings["default"] for c in columns_of(board, scope)
            if c.settings.get("default") is not None and not column_types.get(c.type).read_only}


# -- create ----------------------------------------------------------------------------------
def create_item(board: Board, user: User, *, name: str, group_id: int | None = None,
                parent_id: int | None = None, values: dict[str, Any] | None = None) -> Item:
    name = _clean_name(name)
    parent = None
    if parent_id is not None:
        parent = db.session.get(Item, parent_id)
        if parent is None or parent.board_id != board.id or parent.deleted_at is not None:
            raise Invalid({"parent_id": "no such item on this board"})
        if parent.parent_id is not None:
            raise Invalid({"parent_id": "sub-items cannot have sub-items"})
        group_id = parent.group_id
    group = _group_on(board, group_id)
    scope = "subitem" if parent else "item"
    to_set, _ = clean_values(board, {**_default_values(board, scope), **(values or {})}, scope=scope)
    to_link = _split_links(board, scope, to_set)
    number = db.session.execute(
        update(Board).where(Board.id == board.id).values(item_counter=Board.item_counter + 1)
        .returning(Board.item_counter)).scalar_one()
    sibling_scope = ((Item.parent_id == parent.id,) if parent else
                     (Item.group_id == group.id, Item.parent_id.is_(None)))
    now = utcnow()
    item = Item(workspace_id=board.workspace_id, board_id=board.id, group_id=group.id,
                parent_id=parent.id if parent else None, name=name, values=to_set, number=number,
                position=positions.after_last(Item, *sibling_scope), created_by_id=user.id,
                updated_by_id=user.id, created_at=now, updated_at=now)
    db.session.add(item)
    db.session.flush()
    _write_links(item, board, scope, to_link, user, record_change=False)
    record("subitem_created" if parent else "item_created", board, item=item, user=user,
           new={"name": name, "group_id": group.id, "parent_id": item.parent_id, "values": {**to_set, **to_link}})
    return item


def _split_links(board: Board, scope: str, to_set: dict[str, Any]) -> dict[str, list[int]]:
    """Takes the values of connect columns out of `to_set`: they are written as ItemLink rows."""
    link_keys = [c.key for c in columns_of(board, scope) if column_types.get(c.type).stores_links]
    return {key: to_set.pop(key) for key in link_keys if key in to_set}


def _write_links(item: Item, board: Board, scope: str, to_link: dict[str, list[int]], user: User, *,
                 record_change: bool = True) -> None:
    columns = {c.key: c for c in columns_of(board, scope)}
    for key, ids in to_link.items():
        links.set_links(item, columns[key], ids or [], user, record_change=record_change)


def _group_on(board: Board, group_id: int | None) -> Group:
    if group_id is None:
        groups = groups_of(board)
        if groups:
            return groups[0]
        from boards.service import create_group

        return create_group(board, "Group")
    group = db.session.get(Group, group_id)
    if group is None or group.board_id != board.id or group.deleted_at is not None:
        raise Invalid({"group_id": "no such group on this board"})
    return group


def _clean_name(name: Any) -> str:
    if not isinstance(name, str) or not name.strip():
        raise Invalid({"name": "must be a non-empty string"})
    if len(name.strip()) > MAX_NAME:
        raise Invalid({"name": f"must be at most {MAX_NAME} characters"})
    return name.strip()


# -- update ----------------------------------------------------------------------------------
def update_item(item: Item, user: User, *, name: str | None = None, group_id: int | None = None,
                values: dict[str, Any] | None = None) -> Item:
    """Changes only what is given; unchanged values write nothing and record nothing."""
    board = db.session.get(Board, item.board_id)
    scope = "subitem" if item.parent_id else "item"
    to_set, to_clear = clean_values(board, values or {}, scope=scope)
    to_link = _split_links(board, scope, to_set)
    to_link.update({key: [] for key in _split_links(board, scope, dict.fromkeys(to_clear))})
    to_clear = [key for key in to_clear if key not in to_link]
    if name is not None:
        name = _clean_name(name)
    item = lock_item(item)
    _write_links(item, board, scope, to_link, user)
    current = item.values or {}
    changed_set = {k: v for k, v in to_set.items() if current.get(k) != v}
    changed_clear = [k for k in to_clear if k in current]
    if changed_set or changed_clear:
        _write_values(item, changed_set, changed_clear, user)
        for key, value in changed_set.items():
            record("value_changed", board, item=item, user=user, column_key=key, old=current.get(key), new=value)
        for key in changed_clear:
            record("value_changed", board, item=item, user=user, column_key=key, old=current.get(key), new=None)
    if name is not None and name != item.name:
        record("item_renamed", board, item=item, user=user, old=item.name, new=name)
        db.session.execute(update(Item).where(Item.id == item.id).values(
            name=name, updated_at=utcnow(), updated_by_id=user.id).execution_options(synchronize_session=False))
    if group_id is not None and group_id != item.group_id:
        move_item(item, user, group_id=group_id)
    db.session.flush()
    db.session.expire(item)  # read again only if used again (an automation's write often is not)
    return item


def move_item(item: Item, user: User, *, group_id: int | None = None, before_id: int | None = None,
              after_id: int | None = None) -> Item:
    """Moves within or across groups, before or after a sibling; sub-items follow their parent."""
    board = db.session.get(Board, item.board_id)
    anchor_id = before_id or after_id
    if anchor_id is not None:
        anchor = db.session.get(Item, anchor_id)
        if (anchor is None or anchor.board_id != board.id or anchor.deleted_at is not None
                or anchor.parent_id != item.parent_id or anchor.id == item.id):
            raise Invalid({"before_id" if before_id else "after_id": "no such sibling item on this board"})
        if group_id is None:
            group_id = anchor.group_id
        elif anchor.group_id != group_id:
            raise Invalid({"group_id": "the anchor item is in another group"})
    if item.parent_id is not None:
        if group_id is not None and group_id != item.group_id:
            raise Invalid({"group_id": "a sub-item stays in its parent's group"})
        scope = (Item.parent_id == item.parent_id, Item.deleted_at.is_(None))
        group = db.session.get(Group, item.group_id)
    else:
        group = _group_on(board, group_id if group_id is not None else item.group_id)
        scope = (Item.board_id == board.id, Item.group_id == group.id, Item.parent_id.is_(None),
                 Item.deleted_at.is_(None))
    old = {"group_id": item.group_id, "position": item.position}
    position = positions.place(Item, scope, item.id, before_id, after_id)
    db.session.execute(update(Item).where(Item.id == item.id).values(
        group_id=group.id, position=position, updated_at=utcnow(), updated_by_id=user.id)
        .execution_options(synchronize_session=False))
    if group.id != old["group_id"]:
        db.session.execute(update(Item).where(Item.parent_id == item.id).values(group_id=group.id)
                           .execution_options(synchronize_session=False))
    record("item_moved", board, item=item, user=user, old=old, new={"group_id": group.id, "position": position})
    db.session.flush()
    db.session.refresh(item)
    return item


# -- trash -----------------------------------------------------------------------------------
def delete_item(item: Item, user: User) -> None:
    """Trashes the item; its sub-items follow it and come back with it."""
    now = utcnow()
    item.deleted_at = now
    item.trash_cause = None
    db.session.execute(update(Item).where(Item.parent_id == item.id, Item.deleted_at.is_(None))
                       .values(deleted_at=now, trash_cause=f"item:{item.id}")
                       .execution_options(synchronize_session=False))
    record("item_deleted", db.session.get(Board, item.board_id), item=item, user=user, old={"name": item.name})


def restore_item(item: Item, user: User) -> Item:
    group = db.session.get(Group, item.group_id)
    if group.deleted_at is not None:
        raise Invalid({"group_id": "the item's group is in the trash; restore the group first"})
    if item.parent_id is not None:
        parent = db.session.get(Item, item.parent_id)
        if parent.deleted_at is not None:
            raise Invalid({"parent_id": "the parent item is in the trash; restore it first"})
    item.deleted_at = None
    item.trash_cause = None
    db.session.execute(update(Item).where(Item.trash_cause == f"item:{item.id}")
                       .values(deleted_at=None, trash_cause=None).execution_options(synchronize_session=False))
    record("item_restored", db.session.get(Board, item.board_id), item=item, user=user)
    return item


# -- buttons ---------------------------------------------------------------------------------
def press_button(item: Item, key: str, user: User) -> None:
    """Records that the item's button `key` was pressed: an event automations can start from."""
    board = db.session.get(Board, item.board_id)
    scope = "subitem" if item.parent_id else "item"
    column = next((c for c in columns_of(board, scope) if c.key == key), None)
    if column is None or not column_types.get(column.type).pressable:
        raise NotFound("button column")
    record("button_clicked", board, item=item, user=user, column_key=key)


# -- reading ---------------------------------------------------------------------------------
def serialize(item: Item, columns: list[Column], derived: dict[str, Any] | None = None) -> dict[str, Any]:
    """The API form: values of the item's live columns, read-only ones computed; `derived` holds
    the values read in SQL for a page (links, mirrors)."""
    stored = item.values or {}
    derived = derived or {}
    values: dict[str, Any] = {}
    for column in columns:
        column_type = column_types.get(column.type)
        if column.key in derived:
            if derived[column.key] is not None:
                values[column.key] = derived[column.key]
        elif column_type.read_only:
            values[column.key] = column_type(column.settings).computed_value(item)
        elif column.key in stored:
            values[column.key] = stored[column.key]
    return {"id": item.id, "board_id": item.board_id, "group_id": item.group_id, "parent_id": item.parent_id,
            "name": item.name, "position": item.position, "values": values,
            "created_at": isoformat_utc(item.created_at), "updated_at": isoformat_utc(item.updated_at)}


class Serializer:
    """Serialises a board's items; values kept outside item.values (links, mirrors) are read in
    one query per column for all the items given to prefetch (else per item, on first use)."""

    def __init__(self, board: Board, items: Any = ()):
        self.board = board
        self.columns = {scope: columns_of(board, scope) for scope in ("item", "subitem")}
        self.derived: dict[int, dict[str, Any]] = {}
        self.prefetch(items)

    def prefetch(self, items: Any) -> Serializer:
        by_scope: dict[str, list[int]] = {"item": [], "subitem": []}
        for item in items:
            if item.id not in self.derived:
                by_scope["subitem" if item.parent_id else "item"].append(item.id)
        for scope, ids in by_scope.items():
            if ids:
                values = derived_values(self.board, self.columns[scope], ids)
                for item_id in ids:
                    self.derived[item_id] = {key: found.get(item_id) for key, found in values.items()}
        return self

    def __call__(self, item: Any) -> dict[str, Any]:
        if item.id not in self.derived:
            self.prefetch([item])
        return serialize(item, self.columns["subitem" if item.parent_id else "item"], self.derived[item.id])


def derived_values(board: Board, columns: list[Column], item_ids: list[int]) -> dict[str, dict[int, Any]]:
    """column key → {item id → value} for the columns whose values are read in SQL."""
    from boards.mirrors import BrokenMirror
    from boards.sources import ValueSources
    from workspace.clock import today

    sources = ValueSources(db.session.get_bind().dialect.name, today(), me=request_user_id())
    result: dict[str, dict[int, Any]] = {}
    for column in columns:
        column_type = column_types.get(column.type)(column.settings)
        try:
            values = column_type.read_values(column, item_ids, sources)
        except BrokenMirror:
            values = {}
        if values is not None:
            result[column.key] = values
    return result


def serializer_for(board: Board, items: Any = ()) -> Serializer:
    """Serialises any number of the board's items; pass a page's items to read them in bulk."""
    return Serializer(board, items)


def subitems_of(item: Item) -> list[Item]:
    return list(db.session.scalars(select(Item).where(
        Item.workspace_id == item.workspace_id, Item.parent_id == item.id, Item.deleted_at.is_(None))
        .order_by(Item.position, Item.id)))


