"""What the cells of connect-boards and mirror columns show: the names of linked items (read in
one query per rendered page of rows, not per cell) and a mirror's value in its target's terms.

These are template globals (registered by views/link_picker.py); the cell templates are
fields/connect_boards/cell.html and fields/mirror/cell.html.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from flask import g
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from boards.mirrors import BUILTIN_TARGETS, BrokenMirror, plan_of
from boards.models import Board, Item
from fields import column_types
from workspace.extensions import db
from workspace.models import Membership

BUILTIN_TITLES = {"name": _l("Name")}


@dataclass(frozen=True)
class Linked:
    id: int
    name: str
    board_id: int
    board_name: str

    @property
    def url(self) -> str:
        return f"/boards/{self.board_id}/items/{self.id}"


# -- names of linked items ----------------------------------------------------------------------
def _ids(value: Any) -> list[int]:
    if not isinstance(value, list):
        return []
    return [i for i in value if isinstance(i, int) and not isinstance(i, bool)]


def _known() -> dict[int, Linked | None]:
    return g.setdefault("_linked_items", {})


def load_linked(ids: Any) -> None:
    """Reads the names of these items (those not read yet in this request) in one query; only
    live items of the caller's workspaces are found (defence in depth: links are scoped already)."""
    known = _known()
    missing = {i for i in ids if i not in known}
    if not missing or not current_user.is_authenticated:
        return
    mine = select(Membership.workspace_id).where(Membership.user_id == current_user.id)
    rows = db.session.execute(
        select(Item.id, Item.name, Item.board_id, Board.name).join(Board, Board.id == Item.board_id)
        .where(Item.id.in_(missing), Item.workspace_id.in_(mine), Item.deleted_at.is_(None),
               Board.deleted_at.is_(None)))
    for item_id, name, board_id, board_name in rows:
        known[item_id] = Linked(item_id, name, board_id, board_name)
    for item_id in missing:
        known.setdefault(item_id, None)


def linked_items(value: Any) -> list[Linked]:
    """The linked items of a connect value, in its order (the names were usually read already
    by preload_links for the whole page)."""
    ids = _ids(value)
    load_linked(ids)
    known = _known()
    return [known[i] for i in ids if known.get(i) is not None]


def preload_links(serialize: Any, rows: Any, columns: Any) -> str:
    """Before a page of rows renders: their derived values (links, mirrors) in one query per
    column, then every linked item's name in one query. Returns "" (called from a template)."""
    rows = list(rows)
    if not rows:
        return ""
    serialize.prefetch(rows)
    keys = [c.key for c in columns if column_types.get(c.type).stores_links]
    if keys:
        values = [serialize(row)["values"] for row in rows]
        load_linked({i for v in values for key in keys for i in _ids(v.get(key))})
    return ""


def preload_values(values: dict, columns: Any) -> str:
    """The same for one item whose values are at hand (the item panel)."""
    keys = [c.key for c in columns if column_types.get(c.type).stores_links]
    load_linked({i for key in keys for i in _ids(values.get(key))})
    return ""


# -- mirrors ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MirrorView:
    """How a mirror's value shows: its shape (list | number | picked), the target column (for
    its cell template) and the settings numbers are written with."""

    shape: str
    aggregate: str
    target: Any
    number_settings: dict


def mirror_view(column: Any) -> MirrorView | None:
    """The mirror's plan in display terms, once per column per request; None when broken."""
    cache = g.setdefault("_mirror_views", {})
    if column.id not in cache:
        try:
            plan = plan_of(column)
        except BrokenMirror:
            cache[column.id] = None
        else:
            cache[column.id] = _view_of(plan)
    return cache[column.id]


def _view_of(plan: Any) -> MirrorView:
    if plan.target_key in BUILTIN_TARGETS:
        target = SimpleNamespace(key=plan.target_key, type="text", settings={},
                                 title=BUILTIN_TITLES.get(plan.target_key, plan.target_key))
    else:
        target = next(c for c in plan.target_columns if c.key == plan.target_key)
    # A count has no unit; a sum, an average, a minimum of money keeps the target's unit.
    number_settings = {} if plan.aggregate in ("count", "count_distinct") else dict(target.settings or {})
    return MirrorView(plan.shape, plan.aggregate, target, number_settings)


def mirror_counts(value: Any) -> list[tuple[Any, int]]:
    """A mirrored list as (value, how many linked items have it), in first-seen order:
    "Won ×3" reads better than three pills."""
    counts: dict[str, list] = {}
    for entry in value if isinstance(value, list) else [value]:
        key = json.dumps(entry, sort_keys=True, default=str)
        counts.setdefault(key, [entry, 0])[1] += 1
    return [(entry, count) for entry, count in counts.values()]


def mirror_number(value: Any, view: MirrorView) -> Any:
    """An average without decimals of its own is rounded for display (2 places)."""
    if view.aggregate == "avg" and isinstance(value, float) and view.number_settings.get("decimals") is None:
        return round(value, 2)
    return value


TEMPLATE_GLOBALS = (linked_items, preload_links, preload_values, mirror_view, mirror_counts, mirror_number)
