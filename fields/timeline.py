"""A timeline: a range of days from one date to another."""
from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l

from fields import operators as ops
from fields.base import ColumnType, InvalidValue, register
from fields.dates import ORDERS, check_stored, parse_date, to_stored
from fields.filtering import timeline_filter

# Words and dashes that plainly separate two dates; a bare '-' or '/' is tried separately since
# dates are written with them too.
_SEPARATOR = re.compile(r"\s+(?:-|to|until|till)\s+|\s*(?:–|—|→|--|\.\.)\s*", re.IGNORECASE)


@register
class TimelineType(ColumnType):
    name = "timeline"
    title = _l("Timeline")
    settings_schema = {
        "type": "object",
        "properties": {"date_order": {"enum": list(ORDERS)}},
        "additionalProperties": False,
    }
    value_schema = {
        "type": "object",
        "properties": {"from": {"type": "string"}, "to": {"type": "string"}},
        "required": ["from", "to"],
        "additionalProperties": False,
    }
    operators = ops.DATE_LIKE

    def filter_clause(self, operator, value, expr):
        return timeline_filter(operator, value, expr)

    def sort_expression(self, expr):
        return expr.text("from")

    def check(self, value, context):
        start, end = check_stored(value["from"], False), check_stored(value["to"], False)
        if start > end:
            raise InvalidValue(f"the timeline ends ({end}) before it starts ({start})")
        return {"from": start, "to": end}

    def parse(self, text, context):
        start, end = self._split(text, context.today())
        return {"from": to_stored(start), "to": to_stored(end)}

    def _split(self, text: str, today: date) -> tuple[date, date]:
        order = self.settings.get("date_order", "MDY")
        parts = _SEPARATOR.split(text)
        if len(parts) == 2:
            return parse_date(parts[0], order, today)[0], parse_date(parts[1], order, today)[0]
        # "2024-01-01/2024-02-01" (ISO 8601) or "1/1/2024-2/1/2024": the one split where both
        # sides are whole dates.
        for position, char in enumerate(text):
            if char in "-/":
                try:
                    start = parse_date(text[:position], order, strict=True)[0]
                    end = parse_date(text[position + 1 :], order, strict=True)[0]
                except InvalidValue:
                    continue
                return start, end
        single = parse_date(text, order, today)[0]
        return single, single

    def format_text(self, value):
        return "" if value is None else f"{value['from']} - {value['to']}"
