"""Links between items (connect_boards columns): ItemLink rows are the truth.

A two-way column has a twin on the linked board (settings.reverse_column_id, both ways), and
every link is stored once per direction, so reading either side is the same query: the links
of (column, from_item). A link is visible while both items, their boards and the column are
live: trashing an item hides its links both ways and restoring it brings them back; trashing
a connect column trashes its links (and its twin) with it.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import delete, exists, func, insert, select, update
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from boards.activity import record
from boards.lifecycle import ColumnLifecycle, lifecycles
from boards.models import Board, Column, Item, ItemLink
from fields import InvalidValue
from fields.labels import one_name
from workspace.errors import Invalid
from workspace.extensions import db
from workspace.models import User
from workspace.timeutil import utcnow

MAX_LINKS = 500
# One alias of each table for every query about links: building an alias costs more than running
# a page's link query (~3 ms each on SQLite), and a fixed alias keeps the statement cache warm.
LINK = aliased(ItemLink, name="link")
LINKED = aliased(Item, name="linked")


def live_link_clauses(link: Any, target: Any, column_id: int,
                      live_boards: tuple[int, ...] | None = None) -> list[ColumnElement]:
    """The visible links of a column: live link row, live target item on a live board (given as
    `live_boards` when the caller knows them: a plain IN is cheaper over many links)."""
    if live_boards is None:
        live_board = select(Board.id).where(Board.id == target.board_id, Board.deleted_at.is_(None)).exists()
    else:
        live_board = target.board_id.in_(live_boards)
    return [link.column_id == column_id, link.deleted_at.is_(None), target.id == link.to_item_id,
            target.deleted_at.is_(None), live_board]


class LinkValueSQL:
    """A connect column's value in SQL: the set of items linked from the (outer) item."""

    def __init__(self, column_id: int, sources: Any):
        self.column_id = column_id
        self.sources = sources

    def _linked(self, *extra: ColumnElement):
        link, target = LINK, LINKED
        return link, target, [link.from_item_id == self.sources.item.id,
                              *live_link_clauses(link, target, self.column_id), *extra]

    def present(self) -> ColumnElement:
        link, target, where = self._linked()
        return exists(select(link.id).select_from(link).join(target, target.id == link.to_item_id).where(*where))

    def has_element(self, values: list[Any]) -> ColumnElement:
        link, target, where = self._linked()
        return exists(select(link.id).select_from(link).join(target, target.id == link.to_item_id)
                      .where(*where, link.to_item_id.in_(values)))

    def equals_json(self, value: Any) -> ColumnElement:
        return self.has_element([value])

    def text(self, *subkeys: str) -> ColumnElement:
        """The first linked item's name (alphabetically), lower-cased: what the column sorts by."""
        link, target, where = self._linked()
        return (select(func.min(func.lower(target.name))).select_from(link)
                .join(target, target.id == link.to_item_id).where(*where).scalar_subquery())

    def today(self):
        return self.sources.today


# -- reading ----------------------------------------------------------------------------------
def linked_ids(column_id: int, item_ids: list[int]) -> dict[int, list[int]]:
    """item id → ids of the items it links to, in the order they were linked."""
    if not item_ids:
        return {}
    link, target = LINK, LINKED
    rows = db.session.execute(
        select(link.from_item_id, link.to_item_id).select_from(link)
        .join(target, target.id == link.to_item_id)
        .where(link.from_item_id.in_(item_ids), *live_link_clauses(link, target, column_id))
        .order_by(link.from_item_id, link.id))
    result: dict[int, list[int]] = defaultdict(list)
    for from_id, to_id in rows:
        result[from_id].append(to_id)
    return dict(result)


def linked_items(column_id: int, item_id: int) -> list[Item]:
    """The items one item links to through a column (for the item panel)."""
    ids = linked_ids(column_id, [item_id]).get(item_id, [])
    found = {i.id: i for i in db.session.scalars(select(Item).where(Item.id.in_(ids)))} if ids else {}
    return [found[i] for i in ids if i in found]


# -- writing ----------------------------------------------------------------------------------
def _live_on(board_ids: list[int], workspace_id: int) -> list[ColumnElement[bool]]:
    """Live items on live boards among these, in the workspace: what a link may point at."""
    return [Item.workspace_id == workspace_id, Item.board_id.in_(board_ids), Item.deleted_at.is_(None),
            Item.board_id.in_(select(Board.id).where(Board.deleted_at.is_(None)))]


def name_key(name: str) -> str:
    """How an item's name is matched when a file names a linked item: case and the spaces
    around it ignored (SQL lower() is Unicode-aware on both databases, workspace/sqlite.py)."""
    return name.strip().lower()


def items_named(board_ids: list[int], workspace_id: int, names: set[str]) -> dict[str, list[int]]:
    """name_key → ids of the live items so named on these boards (more than one: ambiguous)."""
    if not names or not board_ids:
        return {}
    key = func.lower(func.trim(Item.name))
    found: dict[str, list[int]] = defaultdict(list)
    for item_id, name in db.session.execute(select(Item.id, key).where(
            key.in_(names), *_live_on(board_ids, workspace_id)).order_by(Item.id)):
        found[name].append(item_id)
    return found


def name_labels(board_ids: list[int], workspace_id: int, ids: set[int]) -> dict[int, str]:
    """id → how an export names a linked item so that an import finds it again: its name, unless
    another live item on these boards shares it, or it holds a list separator or reads as an id
    (then the id)."""
    rows = db.session.execute(select(Item.id, Item.name).where(Item.id.in_(ids))) if ids else ()
    names = {row.id: row.name for row in rows}
    readable = {i: name for i, n in names.items() if (name := one_name(n)) is not None}
    owners = items_named(board_ids, workspace_id, {name_key(name) for name in readable.values()})
    return {i: readable[i] if i in readable and owners.get(name_key(readable[i])) == [i] else str(i) for i in ids}


def check_targets(column: Any, workspace_id: int, ids: list[int]) -> None:
    """Every id must be a live item on one of the column's boards, in the same workspace."""
    if len(ids) > MAX_LINKS:
        raise InvalidValue(f"at most {MAX_LINKS} linked items")
    board_ids = column.settings.get("board_ids", [])
    found = set(db.session.scalars(select(Item.id).where(
        Item.id.in_(ids), *_live_on(board_ids, workspace_id)))) if ids else set()
    missing = [i for i in ids if i not in found]
    if missing:
        raise InvalidValue(f"no item {', '.join(map(str, missing))} on the linked boards")


def set_links(item: Item, column: Any, ids: list[int], user: User, *, record_change: bool = True) -> bool:
    """Makes the column's visible links of `item` exactly `ids`; keeps a two-way twin in step
    and records the change on both sides (on this side only when `record_change`: a new item
    records its links in its item_created). Returns whether anything changed."""
    current = linked_ids(column.id, [item.id]).get(item.id, [])
    added = [i for i in ids if i not in current]
    removed = [i for i in current if i not in ids]
    if not added and not removed:
        return False
    reverse_id = column.settings.get("reverse_column_id")
    if removed:
        db.session.execute(delete(ItemLink).where(
            ItemLink.column_id == column.id, ItemLink.from_item_id == item.id, ItemLink.to_item_id.in_(removed)))
        if reverse_id:
            db.session.execute(delete(ItemLink).where(
                ItemLink.column_id == reverse_id, ItemLink.to_item_id == item.id,
                ItemLink.from_item_id.in_(removed)))
    if added:
        rows = [{"workspace_id": item.workspace_id, "column_id": column.id, "from_item_id": item.id,
                 "to_item_id": other, "created_at": utcnow()} for other in added]
        db.session.execute(insert(ItemLink), rows)
        if reverse_id:
            _insert_reverse(reverse_id, item, added)
    if record_change:
        board = db.session.get(Board, item.board_id)
        record("value_changed", board, item=item, user=user, column_key=column.key, old=current or None,
               new=ids or None)
        _touch([item.id], user)
    if reverse_id:
        _record_reverse(reverse_id, item.id, added, removed, user)
    return True


def _insert_reverse(reverse_id: int, item: Item, others: list[int]) -> None:
    existing = set(db.session.scalars(select(ItemLink.from_item_id).where(
        ItemLink.column_id == reverse_id, ItemLink.to_item_id == item.id, ItemLink.from_item_id.in_(others))))
    rows = [{"workspace_id": item.workspace_id, "column_id": reverse_id, "from_item_id": other,
             "to_item_id": item.id, "created_at": utcnow()} for other in others if other not in existing]
    if rows:
        db.session.execute(insert(ItemLink), rows)


def _record_reverse(reverse_id: int, item_id: int, added: list[int], removed: list[int], user: User) -> None:
    """Each item on the other side changed too: its history (and automations) see it."""
    reverse = db.session.get(Column, reverse_id)
    board = db.session.get(Board, reverse.board_id)
    others = added + removed
    now_linked = linked_ids(reverse_id, others)
    for other in others:
        new = now_linked.get(other, [])
        old = [i for i in new if i != item_id] if other in added else [*new, item_id]
        record("value_changed", board, item=db.session.get(Item, other), user=user, column_key=reverse.key,
               old=old or None, new=new or None)
    _touch(others, user)


def _touch(item_ids: list[int], user: User) -> None:
    db.session.execute(update(Item).where(Item.id.in_(item_ids)).values(updated_at=utcnow(), updated_by_id=user.id)
                       .execution_options(synchronize_session=False))


# -- the column's lifecycle: settings checked against the workspace, the twin, trash ----------
@lifecycles.register
class ConnectLifecycle(ColumnLifecycle):
    name = "connect_boards"
    convertible = False

    def clean_settings(self, board: Board, settings: dict, column: Column | None) -> dict:
        board_ids = settings["board_ids"]
        live = set(db.session.scalars(select(Board.id).where(
            Board.id.in_(board_ids), Board.workspace_id == board.workspace_id, Board.deleted_at.is_(None))))
        unknown = [b for b in board_ids if b not in live]
        if unknown:
            raise Invalid({"settings": f"no board {', '.join(map(str, unknown))} in this workspace"})
        if column is None:
            settings.pop("reverse_column_id", None)  # set by the service, never by the caller
            if settings.get("two_way") and len(board_ids) != 1:
                raise Invalid({"settings": "a two-way connection links exactly one board"})
            return settings
        # The twin is made at creation; turning two-way on or off later is not supported.
        if bool(settings.get("two_way")) != bool(column.settings.get("two_way")):
            raise Invalid({"settings": "two_way can only be chosen when the column is created"})
        if column.settings.get("reverse_column_id"):
            if board_ids != column.settings["board_ids"]:
                raise Invalid({"settings": "the board of a two-way connection cannot change"})
            settings["reverse_column_id"] = column.settings["reverse_column_id"]
        return settings

    def created(self, column: Column, user: User) -> None:
        if not column.settings.get("two_way") or column.settings.get("reverse_column_id"):
            return  # one-way, or itself the twin
        from boards.columns import create_column

        source = db.session.get(Board, column.board_id)
        target = db.session.get(Board, column.settings["board_ids"][0])
        twin = create_column(target, user, title=source.name, type="connect_boards",
                             settings={"board_ids": [source.id], "two_way": True}, twin_of=column)
        column.settings = {**column.settings, "reverse_column_id": twin.id}

    def twin_settings(self, settings: dict, original: Column) -> dict:
        return {**settings, "reverse_column_id": original.id}

    def trashed(self, column: Column, user: User) -> list[Column]:
        at = column.deleted_at
        twins = _twins(column)
        db.session.execute(update(ItemLink).where(ItemLink.column_id.in_([column.id, *[t.id for t in twins]]),
                                                  ItemLink.deleted_at.is_(None)).values(deleted_at=at))
        return twins

    def restored(self, column: Column, user: User) -> list[Column]:
        twins = _twins(column)
        db.session.execute(update(ItemLink).where(ItemLink.column_id.in_([column.id, *[t.id for t in twins]]))
                           .values(deleted_at=None))
        return twins


def _twins(column: Column) -> list[Column]:
    reverse_id = column.settings.get("reverse_column_id")
    twin = db.session.get(Column, reverse_id) if reverse_id else None
    return [twin] if twin is not None else []

