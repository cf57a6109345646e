"""The table view: groups of rows, with per-view hidden columns, order and widths."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from views.types.base import ViewType, register


@register
class TableView(ViewType):
    name = "table"
    title = _l("Table")
