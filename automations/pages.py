"""Automation pages: a board's automations (on/off, last run), recipes and the sentence builder,
the run log, an item's runs, and the notification bell.

Routes stay thin: parse the form into a draft (automations/builder.py), call the service with
the caller's role, render. The builder re-renders itself (htmx) on every change of a select.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _
from sqlalchemy import func, select

from automations import builder, recipes, runlog, sentence, service
from automations.choices import BoardChoices
from automations.conditions_form import views as rule_views
from automations.models import Automation, Notification
from boards.items import get_item
from boards.models import Board
from boards.service import get_board
from workspace.access import role_in
from workspace.auth import pages_need_login
from workspace.errors import Invalid
from workspace.extensions import db
from workspace.models import Role

bp = Blueprint("automation_pages", __name__)
NOTIFICATIONS_READ = "boardhouse:notifications-read"  # the bell's count reloads
MAX_NAME = 200


pages_need_login(bp)


@bp.record_once
def _register_globals(state: BlueprintSetupState) -> None:
    # The item panel (boards/) says "changed by automation X" without importing automations.
    state.app.jinja_env.globals.update(automation_name=automation_name, automation_count=automation_count)


def automation_name(automation_id: int | None) -> str:
    """An automation's name (even once deleted), looked up once per request."""
    if automation_id is None:
        return ""
    cache = g.setdefault("automation_names", {})
    if automation_id not in cache:
        automation = db.session.get(Automation, automation_id)
        cache[automation_id] = automation.name if automation is not None else f"#{automation_id}"
    return cache[automation_id]


def automation_count(board_id: int) -> int:
    """How many automations a board has (the board toolbar's link says it)."""
    return db.session.scalar(select(func.count()).select_from(Automation).where(
        Automation.board_id == board_id, Automation.deleted_at.is_(None))) or 0


def _htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def _can_edit(board: Board) -> bool:
    role = role_in(board.workspace_id, g.user)
    return role is not None and role.allows(Role.member)


def _describe(automation: Automation, choices: BoardChoices) -> str:
    draft = builder.from_definition(choices, trigger=automation.trigger, conditions=automation.conditions,
                                    actions_spec=automation.actions)
    return sentence.describe(draft, choices)


# -- the list ------------------------------------------------------------------------------------
@bp.get("/boards/<int:board_id>/automations")
def automations(board_id: int):
    board = get_board(board_id)
    choices = BoardChoices(board)
    rows = [_row(automation, choices) for automation in service.automations_of(board)]
    return render_template("automations/list.html", board=board, rows=rows, can_edit=_can_edit(board))


def _row(automation: Automation, choices: BoardChoices) -> dict:
    last = service.runs_of(automation, limit=1)
    return {"automation": automation, "sentence": _describe(automation, choices),
            "last_run": runlog.rows(last)[0] if last else None}


@bp.post("/automations/<int:automation_id>/toggle")
def toggle(automation_id: int):
    automation = service.get_automation(automation_id, Role.member)
    service.update_automation(automation, g.user, enabled=request.form.get("enabled") == "1")
    db.session.commit()
    if not _htmx():
        return redirect(url_for(".automations", board_id=automation.board_id))
    board = db.session.get(Board, automation.board_id)
    return render_template("automations/_row.html", row=_row(automation, BoardChoices(board)), can_edit=True)


@bp.post("/automations/<int:automation_id>/delete")
def delete(automation_id: int):
    automation = service.get_automation(automation_id, Role.member)
    service.delete_automation(automation)
    db.session.commit()
    if _htmx():
        return ""  # the row goes
    flash(_("The automation was deleted."), "info")
    return redirect(url_for(".automations", board_id=automation.board_id))


# -- recipes and the builder ---------------------------------------------------------------------
@bp.get("/boards/<int:board_id>/automations/new")
def new(board_id: int):
    board = get_board(board_id, Role.member)
    return render_template("automations/new.html", board=board, recipes=recipes.available())


@bp.get("/boards/<int:board_id>/automations/build")
def build(board_id: int):
    board = get_board(board_id, Role.member)
    choices = BoardChoices(board)
    recipe = recipes.get(request.args.get("recipe", ""))
    draft = recipes.draft(recipe, choices) if recipe is not None else builder.Draft()
    return _builder(board, choices, draft, recipe=recipe)


@bp.post("/boards/<int:board_id>/automations")
def create(board_id: int):
    board = get_board(board_id, Role.member)
    return _submit(board, None)


@bp.get("/automations/<int:automation_id>/edit")
def edit(automation_id: int):
    automation = service.get_automation(automation_id, Role.member)
    board = db.session.get(Board, automation.board_id)
    choices = BoardChoices(board)
    draft = builder.from_definition(choices, name=automation.name, trigger=automation.trigger,
                                    conditions=automation.conditions, actions_spec=automation.actions)
    if automation.name == sentence.describe(draft, choices)[:MAX_NAME]:
        draft.name = ""  # named after its sentence: it follows the sentence as it is changed
    return _builder(board, choices, draft, automation=automation)


@bp.post("/automations/<int:automation_id>/edit")
def update(automation_id: int):
    automation = service.get_automation(automation_id, Role.member)
    return _submit(db.session.get(Board, automation.board_id), automation)


def _submit(board: Board, automation: Automation | None):
    """Saves the posted draft; or, for the builder's own buttons (op), shows it again."""
    choices = BoardChoices(board)
    draft = builder.from_form(request.form)
    op = request.form.get("op", "save")
    if op != "save":
        builder.apply(draft, op)
        return _builder(board, choices, draft, automation=automation)
    definition, errors = builder.definition(draft, choices)
    name = draft.name or sentence.describe(draft, choices)[:MAX_NAME]
    try:
        if errors:  # the builder's own words for those parts, the service's for the rest
            try:
                service.clean(board, trigger=definition["trigger"], conditions=definition["conditions"],
                              actions_spec=definition["actions"])
            except Invalid as error:
                errors = {**{key: str(value) for key, value in error.details.items()}, **errors}
            raise Invalid(errors)
        if automation is None:
            automation = service.create_automation(board, g.user, name=name, **_service_args(definition))
        else:
            service.update_automation(automation, g.user, name=name, **_service_args(definition))
    except Invalid as error:
        db.session.rollback()
        return _builder(board, choices, draft, automation=automation, status=422,
                        errors={key: str(value) for key, value in error.details.items()})
    db.session.commit()
    flash(_("Automation “%(name)s” saved.", name=automation.name), "info")
    return redirect(url_for(".automations", board_id=board.id))


def _service_args(definition: dict) -> dict:
    return {"trigger": definition["trigger"], "conditions": definition["conditions"],
            "actions": definition["actions"]}


def _builder(board: Board, choices: BoardChoices, draft: builder.Draft, *, automation: Automation | None = None,
             recipe: Any = None, errors: dict[str, str] | None = None, status: int = 200):
    builder.normalize(draft, choices)
    errors = errors or {}
    in_place = {"trigger", "conditions", "actions", "name", *(f"actions.{n}" for n in range(len(draft.actions)))}
    context = {
        "board": board, "draft": draft, "automation": automation, "recipe": recipe, "errors": errors,
        "other_errors": [message for key, message in errors.items() if key not in in_place],
        "trigger_types": list(builder.triggers), "action_types": list(builder.actions),
        "trigger_segments": sentence.segments(draft.trigger, "trigger", choices),
        "action_segments": [sentence.segments(part, f"actions.{n}", choices) for n, part in enumerate(draft.actions)],
        "rules": rule_views(draft.rules, choices), "sentence": sentence.describe(draft, choices),
        "columns": choices.columns, "test_items": choices.test_items, "max_actions": builder.MAX_ACTIONS,
        "action_url": (url_for(".update", automation_id=automation.id) if automation is not None
                       else url_for(".create", board_id=board.id)),
    }
    template = "automations/_builder_form.html" if _htmx() else "automations/builder.html"
    return render_template(template, **context), status


@bp.post("/boards/<int:board_id>/automations/test")
def test(board_id: int):
    """What the builder's automation (as on screen, saved or not) would do to the chosen item."""
    board = get_board(board_id, Role.member)
    choices = BoardChoices(board)
    draft = builder.from_form(request.form)
    definition, errors = builder.definition(draft, choices)
    result, problem = None, None
    try:
        item_id = int(draft.test_item)
    except ValueError:
        problem = _("Choose an item to test on.")
    else:
        try:
            service.clean(board, trigger=definition["trigger"], conditions=definition["conditions"],
                          actions_spec=definition["actions"])
            if errors:
                raise Invalid(errors)
            trial = Automation(workspace_id=board.workspace_id, board_id=board.id, name=draft.name or "test",
                               owner_id=g.user.id, conditions=definition["conditions"], actions=definition["actions"],
                               trigger=definition["trigger"])
            result = service.test_on_item(trial, item_id)
        except Invalid as error:
            problem = _("Fix the automation first: %(reason)s", reason=error.message)
        finally:
            db.session.rollback()  # a test changes nothing
    return render_template("automations/_test_result.html", result=result, problem=problem,
                           item_name=dict(choices.test_items).get(draft.test_item))


# -- run logs ------------------------------------------------------------------------------------
@bp.get("/automations/<int:automation_id>/runs")
def runs(automation_id: int):
    automation = service.get_automation(automation_id)
    board = db.session.get(Board, automation.board_id)
    choices = BoardChoices(board)
    return render_template("automations/runs.html", board=board, automation=automation,
                           sentence=_describe(automation, choices),
                           rows=runlog.rows(service.runs_of(automation, limit=200), choices))


@bp.get("/items/<int:item_id>/automation-runs")
def item_runs(item_id: int):
    item = get_item(item_id)
    if not _htmx():
        return redirect(f"/boards/{item.board_id}/items/{item.id}")
    board = db.session.get(Board, item.board_id)
    return render_template("automations/_item_runs.html", item=item,
                           rows=runlog.rows(service.runs_of(item_id=item.id, limit=20), BoardChoices(board)))


# -- notifications (the bell) ----------------------------------------------------------------------
@bp.get("/notifications/bell")
def bell():
    return render_template("automations/_bell_count.html", count=service.unread_count(g.user))


@bp.get("/notifications/menu")
def bell_menu():
    return _menu()


def _menu():
    rows = service.notifications_of(g.user, limit=20)
    return render_template("automations/_bell_menu.html", rows=[(n, runlog.when(n.created_at)) for n in rows])


@bp.post("/notifications/<int:notification_id>/open")
def open_notification(notification_id: int):
    """Marks it read and goes to what it is about: the item, else the automation's board."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != g.user.id:
        abort(404)
    service.mark_read(g.user, notification.id)
    db.session.commit()
    if notification.board_id and notification.item_id:
        return redirect(f"/boards/{notification.board_id}/items/{notification.item_id}")
    if notification.board_id:
        return redirect(url_for(".automations", board_id=notification.board_id))
    return redirect(url_for("boards_pages.home"))


@bp.post("/notifications/read")
def read_all():
    service.mark_read(g.user)
    db.session.commit()
    if not _htmx():
        return redirect(request.referrer or url_for("boards_pages.home"))
    return _menu(), 200, {"HX-Trigger": NOTIFICATIONS_READ}
