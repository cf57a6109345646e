"""Undoing a finished import in one click: the items it created go to the trash (restorable like
any item), and the changes it made to existing items are reverted from activity, newest first —
each only while the item still holds what the import wrote, so a later edit by a person is kept.
Groups the import created and left empty go to the trash too."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from boards import links
from boards.activity import record
from boards.imports import bulk
from boards.imports.models import Import
from boards.models import Activity, Board, Column, Group, Item
from boards.service import delete_group
from fields import column_types
from workspace.errors import Conflict
from workspace.extensions import db
from workspace.models import User
from workspace.timeutil import utcnow

PAGE = 500
REVERTED_KINDS = ("value_changed", "item_renamed", "item_moved")


@dataclass
class Undone:
    trashed: int = 0
    reverted: int = 0
    kept: int = 0  # changes left alone: the value has changed again since the import


def undo(imp: Import, user: User) -> Undone:
    if imp.dry_run or imp.started_at is None or imp.status not in ("succeeded", "failed", "cancelled"):
        raise Conflict(_("Only an import that has run can be undone."))
    now = utcnow()
    claimed = db.session.execute(update(Import).where(Import.id == imp.id, Import.undone_at.is_(None))
                                 .values(undone_at=now).execution_options(synchronize_session=False)).rowcount
    if not claimed:
        raise Conflict(_("This import has been undone already."))
    board = db.session.get(Board, imp.board_id)
    result = Undone()
    result.trashed = db.session.execute(update(Item).where(
        Item.workspace_id == board.workspace_id, Item.board_id == board.id, Item.import_id == imp.id,
        Item.deleted_at.is_(None)).values(deleted_at=now, trash_cause=f"import:{imp.id}")
        .execution_options(synchronize_session=False)).rowcount
    _revert_changes(imp, board, user, result)
    for group_id in imp.created_groups:
        group = db.session.get(Group, group_id)
        if group is not None and group.deleted_at is None and not _has_items(group):
            delete_group(group, user)
    record("import_undone", board, user=user, new={"import_id": imp.id, "trashed": result.trashed,
                                                   "reverted": result.reverted, "kept": result.kept})
    db.session.flush()
    db.session.refresh(imp)
    return result


def _has_items(group: Group) -> bool:
    return bool(db.session.scalar(select(func.count()).select_from(Item).where(
        Item.group_id == group.id, Item.deleted_at.is_(None))))


def _revert_changes(imp: Import, board: Board, user: User, result: Undone) -> None:
    """The import's changes to items it did not create, newest first, a page at a time."""
    link_keys = {c.key: c for c in db.session.scalars(select(Column).where(Column.board_id == board.id))
                 if column_types.get(c.type).stores_links}
    before = None
    while True:
        query = (select(Activity).join(Item, Item.id == Activity.item_id)
                 .where(Activity.import_id == imp.id, Activity.kind.in_(REVERTED_KINDS),
                        (Item.import_id.is_(None)) | (Item.import_id != imp.id))
                 .order_by(Activity.id.desc()).limit(PAGE))
        if before is not None:
            query = query.where(Activity.id < before)
        page = list(db.session.scalars(query))
        if not page:
            return
        before = page[-1].id
        _revert_page(page, board, user, link_keys, result)


def _revert_page(page: list[Activity], board: Board, user: User, link_keys: dict[str, Column],
                 result: Undone) -> None:
    items = {row.id: row for row in db.session.execute(
        select(Item.id, Item.values, Item.name, Item.group_id, Item.deleted_at)
        .where(Item.id.in_({a.item_id for a in page})).with_for_update())}
    values = {item_id: dict(row.values or {}) for item_id, row in items.items()}
    names = {item_id: row.name for item_id, row in items.items()}
    reverted: dict[int, dict[str, Any]] = {}  # item → key → the value it goes back to (None: cleared)
    now = utcnow()
    activity: list[dict[str, Any]] = []
    for change in page:
        item = items.get(change.item_id)
        if item is None or item.deleted_at is not None:
            result.kept += 1
            continue
        if change.kind == "value_changed" and change.column_key in link_keys:
            shell = _shell(change.item_id, board)
            now_linked = links.linked_ids(link_keys[change.column_key].id, [change.item_id]).get(change.item_id, [])
            if sorted(now_linked) == sorted(change.new or []):
                links.set_links(shell, link_keys[change.column_key], change.old or [], user)
                result.reverted += 1
            else:
                result.kept += 1
        elif change.kind == "value_changed":
            current = values[change.item_id].get(change.column_key)
            if current != change.new:
                result.kept += 1
                continue
            values[change.item_id][change.column_key] = change.old
            reverted.setdefault(change.item_id, {})[change.column_key] = change.old
            activity.append(_activity(board, user, change.item_id, "value_changed", change.column_key,
                                      current, change.old, now))
            result.reverted += 1
        elif change.kind == "item_renamed":
            if names[change.item_id] != change.new:
                result.kept += 1
                continue
            names[change.item_id] = change.old
            db.session.execute(update(Item).where(Item.id == change.item_id).values(
                name=change.old, updated_at=now, updated_by_id=user.id).execution_options(synchronize_session=False))
            activity.append(_activity(board, user, change.item_id, "item_renamed", None, change.new, change.old, now))
            result.reverted += 1
        else:  # item_moved: back to the group it came from, if it is still there and live
            result.reverted += _move_back(change, items[change.item_id], board, user, now, activity)
    bulk.update_values([(item_id, {k: v for k, v in keys.items() if v is not None},
                         [k for k, v in keys.items() if v is None]) for item_id, keys in reverted.items()],
                       user.id, now)
    bulk.insert_activity(activity)


def _move_back(change: Activity, item: Any, board: Board, user: User, now, activity: list) -> int:
    from boards import positions

    old_group = (change.old or {}).get("group_id")
    group = db.session.get(Group, old_group) if old_group else None
    if group is None or group.deleted_at is not None or item.group_id != (change.new or {}).get("group_id"):
        return 0
    position = positions.after_last(Item, Item.group_id == group.id, Item.parent_id.is_(None))
    db.session.execute(update(Item).where(Item.id == item.id).values(group_id=group.id, position=position)
                       .execution_options(synchronize_session=False))
    db.session.execute(update(Item).where(Item.parent_id == item.id).values(group_id=group.id)
                       .execution_options(synchronize_session=False))
    activity.append(_activity(board, user, item.id, "item_moved", None, {"group_id": item.group_id},
                              {"group_id": group.id, "position": position}, now))
    return 1


def _activity(board: Board, user: User, item_id: int, kind: str, key: str | None, old: Any, new: Any, now) -> dict:
    # Processed already: undoing an import starts no automation, as the import itself did not.
    return {"workspace_id": board.workspace_id, "board_id": board.id, "item_id": item_id, "user_id": user.id,
            "kind": kind, "column_key": key, "old": old, "new": new, "at": now, "depth": 0, "processed_at": now}


def _shell(item_id: int, board: Board):
    from types import SimpleNamespace

    return SimpleNamespace(id=item_id, workspace_id=board.workspace_id, board_id=board.id)
