"""Move the item to a group."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from automations.registry import Action, actions
from boards import items
from boards.models import Group
from workspace.extensions import db


@actions.register
class MoveToGroup(Action):
    name = "move_to_group"
    title = _l("Move the item to a group")
    phrase = _l("move the item to {group_id}")
    config_schema = {"type": "object", "properties": {"group_id": {"type": "integer"}}, "required": ["group_id"],
                     "additionalProperties": False}

    def check(self, board):
        board.group(self.config["group_id"])

    def run(self, ctx):
        if ctx.item.parent_id is not None:
            return {"skipped": "a sub-item stays with its parent"}
        items.move_item(ctx.item, ctx.actor, group_id=self.config["group_id"])
        return {"group_id": self.config["group_id"]}

    def preview(self, ctx):
        group = db.session.get(Group, self.config["group_id"])
        return f"move to group {group.name if group else self.config['group_id']}"
