"""A calendar date, with a time of day when the column asks for one."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from fields import operators as ops
from fields.base import ColumnType, register
from fields.dates import ORDERS, check_stored, parse_date, to_stored
from fields.filtering import date_filter


@register
class DateType(ColumnType):
    name = "date"
    title = _l("Date")
    settings_schema = {
        "type": "object",
        "properties": {
            "include_time": {"type": "boolean"},
            # How typed 03/04/2024 is read: March 4th (MDY) or 3 April (DMY).
            "date_order": {"enum": list(ORDERS)},
        },
        "additionalProperties": False,
    }
    default_settings = {"include_time": False}
    value_schema = {"type": "string"}
    operators = ops.DATE_LIKE
    rollups = ("min", "max")
    indexed = True

    def filter_clause(self, operator, value, expr):
        return date_filter(operator, value, expr.text(), expr.present(), expr.today())

    def sort_expression(self, expr):
        return expr.text()

    def check(self, value, context):
        value = value.strip()
        return check_stored(value, bool(self.settings.get("include_time"))) if value else None

    def parse(self, text, context):
        day, moment = parse_date(text, self.settings.get("date_order", "MDY"), context.today())
        return to_stored(day, moment if self.settings.get("include_time") else None)
