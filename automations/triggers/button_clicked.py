"""When someone presses a button column in a row."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from automations.pickers import Picker
from automations.registry import Trigger, triggers


@triggers.register
class ButtonClicked(Trigger):
    name = "button_clicked"
    title = _l("When a button is pressed")
    phrase = _l("When {column} is pressed")
    pickers = (Picker("column", "column", column_types=("button",)),)
    config_schema = {"type": "object", "properties": {"column": {"type": "string"}}, "required": ["column"],
                     "additionalProperties": False}
    kinds = ("button_clicked",)

    def check(self, board):
        board.column(self.config["column"], "button")

    def matches(self, event):
        return event.kind in self.kinds and event.column_key == self.config["column"]
