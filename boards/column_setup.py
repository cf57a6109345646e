"""Setup forms of the column types whose settings name other boards and columns.

A connect column names the boards it links to; a mirror names its link column, the linked
board's column it shows, an aggregate and (optionally) one filter rule over the linked items.
Picking such a type in the column picker shows its form instead of making a column that cannot
work; the column's settings show the same form filled in. This module offers the choices and
reads the posted form into settings; the column service checks them (boards/links.py,
boards/mirrors.py) and its refusals are shown in the form.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, ClassVar

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from boards.context import WorkspaceContext
from boards.models import Board, Column
from boards.service import boards_in, columns_of
from fields import InvalidValue, column_types
from fields import operators as ops
from fields.labels import split_list
from fields.mirror import AGGREGATES
from workspace.errors import Invalid
from workspace.extensions import db
from workspace.registry import Registry

AGGREGATE_TITLES = {
    "none": _l("Show the values"), "sum": _l("Sum"), "avg": _l("Average"), "min": _l("Minimum"),
    "max": _l("Maximum"), "count": _l("Count"), "count_distinct": _l("Count of different values"),
    "latest": _l("Latest"),
}
ALWAYS = ("none", "count", "count_distinct", "latest")
LATEST_TITLES = {"updated_at": _l("Last updated"), "created_at": _l("Created")}
KEEP_FILTER = "__keep__"  # the filter choice that keeps a filter set through the API as it is


@dataclass(frozen=True)
class Choice:
    value: Any
    title: Any
    selected: bool = False


class ColumnSetup:
    """One type's setup form: `choices` for the template, `settings` from the posted form.
    `form` holds what the form sent (its hidden `setup` field says it did); before that the
    column's current settings (or nothing, for a new column) fill the form in."""

    name: ClassVar[str]
    template: ClassVar[str]

    def choices(self, board: Board, column: Column | None, form: Mapping) -> dict:
        raise NotImplementedError

    def settings(self, board: Board, column: Column | None, form: Mapping) -> dict:
        raise NotImplementedError


setups: Registry[ColumnSetup] = Registry("column setup")


def setup_for(type_name: str) -> ColumnSetup | None:
    return setups.get(type_name)() if type_name in setups else None


def _sent(form: Mapping) -> bool:
    return bool(form.get("setup"))


def _ints(values: list[str], what: str) -> list[int]:
    try:
        return [int(v) for v in values if str(v).strip()]
    except ValueError:
        raise Invalid({"settings": _("%(what)s must be ids", what=what)}) from None


# -- connect boards -----------------------------------------------------------------------------
@setups.register
class ConnectSetup(ColumnSetup):
    name = "connect_boards"
    template = "boards/design/setup/connect_boards.html"

    def choices(self, board: Board, column: Column | None, form: Mapping) -> dict:
        current = column.settings if column is not None else {}
        if _sent(form):
            chosen = _ints(form.getlist("board_ids"), "boards")
            two_way = current.get("two_way", False) if column is not None else form.get("two_way") is not None
        else:
            chosen, two_way = list(current.get("board_ids", [])), bool(current.get("two_way"))
        boards = [Choice(b.id, b.name, b.id in chosen) for b in boards_in(board.workspace_id)]
        twin = None
        if column is not None and current.get("reverse_column_id"):
            reverse = db.session.get(Column, current["reverse_column_id"])
            if reverse is not None and reverse.workspace_id == board.workspace_id:
                twin = SimpleNamespace(title=reverse.title, board=db.session.get(Board, reverse.board_id).name)
        # The twin is made with the column; its board and two-way-ness stay as they were made.
        return {"boards": boards, "two_way": two_way, "locked": twin is not None,
                "two_way_fixed": column is not None, "twin": twin, "ready": twin is None}

    def settings(self, board: Board, column: Column | None, form: Mapping) -> dict:
        current = dict(column.settings) if column is not None else {}
        if column is not None and current.get("reverse_column_id"):
            return current
        board_ids = _ints(form.getlist("board_ids"), "boards")
        if not board_ids:
            raise Invalid({"settings": _("Choose the board (or boards) to connect.")})
        two_way = bool(current.get("two_way")) if column is not None else form.get("two_way") is not None
        return {**current, "board_ids": board_ids, "two_way": two_way}


# -- mirror ---------------------------------------------------------------------------------------
@setups.register
class MirrorSetup(ColumnSetup):
    name = "mirror"
    template = "boards/design/setup/mirror.html"

    def choices(self, board: Board, column: Column | None, form: Mapping) -> dict:
        values = self._values(column, form)
        links = [c for c in columns_of(board, "item") if column_types.get(c.type).stores_links]
        link = next((c for c in links if c.key == values["link_column"]), links[0] if links else None)
        if link is None:
            return {"links": [], "targets": [], "aggregates": [], "latest_by": [], "filter_columns": [],
                    "operators": [], "needs_value": False, "filter_value": "", "kept_filter": False,
                    "linked_boards": [], "ready": False}
        linked_boards, targets = _targets_of(link, board.workspace_id)
        target = next((t for t in targets if t.key == values["target_column"]), targets[0])
        target_type = column_types.get(target.type)
        offered = [a for a in AGGREGATES if a in ALWAYS or a in target_type.rollups]
        aggregate = values["aggregate"] if values["aggregate"] in offered else "none"
        latest = [("updated_at", LATEST_TITLES["updated_at"]), ("created_at", LATEST_TITLES["created_at"])]
        latest += [(t.key, t.title) for t in targets if t.type == "date"]
        kept = values["filter_column"] == KEEP_FILTER
        filter_column = next((t for t in targets if t.key == values["filter_column"]), None)
        operators = list(column_types.get(filter_column.type).operators) if filter_column else []
        operator = values["filter_operator"] if values["filter_operator"] in operators else next(iter(operators), "")
        return {
            "links": [Choice(c.key, c.title, c.key == link.key) for c in links],
            "linked_boards": linked_boards,
            "targets": [Choice(t.key, t.title, t.key == target.key) for t in targets],
            "aggregates": [Choice(a, AGGREGATE_TITLES[a], a == aggregate) for a in offered],
            "latest_by": [Choice(k, title, k == values["latest_by"]) for k, title in latest]
            if aggregate == "latest" else [],
            "filter_columns": [Choice(t.key, t.title, filter_column is not None and t.key == filter_column.key)
                               for t in targets],
            "kept_filter": kept,
            "operators": [Choice(o, ops.TITLES.get(o, o), o == operator) for o in operators],
            "needs_value": bool(operator) and operator not in ops.WITHOUT_VALUE,
            "filter_value": values["filter_value"],
            "ready": True,
        }

    @staticmethod
    def _values(column: Column | None, form: Mapping) -> dict:
        """The form's fields: as sent, or read from the column's settings."""
        names = ("link_column", "target_column", "aggregate", "latest_by", "filter_column", "filter_operator",
                 "filter_value")
        if _sent(form):
            return {name: (form.get(name) or "").strip() for name in names}
        settings = column.settings if column is not None else {}
        values = {name: settings.get(name, "") for name in names[:4]}
        values.update(_rule_fields(settings.get("filter")))
        return values

    def settings(self, board: Board, column: Column | None, form: Mapping) -> dict:
        values = self._values(column, form)
        if not values["link_column"]:
            raise Invalid({"settings": _("Choose the connect column whose items to mirror.")})
        if not values["target_column"]:
            raise Invalid({"settings": _("Choose the column to mirror.")})
        settings: dict[str, Any] = {"link_column": values["link_column"], "target_column": values["target_column"],
                                    "aggregate": values["aggregate"] or "none"}
        if settings["aggregate"] == "latest" and values["latest_by"]:
            settings["latest_by"] = values["latest_by"]
        if values["filter_column"] == KEEP_FILTER:
            if column is not None and column.settings.get("filter"):
                settings["filter"] = column.settings["filter"]
        elif values["filter_column"]:
            link = next((c for c in columns_of(board, "item") if c.key == values["link_column"]), None)
            targets = _targets_of(link, board.workspace_id)[1] if link is not None else []
            target = next((t for t in targets if t.key == values["filter_column"]), None)
            if target is None:
                raise Invalid({"settings": _("filter: no column %(key)s on the linked board",
                                             key=values["filter_column"])})
            settings["filter"] = {"and": [_rule(target, values["filter_operator"], values["filter_value"],
                                                WorkspaceContext(board.workspace_id))]}
        return settings


def _targets_of(link: Any, workspace_id: int) -> tuple[list[str], list[Any]]:
    """The linked boards' names, and what a mirror through `link` may show: the item's name and
    the columns of the first live linked board (not links or read-only ones: a mirror cannot
    show those)."""
    board_ids = link.settings.get("board_ids", [])
    boards = {b.id: b for b in db.session.scalars(select(Board).where(
        Board.id.in_(board_ids), Board.workspace_id == workspace_id, Board.deleted_at.is_(None)))}
    live = [boards[i] for i in board_ids if i in boards]
    targets: list[Any] = [SimpleNamespace(key="name", title=_("Name"), type="text", settings={})]
    if live:
        targets += [c for c in columns_of(live[0], "item")
                    if not column_types.get(c.type).read_only and not column_types.get(c.type).stores_links]
    return [b.name for b in live], targets


def _rule_fields(tree: Any) -> dict:
    """A stored filter as the form's one rule; a filter the form cannot show is kept as it is."""
    empty = {"filter_column": "", "filter_operator": "", "filter_value": ""}
    if not tree:
        return empty
    rules = tree.get("and") if isinstance(tree, dict) else None
    if not (isinstance(rules, list) and len(rules) == 1 and isinstance(rules[0], dict) and "column" in rules[0]):
        return {**empty, "filter_column": KEEP_FILTER}
    rule = rules[0]
    value = rule.get("value")
    if isinstance(value, dict) and "days" in value:
        text = str(value["days"])
    elif isinstance(value, list):
        text = ", ".join(map(str, value))
    else:
        text = "" if value is None else str(value)
    return {"filter_column": rule["column"], "filter_operator": rule.get("operator", ""), "filter_value": text}


def _rule(target: Any, operator: str, text: str, context: WorkspaceContext) -> dict:
    """One filter rule from the form: the value typed as text, read the way the column reads
    typed text (labels, numbers, dates, people), shaped as the operator wants it."""
    column_type = column_types.get(target.type)(target.settings)
    if operator not in column_type.operators:
        raise Invalid({"settings": _("filter: choose an operator")})
    rule: dict[str, Any] = {"column": target.key, "operator": operator}
    if operator in ops.WITHOUT_VALUE:
        return rule
    text = (text or "").strip()
    if not text:
        raise Invalid({"settings": _("filter: the value is missing")})
    try:
        if operator in ("within_the_next", "within_the_last"):
            if not text.isdigit():
                raise InvalidValue(_("a number of days"))
            rule["value"] = {"days": int(text)}
        elif operator in ops.TEXT:
            rule["value"] = text
        elif operator in ops.CHOICE:
            rule["value"] = [v for piece in split_list(text) for v in _as_list(column_type.parse_text(piece, context))]
        elif operator == "between":
            pieces = split_list(text)
            if len(pieces) != 2:
                raise InvalidValue(_("between takes two values, separated by a comma"))
            rule["value"] = [_one(column_type.parse_text(p, context)) for p in pieces]
        else:
            rule["value"] = _one(column_type.parse_text(text, context))
    except InvalidValue as error:
        raise Invalid({"settings": _("filter: %(reason)s", reason=error.reason)}) from None
    return rule


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _one(value: Any) -> Any:
    """Label and people types read text as a list; a comparison wants the one value."""
    return value[0] if isinstance(value, list) and len(value) == 1 else value
