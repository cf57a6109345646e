"""Cells of the table: show, edit and save one value; rename and add items; undo.

A cell is the inner HTML of a ``td.cell``: ``fields/<type>/cell.html`` shows a value and
``fields/<type>/editor.html`` edits it. Editors post either ``text`` (read by the column type's
parse_text, as typed) or ``json`` (the API value form, built by static/js/cells.js for
structured editors). Every change answers with an ``HX-Trigger`` that shows an Undo toast;
undo reverts one Activity row through the item service.
"""
from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, g, make_response, render_template, request, url_for
from flask_babel import format_datetime, format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from boards import items as item_service
from boards.activity import item_history
from boards.context import WorkspaceContext
from boards.models import Activity, Board, Item
from boards.service import columns_of, get_board, get_group
from fields import InvalidValue, column_types
from views.pages import load_page
from workspace import service as workspace_service
from workspace.access import require_role
from workspace.auth import pages_need_login
from workspace.errors import Conflict, Forbidden, Invalid, NotFound
from workspace.extensions import db
from workspace.models import Membership, Role, User

bp = Blueprint("cells", __name__)

CHANGED = "boardhouse:changed"
BOARD_CHANGED = "boardhouse:board-changed"


pages_need_login(bp)


# -- template helpers -------------------------------------------------------------------------
@bp.app_template_global()
def person_names(ids: Any) -> dict[int, str]:
    """{user id: name} for these ids. The first call of a request loads everyone who shares a
    workspace with the caller (one query); ids outside that (people who left) cost one more."""
    names: dict[int, str] | None = g.get("_person_names")
    if names is None:
        names = {}
        user = g.get("user") or (current_user if current_user.is_authenticated else None)
        if user is not None:
            mine = select(Membership.workspace_id).where(Membership.user_id == user.id)
            shared = select(Membership.user_id).where(Membership.workspace_id.in_(mine))
            names.update(db.session.execute(select(User.id, User.name).where(User.id.in_(shared))).all())
        g._person_names = names
    wanted = [i for i in (ids or []) if isinstance(i, int) and not isinstance(i, bool)]
    missing = [i for i in wanted if i not in names]
    if missing:
        found = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(missing))).all())
        for user_id in missing:
            names[user_id] = found.get(user_id, _("Former member #%(id)s", id=user_id))
    return {i: names[i] for i in wanted}


@bp.app_template_filter()
def initials(name: str) -> str:
    words = [w for w in (name or "").split() if w]
    return "".join(w[0] for w in words[:2]).upper() or "?"


@bp.app_template_global()
def workspace_members(workspace_id: int) -> list[tuple[int, str]]:
    """The people a people cell may hold: (id, name) of the workspace's members, by name."""
    cache = g.setdefault("_members", {})
    if workspace_id not in cache:
        members = workspace_service.members_of(workspace_id)
        cache[workspace_id] = sorted(((u.id, u.name) for u, _role in members), key=lambda m: m[1].casefold())
    return cache[workspace_id]


@bp.app_template_global()
def country_info(code: Any) -> dict | None:
    """{code, name, flag} of an ISO 3166-1 alpha-2 code, or None when unknown."""
    import pycountry

    if not isinstance(code, str) or len(code) != 2:
        return None
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return None
    name = getattr(country, "common_name", None) or country.name
    return {"code": country.alpha_2, "name": name, "flag": _flag(country.alpha_2)}


def _flag(code: str) -> str:
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in code.upper())


@bp.app_template_global()
def country_choices() -> list[dict]:
    import pycountry

    choices = [country_info(country.alpha_2) for country in pycountry.countries]
    return sorted(choices, key=lambda c: c["name"].casefold())


@bp.app_template_global()
def local_time(stamp: Any) -> str:
    """A stored UTC time ("2024-03-05T14:30:00.000000Z") in the user's time zone and locale."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    except ValueError:
        return str(stamp)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return format_datetime(moment, "short")  # naive UTC, shown in the user's time zone


@bp.app_template_global()
def number_text(value: Any, settings: dict | None = None) -> str:
    """A number as the user's locale writes it, with the column's decimals and unit."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    settings = settings or {}
    decimals = settings.get("decimals")
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0" if decimals == 0 else "#,##0.##########"
    text = format_decimal(value, format=pattern)
    unit = (settings.get("unit") or "").strip()
    if not unit:
        return text
    if len(unit) == 1 and unicodedata.category(unit) == "Sc":
        return f"{unit}{text}"
    return f"{text} {unit}"


# -- lookups ----------------------------------------------------------------------------------
def _column(item: Item, key: str):
    board = db.session.get(Board, item.board_id)
    scope = "subitem" if item.parent_id else "item"
    column = next((c for c in columns_of(board, scope) if c.key == key), None)
    if column is None:
        raise NotFound("column")
    return board, column


def _value(board: Board, item: Item, key: str) -> Any:
    return item_service.serializer_for(board)(item)["values"].get(key)


def _display(item: Item, column, value: Any) -> str:
    return render_template("views/cells/_display.html", item=item, column=column, value=value)


def _editor(item: Item, column, value: Any, *, text: str | None = None, error: str | None = None) -> str:
    column_type = column_types.get(column.type)(column.settings)
    if text is None:
        text = column_type.format_text(value)
    return render_template([f"fields/{column.type}/editor.html", "views/cells/_text_editor.html"],
                           item=item, column=column, value=value, text=text, error=error,
                           column_type=column_type)


def _newest_activity_id(item: Item) -> int:
    rows = item_history(item, limit=1)
    return rows[0].id if rows else 0


def _changed(body: str, activity_id: int | None, message: str, status: int = 200):
    """The response to a change: the new HTML and, when something was recorded, the Undo toast."""
    response = make_response(body, status)
    if activity_id:
        undo_url = url_for("cells.undo", activity_id=activity_id)
        response.headers["HX-Trigger"] = json.dumps(
            {CHANGED: {"undo_url": undo_url, "message": message, "undo_label": _("Undo")}})
    return response


def _change_recorded(item: Item, before: int) -> int | None:
    after = _newest_activity_id(item)
    return after if after > before else None


# -- cells ------------------------------------------------------------------------------------
@bp.get("/items/<int:item_id>/cells/<key>")
def cell(item_id: int, key: str):
    item = item_service.get_item(item_id)
    board, column = _column(item, key)
    return _display(item, column, _value(board, item, key))


@bp.get("/items/<int:item_id>/cells/<key>/edit")
def edit_cell(item_id: int, key: str):
    item = item_service.get_item(item_id, Role.member)
    board, column = _column(item, key)
    if column_types.get(column.type).read_only:
        raise Forbidden(_("This column is read-only."))
    return _editor(item, column, _value(board, item, key))


@bp.post("/items/<int:item_id>/cells/<key>")
def save_cell(item_id: int, key: str):
    item = item_service.get_item(item_id, Role.member)
    board, column = _column(item, key)
    column_type = column_types.get(column.type)(column.settings)
    if column_type.read_only:
        raise Forbidden(_("This column is read-only."))
    text = request.form.get("text")
    shown: Any = _value(board, item, key)
    if text is None and "json" not in request.form:  # never read a form that lost its field as "clear"
        return _editor(item, column, shown, error=_("Nothing was sent to save; try again.")), 422
    try:
        if "json" in request.form:
            raw = request.form["json"].strip()
            try:
                value = json.loads(raw) if raw else None
            except ValueError:
                raise InvalidValue(_("not a valid value")) from None
            shown = value
        else:
            value = column_type.parse_text(text or "", WorkspaceContext(item.workspace_id))
        before = _newest_activity_id(item)
        item = item_service.update_item(item, g.user, values={key: value})
    except (InvalidValue, Invalid) as error:
        db.session.rollback()
        if isinstance(error, InvalidValue):
            reason = error.reason
        else:
            reason = str((error.details.get(key) if isinstance(error.details, dict) else None) or error.message)
        # The user's input as sent: a rejected value may not even have the shape format_text reads.
        kept = text if text is not None else request.form.get("json", "")
        return _editor(item, column, shown, text=kept, error=reason), 422
    activity_id = _change_recorded(item, before)
    db.session.commit()
    message = _("%(column)s of “%(item)s” changed", column=column.title, item=item.name)
    saved = _value(board, item, key)
    # A picker that adds one thing at a time (connect boards) stays open after each save.
    body = _editor(item, column, saved) if request.form.get("keep_editing") else _display(item, column, saved)
    return _changed(body, activity_id, message)


# -- names ------------------------------------------------------------------------------------
def _name_cell(item: Item) -> str:
    return render_template("views/cells/_name.html", item=item)


@bp.get("/items/<int:item_id>/name")
def name_cell(item_id: int):
    return _name_cell(item_service.get_item(item_id))


@bp.get("/items/<int:item_id>/rename")
def rename_form(item_id: int):
    item = item_service.get_item(item_id, Role.member)
    return render_template("views/cells/_rename.html", item=item, name=item.name, error=None)


@bp.post("/items/<int:item_id>/buttons/<key>")
def press_button(item_id: int, key: str):
    """A button cell pressed: the event is recorded; automations react after the commit."""
    item = item_service.get_item(item_id, Role.member)
    item_service.press_button(item, key, g.user)
    db.session.commit()
    response = make_response(_("Pressed."), 200)
    response.headers["HX-Trigger"] = BOARD_CHANGED
    response.mimetype = "text/plain"
    return response


@bp.post("/items/<int:item_id>/rename")
def rename(item_id: int):
    item = item_service.get_item(item_id, Role.member)
    name = request.form.get("name", "")
    before = _newest_activity_id(item)
    old_name = item.name
    try:
        item = item_service.update_item(item, g.user, name=name)
    except Invalid as error:
        db.session.rollback()
        reason = error.details.get("name") or error.message
        return render_template("views/cells/_rename.html", item=item, name=name, error=reason), 422
    activity_id = _change_recorded(item, before)
    db.session.commit()
    message = _("“%(old)s” renamed to “%(new)s”", old=old_name, new=item.name)
    return _changed(_name_cell(item), activity_id, message)


# -- add an item --------------------------------------------------------------------------------
@bp.post("/boards/<int:board_id>/groups/<int:group_id>/items")
def add_item(board_id: int, group_id: int):
    """Creates an item at the end of a group and answers its row (for the view in ?view=)."""
    page = load_page(board_id)
    if not page.can_edit:
        raise Forbidden(_("Adding items needs the member role."))
    group = get_group(group_id)
    if group.board_id != page.board.id:
        raise NotFound("group")
    try:
        item = item_service.create_item(page.board, g.user, name=request.form.get("name", ""), group_id=group.id)
    except Invalid as error:
        db.session.rollback()
        reason = error.details.get("name") or error.message
        response = make_response(render_template("views/cells/_error.html", error=reason), 422)
        response.headers["HX-Retarget"] = f"#add-item-error-{group.id}"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    activity_id = _newest_activity_id(item)
    db.session.commit()
    body = render_template("views/table/_rows.html", page=page, group=group, rows=[item], next_cursor=None)
    return _changed(body, activity_id, _("“%(item)s” added", item=item.name))


# -- undo -------------------------------------------------------------------------------------
@bp.post("/activity/<int:activity_id>/undo")
def undo(activity_id: int):
    """Reverts one change, if nothing changed it again since; the undo is itself recorded."""
    activity = db.session.get(Activity, activity_id)
    if activity is None:
        raise NotFound("activity")
    require_role(activity.workspace_id, Role.member, "activity")
    get_board(activity.board_id, Role.member)
    if activity.item_id is None:
        raise Conflict(_("This change cannot be undone."))
    item = item_service.get_item(activity.item_id, Role.member, include_deleted=True)
    if activity.kind == "item_created":
        if item.deleted_at is not None:
            raise Conflict(_("The item is already in the trash."))
        item_service.delete_item(item, g.user)
    elif item.deleted_at is not None:
        raise Conflict(_("The item is in the trash."))
    elif activity.kind == "value_changed":
        # As read (links live in their own rows, not in item.values).
        current = item_service.serializer_for(get_board(item.board_id))(item)["values"].get(activity.column_key)
        if current != activity.new:
            raise Conflict(_("The value has changed since; it was not undone."))
        _revert(item, values={activity.column_key: activity.old})
    elif activity.kind == "item_renamed":
        if item.name != activity.new:
            raise Conflict(_("The item was renamed since; it was not undone."))
        _revert(item, name=activity.old)
    else:
        raise Conflict(_("This change cannot be undone."))
    db.session.commit()
    response = make_response(_("Change undone."), 200)
    response.headers["HX-Trigger"] = BOARD_CHANGED
    response.mimetype = "text/plain"
    return response


def _revert(item: Item, **changes) -> None:
    try:
        item_service.update_item(item, g.user, **changes)
    except Invalid as error:
        db.session.rollback()
        raise Conflict(_("This change cannot be undone: %(reason)s", reason=error.message)) from None

