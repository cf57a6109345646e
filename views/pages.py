"""The board page: header, view tabs, toolbar and the body of the current view type, with the
view's state (filter, sort, search) in the URL so a filtered board can be shared by link."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from types import SimpleNamespace
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from boards import service as board_service
from boards.filtertree import BadQuery
from boards.items import serializer_for
from boards.models import Board, Item
from fields import InvalidValue, column_types, operators
from views import saved
from views.models import View
from views.service import ItemQuery, build, list_items, resolver_for
from views.types import view_types
from workspace import service as workspace_service
from workspace.access import role_in
from workspace.auth import pages_need_login
from workspace.errors import ApiError
from workspace.extensions import db
from workspace.models import Role

bp = Blueprint("board_ui", __name__)


pages_need_login(bp)


def _json(raw: str | None) -> Any:
    """JSON from a query or form field; None when absent or unreadable (the page then shows the
    board unfiltered rather than an error)."""
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _json_arg(name: str) -> Any:
    return _json(request.args.get(name))


@dataclass
class BoardPage:
    """Everything the board page shows, computed on demand."""

    board: Board
    role: Role
    view: View | None
    filter: Any = None
    sort: Any = None
    q: str = ""
    error: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def view_type(self):
        return view_types.get(self.view.type if self.view else "table")

    @property
    def can_edit(self) -> bool:
        return self.role.allows(Role.member)

    @property
    def can_design(self) -> bool:
        return self.role.allows(Role.admin)

    @cached_property
    def columns(self):
        settings = self.view.settings if self.view else {}
        hidden = set(settings.get("hidden_columns", []))
        columns = [c for c in board_service.columns_of(self.board, "item") if not c.hidden and c.key not in hidden]
        order = {key: i for i, key in enumerate(settings.get("column_order", []))}
        return sorted(columns, key=lambda c: order.get(c.key, len(order)))

    @cached_property
    def all_columns(self):
        return board_service.columns_of(self.board, "item")

    @cached_property
    def groups(self):
        return board_service.groups_of(self.board)

    @cached_property
    def serialize(self):
        return serializer_for(self.board)

    @property
    def current_filter(self) -> Any:
        """The filter shown and applied: the URL's (unsaved changes) or else the view's."""
        if self.filter is not None:
            return self.filter
        return (self.view.filter if self.view else None) or None

    @property
    def current_sort(self) -> Any:
        if self.sort is not None:
            return self.sort
        return (self.view.sort if self.view else None) or None

    @property
    def unsaved(self) -> bool:
        return self.filter is not None or self.sort is not None

    def spec(self, **extra) -> ItemQuery:
        return ItemQuery(filter=self.current_filter, sort=self.current_sort, q=self.q or None, **extra)

    def filter_meta(self) -> dict:
        """What the filter builder offers: each column's operators and, where known, its choices."""
        from boards.filtertree import BUILTIN_FIELDS, GroupType

        members = [{"value": user.id, "label": user.name}
                   for user, _role in workspace_service.members_of(self.board.workspace_id)]
        fields = []
        for name in BUILTIN_FIELDS:
            type_name = {"name": "text", "created_at": "creation_log", "updated_at": "last_updated"}.get(name)
            operators = GroupType.operators if name == "group" else column_types.get(type_name).operators
            choices = [{"value": g.id, "label": g.name} for g in self.groups] if name == "group" else None
            fields.append({"key": name, "title": BUILTIN_TITLES[name], "type": type_name or "group",
                           "operators": list(operators), "choices": choices})
        sources = resolver_for(self.board).sources
        for column in self.all_columns:
            try:  # a mirror filters as its target column's type, or as a number
                kind, settings = column_types.get(column.type)(column.settings).filters_as(column, sources)
            except InvalidValue:  # a mirror whose link or target has gone: nothing to filter
                continue
            if not column_types.get(kind).operators:  # a button: nothing to filter by
                continue
            fields.append({"key": column.key, "title": column.title, "type": kind,
                           "operators": list(column_types.get(kind).operators),
                           "choices": _choices(SimpleNamespace(type=kind, settings=settings), members)})
        return {"fields": fields, "operators": OPERATOR_TITLES}

    def items(self, *, limit: int, cursor: str | None = None, **extra) -> dict:
        return list_items(self.board, self.spec(**extra), limit=limit, cursor=cursor)

    def group_counts(self) -> dict[int, int]:
        query, _ = build(self.board, self.spec())
        rows = db.session.execute(query.with_only_columns(Item.group_id, func.count()).group_by(Item.group_id))
        return dict(rows.all())

    def url(self, **changes) -> str:
        args = {"view": self.view.id if self.view else None, "q": self.q or None,
                "filter": json.dumps(self.filter) if self.filter else None,
                "sort": json.dumps(self.sort) if self.sort else None}
        args.update(changes)
        return url_for("board_ui.board", board_id=self.board.id, **{k: v for k, v in args.items() if v})


def _choices(column, members: list[dict]) -> list[dict] | None:
    if column.type == "status":
        return [{"value": e["label"], "label": e["label"], "color": e.get("color")} for e in column.settings["labels"]]
    if column.type == "dropdown":
        return [{"value": label, "label": label} for label in column.settings.get("labels", [])]
    if column.type == "people":
        return members
    if column.type == "checkbox":
        return [{"value": True, "label": _("checked")}, {"value": False, "label": _("not checked")}]
    if column.type == "country":
        import pycountry

        return [{"value": c.alpha_2, "label": c.name} for c in sorted(pycountry.countries, key=lambda c: c.name)]
    return None


BUILTIN_TITLES = {"name": _l("Name"), "group": _l("Group"), "created_at": _l("Created"),
                  "updated_at": _l("Last updated")}
OPERATOR_TITLES = operators.TITLES


def load_page(board_id: int) -> BoardPage:
    board = board_service.get_board(board_id)
    role = role_in(board.workspace_id, g.user)
    views = saved.views_of(board, g.user)
    wanted = request.args.get("view", type=int)
    view = next((v for v in views if v.id == wanted), None) or next(iter(views), None)
    page = BoardPage(board, role, view, filter=_json_arg("filter"), sort=_json_arg("sort"),
                     q=request.args.get("q", "").strip())
    page.extra["views"] = views
    return page


@bp.route("/boards/<int:board_id>")
@bp.route("/boards/<int:board_id>/items/<int:item_id>")
def board(board_id: int, item_id: int | None = None):
    """The board; /boards/B/items/I is the same page with item I's panel open (a deep link)."""
    page = load_page(board_id)
    if item_id is not None:
        item = db.session.get(Item, item_id)
        if item is None or item.board_id != board_id or item.deleted_at is not None:
            abort(404)
    page.extra["open_item"] = item_id
    try:
        body = page.view_type.page_context(page)
    except BadQuery as error:
        page.error = error.message
        page.filter, page.sort, page.q = None, None, ""
        body = page.view_type.page_context(page)
    template = "views/_body_only.html" if request.headers.get("HX-Target") == "board-body" else "views/board.html"
    return render_template(template, page=page, body=body, column_types=column_types,
                           sidebar=_sidebar(), view_types=view_types)


@bp.route("/boards/<int:board_id>/groups/<int:group_id>/rows")
def more_rows(board_id: int, group_id: int):
    """The next page of a group's rows, fetched when the last row scrolls into view."""
    page = load_page(board_id)
    if group_id not in {group.id for group in page.groups}:
        abort(404)
    result = page.items(group_id=group_id, limit=50, cursor=request.args.get("cursor"))
    group = next(group for group in page.groups if group.id == group_id)
    return render_template("views/table/_rows.html", page=page, group=group, rows=result["items"],
                           next_cursor=result["next_cursor"], column_types=column_types)


def _sidebar() -> list:
    return [(ws, role, board_service.boards_in(ws.id)) for ws, role in workspace_service.workspaces_of(g.user)]





@bp.route("/boards/<int:board_id>/views", methods=["POST"])
def save_as_view(board_id: int):
    """"Save as view" and "+ view": the current filter, sort and columns under a name."""
    board = board_service.get_board(board_id)
    form = request.form
    type_name = form.get("type", "table")
    settings = {"column": form["column"]} if form.get("column") and type_name in ("kanban", "map") else {}
    try:
        view = saved.create_view(board, g.user, name=form.get("name", ""), type=type_name,
                                 filter=_json_form("filter"), sort=_json_form("sort"), settings=settings,
                                 shared=form.get("shared", "1") == "1")
    except ApiError as error:
        db.session.rollback()
        flash(_("The view was not saved: %(reason)s", reason=error.message), "error")
        return redirect(url_for("board_ui.board", board_id=board.id))
    db.session.commit()
    return redirect(url_for("board_ui.board", board_id=board.id, view=view.id))


@bp.route("/views/<int:view_id>/save", methods=["POST"])
def save_view_changes(view_id: int):
    """"Save changes": the filter and sort on screen become the view's own."""
    view = saved.get_view(view_id, g.user, Role.member)
    try:
        saved.update_view(view, g.user, filter=_json_form("filter") or {}, sort=_json_form("sort") or [])
    except ApiError as error:
        db.session.rollback()
        flash(_("The view was not saved: %(reason)s", reason=error.message), "error")
        return redirect(url_for("board_ui.board", board_id=view.board_id, view=view.id))
    db.session.commit()
    return redirect(url_for("board_ui.board", board_id=view.board_id, view=view.id))


def _json_form(name: str) -> Any:
    return _json(request.form.get(name))


@bp.route("/views/<int:view_id>/columns", methods=["POST"])
def save_view_columns(view_id: int):
    """The "Columns" menu: which columns this view shows (its hidden_columns setting)."""
    view = saved.get_view(view_id, g.user, Role.member)
    board = board_service.get_board(view.board_id)
    shown = set(request.form.getlist("shown"))
    hidden = [c.key for c in board_service.columns_of(board, "item") if c.key not in shown]
    saved.update_view(view, g.user, settings={**view.settings, "hidden_columns": hidden})
    db.session.commit()
    return redirect(url_for("board_ui.board", board_id=view.board_id, view=view.id))
