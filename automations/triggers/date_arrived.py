"""When an item's date arrives, or `offset_days` from it (-3: three days before).

Once per item per date value: the run's key is `date:<item>:<day>:<offset>`, so ticking again
changes nothing and a changed date fires again when it comes. Due items are found in SQL. A day
missed (no worker ran all that day) is caught up for CATCH_UP_DAYS more days — the price is that a
date set to yesterday fires at once; dates that arrived before the automation existed never fire.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, cast, exists, func, literal, select

from automations.context import Event
from automations.models import Automation, AutomationRun
from automations.pickers import Picker
from automations.registry import triggers
from automations.schedule import TimeTrigger
from boards.models import Board, Item
from boards.service import columns_of
from boards.valuesql import JsonValueSQL
from workspace.extensions import db

CATCH_UP_DAYS = 1
MAX_OFFSET_DAYS = 365
MAX_RUNS_PER_TICK = 1000  # per automation; the rest is still due at the next tick


@triggers.register
class DateArrived(TimeTrigger):
    name = "date_arrived"
    title = _l("When a date arrives")
    phrase = _l("When the date in {column} arrives ({offset_days})")
    pickers = (Picker("column", "column", column_types=("date",)),
               Picker("offset_days", "choice", label=_l("When"), choices=(
                   (0, _l("on the day")), (-1, _l("1 day before")), (-3, _l("3 days before")),
                   (-7, _l("7 days before")), (1, _l("1 day after")), (3, _l("3 days after")),
                   (7, _l("7 days after")))))
    config_schema = {"type": "object", "properties": {
        "column": {"type": "string"},
        "offset_days": {"type": "integer", "minimum": -MAX_OFFSET_DAYS, "maximum": MAX_OFFSET_DAYS}},
        "required": ["column"], "additionalProperties": False}

    @property
    def offset(self) -> int:
        return self.config.get("offset_days", 0)

    def check(self, board):
        board.column(self.config["column"], "date")

    def due(self, automation: Automation, now: datetime, day: date) -> list[Event]:
        board = db.session.get(Board, automation.board_id)
        column = next((c for c in columns_of(board) if c.key == self.config["column"] and c.type == "date"), None)
        if column is None:  # trashed or changed type since it was saved
            return []
        arriving = day - timedelta(days=self.offset)  # the date whose day (+ offset) is today
        created = automation.created_at.replace(tzinfo=UTC).astimezone().date()  # local, like today()
        since = max(arriving - timedelta(days=CATCH_UP_DAYS), created - timedelta(days=self.offset))
        if since > arriving:
            return []
        stamp = JsonValueSQL(column.key, db.session.get_bind().dialect.name, day).text()
        value_day = func.substr(stamp, 1, 10)  # a date with a time arrives on its day
        key = literal("date:") + cast(Item.id, String) + ":" + value_day + f":{self.offset}"
        ran = exists(select(AutomationRun.id).where(AutomationRun.automation_id == automation.id,
                                                    AutomationRun.event_key == key))
        # Bounds on the raw ISO text, the expression the column's index is built on.
        rows = db.session.execute(
            select(Item.id, value_day).where(
                Item.workspace_id == board.workspace_id, Item.board_id == board.id, Item.deleted_at.is_(None),
                Item.parent_id.is_(None) if column.scope == "item" else Item.parent_id.is_not(None),
                stamp >= since.isoformat(), stamp < (arriving + timedelta(days=1)).isoformat(), ~ran)
            .order_by(value_day, Item.id).limit(MAX_RUNS_PER_TICK))
        return [Event(key=f"date:{item_id}:{value}:{self.offset}", kind=self.name, board_id=board.id, item_id=item_id)
                for item_id, value in rows]
