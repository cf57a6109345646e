"""Add to a number column (by may be negative); an empty number counts as 0."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from automations.pickers import Picker
from automations.registry import Action, actions
from boards import items


@actions.register
class IncreaseNumber(Action):
    name = "increase_number"
    title = _l("Increase a number")
    phrase = _l("increase {column} by {by}")
    pickers = (Picker("column", "column", column_types=("number",)), Picker("by", "number"))
    config_schema = {"type": "object", "properties": {"column": {"type": "string"}, "by": {"type": "number"}},
                     "required": ["column", "by"], "additionalProperties": False}

    def check(self, board):
        board.column(self.config["column"], "number")

    def run(self, ctx):
        item = items.lock_item(ctx.item)  # read-modify-write under the row lock
        value = (item.values or {}).get(self.config["column"]) or 0
        new = value + self.config["by"]
        items.update_item(item, ctx.actor, values={self.config["column"]: new})
        return {"column": self.config["column"], "old": value, "value": new}

    def preview(self, ctx):
        return f"add {self.config['by']} to {self.config['column']}"
