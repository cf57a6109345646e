"""Move the item to the trash (restorable, like any trashed item)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from automations.registry import Action, actions
from boards import items


@actions.register
class ArchiveItem(Action):
    name = "archive_item"
    title = _l("Archive the item")
    phrase = _l("archive the item")

    def run(self, ctx):
        items.delete_item(ctx.item, ctx.actor)
        return {"archived": ctx.item.id}

    def preview(self, ctx):
        return "archive the item"
