"""Who last changed the item, and when."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from fields.base import register
from fields.readonly import LogType


@register
class LastUpdatedType(LogType):
    name = "last_updated"
    title = _l("Last updated")
    user_attribute = "updated_by_id"
    time_attribute = "updated_at"
