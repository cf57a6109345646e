"""CSV export of a board, or of what one of its views shows, streamed page by page.

The file is what a spreadsheet expects: UTF-8 with a byte-order mark (without it Excel reads
the file in the machine's legacy code page), one row per item in the view's filter and sort
order, each value in its column type's `export_text` form (which the import reads back), and
every cell neutralised against formula injection (boards/csvtext.py). With sub-items, each item
is followed by its sub-items, tied to it by a "Parent item" column that the importer maps to
its parent key. Nothing loads the whole board: items are read by keyset paging, 500 at a time.
"""
from __future__ import annotations

import csv
import io
import os
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import chain
from typing import Any
from urllib.parse import quote

from flask import Response, stream_with_context
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.http import dump_options_header

from boards import links
from boards.csvtext import neutralise
from boards.imports.context import MemberDirectory
from boards.items import serializer_for
from boards.models import Board, Item
from boards.service import ColumnInfo, columns_of, groups_of
from fields import column_types
from fields.base import ColumnType, ExportContext
from views.models import View
from views.pages import BoardPage
from views.service import ItemQuery, build, list_items
from workspace.extensions import db
from workspace.models import Role

PAGE_SIZE = 500  # items per query (the paging maximum); each page's values are read in bulk
CHUNK_SIZE = 64 * 1024  # characters of CSV per chunk of the response
BOM = "\ufeff"
# RFC 5987 attr-char beyond letters and digits: what may stay unencoded in filename*.
_ATTR_CHARS = "!#$&+-.^_`|~"
_UNSAFE_IN_FILE_NAMES = frozenset("/\\\"'")


@dataclass(frozen=True)
class ExportColumn:
    """A column of the file: the board column and its type, bound to the column's settings."""

    column: ColumnInfo
    type: ColumnType
    context: ExportContext

    def text(self, values: dict[str, Any]) -> str:
        value = values.get(self.column.key)
        try:
            return self.type.export_text(value, self.context)
        except (AttributeError, KeyError, TypeError, ValueError):
            # Once the first byte is sent a stream cannot turn into an error: a value its type
            # cannot write (one stored before a change of type) goes out as is, not a cut-off file.
            return str(value)


@dataclass
class ExportPlan:
    """What one export writes: the item columns, the items' query, and the sub-item columns
    (None when sub-items are left out)."""

    board: Board
    columns: list[ExportColumn]
    spec: ItemQuery
    labels: ExportLabels
    subitem_columns: list[ExportColumn] | None = None

    @property
    def with_subitems(self) -> bool:
        return self.subitem_columns is not None


def plan_export(board: Board, view: View | None = None, *, filter: Any = None, sort: Any = None,
                q: str | None = None, subitems: bool = False) -> ExportPlan:
    """The export of `board` as `view` shows it; a `filter` or `sort` given here replaces the
    view's, as unsaved changes do on the board page. Raises BadQuery (a 400) for a filter or sort
    that does not compile, before anything is streamed."""
    # The board page's own rules pick the columns and the items: the file holds what the page shows.
    page = BoardPage(board, Role.viewer, view, filter=filter, sort=sort, q=(q or "").strip())
    spec = page.spec()
    build(board, spec)  # compiled now, so a bad filter is an error response, not a broken stream
    subitem_columns = columns_of(board, "subitem", include_hidden=False) if subitems else None
    labels = ExportLabels(board.workspace_id)
    return ExportPlan(board, _bind(page.columns, labels), spec, labels,
                      _bind(subitem_columns, labels) if subitem_columns is not None else None)


class ExportLabels:
    """The ExportContext of one export: the members read once; the names of linked items learnt a
    page at a time (learn_links), in a query or two per link column."""

    def __init__(self, workspace_id: int):
        self.workspace_id = workspace_id
        self.members = MemberDirectory(workspace_id)
        self._items: dict[tuple[tuple[int, ...], int], str] = {}

    def member_label(self, user_id: int) -> str:
        return self.members.member_label(user_id)

    def linked_item_label(self, item_id: int, board_ids: list[int]) -> str:
        return self._items.get((tuple(board_ids), item_id), str(item_id))

    def learn_links(self, columns: list[ExportColumn], page_values: list[dict[str, Any]]) -> None:
        for column in columns:
            if not column.type.stores_links:
                continue
            boards = tuple(column.type.settings.get("board_ids", []))
            ids = {item_id for values in page_values for item_id in values.get(column.column.key) or ()
                   if (boards, item_id) not in self._items}
            if ids:
                for item_id, label in links.name_labels(list(boards), self.workspace_id, ids).items():
                    self._items[(boards, item_id)] = label


def _bind(columns: Iterable[ColumnInfo], context: ExportContext) -> list[ExportColumn]:
    """The columns that hold a value (a button holds none), each bound to its type."""
    bound = [ExportColumn(c, column_types.get(c.type)(c.settings), context) for c in columns]
    return [c for c in bound if c.type.value_schema != {"type": "null"}]


# -- rows ------------------------------------------------------------------------------------
def export_header(plan: ExportPlan) -> list[str]:
    """Name, Group, the item columns' titles; with sub-items also Parent item and the sub-item
    columns as "Subitem: <title>". Neutralised, and a repeated header gets " (2)", " (3)"."""
    titles = [_("Name"), _("Group"), *(c.column.title for c in plan.columns)]
    if plan.with_subitems:
        titles += [_("Parent item"), *(_("Subitem: %(title)s", title=c.column.title) for c in plan.subitem_columns)]
    return _unique([neutralise(title) for title in titles])


def _unique(titles: list[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for title in titles:
        candidate, n = title, 1
        while candidate in seen:
            n += 1
            candidate = f"{title} ({n})"
        seen.add(candidate)
        result.append(candidate)
    return result


def export_rows(plan: ExportPlan) -> Iterator[list[str]]:
    """The header, then a row per item in the view's order (each followed by its sub-items when
    asked for), read PAGE_SIZE items at a time. Every cell is neutralised. Unsorted, the items
    come group by group, in the order the board shows them."""
    yield export_header(plan)
    groups = groups_of(plan.board)
    names = {group.id: group.name for group in groups}
    specs = [plan.spec] if plan.spec.sort else [replace(plan.spec, group_id=group.id) for group in groups]
    for spec in specs:
        cursor = None
        while True:
            result = list_items(plan.board, spec, limit=PAGE_SIZE, cursor=cursor)
            yield from _page_rows(plan, result["items"], names)
            cursor = result["next_cursor"]
            if cursor is None:
                break


def _page_rows(plan: ExportPlan, items: list[Any], groups: dict[int, str]) -> Iterator[list[str]]:
    children = _subitems_of(plan.board, [item.id for item in items]) if plan.with_subitems else {}
    serialize = serializer_for(plan.board, chain(items, *children.values()))  # links, mirrors: in bulk
    no_subitem = [""] * (1 + len(plan.subitem_columns)) if plan.with_subitems else []
    no_item = [""] * len(plan.columns)
    values = {row.id: serialize(row)["values"] for row in chain(items, *children.values())}
    plan.labels.learn_links(plan.columns, [values[item.id] for item in items])
    if plan.with_subitems:
        plan.labels.learn_links(plan.subitem_columns, [values[s.id] for s in chain(*children.values())])
    for item in items:
        group = groups.get(item.group_id, "")
        yield _neutralised([item.name, group, *(c.text(values[item.id]) for c in plan.columns), *no_subitem])
        for sub in children.get(item.id, ()):
            yield _neutralised([sub.name, group, *no_item, item.name,
                                *(c.text(values[sub.id]) for c in plan.subitem_columns)])


def _subitems_of(board: Board, parent_ids: list[int]) -> dict[int, list[Any]]:
    """Parent id → its live sub-items in position order, for a whole page in one query."""
    if not parent_ids:
        return {}
    rows = db.session.execute(select(*Item.__table__.c).where(
        Item.workspace_id == board.workspace_id, Item.board_id == board.id, Item.parent_id.in_(parent_ids),
        Item.deleted_at.is_(None)).order_by(Item.parent_id, Item.position, Item.id))
    children: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        children[row.parent_id].append(row)
    return children


def _neutralised(cells: list[str]) -> list[str]:
    return [neutralise(cell) for cell in cells]


# -- bytes and the response ------------------------------------------------------------------
def export_bytes(plan: ExportPlan) -> Iterator[bytes]:
    """The CSV file as UTF-8 chunks, the BOM first; csv.writer's defaults (minimal quoting, CRLF)."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    for row in export_rows(plan):
        writer.writerow(row)
        if buffer.tell() >= CHUNK_SIZE:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def csv_response(plan: ExportPlan) -> Response:
    """A streamed text/csv download named after the board."""
    response = Response(stream_with_context(export_bytes(plan)), mimetype="text/csv")  # charset=utf-8 added
    response.headers["Content-Disposition"] = content_disposition(download_name(plan.board.name))
    response.cache_control.no_store = True  # a copy of a workspace's data: no cache should keep it
    return response


def download_name(board_name: str) -> str:
    """`<board name>.csv`, without what is unsafe in a file name (path separators, quotes,
    control and invisible formatting characters)."""
    kept = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf") else ch
                   for ch in board_name if ch not in _UNSAFE_IN_FILE_NAMES)
    stem = " ".join(kept.split()).strip(" .")
    return f"{stem or 'board'}.csv"


def content_disposition(filename: str) -> str:
    """`attachment; filename=...`, plus `filename*=UTF-8''...` (RFC 6266 / RFC 5987) when the
    name is not ASCII. Built the way werkzeug's send_file builds it (werkzeug has no helper for
    it on its own, and send_file cannot take a stream of our own); werkzeug quotes the values."""
    try:
        filename.encode("ascii")
    except UnicodeEncodeError:
        names = {"filename": _ascii_fallback(filename),
                 "filename*": "UTF-8''" + quote(filename, safe=_ATTR_CHARS)}
    else:
        names = {"filename": filename}
    return dump_options_header("attachment", names)


def _ascii_fallback(filename: str) -> str:
    """The name for clients that ignore filename*: accents dropped, other letters left out."""
    stem, extension = os.path.splitext(filename)
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    ascii_stem = " ".join(ascii_stem.split()).strip(" .")
    return f"{ascii_stem or 'board'}{extension}"
