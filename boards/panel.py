"""The item panel: all values, sub-items, updates (comments) and activity of one item.

The panel is an htmx partial swapped into #item-panel beside the board; /boards/B/items/I is the
board page that loads it (views/pages.py), so the panel can be linked to. Values use the table's
cell markup (data-editable, data-item-id, data-column-key), so they are edited the same way.
"""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import select

from boards import updates as update_service
from boards.activity import item_history
from boards.items import MAX_NAME, create_item, get_item, serializer_for, subitems_of
from boards.models import Activity, Board, Column, Group, Item
from boards.service import columns_of, groups_of
from fields import column_types
from workspace import service as workspace_service
from workspace.access import role_in
from workspace.auth import pages_need_login
from workspace.errors import Invalid
from workspace.extensions import db
from workspace.models import Role, User

bp = Blueprint("item_panel", __name__)

MAX_SHOWN_VALUE = 120
BOARD_CHANGED = "boardhouse:board-changed"  # the board body reloads (templates/views/board.html)
ITEM_CHANGED = "boardhouse:item-changed"  # the panel's activity log reloads


pages_need_login(bp)


def _is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def _deep_link(item: Item) -> str:
    return f"/boards/{item.board_id}/items/{item.id}"


# -- routes ----------------------------------------------------------------------------------
@bp.get("/items/<int:item_id>/panel")
def panel(item_id: int):
    item = get_item(item_id)
    if not _is_htmx():  # opened by hand: show it where it belongs, beside its board
        return redirect(_deep_link(item))
    board = db.session.get(Board, item.board_id)
    can_edit = _can_edit(item)
    scope = "subitem" if item.parent_id else "item"
    return render_template(
        "boards/panel/panel.html", item=item, board=board, can_edit=can_edit,
        columns=columns_of(board, scope), values=serializer_for(board)(item)["values"],
        parent=db.session.get(Item, item.parent_id) if item.parent_id else None,
        group=db.session.get(Group, item.group_id),
        subitems=None if item.parent_id else _subitems(item, board, can_edit),
        thread=_thread(item, can_edit), activity=_activity(item, board))


@bp.get("/items/<int:item_id>/panel/close")
def close(item_id: int):
    """Empties #item-panel; the link that calls it pushes the board's URL back."""
    get_item(item_id)
    return ""


@bp.get("/items/<int:item_id>/panel/activity")
def activity(item_id: int):
    item = get_item(item_id)
    return render_template("boards/panel/_activity.html", item=item,
                           activity=_activity(item, db.session.get(Board, item.board_id)))


@bp.post("/items/<int:item_id>/subitems")
def add_subitem(item_id: int):
    item = get_item(item_id, Role.member)
    board = db.session.get(Board, item.board_id)
    name = request.form.get("name", "")
    try:
        create_item(board, g.user, name=name, parent_id=item.id)
    except Invalid as error:
        db.session.rollback()
        if not name.strip():
            message = _("A sub-item needs a name.")
        elif len(name.strip()) > MAX_NAME:
            message = _("A sub-item's name can be at most %(max)s characters long.", max=MAX_NAME)
        else:
            message = error.message
        return _refused(item, error, "boards/panel/_subitems.html",
                        subitems=_subitems(item, board, True, error=message, draft=name))
    db.session.commit()
    if not _is_htmx():
        return redirect(_deep_link(item), 303)
    response = render_template("boards/panel/_subitems.html", item=item, subitems=_subitems(item, board, True))
    return response, 200, {"HX-Trigger": BOARD_CHANGED}  # the activity log listens to it as well


@bp.post("/items/<int:item_id>/updates")
def post_update(item_id: int):
    item = get_item(item_id, Role.member)
    body = request.form.get("body", "")
    try:
        update_service.add_update(item, g.user, body)
    except Invalid as error:
        db.session.rollback()
        message = (_("An update cannot be empty.") if not body.strip() else
                   _("An update can be at most %(max)s characters long.", max=f"{update_service.MAX_BODY:,}"))
        return _refused(item, error, "boards/panel/_updates.html",
                        thread=_thread(item, True, error=message, draft=body))
    db.session.commit()
    if not _is_htmx():
        return redirect(_deep_link(item), 303)
    response = render_template("boards/panel/_updates.html", item=item, thread=_thread(item, True))
    return response, 200, {"HX-Trigger": ITEM_CHANGED}


def _refused(item: Item, error: Invalid, template: str, **context):
    """A 422 with the partial and its message (panel.js lets htmx swap it in), or without
    htmx the message flashed on the item's page."""
    if not _is_htmx():
        flash(error.message, "error")
        return redirect(_deep_link(item), 303)
    return render_template(template, item=item, **context), 422


# -- what the partials show ------------------------------------------------------------------
def _can_edit(item: Item) -> bool:
    role = role_in(item.workspace_id, g.user)
    return role is not None and role.allows(Role.member)


def _subitems(item: Item, board: Board, can_edit: bool, *, error: str | None = None, draft: str = "") -> dict:
    serialize = serializer_for(board)
    rows = [(sub, serialize(sub)["values"]) for sub in subitems_of(item)]
    return {"columns": columns_of(board, "subitem", include_hidden=False), "rows": rows,
            "can_edit": can_edit, "error": error, "draft": draft}


def _users(ids: set[int]) -> dict[int, User]:
    ids.discard(None)
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


def _when(moment) -> dict:
    """A naive-UTC moment for display in the user's time zone (flask_babel converts it)."""
    return {"iso": moment.isoformat(timespec="seconds") + "Z", "short": format_datetime(moment, "short"),
            "full": format_datetime(moment, "full")}


def _thread(item: Item, can_edit: bool, *, error: str | None = None, draft: str = "") -> dict:
    updates = update_service.list_updates(item)
    users = _users({u.user_id for u in updates} | {uid for u in updates for uid in u.mentions or []})
    lines = update_service.thread_lines(updates, users)
    entries = [{"update": u, "author": users.get(u.user_id), "lines": lines[u.id], "when": _when(u.created_at)}
               for u in updates]
    return {"entries": entries, "can_edit": can_edit, "error": error, "draft": draft,
            "members": _mention_choices(item.workspace_id) if can_edit else [], "users": users,
            "max_length": update_service.MAX_BODY}


def _mention_choices(workspace_id: int) -> list[dict]:
    """What the @-autocomplete offers; a name two members share is inserted as the e-mail."""
    members = [user for user, _role in workspace_service.members_of(workspace_id)]
    names = [user.name.strip().casefold() for user in members]
    return [{"name": user.name, "email": user.email,
             "insert": user.email if names.count(user.name.strip().casefold()) > 1 else user.name}
            for user in members]


def _activity(item: Item, board: Board) -> list[dict]:
    rows = item_history(item)
    # A sub-item's creation is part of its parent's story too.
    rows += db.session.scalars(
        select(Activity).where(Activity.workspace_id == item.workspace_id, Activity.kind == "subitem_created",
                               Activity.item_id.in_(select(Item.id).where(Item.workspace_id == item.workspace_id,
                                                                          Item.parent_id == item.id)))
        .order_by(Activity.id.desc()).limit(200))
    rows.sort(key=lambda row: row.id, reverse=True)
    rows = rows[:200]
    columns = {c.key: c for c in db.session.scalars(select(Column).where(
        Column.workspace_id == board.workspace_id, Column.board_id == board.id))}
    groups = {group.id: group.name for group in groups_of(board)}
    users = _users({row.user_id for row in rows} | {item.created_by_id})
    names = _linked_names(rows, columns, item.workspace_id)
    files = _import_files({row.import_id for row in rows} | {item.import_id})
    entries = [{"row": row, "who": users[row.user_id].name if row.user_id in users else _("Boardhouse"),
                "text": describe(row, columns, groups, item, names), "when": _when(row.at),
                "import_file": files.get(row.import_id)} for row in rows]
    if item.import_id is not None and len(rows) < 200:  # imports record no creation row (decision 0005)
        entries.append({"row": SimpleNamespace(kind="item_imported", automation_id=None),
                        "who": users[item.created_by_id].name if item.created_by_id in users else _("Boardhouse"),
                        "text": _("imported the item from %(file)s", file=files.get(item.import_id, "")),
                        "when": _when(item.created_at), "import_file": None})
    return entries


def _import_files(import_ids: set[int | None]) -> dict[int, str]:
    """The file names of the imports that made changes, for the log to say where they came from."""
    from boards.imports.models import Import

    ids = {i for i in import_ids if i is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(Import.id, Import.filename).where(Import.id.in_(ids))).all())


def _linked_names(rows: list[Activity], columns: dict[str, Column], workspace_id: int) -> dict[int, str]:
    """Names of the items that link changes name (one query), so the log says which account."""
    link_keys = {key for key, c in columns.items() if c.type in column_types and column_types.get(c.type).stores_links}
    ids = {i for row in rows if row.kind == "value_changed" and row.column_key in link_keys
           for value in (row.old, row.new) if isinstance(value, list) for i in value if isinstance(i, int)}
    if not ids:
        return {}
    return dict(db.session.execute(select(Item.id, Item.name).where(Item.id.in_(ids),
                                                                    Item.workspace_id == workspace_id)).all())


def describe(row: Activity, columns: dict[str, Column], groups: dict[int, str], item: Item,
             names: dict[int, str] | None = None) -> str:
    """One activity row as a readable sentence (after the name of who did it); `names` are the
    names of linked items, for changes of links."""
    new = row.new if isinstance(row.new, dict) else {}
    if row.kind == "value_changed":
        column = columns.get(row.column_key)
        title = column.title if column else row.column_key
        old, new_text = _shown(column, row.old, names), _shown(column, row.new, names)
        if not old:
            return _("set %(column)s to %(new)s", column=title, new=new_text)
        if not new_text:
            return _("cleared %(column)s (was %(old)s)", column=title, old=old)
        return _("changed %(column)s from %(old)s to %(new)s", column=title, old=old, new=new_text)
    if row.kind == "item_created":
        return _("created the item")
    if row.kind == "subitem_created":
        if row.item_id != item.id:
            return _("added the sub-item %(name)s", name=new.get("name", ""))
        return _("created the sub-item")
    if row.kind == "item_renamed":
        return _("renamed the item from %(old)s to %(new)s", old=row.old, new=row.new)
    if row.kind == "item_moved":
        old_group = row.old.get("group_id") if isinstance(row.old, dict) else None
        if new.get("group_id") != old_group and new.get("group_id") in groups:
            return _("moved the item to the group %(group)s", group=groups[new["group_id"]])
        return _("moved the item")
    if row.kind == "item_deleted":
        return _("moved the item to the trash")
    if row.kind == "item_restored":
        return _("restored the item from the trash")
    if row.kind == "update_added":
        return _("posted an update")
    return _("made a change (%(kind)s)", kind=row.kind.replace("_", " "))


def _shown(column: Column | None, value: Any, names: dict[int, str] | None = None) -> str:
    if value is None or value == "" or value == []:
        return ""
    text = None
    known = column is not None and column.type in column_types
    if known and column_types.get(column.type).stores_links and isinstance(value, list):
        text = ", ".join((names or {}).get(i) or f"#{i}" for i in value)
    elif known:
        try:
            text = column_types.get(column.type)(column.settings).format_text(value)
        except Exception:  # an old value the column's current settings no longer describe
            text = None
    if text is None:
        text = value if isinstance(value, str) else str(value)
    return text if len(text) <= MAX_SHOWN_VALUE else text[:MAX_SHOWN_VALUE - 1] + "…"
