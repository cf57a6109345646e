"""A timeline: a range of days from one date to another."""
from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l

from fields import operators as ops
from fields.base import ColumnType, InvalidValue, register
from fields.date import date_reading, date_shape
from fields.dates import ORDERS, check_stored, parse_date, to_stored
from fields.filtering import timeline_filter
from fields.inference import DATE_FORMATS, Inference, date_order, reads_every

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
    inference_rank = 35
    readings = {"date_format": DATE_FORMATS}

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
        start, end = self._split(text, context.today(), self.settings.get("date_order", "MDY"))
        return {"from": to_stored(start), "to": to_stored(end)}

    def reader(self, reading, context):
        order = date_order(reading, self.settings.get("date_order", "MDY"))
        today, check = context.today(), self.check

        def read(text: str) -> dict | None:
            text = text.strip()
            if not text:
                return None
            start, end = self._split(text, today, order)
            return check({"from": to_stored(start), "to": to_stored(end)}, context)
        return read

    @classmethod
    def infer(cls, sample, context):
        # Only ranges: a column of single dates is a date column.
        shapes = []
        for text, n in sample.counts.items():
            ends = _ends(text)
            if ends is None:
                return None
            shapes += [(shape[0], n) for shape in ends]
        if not shapes:
            return None
        reading, choices = date_reading(shapes)
        if not reads_every(cls().reader(reading, context), sample.counts):
            return None
        return Inference({}, reading, choices)

    def _split(self, text: str, today: date, order: str) -> tuple[date, date]:
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


def _ends(text: str) -> list[tuple[str, bool]] | None:
    """The date shapes of a range's two ends, or None when the text is not two dates."""
    parts = _SEPARATOR.split(text)
    if len(parts) == 2:
        shapes = [date_shape(part) for part in parts]
        return None if None in shapes else shapes
    for position, char in enumerate(text):
        if char in "-/":
            shapes = [date_shape(text[:position]), date_shape(text[position + 1 :])]
            if None not in shapes:
                return shapes
    return None
