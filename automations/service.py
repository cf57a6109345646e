"""Automations: create, change, delete, list, checked against the board on save; runs and
notifications for the API and pages; "test on an item" without doing anything."""
from __future__ import annotations

import uuid
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from automations.context import BoardFacts, Event, RunContext
from automations.models import Automation, AutomationRun, Notification
from automations.registry import InvalidConfig, actions, triggers
from automations.tokens import check_tokens
from boards.filtertree import BadQuery
from boards.items import get_item
from boards.models import Board
from boards.service import get_board
from fields import InvalidValue
from workspace.access import require_role
from workspace.clock import today
from workspace.errors import Invalid, NotFound
from workspace.extensions import db
from workspace.models import Role, User
from workspace.registry import UnknownType
from workspace.timeutil import isoformat_utc, utcnow

MAX_ACTIONS = 10


# -- checking a definition against the board ----------------------------------------------------
def clean(board: Board, *, trigger: Any, conditions: Any, actions_spec: Any) -> dict:
    """The definition, or a 422 whose details name the part (trigger, conditions, actions.N)."""
    facts = BoardFacts(board)
    errors: dict[str, str] = {}
    trigger_obj = None
    if not isinstance(trigger, dict) or not isinstance(trigger.get("type"), str):
        errors["trigger"] = 'must be {"type": ..., "config": {...}}'
    else:
        try:
            trigger_obj = triggers.get(trigger["type"])(trigger.get("config") or {})
            trigger_obj.clean()
            trigger_obj.check(facts)
        except UnknownType:
            errors["trigger"] = f"unknown trigger {trigger['type']!r}; one of: {', '.join(triggers.names())}"
        except (InvalidConfig, InvalidValue) as error:
            errors["trigger"] = error.reason
    if conditions not in (None, {}):
        from views.service import ItemQuery, build

        try:
            build(board, ItemQuery(filter=conditions))
        except BadQuery as error:
            errors["conditions"] = error.message
    if not isinstance(actions_spec, list) or not actions_spec:
        errors["actions"] = "must be a non-empty list of actions"
        actions_spec = []
    elif len(actions_spec) > MAX_ACTIONS:
        errors["actions"] = f"at most {MAX_ACTIONS} actions"
    for n, spec in enumerate(actions_spec):
        where = f"actions.{n}"
        if not isinstance(spec, dict) or not isinstance(spec.get("type"), str):
            errors[where] = 'must be {"type": ..., "config": {...}}'
            continue
        try:
            action = actions.get(spec["type"])(spec.get("config") or {})
            action.clean()
            action.check(facts)
            if trigger_obj is not None and not trigger_obj.gives_item and action.needs_item:
                raise InvalidConfig(_("%(action)s needs an item, and the trigger %(trigger)s runs without one",
                                      action=spec["type"], trigger=trigger["type"]))
            gives_change = bool(trigger_obj and trigger_obj.gives_change)
            for name in action.token_fields:
                for text in _texts(action.config.get(name)):
                    check_tokens(text, facts, gives_change=gives_change)
            for text in _texts(action.config.get("values")):
                check_tokens(text, facts, gives_change=gives_change)
        except UnknownType:
            errors[where] = f"unknown action {spec['type']!r}; one of: {', '.join(actions.names())}"
        except (InvalidConfig, InvalidValue) as error:
            errors[where] = error.reason
    if errors:
        raise Invalid(errors)
    return {"trigger": {"type": trigger["type"], "config": trigger_obj.config},
            "conditions": conditions or None,
            "actions": [{"type": s["type"], "config": s.get("config") or {}} for s in actions_spec]}


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for v in value.values() for text in _texts(v)]
    if isinstance(value, list):
        return [text for v in value for text in _texts(v)]
    return []


def _name(name: Any) -> str:
    if not isinstance(name, str) or not name.strip():
        raise Invalid({"name": "must not be empty"})
    return name.strip()[:200]


# -- CRUD ----------------------------------------------------------------------------------------
def automations_of(board: Board) -> list[Automation]:
    return list(db.session.scalars(select(Automation).where(
        Automation.workspace_id == board.workspace_id, Automation.board_id == board.id,
        Automation.deleted_at.is_(None)).order_by(Automation.id)))


def get_automation(automation_id: int, needed: Role = Role.viewer) -> Automation:
    automation = db.session.get(Automation, automation_id)
    if automation is None or automation.deleted_at is not None:
        raise NotFound("automation")
    require_role(automation.workspace_id, needed, "automation")
    get_board(automation.board_id, needed)
    return automation


def create_automation(board: Board, user: User, *, name: str, trigger: Any, conditions: Any = None,
                      actions: Any = None, enabled: bool = True) -> Automation:
    definition = clean(board, trigger=trigger, conditions=conditions, actions_spec=actions)
    automation = Automation(workspace_id=board.workspace_id, board_id=board.id, name=_name(name), enabled=enabled,
                            owner_id=user.id, failures_in_a_row=0, **definition)
    db.session.add(automation)
    db.session.flush()
    return automation


def update_automation(automation: Automation, user: User, **changes: Any) -> Automation:
    board = db.session.get(Board, automation.board_id)
    if "name" in changes and changes["name"] is not None:
        automation.name = _name(changes["name"])
    if any(changes.get(key) is not None for key in ("trigger", "actions")) or "conditions" in changes:
        definition = clean(board, trigger=changes.get("trigger") or automation.trigger,
                           conditions=changes.get("conditions", automation.conditions),
                           actions_spec=changes.get("actions") or automation.actions)
        for key, value in definition.items():
            setattr(automation, key, value)
    if changes.get("enabled") is not None:
        automation.enabled = bool(changes["enabled"])
        if automation.enabled:  # switched back on: a fresh start
            automation.failures_in_a_row = 0
            automation.paused_reason = None
    automation.updated_at = utcnow()
    return automation


def delete_automation(automation: Automation) -> None:
    automation.deleted_at = utcnow()
    automation.enabled = False


# -- test on an item: what it would do, doing nothing --------------------------------------------
def test_on_item(automation: Automation, item_id: int) -> dict:
    from automations.engine import conditions_hold

    item = get_item(item_id)
    if item.board_id != automation.board_id:
        raise Invalid({"item_id": "no such item on this automation's board"})
    board = db.session.get(Board, automation.board_id)
    actor = db.session.get(User, automation.owner_id) if automation.owner_id else None
    event = Event(key=f"test:{uuid.uuid4().hex}", kind="test", board_id=board.id, item_id=item.id)
    ctx = RunContext(automation.id, board, item, actor, event, today())
    steps = []
    for spec in automation.actions:
        action = actions.get(spec["type"])(spec.get("config"))
        try:
            steps.append({"action": spec["type"], "would": action.preview(ctx)})
        except (InvalidValue, InvalidConfig) as error:
            steps.append({"action": spec["type"], "error": error.reason})
    return {"item_id": item.id, "conditions_met": conditions_hold(automation, board, item), "actions": steps}


# -- reading ---------------------------------------------------------------------------------------
def serialize(automation: Automation) -> dict:
    last = db.session.scalar(select(AutomationRun).where(AutomationRun.automation_id == automation.id)
                             .order_by(AutomationRun.id.desc()).limit(1))
    return {"id": automation.id, "board_id": automation.board_id, "name": automation.name,
            "enabled": automation.enabled, "trigger": automation.trigger, "conditions": automation.conditions,
            "actions": automation.actions, "owner_id": automation.owner_id,
            "paused_reason": automation.paused_reason,
            "last_run": serialize_run(last) if last else None,
            "created_at": isoformat_utc(automation.created_at), "updated_at": isoformat_utc(automation.updated_at)}


def runs_of(automation: Automation | None = None, *, item_id: int | None = None, limit: int = 100) -> list:
    query = select(AutomationRun)
    if automation is not None:
        query = query.where(AutomationRun.automation_id == automation.id)
    if item_id is not None:
        query = query.where(AutomationRun.item_id == item_id)
    return list(db.session.scalars(query.order_by(AutomationRun.id.desc()).limit(limit)))


def serialize_run(run: AutomationRun) -> dict:
    duration = None
    if run.started_at and run.finished_at:
        duration = round((run.finished_at - run.started_at).total_seconds() * 1000, 1)
    return {"id": run.id, "automation_id": run.automation_id, "item_id": run.item_id, "status": run.status,
            "attempts": run.attempts, "error": run.error, "changes": run.changes, "depth": run.depth,
            "event": run.event_key, "started_at": isoformat_utc(run.started_at),
            "finished_at": isoformat_utc(run.finished_at), "duration_ms": duration}


# -- notifications -------------------------------------------------------------------------------
def notifications_of(user: User, *, unread_only: bool = False, limit: int = 50) -> list[Notification]:
    query = select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return list(db.session.scalars(query.order_by(Notification.id.desc()).limit(limit)))


def unread_count(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def mark_read(user: User, notification_id: int | None = None) -> int:
    """Marks one (or, with None, every) notification of the user read; returns how many."""
    query = select(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if notification_id is not None:
        found = db.session.get(Notification, notification_id)
        if found is None or found.user_id != user.id:
            raise NotFound("notification")
        query = query.where(Notification.id == notification_id)
    rows = list(db.session.scalars(query))
    for row in rows:
        row.read_at = utcnow()
    return len(rows)


def serialize_notification(row: Notification) -> dict:
    return {"id": row.id, "message": row.message, "board_id": row.board_id, "item_id": row.item_id,
            "automation_id": row.automation_id, "created_at": isoformat_utc(row.created_at),
            "read": row.read_at is not None}
