"""When a sub-item is created; the run's item is the sub-item."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from automations.registry import Trigger, triggers


@triggers.register
class SubitemCreated(Trigger):
    name = "subitem_created"
    title = _l("When a sub-item is created")
    phrase = _l("When a sub-item is created")
    kinds = ("subitem_created",)
