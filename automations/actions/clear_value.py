"""Clear a column."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from automations.actions.values import writable_column
from automations.pickers import Picker
from automations.registry import Action, actions
from boards import items


@actions.register
class ClearValue(Action):
    name = "clear_value"
    title = _l("Clear a column")
    phrase = _l("clear {column}")
    pickers = (Picker("column", "column", writable=True),)
    config_schema = {"type": "object", "properties": {"column": {"type": "string"}}, "required": ["column"],
                     "additionalProperties": False}

    def check(self, board):
        writable_column(board, self.config["column"])

    def run(self, ctx):
        items.update_item(ctx.item, ctx.actor, values={self.config["column"]: None})
        return {"column": self.config["column"], "value": None}

    def preview(self, ctx):
        return f"clear {self.config['column']}"
