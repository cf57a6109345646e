"""Writing one prepared batch, inside the transaction that also commits the import's progress.

Rows are applied in file order: a row whose key matches an item updates it (only the cells that
differ, each change in activity, so undo can revert it); any other row creates an item; a row
with a parent key becomes a sub-item of the item that key names. A key repeated in the file
updates the item its first row created. In a dry run the same decisions are made and counted,
and nothing is written but the failures (so they can be read before importing).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from boards import links, positions
from boards.imports import bulk
from boards.imports.models import Import, ImportFailure
from boards.imports.plan import ColumnTarget, Plan
from boards.imports.rows import Batch, Row
from boards.models import Activity, Board, Item
from boards.service import create_group, groups_of
from boards.valuesql import JsonValueSQL
from fields import InvalidValue
from workspace.cause import caused_by_import
from workspace.extensions import db
from workspace.models import User
from workspace.timeutil import utcnow


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0


@dataclass
class _New:
    """An item this batch creates (merged with later rows of the same key)."""

    row: Row
    group_id: int | None
    parent_id: int | None = None
    item_id: int | None = None
    links: dict[str, list[int]] = field(default_factory=dict)


class Writer:
    """Writes batches of one import run; keeps what later batches need (groups by name; in a dry
    run, the keys and names that would have been created)."""

    def __init__(self, imp: Import, board: Board, plan: Plan, user: User):
        self.imp, self.board, self.plan, self.user = imp, board, plan, user
        self.dialect = db.session.get_bind().dialect.name
        self.groups: dict[str, int] = {g.name.casefold(): g.id for g in groups_of(board)}
        self.default_group = plan.default_group_id or (groups_of(board)[0].id if groups_of(board) else None)
        self.would_exist: set[Any] = set()  # dry run: keys (or names) of the items created so far
        self.link_columns = {t.key: t for t in plan.columns if t.stores_links}
        self.linked_names: dict[tuple[int, ...], dict[str, list[int]]] = {}  # boards → name key → ids
        self.parent_groups: dict[int, int] = {}

    # -- the batch ----------------------------------------------------------------------------
    def write(self, batch: Batch) -> Counts:
        counts = Counts()
        self.now = utcnow()
        self.activity: list[dict[str, Any]] = []
        top = [row for row in batch.rows if not row.is_subitem]
        subs = [row for row in batch.rows if row.is_subitem]
        self._write_rows(top, batch, counts)
        if subs:
            self._write_subitems(subs, batch, counts)
        bulk.insert_activity(self.activity)
        if self.link_columns and not self.plan.dry_run:
            # Link changes are recorded by boards/links.py like anyone's; an import's start no
            # automation either (decision 0005): processed in the batch's own transaction.
            db.session.execute(update(Activity).where(Activity.import_id == self.imp.id,
                                                      Activity.processed_at.is_(None))
                               .values(processed_at=self.now).execution_options(synchronize_session=False))
        counts.failed = len(batch.failed_lines)
        self._record_failures(batch)
        return counts

    def _write_rows(self, rows: list[Row], batch: Batch, counts: Counts,
                    parent_of: dict[int, int] | None = None) -> None:
        """Creates or updates the rows; sub-item rows carry their parent in `parent_of` (line → id)."""
        scope = "subitem" if parent_of is not None else "item"
        existing = self._match(rows, scope, parent_of)
        created: dict[Any, _New] = {}
        new_items: list[_New] = []
        updates: list[tuple[Row, int]] = []
        for row in rows:
            if not self._links_ok(row, batch):
                continue
            key = self._row_key(row, scope, parent_of)
            if key is not None and key in created:
                _merge(created[key], row)
                counts.updated += 1
                continue
            matches = existing.get(key, []) if key is not None else []
            if len(matches) > 1:
                batch.fail(row.line, row.cells, _("the key %(key)s matches %(n)s items; make it unique first",
                                                  key=_shown(row.key), n=len(matches)))
                continue
            if matches:
                updates.append((row, matches[0]))
                continue
            if self.plan.dry_run and key is not None and key in self.would_exist:
                counts.updated += 1  # an item an earlier batch would have created
                continue
            if not row.name:
                batch.fail(row.line, row.cells, _("the item has no name"),
                           self.plan.headers[self.plan.name_index] if self.plan.name_index is not None else None, "")
                continue
            if parent_of is None:
                new = _New(row, self._group_id(row.group))
            else:  # a sub-item lives in its parent's group
                new = _New(row, self.parent_groups[parent_of[row.line]], parent_of[row.line])
            new_items.append(new)
            if key is not None:
                created[key] = new
            counts.created += 1
        if self.plan.dry_run:
            for new in new_items:
                self.would_exist.add(new.row.name.lower())
                if new.row.key is not None:
                    self.would_exist.add(new.row.key)
            self._count_updates(updates, counts)
            return
        self._insert(new_items)
        self._update(updates, counts)

    # -- matching keys --------------------------------------------------------------------------
    def _row_key(self, row: Row, scope: str, parent_of: dict[int, int] | None) -> Any:
        spec = self.plan.key
        if spec is None or row.key is None or (spec.scope is not None and spec.scope != scope):
            return None
        return (parent_of[row.line], row.key) if parent_of is not None else row.key

    def _key_expression(self, spec) -> Any:
        if spec.column_key is None:
            return func.lower(Item.name)
        value = JsonValueSQL(spec.column_key, self.dialect, None)
        return value.number() if spec.numeric else func.lower(value.text())

    def _match(self, rows: list[Row], scope: str, parent_of: dict[int, int] | None) -> dict[Any, list[int]]:
        """Items on the board whose key matches a row's: key → ids (per parent for sub-items)."""
        spec = self.plan.key
        if spec is None or (spec.scope is not None and spec.scope != scope) or _is_new(spec.column_key):
            return {}  # nothing on the board can match a column that does not exist yet
        wanted = {row.key for row in rows if row.key is not None}
        if not wanted:
            return {}
        expression = self._key_expression(spec)
        query = select(Item.id, Item.parent_id, expression).where(
            Item.workspace_id == self.board.workspace_id, Item.board_id == self.board.id,
            Item.deleted_at.is_(None), expression.in_(wanted))
        if parent_of is None:
            query = query.where(Item.parent_id.is_(None))
        else:
            query = query.where(Item.parent_id.in_(set(parent_of.values())))
        found: dict[Any, list[int]] = defaultdict(list)
        for item_id, parent_id, key in db.session.execute(query.order_by(Item.id)):
            found[(parent_id, key) if parent_of is not None else key].append(item_id)
        return found

    # -- sub-items ------------------------------------------------------------------------------
    def _write_subitems(self, rows: list[Row], batch: Batch, counts: Counts) -> None:
        """Finds each sub-item row's parent by its parent key (the key column's target when the
        import has one for items, else the item name), then writes the rows under them."""
        spec = self.plan.key
        by_key = spec is not None and spec.scope in (None, "item") and not _is_new(spec.column_key)
        wanted = {row.parent_key.lower() for row in rows}
        expression = self._key_expression(spec) if by_key else func.lower(Item.name)
        if by_key and spec.numeric:
            wanted = {_number(key) for key in wanted} - {None}
        found: dict[Any, list[int]] = defaultdict(list)
        group_of: dict[int, int] = {}
        for item_id, group_id, key in db.session.execute(select(Item.id, Item.group_id, expression).where(
                Item.workspace_id == self.board.workspace_id, Item.board_id == self.board.id,
                Item.deleted_at.is_(None), Item.parent_id.is_(None), expression.in_(wanted)).order_by(Item.id)):
            found[key].append(item_id)
            group_of[item_id] = group_id
        parent_of: dict[int, int] = {}
        placed: list[Row] = []
        for row in rows:
            key = _number(row.parent_key) if by_key and spec.numeric else row.parent_key.lower()
            matches = found.get(key, [])
            if len(matches) == 1:
                parent_of[row.line] = matches[0]
                placed.append(row)
            elif len(matches) > 1:
                batch.fail(row.line, row.cells, _("the parent %(key)s matches %(n)s items",
                                                  key=_shown(row.parent_key), n=len(matches)),
                           self.plan.headers[self.plan.parent_index], row.parent_key)
            elif self.plan.dry_run and key in self.would_exist:
                counts.created += 1  # under an item an earlier row would have created
            else:
                batch.fail(row.line, row.cells, _("no item %(key)s to put this sub-item under (a parent's row "
                                                  "must come before its sub-items)", key=_shown(row.parent_key)),
                           self.plan.headers[self.plan.parent_index], row.parent_key)
        self.parent_groups.update(group_of)
        self._write_rows(placed, batch, counts, parent_of)

    # -- creating ---------------------------------------------------------------------------------
    def _insert(self, new_items: list[_New]) -> None:
        if not new_items:
            return
        ids = bulk.new_item_ids(len(new_items))
        last_number = db.session.execute(
            update(Board).where(Board.id == self.board.id).values(item_counter=Board.item_counter + len(new_items))
            .returning(Board.item_counter)).scalar_one()
        if self.dialect != "postgresql":
            ids = bulk.new_item_ids(len(new_items))  # after the counter update: this transaction writes alone
        next_position = self._positions(new_items)
        first_number = last_number - len(new_items) + 1
        rows = []
        user_id, now = self.user.id, self.now
        for offset, (new, item_id) in enumerate(zip(new_items, ids, strict=True)):
            new.item_id = item_id
            values = new.row.values
            if self.link_columns:
                new.links = {k: values.pop(k) for k in list(values) if k in self.link_columns}
            rows.append((item_id, self.board.workspace_id, self.board.id, new.group_id, new.parent_id,
                         new.row.name, next_position(new), values, first_number + offset, user_id, user_id,
                         now, now, self.imp.id))
        bulk.insert_items(rows)
        for new in new_items:
            for key, ids_ in new.links.items():
                item = SimpleNamespace(id=new.item_id, workspace_id=self.board.workspace_id, board_id=self.board.id)
                links.set_links(item, self.link_columns[key].column, ids_, self.user, record_change=False)

    def _positions(self, new_items: list[_New]):
        """Each new item goes after the last of its siblings (its group's items, or its parent's
        sub-items), in file order: one query per group or parent in the batch."""
        last: dict[tuple[str, int], float] = {}

        def next_position(new: _New) -> float:
            scope = ("parent", new.parent_id) if new.parent_id is not None else ("group", new.group_id)
            if scope not in last:
                where = ((Item.parent_id == new.parent_id,) if new.parent_id is not None
                         else (Item.group_id == new.group_id, Item.parent_id.is_(None)))
                last[scope] = positions.after_last(Item, *where) - positions.STEP
            last[scope] += positions.STEP
            return last[scope]
        return next_position

    def _group_id(self, name: str | None) -> int | None:
        if not name:
            return self.default_group
        found = self.groups.get(name.casefold())
        if found is None and not self.plan.dry_run:
            group = create_group(self.board, name, user=self.user)
            self.imp.created_groups = [*self.imp.created_groups, group.id]
            found = self.groups[name.casefold()] = group.id
        return found

    # -- updating -------------------------------------------------------------------------------
    def _count_updates(self, updates: list[tuple[Row, int]], counts: Counts) -> None:
        current = self._current([item_id for _row, item_id in updates], lock=False)
        for row, item_id in updates:
            if self._changes(row, current[item_id]):
                counts.updated += 1
            else:
                counts.skipped += 1

    def _current(self, ids: list[int], *, lock: bool) -> dict[int, Any]:
        if not ids:
            return {}
        query = select(Item.id, Item.values, Item.name, Item.group_id, Item.parent_id).where(Item.id.in_(ids))
        if lock:
            query = query.with_for_update()
        return {row.id: row for row in db.session.execute(query.order_by(Item.id))}

    def _changes(self, row: Row, current: Any) -> tuple[dict, list, str | None, int | None]:
        """What the row changes on the item: values to set, keys to clear, new name, new group."""
        stored = current.values or {}
        to_set = {k: v for k, v in row.values.items() if k not in self.link_columns and stored.get(k) != v}
        to_clear = [k for k in row.clear if k in stored]
        name = row.name if row.name and row.name != current.name and \
            not (self.plan.key and self.plan.key.column_key is None) else None
        group = None
        if current.parent_id is None and row.group:
            group_id = self._group_id(row.group)
            group = group_id if group_id != current.group_id else None
        return (to_set, to_clear, name, group) if (to_set or to_clear or name or group) else ()

    def _update(self, updates: list[tuple[Row, int]], counts: Counts) -> None:
        current = self._current([item_id for _row, item_id in updates], lock=True)
        value_changes, renames = [], []
        for row, item_id in updates:
            item = current[item_id]
            changed_links = self._update_links(item, row)
            changes = self._changes(row, item)
            if not changes and not changed_links:
                counts.skipped += 1
                continue
            counts.updated += 1
            if not changes:
                continue
            to_set, to_clear, name, group = changes
            stored = item.values or {}
            if to_set or to_clear:
                value_changes.append((item_id, to_set, to_clear))
                for key, value in to_set.items():
                    self._activity(item_id, "value_changed", key, stored.get(key), value)
                for key in to_clear:
                    self._activity(item_id, "value_changed", key, stored.get(key), None)
            if name:
                renames.append({"item_id": item_id, "name": name})
                self._activity(item_id, "item_renamed", None, item.name, name)
            if group:
                self._move(item, group)
        bulk.update_values(value_changes, self.user.id, self.now)
        for rename in renames:
            db.session.execute(update(Item).where(Item.id == rename["item_id"]).values(
                name=rename["name"], updated_at=self.now, updated_by_id=self.user.id)
                .execution_options(synchronize_session=False))

    def _update_links(self, item: Any, row: Row) -> bool:
        changed = False
        for key, target in self.link_columns.items():
            if key in row.values:
                shell = SimpleNamespace(id=item.id, workspace_id=self.board.workspace_id, board_id=self.board.id)
                with caused_by_import(self.imp.id):
                    changed |= links.set_links(shell, target.column, row.values[key], self.user)
        return changed

    def _move(self, item: Any, group_id: int) -> None:
        position = positions.after_last(Item, Item.group_id == group_id, Item.parent_id.is_(None))
        db.session.execute(update(Item).where(Item.id == item.id).values(
            group_id=group_id, position=position, updated_at=self.now, updated_by_id=self.user.id)
            .execution_options(synchronize_session=False))
        db.session.execute(update(Item).where(Item.parent_id == item.id).values(group_id=group_id)
                           .execution_options(synchronize_session=False))
        self._activity(item.id, "item_moved", None, {"group_id": item.group_id},
                       {"group_id": group_id, "position": position})

    def _activity(self, item_id: int, kind: str, column_key: str | None, old: Any, new: Any) -> None:
        self.activity.append({"workspace_id": self.board.workspace_id, "board_id": self.board.id, "item_id": item_id,
                              "user_id": self.user.id, "kind": kind, "column_key": column_key, "old": old, "new": new,
                              "at": self.now, "depth": 0, "import_id": self.imp.id, "processed_at": self.now})

    # -- links and failures ---------------------------------------------------------------------
    def _links_ok(self, row: Row, batch: Batch) -> bool:
        """Names the row's link cells give become the ids of the items so named; then every id must
        be a live item on the column's boards. Else the row fails, naming the cell."""
        if not self.link_columns:
            return True
        for key, target in self.link_columns.items():
            pieces = row.values.get(key)
            if not pieces:
                continue
            try:
                ids = self._linked_ids(target, pieces)
                links.check_targets(target.column, self.board.workspace_id, ids)
            except InvalidValue as error:
                batch.fail(row.line, row.cells, error.reason, target.header, row.cells[target.index])
                return False
            row.values[key] = ids
        return True

    def _linked_ids(self, target: ColumnTarget, pieces: list[int | str]) -> list[int]:
        names = {links.name_key(p) for p in pieces if isinstance(p, str)}
        if not names:
            return pieces
        board_ids = target.column.settings.get("board_ids", [])
        known = self.linked_names.setdefault(tuple(board_ids), {})
        if unknown := names - known.keys():  # each name looked up once per run
            found = links.items_named(board_ids, self.board.workspace_id, unknown)
            known.update({name: found.get(name, []) for name in unknown})
        ids: list[int] = []
        for piece in pieces:
            if isinstance(piece, int):
                ids.append(piece)
                continue
            matches = known[links.name_key(piece)]
            if not matches:
                raise InvalidValue(_("no item named '%(name)s' on the linked boards", name=piece))
            if len(matches) > 1:
                raise InvalidValue(_("%(n)s items are named '%(name)s' on the linked boards; give its id instead",
                                     n=len(matches), name=piece))
            ids.append(matches[0])
        return list(dict.fromkeys(ids))

    def _record_failures(self, batch: Batch) -> None:
        if batch.failures:
            db.session.execute(ImportFailure.__table__.insert(), [
                {"workspace_id": self.board.workspace_id, "import_id": self.imp.id, "line": f.line,
                 "header": f.header, "value": f.value, "reason": f.reason, "cells": f.cells} for f in batch.failures])


def _merge(new: _New, row: Row) -> None:
    """A later row of a key the batch creates: its cells win, as if it updated the new item."""
    new.row.values.update(row.values)
    for key in row.clear:
        new.row.values.pop(key, None)
    if row.name:
        new.row.name = row.name


def _shown(key: Any) -> str:
    return f"'{key}'"


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _is_new(column_key: str | None) -> bool:
    """A column a dry run reads by its type alone: it does not exist on the board yet."""
    return bool(column_key) and column_key.startswith("new:")
