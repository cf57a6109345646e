"""Who created the item, and when."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from fields.base import register
from fields.readonly import LogType


@register
class CreationLogType(LogType):
    name = "creation_log"
    title = _l("Creation log")
    user_attribute = "created_by_id"
    time_attribute = "created_at"
