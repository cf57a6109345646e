"""The kanban view: lanes from a groupable column, cards showing the chosen columns."""
from __future__ import annotations

import json

from flask import url_for
from flask_babel import lazy_gettext as _l

from fields import InvalidValue
from views import lanes
from views.types.base import ViewType, groupable_types, register

PAGE_SIZE = 25  # cards per request in one lane; the next page loads as the lane scrolls


@register
class KanbanView(ViewType):
    name = "kanban"
    title = _l("Kanban")
    template = "views/kanban/_body.html"
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

    @classmethod
    def page_context(cls, page):
        """The lanes with their counts (one GROUP BY); each lane's cards load when it is seen."""
        column = lanes.lane_column(page.board, page.view)
        if column is None:  # the lane column was deleted after the view was saved
            return {"column": None, "lanes": [], "card_columns": []}
        colors = {entry["label"]: entry["color"] for entry in column.settings.get("labels") or []
                  if isinstance(entry, dict) and entry.get("color")}
        listed = column.type in lanes.LIST_TYPES
        rows = []
        for lane in lanes.lane_counts(page.board, page.view, page.spec()):
            value = lane["value"]
            rows.append({**lane, "key": json.dumps(value),
                         "color": colors.get(value) if isinstance(value, str) else None,
                         # what the column's cell template shows for this lane: a list column's
                         # lane is one element of its values
                         "cell_value": [value] if listed and value is not None else value})
        return {"column": column, "lanes": rows, "card_columns": card_columns(page), "lane_url": lane_url}


def card_columns(page) -> list:
    """The columns a card shows, in the order the view lists them (deleted ones left out)."""
    by_key = {c.key: c for c in page.all_columns}
    return [by_key[key] for key in page.view.settings.get("card_columns", []) if key in by_key]


def lane_url(page, lane_key: str, cursor: str | None = None) -> str:
    """Where a lane's cards come from, under the page's filter, sort and search."""
    return url_for("kanban_ui.lane_cards", board_id=page.board.id, view=page.view.id, lane=lane_key, cursor=cursor,
                   q=page.q or None, filter=json.dumps(page.filter) if page.filter else None,
                   sort=json.dumps(page.sort) if page.sort else None)
