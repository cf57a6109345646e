"""Columns designed at runtime: add, rename, reorder, hide, change type (converting values), trash."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import select, update

from boards import indexes, jsonsql, links, mirrors, positions  # noqa: F401  (links, mirrors: lifecycles)
from boards.activity import record
from boards.context import WorkspaceContext
from boards.lifecycle import lifecycle_of
from boards.models import Board, Column, Item
from boards.service import columns_changed, get_board
from fields import ColumnType, InvalidValue, column_types
from workspace.access import require_role
from workspace.errors import Invalid, NotFound
from workspace.extensions import db
from workspace.models import Role, User
from workspace.registry import UnknownType
from workspace.timeutil import utcnow

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
RESERVED_KEYS = {"name", "group", "created_at", "updated_at", "id", "position"}
SCOPES = ("item", "subitem")
BATCH = 1000


def get_column(column_id: int, needed: Role = Role.viewer, *, include_deleted: bool = False) -> Column:
    column = db.session.get(Column, column_id)
    if column is None or (column.deleted_at is not None and not include_deleted):
        raise NotFound("column")
    require_role(column.workspace_id, needed, "column")
    get_board(column.board_id, needed)
    return column


def column_type(column: Column) -> ColumnType:
    return column_types.get(column.type)(column.settings)


def _type_class(name: str) -> type[ColumnType]:
    try:
        return column_types.get(name)
    except UnknownType:
        raise Invalid({"type": f"unknown column type {name!r}; one of: {', '.join(column_types.names())}"}) \
            from None


def _clean_settings(type_cls: type[ColumnType], settings: dict | None) -> dict:
    try:
        return type_cls.clean_settings(settings)
    except InvalidValue as error:
        raise Invalid({"settings": error.reason}) from None


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_title.lower()).strip("_")
    if not slug or not slug[0].isalpha():
        slug = "col_" + slug if slug else "col"
    return slug[:40]


def _unique_key(board: Board, wanted: str) -> str:
    taken = set(db.session.scalars(select(Column.key).where(Column.board_id == board.id)))
    key, n = wanted, 2
    while key in taken or key in RESERVED_KEYS:
        key, n = f"{wanted}_{n}", n + 1
    return key


def create_column(board: Board, user: User, *, title: str, type: str, settings: dict | None = None,
                  scope: str = "item", key: str | None = None, position: float | None = None,
                  twin_of: Column | None = None, defer_indexes: bool = False) -> Column:
    """Adds a column; `twin_of` is set when a lifecycle makes a companion (a two-way link's
    reverse column). `defer_indexes`: the caller builds the column's indexes later, once it has
    filled it (an import: one bulk build is far cheaper than an index kept up row by row)."""
    title = (title or "").strip()
    if not title:
        raise Invalid({"title": "must not be empty"})
    if scope not in SCOPES:
        raise Invalid({"scope": "must be 'item' or 'subitem'"})
    type_cls = _type_class(type)
    lifecycle = lifecycle_of(type)
    settings = lifecycle.clean_settings(board, _clean_settings(type_cls, settings), None)
    if twin_of is not None:
        settings = lifecycle.twin_settings(settings, twin_of)
    if key is not None:
        if not KEY_PATTERN.match(key) or key in RESERVED_KEYS:
            raise Invalid({"key": "must be lowercase letters, digits and _ starting with a letter, "
                                  "and not a reserved name"})
        if db.session.scalar(select(Column.id).where(Column.board_id == board.id, Column.key == key)):
            raise Invalid({"key": f"{key!r} is taken on this board"})
    else:
        key = _unique_key(board, slugify(title))
    column = Column(workspace_id=board.workspace_id, board_id=board.id, key=key, title=title, type=type,
                    settings=settings, scope=scope, hidden=False,
                    position=position if position is not None else positions.after_last(
                        Column, Column.board_id == board.id, Column.deleted_at.is_(None)))
    db.session.add(column)
    db.session.flush()
    if not defer_indexes:
        indexes.ensure_indexes(column)
    lifecycle.created(column, user)
    record("column_created", board, user=user, column_key=key, new={"title": title, "type": type})
    columns_changed(board.id)
    return column


@dataclass
class Conversion:
    converted: int = 0
    failed: int = 0
    failed_item_ids: list[int] = field(default_factory=list)


def update_column(column: Column, user: User, *, title: str | None = None, settings: dict | None = None,
                  position: float | None = None, hidden: bool | None = None,
                  type: str | None = None) -> Conversion | None:
    board = db.session.get(Board, column.board_id)
    columns_changed(board.id)
    if title is not None and title.strip() != column.title:
        if not title.strip():
            raise Invalid({"title": "must not be empty"})
        record("column_renamed", board, user=user, column_key=column.key, old=column.title, new=title.strip())
        column.title = title.strip()
    if position is not None:
        column.position = position
    if hidden is not None:
        column.hidden = hidden
    if type is not None and type != column.type:
        return change_type(column, user, type, settings)
    if settings is not None:
        column.settings = lifecycle_of(column.type).clean_settings(
            board, _clean_settings(_type_class(column.type), settings), column)
        # Checking them may have read (and cached) the columns as they were: a new token again.
        columns_changed(board.id)
        record("column_settings_changed", board, user=user, column_key=column.key, new=column.settings)
    return None


def _items_with_values(column: Column):
    scope = Item.parent_id.is_(None) if column.scope == "item" else Item.parent_id.isnot(None)
    last_id = 0
    while True:
        rows = db.session.execute(
            select(Item.id, Item.values).where(
                Item.workspace_id == column.workspace_id, Item.board_id == column.board_id, scope,
                jsonsql.has_key(Item.values, column.key), Item.id > last_id)
            .order_by(Item.id).limit(BATCH)).all()
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id


def _convert(column: Column, old_type: ColumnType, new_type: ColumnType, context) -> dict[int, object]:
    """item id → new value, or InvalidValue for the values that do not convert."""
    results: dict[int, object] = {}
    for item_id, values in _items_with_values(column):
        try:
            results[item_id] = new_type.parse_text(old_type.format_text(values[column.key]), context)
        except InvalidValue as error:
            results[item_id] = error
    return results


def _check_convertible(old_type: str, new_type: str) -> None:
    for name in (old_type, new_type):
        if not lifecycle_of(name).convertible:
            raise Invalid({"type": f"a {name} column cannot be converted to or from another type; "
                                   "add a new column instead"})


def preview_type_change(column: Column, new_type: str, settings: dict | None = None) -> Conversion:
    """How many values would convert and fail, without changing anything."""
    _check_convertible(column.type, new_type)
    new_type_obj = _new_type(column, new_type, settings)
    results = _convert(column, column_type(column), new_type_obj, WorkspaceContext(column.workspace_id))
    failed = [i for i, r in results.items() if isinstance(r, InvalidValue)]
    return Conversion(converted=len(results) - len(failed), failed=len(failed), failed_item_ids=failed)


def _new_type(column: Column, new_type: str, settings: dict | None) -> ColumnType:
    type_cls = _type_class(new_type)
    if type_cls.read_only:
        return type_cls(_clean_settings(type_cls, settings))
    base = type_cls(_clean_settings(type_cls, settings))
    if settings is None:
        # No settings given: let the type grow its labels from the values it is about to receive.
        old_type = column_type(column)
        texts = sorted({old_type.format_text(values[column.key]) for _, values in _items_with_values(column)})
        base = type_cls(_clean_settings(type_cls, base.settings_for_values([t for t in texts if t])))
    return base


def change_type(column: Column, user: User, new_type: str, settings: dict | None) -> Conversion:
    """Converts every value through its text form; values that do not convert are removed from
    the item and kept in activity (kind 'value_not_converted') so nothing is silently lost."""
    board = db.session.get(Board, column.board_id)
    _check_convertible(column.type, new_type)
    old_type = column_type(column)
    new_type_obj = _new_type(column, new_type, settings)
    indexes.drop_indexes(column)  # its expression would not fit the converted values
    results = _convert(column, old_type, new_type_obj, WorkspaceContext(column.workspace_id))
    conversion = Conversion()
    for item_id, result in results.items():
        item = db.session.get(Item, item_id)
        old_value = item.values.get(column.key)
        if isinstance(result, InvalidValue):
            conversion.failed += 1
            conversion.failed_item_ids.append(item_id)
            record("value_not_converted", board, item=item, user=user, column_key=column.key,
                   old=old_value, new={"type": new_type, "reason": result.reason})
            expr = jsonsql.patch_expression(Item.values, {}, [column.key])
        else:
            conversion.converted += 1
            expr = (jsonsql.patch_expression(Item.values, {column.key: result}, [])
                    if result is not None else jsonsql.patch_expression(Item.values, {}, [column.key]))
        db.session.execute(update(Item).where(Item.id == item_id).values(values=expr)
                           .execution_options(synchronize_session=False))
    record("column_type_changed", board, user=user, column_key=column.key,
           old={"type": column.type, "settings": column.settings},
           new={"type": new_type, "settings": new_type_obj.settings,
                "converted": conversion.converted, "failed": conversion.failed})
    column.type = new_type
    column.settings = new_type_obj.settings
    db.session.flush()
    indexes.ensure_indexes(column)
    db.session.expire_all()  # item rows were changed in SQL behind the ORM's back
    return conversion


def delete_column(column: Column, user: User, *, at=None) -> None:
    """Trashes the column; its values stay in the items, so a restore brings them back. Its
    companions (a two-way link's twin) go along."""
    if column.deleted_at is not None:
        return
    column.deleted_at = at or utcnow()
    indexes.drop_indexes(column)
    record("column_deleted", db.session.get(Board, column.board_id), user=user, column_key=column.key)
    columns_changed(column.board_id)
    db.session.flush()
    for companion in lifecycle_of(column.type).trashed(column, user):
        delete_column(companion, user, at=column.deleted_at)


def restore_column(column: Column, user: User) -> Column:
    if column.deleted_at is None:
        return column
    column.deleted_at = None
    db.session.flush()
    indexes.ensure_indexes(column)
    record("column_restored", db.session.get(Board, column.board_id), user=user, column_key=column.key)
    columns_changed(column.board_id)
    for companion in lifecycle_of(column.type).restored(column, user):
        restore_column(companion, user)
    return column


