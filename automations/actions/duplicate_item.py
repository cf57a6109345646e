"""Duplicate the item (name and stored values) in its group."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from automations.registry import Action, actions
from boards import items


@actions.register
class DuplicateItem(Action):
    name = "duplicate_item"
    title = _l("Duplicate the item")
    phrase = _l("duplicate the item")

    def run(self, ctx):
        copy = items.create_item(ctx.board, ctx.actor, name=_("%(name)s (copy)", name=ctx.item.name)[:500],
                                 group_id=ctx.item.group_id if ctx.item.parent_id is None else None,
                                 parent_id=ctx.item.parent_id, values=dict(ctx.item.values or {}))
        return {"created_item_id": copy.id}

    def preview(self, ctx):
        return f"duplicate {ctx.item.name!r}"
