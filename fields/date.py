"""A calendar date, with a time of day when the column asks for one."""
from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l

from fields import operators as ops
from fields.base import ColumnType, register
from fields.dates import _NUMERIC, _TIME, _YMD, ORDERS, check_stored, parse_date, to_stored
from fields.filtering import date_filter
from fields.inference import DATE_FORMATS, Inference, date_order, reads_every

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_WORDS = frozenset(_MONTHS + tuple(m[:3] for m in _MONTHS) + ("sept",))
# Words a written date may hold besides its month: weekdays, ordinals (5th), "of", am / pm.
_OTHER_WORDS = frozenset(_WEEKDAYS + tuple(d[:3] for d in _WEEKDAYS)
                         + ("tues", "thur", "thurs", "st", "nd", "rd", "th", "of", "at", "am", "pm", "a", "p", "m"))
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_WORD_TIME = re.compile(r"\d:\d\d|\d\s*[ap]\.?m\b", re.IGNORECASE)
US, EU = DATE_FORMATS[1], DATE_FORMATS[2]


def date_shape(text: str) -> tuple[str, bool] | None:
    """How a text that looks like a date bears on the day order, and whether it has a time.
    The order is "MDY" or "DMY" when only that order reads it (04/13/2024, 13/04/2024), "either"
    for 03/04/2024, "any" when the order does not matter (ISO, 25.03.2024, written months).
    None for text that does not look like a date: dateutil would read "Acme 3" or "May"."""
    text = text.strip()
    found = _TIME.search(text)
    head = text[: found.start()] if found else text
    if _YMD.fullmatch(head):
        return "any", bool(found)
    if numeric := _NUMERIC.fullmatch(head):
        first, second = int(numeric[1]), int(numeric[3])
        if numeric[2] == "." or first == second or (first > 12 and second > 12):
            return "any", bool(found)  # dotted dates are day-first (fields/dates.py)
        return ("DMY" if first > 12 else "MDY" if second > 12 else "either"), bool(found)
    if re.search(r"[^\w\s,./-]", head):
        return None
    tokens = _TOKEN.findall(head.casefold())
    words = [t for t in tokens if not t.isdigit()]
    numbers = [t for t in tokens if t.isdigit()]
    if sum(w in _MONTH_WORDS for w in words) != 1 or not all(w in _MONTH_WORDS or w in _OTHER_WORDS for w in words):
        return None
    # A day (5, 5th) or a year next to the month; "12am" brings an hour too.
    if not numbers or not all(len(n) == 4 or (len(n) <= 2 and int(n) <= 31) for n in numbers):
        return None
    return "any", bool(found or _WORD_TIME.search(head))


def date_reading(shapes: list[tuple[str, int]]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The reading (and the choices to ask about) for texts of these shapes, with how often
    each came: the day order that reads every text as written, else the one that reads most."""
    month_first = sum(n for shape, n in shapes if shape == "MDY")
    day_first = sum(n for shape, n in shapes if shape == "DMY")
    ask = {"date_format": [US, EU]}
    if month_first and day_first:
        return {"date_format": EU if day_first > month_first else US}, ask
    if day_first or month_first:
        return {"date_format": EU if day_first else US}, {}
    if any(shape == "either" for shape, _n in shapes):
        return {"date_format": US}, ask
    return {"date_format": DATE_FORMATS[0]}, {}


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
    inference_rank = 30
    readings = {"date_format": DATE_FORMATS}

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

    def reader(self, reading, context):
        order = date_order(reading, self.settings.get("date_order", "MDY"))
        include_time = bool(self.settings.get("include_time"))
        today = context.today()

        def read(text: str) -> str | None:
            # ISO is what most files hold and is already the stored form: check it is a real day.
            if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():
                try:
                    date.fromisoformat(text)
                    return text
                except ValueError:
                    pass
            text = text.strip()
            if not text:
                return None
            day, moment = parse_date(text, order, today)
            return to_stored(day, moment if include_time else None)
        return read

    @classmethod
    def infer(cls, sample, context):
        orders, with_time = [], False
        for text, n in sample.counts.items():
            if (shape := date_shape(text)) is None:
                return None
            orders.append((shape[0], n))
            with_time = with_time or shape[1]
        if not orders:
            return None
        reading, choices = date_reading(orders)
        settings = {"include_time": with_time}
        if not reads_every(cls(settings).reader(reading, context), sample.counts):
            return None
        return Inference(settings, reading, choices)
