"""Create a sub-item under the item ("Follow up with {item.name}")."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from automations.registry import Action, actions
from automations.tokens import render
from boards import items


@actions.register
class CreateSubitem(Action):
    name = "create_subitem"
    title = _l("Create a sub-item")
    phrase = _l("create a sub-item named {name}")
    config_schema = {"type": "object", "properties": {"name": {"type": "string", "minLength": 1}},
                     "required": ["name"], "additionalProperties": False}
    token_fields = ("name",)

    def run(self, ctx):
        if ctx.item.parent_id is not None:
            return {"skipped": "sub-items cannot have sub-items"}
        sub = items.create_item(ctx.board, ctx.actor, name=render(self.config["name"], ctx)[:500],
                                parent_id=ctx.item.id)
        return {"subitem_id": sub.id, "name": sub.name}

    def preview(self, ctx):
        return f"create the sub-item {render(self.config['name'], ctx)!r}"

