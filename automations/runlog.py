"""The run log in words: each run's status, attempts, duration, error and what it changed, for an
automation's log page and an item's panel."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from automations.choices import BoardChoices
from automations.models import Automation, AutomationRun
from automations.registry import actions
from boards.models import Item
from workspace.extensions import db

STATUS_TITLES = {"queued": _l("Queued"), "running": _l("Running"), "succeeded": _l("Succeeded"),
                 "failed": _l("Failed"), "skipped": _l("Skipped")}


def when(moment: datetime | None) -> dict | None:
    """A naive-UTC moment for display in the user's time zone (flask_babel converts it)."""
    if moment is None:
        return None
    return {"iso": moment.isoformat(timespec="seconds") + "Z", "short": format_datetime(moment, "short"),
            "full": format_datetime(moment, "full")}


@dataclass
class RunRow:
    run: AutomationRun
    status: str
    when: dict | None
    duration_ms: float | None
    changes: list[str]
    item_name: str | None = None
    automation_name: str | None = None


def rows(runs: list[AutomationRun], choices: BoardChoices | None = None) -> list[RunRow]:
    """The runs in words; `choices` (the board's) names columns and groups in the changes."""
    item_ids = {run.item_id for run in runs if run.item_id}
    names = dict(db.session.execute(select(Item.id, Item.name).where(Item.id.in_(item_ids))).all()) if item_ids else {}
    automation_ids = {run.automation_id for run in runs}
    automations = dict(db.session.execute(select(Automation.id, Automation.name).where(
        Automation.id.in_(automation_ids))).all()) if automation_ids else {}
    shown = []
    for run in runs:
        duration = None
        if run.started_at and run.finished_at:
            duration = round((run.finished_at - run.started_at).total_seconds() * 1000, 1)
        shown.append(RunRow(run, str(STATUS_TITLES.get(run.status, run.status)), when(run.started_at or run.created_at),
                            duration, [change_text(change, choices) for change in run.changes or []],
                            names.get(run.item_id), automations.get(run.automation_id)))
    return shown


def change_text(change: dict[str, Any], choices: BoardChoices | None) -> str:
    """ "Move the item to a group: group Done" — the action's title, then what it recorded."""
    type_name = change.get("action", "")
    title = str(actions.get(type_name).title) if type_name in actions else type_name
    details = [f"{_key_title(key, choices)}: {_value_text(key, value, choices)}"
               for key, value in change.items() if key != "action"]
    return f"{title}: {', '.join(details)}" if details else title


def _key_title(key: str, choices: BoardChoices | None) -> str:
    return {"column": str(_l("column")), "group_id": str(_l("group")), "value": str(_l("value"))}.get(
        key, key.replace("_", " "))


def _value_text(key: str, value: Any, choices: BoardChoices | None) -> str:
    if choices is not None and key == "column":
        column = choices.column(value)
        return column.title if column is not None else str(value)
    if choices is not None and key == "group_id":
        return next((g.name for g in choices.groups if g.id == value), str(value))
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)
