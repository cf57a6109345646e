"""When a column's value changes (a real difference: writing the same value again is no event)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from automations.registry import Trigger, triggers


@triggers.register
class ColumnChanged(Trigger):
    name = "column_changed"
    title = _l("When a column changes")
    phrase = _l("When {column} changes")
    config_schema = {"type": "object", "properties": {"column": {"type": "string"}}, "required": ["column"],
                     "additionalProperties": False}
    kinds = ("value_changed",)
    gives_change = True

    def check(self, board):
        board.column(self.config["column"])

    def matches(self, event):
        return event.kind in self.kinds and event.column_key == self.config["column"] and event.old != event.new
