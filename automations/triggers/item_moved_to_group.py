"""When an item moves into a given group."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from automations.registry import Trigger, triggers


@triggers.register
class ItemMovedToGroup(Trigger):
    name = "item_moved_to_group"
    title = _l("When an item moves to a group")
    phrase = _l("When an item moves to {group_id}")
    config_schema = {"type": "object", "properties": {"group_id": {"type": "integer"}}, "required": ["group_id"],
                     "additionalProperties": False}
    kinds = ("item_moved",)

    def check(self, board):
        board.group(self.config["group_id"])

    def matches(self, event):
        old, new = event.old or {}, event.new or {}
        return (event.kind in self.kinds and new.get("group_id") == self.config["group_id"]
                and old.get("group_id") != new.get("group_id"))
