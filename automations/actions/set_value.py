"""Set a column to a value (tokens allowed: "Follow up {item.name}", "{today}")."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from automations.actions.values import check_value, resolve_value, writable_column
from automations.pickers import Picker
from automations.registry import Action, actions
from boards import items
from boards.service import columns_of


@actions.register
class SetValue(Action):
    name = "set_value"
    title = _l("Set a column")
    phrase = _l("set {column} to {value}")
    pickers = (Picker("column", "column", writable=True), Picker("value", "value", of="column", tokens=True))
    config_schema = {"type": "object", "properties": {"column": {"type": "string"}, "value": {}},
                     "required": ["column", "value"], "additionalProperties": False}
    token_fields = ("value",)

    def check(self, board):
        check_value(board, writable_column(board, self.config["column"]), self.config["value"])

    def _column(self, ctx):
        return next(c for c in columns_of(ctx.board) if c.key == self.config["column"])

    def run(self, ctx):
        value = resolve_value(ctx, self._column(ctx), self.config["value"])
        items.update_item(ctx.item, ctx.actor, values={self.config["column"]: value})
        return {"column": self.config["column"], "value": value}

    def preview(self, ctx):
        value = resolve_value(ctx, self._column(ctx), self.config["value"])
        return f"set {self._column(ctx).title} to {value!r}"
