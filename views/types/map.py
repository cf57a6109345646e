"""The map view: markers from a location column, or at the centre of a country."""
from __future__ import annotations

import json

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from views.types.base import ViewType, register

MAX_MARKERS = 5000  # more would make the page slow; the map says when it shows only the first ones


@register
class MapView(ViewType):
    name = "map"
    title = _l("Map")
    template = "views/map/_body.html"
    extra_settings = {"column": {"type": "string"}}
    required_settings = ("column",)

    @classmethod
    def check(cls, settings, columns):
        cls.column_of(settings, columns, {"location", "country"}, "a map")

    @classmethod
    def page_context(cls, page):
        """Where the browser fetches the markers (with the page's filter and search) and the basemap."""
        key = page.view.settings.get("column")
        column = next((c for c in page.all_columns if c.key == key), None)
        markers_url = url_for("map_ui.markers", board_id=page.board.id, view=page.view.id, q=page.q or None,
                              filter=json.dumps(page.filter) if page.filter else None)
        return {"column": column, "markers_url": markers_url, "tile_url": current_app.config.get("MAP_TILE_URL"),
                "max_markers": MAX_MARKERS}
