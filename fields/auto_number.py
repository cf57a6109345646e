"""The item's number on its board (1, 2, 3, ...), given when it is created."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from fields import operators as ops
from fields.base import register
from fields.filtering import number_filter_on
from fields.readonly import ReadOnlyType


@register
class AutoNumberType(ReadOnlyType):
    name = "auto_number"
    title = _l("Auto number")
    value_schema = {"type": "integer", "minimum": 1}
    operators = ops.NUMBER_LIKE

    def computed_value(self, item):
        return item.number

    def filter_clause(self, operator, value, expr):
        return number_filter_on(operator, value, expr.item_column("number"))

    def sort_expression(self, expr):
        return expr.item_column("number")
