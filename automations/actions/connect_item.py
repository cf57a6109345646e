"""Link the item to a given item through a connect column (kept if already linked)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from automations.pickers import Picker
from automations.registry import Action, InvalidConfig, actions
from boards import links
from boards.service import columns_of
from fields import InvalidValue


@actions.register
class ConnectItem(Action):
    name = "connect_item"
    title = _l("Connect an item")
    phrase = _l("link {item_id} in {column}")
    pickers = (Picker("column", "column", column_types=("connect_boards",)), Picker("item_id", "item", of="column"))
    config_schema = {"type": "object", "properties": {"column": {"type": "string"}, "item_id": {"type": "integer"}},
                     "required": ["column", "item_id"], "additionalProperties": False}

    def check(self, board):
        column = board.column(self.config["column"], "connect_boards")
        try:
            links.check_targets(column, board.board.workspace_id, [self.config["item_id"]])
        except InvalidValue as error:
            raise InvalidConfig(error.reason) from None

    def run(self, ctx):
        column = next(c for c in columns_of(ctx.board) if c.key == self.config["column"])
        current = links.linked_ids(column.id, [ctx.item.id]).get(ctx.item.id, [])
        if self.config["item_id"] not in current:
            links.check_targets(column, ctx.board.workspace_id, [self.config["item_id"]])
            links.set_links(ctx.item, column, [*current, self.config["item_id"]], ctx.actor)
        return {"column": column.key, "item_id": self.config["item_id"]}

    def preview(self, ctx):
        return f"link item {self.config['item_id']} in {self.config['column']}"
