"""The table view: groups of rows, with per-view hidden columns, order and widths."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from views.types.base import ViewType, register

FIRST_PAGE = 50


@register
class TableView(ViewType):
    name = "table"
    title = _l("Table")
    template = "views/table/_body.html"

    @classmethod
    def page_context(cls, page):
        """Each group with its count (one GROUP BY) and its first page of rows."""
        counts = page.group_counts()
        groups = []
        for group in page.groups:
            result = page.items(group_id=group.id, limit=FIRST_PAGE)
            groups.append({"group": group, "count": counts.get(group.id, 0), "rows": result["items"],
                           "next_cursor": result["next_cursor"]})
        return {"groups": groups}
