"""When an item is created (once, with the values it was created with)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from automations.registry import Trigger, triggers


@triggers.register
class ItemCreated(Trigger):
    name = "item_created"
    title = _l("When an item is created")
    phrase = _l("When an item is created")
    kinds = ("item_created",)
