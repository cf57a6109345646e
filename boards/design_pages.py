"""Board design in place for admins: columns, groups, boards, trash; and dragging rows (members).

Routes stay thin: parse the form, call boards.service / boards.columns / boards.items, commit,
answer. An htmx write answers with HX-Trigger "boardhouse:board-changed" (the board body then
reloads itself); a plain form post is redirected. A refused change (422) is shown in place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from boards import columns as column_service
from boards import items as item_service
from boards import service
from boards.api import RESTORERS
from boards.column_setup import ColumnSetup, setup_for
from boards.models import Board, Column, Group, Item
from fields import ColumnType, column_types
from workspace.access import require_role
from workspace.auth import pages_need_login
from workspace.errors import Invalid
from workspace.extensions import db
from workspace.models import Role, Workspace

bp = Blueprint("board_design", __name__)

BOARD_CHANGED = "boardhouse:board-changed"
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
TRASH_LIMIT = 200


pages_need_login(bp)


@bp.errorhandler(Invalid)
def _invalid(error: Invalid):
    """A refused change: shown in place for htmx, flashed on the page it came from otherwise."""
    db.session.rollback()
    if _htmx():
        return render_template("boards/design/_error.html", error=error), 422
    flash(error.message, "error")
    return redirect(_back(url_for("boards_pages.home")))


# -- helpers ---------------------------------------------------------------------------------
def _htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def _back(default: str) -> str:
    """`next` from the form when it is a path on this site (never an open redirect)."""
    target = request.form.get("next") or request.args.get("next")
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return default


def _changed(board_id: int, body: str = ""):
    """Commits; htmx gets the board-changed event (and `body` for its target), a form a redirect."""
    db.session.commit()
    if _htmx():
        return body, 200, {"HX-Trigger": BOARD_CHANGED}
    return redirect(_back(url_for("board_ui.board", board_id=board_id)))


def _int(name: str, *, required: bool = False) -> int | None:
    raw = (request.form.get(name) or "").strip()
    if not raw:
        if required:
            raise Invalid({name: _("is required")})
        return None
    try:
        return int(raw)
    except ValueError:
        raise Invalid({name: _("must be a whole number")}) from None


def _ids(name: str = "ids") -> list[int]:
    raw = [part for value in request.form.getlist(name) for part in value.split(",") if part.strip()]
    try:
        return [int(part) for part in raw]
    except ValueError:
        raise Invalid({name: _("must be a list of ids")}) from None


def _reordered(current: list[int], wanted: list[int], what: str) -> list[int]:
    """`current` with the ids of `wanted` put in that order, in the slots they held: what the
    caller did not list (a hidden column) keeps its place."""
    unknown = [i for i in wanted if i not in current]
    if unknown or len(set(wanted)) != len(wanted):
        raise Invalid({"ids": _("not the %(what)s of this board: %(ids)s", what=what,
                                ids=", ".join(map(str, unknown)) or _("repeated ids"))})
    listed = set(wanted)
    slots = [n for n, i in enumerate(current) if i in listed]
    result = list(current)
    for slot, object_id in zip(slots, wanted, strict=True):
        result[slot] = object_id
    return result


# -- columns ---------------------------------------------------------------------------------
@bp.get("/boards/<int:board_id>/columns/new")
def new_column(board_id: int):
    board = service.get_board(board_id, Role.admin)
    hidden = [c for c in service.columns_of(board, "item") if c.hidden]
    return render_template("boards/design/_column_picker.html", board=board, types=list(column_types),
                           hidden=hidden)


@bp.post("/boards/<int:board_id>/columns")
def create_column(board_id: int):
    board = service.get_board(board_id, Role.admin)
    type_name = request.form.get("type", "")
    title = (request.form.get("title") or "").strip()
    setup = setup_for(type_name)
    if setup is not None and request.form.get("setup") != type_name:
        return _setup_form(board, setup, request.form, title=title)  # its boards and columns first
    if not title and type_name in column_types:
        title = str(column_types.get(type_name).title)
    settings = setup.settings(board, None, request.form) if setup is not None else None
    column_service.create_column(board, g.user, title=title, type=type_name, settings=settings)
    return _changed(board.id)


@bp.get("/boards/<int:board_id>/columns/setup")
def column_setup(board_id: int):
    """The setup form again, for what the changed choice now offers."""
    board = service.get_board(board_id, Role.admin)
    setup = setup_for(request.args.get("type", ""))
    if setup is None:
        abort(404)
    return _setup_form(board, setup, request.args, title=request.args.get("title", ""))


def _setup_form(board: Board, setup: ColumnSetup, form, *, title: str = "", column: Column | None = None) -> str:
    refresh_url = (url_for("board_design.column_settings", column_id=column.id) if column is not None
                   else url_for("board_design.column_setup", board_id=board.id))
    return render_template("boards/design/_column_setup.html", board=board, column=column, setup=setup,
                           title=title, type_title=column_types.get(setup.name).title, refresh_url=refresh_url,
                           focus=request.headers.get("HX-Trigger-Name"), **setup.choices(board, column, form))


@bp.get("/columns/<int:column_id>/menu")
def column_menu(column_id: int):
    column = column_service.get_column(column_id, Role.admin)
    return render_template("boards/design/_column_menu.html", column=column, types=list(column_types),
                           type_title=column_types.get(column.type).title)


@bp.post("/columns/<int:column_id>/rename")
def rename_column(column_id: int):
    column = column_service.get_column(column_id, Role.admin)
    column_service.update_column(column, g.user, title=request.form.get("title", ""))
    return _changed(column.board_id)


@bp.route("/columns/<int:column_id>/settings", methods=["GET", "POST"])
def column_settings(column_id: int):
    column = column_service.get_column(column_id, Role.admin)
    type_cls = column_types.get(column.type)
    setup = setup_for(column.type)
    if request.method == "POST":
        board = service.get_board(column.board_id)
        settings = (setup.settings(board, column, request.form) if setup is not None
                    else parse_settings(type_cls, column.settings, request.form))
        column_service.update_column(column, g.user, settings=settings)
        return _changed(column.board_id)
    if setup is not None:
        return _setup_form(service.get_board(column.board_id), setup, request.args, column=column)
    return render_template("boards/design/_column_settings.html", column=column, type_title=type_cls.title,
                           fields=settings_fields(type_cls, type_cls(column.settings).settings))


@bp.get("/columns/<int:column_id>/type-change")
def type_change(column_id: int):
    column = column_service.get_column(column_id, Role.admin)
    new_type = request.args.get("type", "")
    preview = column_service.preview_type_change(column, new_type)
    return render_template("boards/design/_type_change.html", column=column, new_type=new_type,
                           old_title=column_types.get(column.type).title,
                           new_title=column_types.get(new_type).title, preview=preview)


@bp.post("/columns/<int:column_id>/type")
def change_type(column_id: int):
    column = column_service.get_column(column_id, Role.admin)
    new_type = request.form.get("type", "")
    conversion = column_service.update_column(column, g.user, type=new_type)
    body = render_template("boards/design/_type_changed.html", column=column, conversion=conversion,
                           new_title=column_types.get(new_type).title)
    return _changed(column.board_id, body)


@bp.post("/columns/<int:column_id>/hide")
def hide_column(column_id: int):
    column = column_service.get_column(column_id, Role.admin)
    hidden = request.form.get("hidden", "1") not in ("0", "false", "")
    column_service.update_column(column, g.user, hidden=hidden)
    return _changed(column.board_id)


@bp.post("/columns/<int:column_id>/delete")
def delete_column(column_id: int):
    column = column_service.get_column(column_id, Role.admin)
    column_service.delete_column(column, g.user)
    return _changed(column.board_id)


@bp.post("/boards/<int:board_id>/columns/order")
def order_columns(board_id: int):
    board = service.get_board(board_id, Role.admin)
    columns = service.columns_of(board, "item")
    order = _reordered([c.id for c in columns], _ids(), _("columns"))
    positions = {c.id: c.position for c in columns}
    for n, column_id in enumerate(order, start=1):
        if positions[column_id] != n * 1024.0:
            column_service.update_column(db.session.get(Column, column_id), g.user, position=n * 1024.0)
    return _changed(board.id)


# -- column settings: a form built from the type's settings_schema ---------------------------
LABELS = {
    "labels": _l("Labels"), "default": _l("Default label"), "unit": _l("Unit"), "decimals": _l("Decimals"),
    "max": _l("Maximum"), "include_time": _l("Include the time of day"), "date_order": _l("Date order"),
    "default_country": _l("Default country (two letters)"),
}


@dataclass
class SettingField:
    name: str
    kind: str  # boolean | integer | enum | string | choice | string_list | label_list
    label: Any
    value: Any
    options: list | None = None
    minimum: int | None = None
    maximum: int | None = None


def _kind(name: str, schema: dict, properties: dict) -> str | None:
    items = schema.get("items", {})
    if "enum" in schema:
        return "enum"
    if schema.get("type") == "array" and items.get("type") == "string":
        return "string_list"
    if schema.get("type") == "array" and set(items.get("properties", {})) == {"label", "color"}:
        return "label_list"
    if name == "default" and schema.get("type") == "string" and "labels" in properties:
        return "choice"  # a default picked among the column's own labels
    return {"boolean": "boolean", "integer": "integer", "string": "string"}.get(schema.get("type"))


def settings_fields(type_cls: type[ColumnType], settings: dict) -> list[SettingField]:
    """One form field per setting the form knows how to edit; others are kept as they are."""
    properties = type_cls.settings_schema.get("properties", {})
    fields = []
    for name, schema in properties.items():
        kind = _kind(name, schema, properties)
        if kind is None:
            continue
        options = schema.get("enum")
        if kind == "choice":
            options = [entry["label"] if isinstance(entry, dict) else entry for entry in settings.get("labels", [])]
        fields.append(SettingField(name, kind, LABELS.get(name, name.replace("_", " ").capitalize()),
                                   settings.get(name), options, schema.get("minimum"), schema.get("maximum")))
    return fields


def parse_settings(type_cls: type[ColumnType], current: dict, form) -> dict:
    """The posted form as settings: fields left blank are removed (the type's defaults apply)."""
    settings = dict(current or {})
    for field in settings_fields(type_cls, settings):
        key = f"s-{field.name}"
        if field.kind == "boolean":
            settings[field.name] = form.get(key) is not None
        elif field.kind == "string_list":
            settings[field.name] = [v.strip() for v in form.getlist(key) if v.strip()]
        elif field.kind == "label_list":
            pairs = zip(form.getlist(f"{key}-label"), form.getlist(f"{key}-color"), strict=False)
            settings[field.name] = [{"label": label.strip(), "color": color.strip().lower()}
                                    for label, color in pairs if label.strip()]
        else:
            raw = (form.get(key) or "").strip()
            if not raw:
                settings.pop(field.name, None)
            elif field.kind == "integer":
                try:
                    settings[field.name] = int(raw)
                except ValueError:
                    raise Invalid({"settings": _("%(field)s must be a whole number", field=field.label)}) from None
            else:
                settings[field.name] = raw
    return settings


# -- groups ----------------------------------------------------------------------------------
@bp.get("/groups/<int:group_id>/menu")
def group_menu(group_id: int):
    group = service.get_group(group_id, Role.admin)
    return render_template("boards/design/_group_menu.html", group=group, colors=service.GROUP_COLORS)


@bp.post("/boards/<int:board_id>/groups")
def create_group(board_id: int):
    board = service.get_board(board_id, Role.admin)
    service.create_group(board, (request.form.get("name") or "").strip() or _("New group"), user=g.user)
    return _changed(board.id)


@bp.post("/groups/<int:group_id>/rename")
def rename_group(group_id: int):
    group = service.get_group(group_id, Role.admin)
    service.update_group(group, g.user, name=request.form.get("name", ""))
    return _changed(group.board_id)


@bp.post("/groups/<int:group_id>/color")
def color_group(group_id: int):
    group = service.get_group(group_id, Role.admin)
    color = (request.form.get("color") or "").strip().lower()
    if not COLOR.match(color):
        raise Invalid({"color": _("must be a colour like #00c875")})
    service.update_group(group, g.user, color=color)
    return _changed(group.board_id)


@bp.post("/groups/<int:group_id>/collapse")
def collapse_group(group_id: int):
    """Collapsed (or expanded) for everyone who opens the board; without a value it toggles."""
    group = service.get_group(group_id, Role.admin)
    raw = request.form.get("collapsed")
    collapsed = not group.collapsed if raw is None else raw not in ("0", "false", "")
    service.update_group(group, g.user, collapsed=collapsed)
    return _changed(group.board_id)


@bp.post("/groups/<int:group_id>/delete")
def delete_group(group_id: int):
    group = service.get_group(group_id, Role.admin)
    service.delete_group(group, g.user)
    return _changed(group.board_id)


@bp.post("/boards/<int:board_id>/groups/order")
def order_groups(board_id: int):
    board = service.get_board(board_id, Role.admin)
    groups = service.groups_of(board)
    order = _reordered([grp.id for grp in groups], _ids(), _("groups"))
    by_id = {grp.id: grp for grp in groups}
    for n, group_id in enumerate(order, start=1):
        if by_id[group_id].position != n * 1024.0:
            service.update_group(by_id[group_id], g.user, position=n * 1024.0)
    return _changed(board.id)


# -- items: dragging rows (members) ----------------------------------------------------------
@bp.post("/items/<int:item_id>/move")
def move_item(item_id: int):
    item = item_service.get_item(item_id, Role.member)
    item_service.move_item(item, g.user, group_id=_int("group_id"), before_id=_int("before_id"),
                           after_id=_int("after_id"))
    return _changed(item.board_id)


# -- boards and the workspace's sidebar actions ----------------------------------------------
def _workspace(workspace_id: int, needed: Role) -> tuple[Workspace, Role]:
    role = require_role(workspace_id, needed)
    return db.session.get(Workspace, workspace_id), role


@bp.get("/workspaces/<int:workspace_id>/actions")
def workspace_actions(workspace_id: int):
    workspace, role = _workspace(workspace_id, Role.viewer)
    board = None
    board_id = request.args.get("board", type=int)
    if board_id is not None:
        board = service.get_board(board_id)
        if board.workspace_id != workspace.id:
            abort(404)
    template = "boards/design/_workspace_actions.html" if _htmx() else "boards/design/workspace_actions.html"
    return render_template(template, workspace=workspace, role=role, current_board=board)


@bp.post("/workspaces/<int:workspace_id>/boards")
def create_board(workspace_id: int):
    _workspace(workspace_id, Role.admin)
    board = service.create_board(workspace_id, request.form.get("name", ""),
                                 (request.form.get("description") or "").strip(), g.user)
    db.session.commit()
    return _redirect(url_for("board_ui.board", board_id=board.id))


@bp.post("/boards/<int:board_id>/rename")
def rename_board(board_id: int):
    board = service.get_board(board_id, Role.admin)
    service.update_board(board, g.user, name=request.form.get("name", ""))
    db.session.commit()
    return _redirect(_back(url_for("board_ui.board", board_id=board.id)))


@bp.post("/boards/<int:board_id>/delete")
def delete_board(board_id: int):
    board = service.get_board(board_id, Role.admin)
    service.delete_board(board, g.user)
    db.session.commit()
    flash(_("“%(name)s” is in the trash.", name=board.name), "info")
    return _redirect(url_for("boards_pages.home"))


def _redirect(url: str):
    """A redirect that htmx follows as a whole page (HX-Redirect), and a browser as usual."""
    if _htmx():
        return "", 200, {"HX-Redirect": url}
    return redirect(url)


# -- trash -----------------------------------------------------------------------------------
@dataclass
class TrashEntry:
    kind: str
    id: int
    name: str
    board: str | None
    deleted_at: Any
    can_restore: bool


KIND_TITLES = {"board": _l("Board"), "group": _l("Group"), "column": _l("Column"), "item": _l("Item")}


def trash_of(workspace_id: int, role: Role) -> list[TrashEntry]:
    """Trashed boards, and the groups, columns and items trashed on live boards, newest first.
    Items that went with their group or parent come back with it, so they are not listed."""
    def rows(model, *where):
        query = select(model, Board.name).join(Board, Board.id == model.board_id).where(
            model.workspace_id == workspace_id, model.deleted_at.isnot(None), Board.deleted_at.is_(None), *where)
        return db.session.execute(query.order_by(model.deleted_at.desc()).limit(TRASH_LIMIT)).all()

    is_admin = role.allows(Role.admin)
    entries = [TrashEntry("board", b.id, b.name, None, b.deleted_at, is_admin) for b in db.session.scalars(
        select(Board).where(Board.workspace_id == workspace_id, Board.deleted_at.isnot(None))
        .order_by(Board.deleted_at.desc()).limit(TRASH_LIMIT))]
    entries += [TrashEntry("group", grp.id, grp.name, name, grp.deleted_at, is_admin) for grp, name in rows(Group)]
    entries += [TrashEntry("column", c.id, c.title, name, c.deleted_at, is_admin) for c, name in rows(Column)]
    entries += [TrashEntry("item", i.id, i.name, name, i.deleted_at, role.allows(Role.member))
                for i, name in rows(Item, Item.trash_cause.is_(None))]
    entries.sort(key=lambda e: (e.deleted_at, e.id), reverse=True)
    return entries[:TRASH_LIMIT]


@bp.get("/workspaces/<int:workspace_id>/trash")
def trash(workspace_id: int):
    workspace, role = _workspace(workspace_id, Role.member)
    return render_template("boards/trash.html", workspace=workspace, entries=trash_of(workspace_id, role),
                           kind_titles=KIND_TITLES)


@bp.post("/trash/<kind>/<int:object_id>/restore")
def restore(kind: str, object_id: int):
    if kind not in RESTORERS:
        abort(404)
    fetch, restore_it = RESTORERS[kind]
    thing = fetch(object_id)
    if thing.deleted_at is None:
        abort(404)
    restore_it(thing, g.user)
    db.session.commit()
    flash(_("Restored “%(name)s”.", name=getattr(thing, "title", None) or thing.name), "info")
    return redirect(_back(url_for("board_design.trash", workspace_id=thing.workspace_id)))
