"""The map view: markers from a location column, or at the centre of a country."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from views.types.base import ViewType, register


@register
class MapView(ViewType):
    name = "map"
    title = _l("Map")
    extra_settings = {"column": {"type": "string"}}
    required_settings = ("column",)

    @classmethod
    def check(cls, settings, columns):
        cls.column_of(settings, columns, {"location", "country"}, "a map")
