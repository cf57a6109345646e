"""The kanban view: lanes from a groupable column, cards showing the chosen columns."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from fields import InvalidValue
from views.types.base import ViewType, groupable_types, register


@register
class KanbanView(ViewType):
    name = "kanban"
    title = _l("Kanban")
    extra_settings = {
        "column": {"type": "string"},
        "card_columns": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
    }
    required_settings = ("column",)

    @classmethod
    def check(cls, settings, columns):
        cls.column_of(settings, columns, groupable_types(), "a kanban's lanes")
        unknown = [key for key in settings.get("card_columns", []) if key not in columns]
        if unknown:
            raise InvalidValue(f"card_columns names columns that are not on the board: {', '.join(unknown)}")
