"""A star rating from 0 to the column's maximum."""
from __future__ import annotations

import math
import re

from flask_babel import lazy_gettext as _l

from fields import operators as ops
from fields.base import ColumnType, InvalidValue, register
from fields.filtering import choice_filter, number_filter

_FRACTION = re.compile(r"(\d+)\s*(?:/|out of|of)\s*(\d+)", re.IGNORECASE)
_STARS = re.compile(r"[★⭐☆✩]+")


@register
class RatingType(ColumnType):
    name = "rating"
    title = _l("Rating")
    settings_schema = {
        "type": "object",
        "properties": {"max": {"type": "integer", "minimum": 1, "maximum": 10}},
        "required": ["max"],
        "additionalProperties": False,
    }
    default_settings = {"max": 5}
    value_schema = {"type": "integer"}
    groupable = True
    operators = ops.CHOICE + ops.NUMBER_LIKE
    rollups = ("sum", "avg", "min", "max")

    def filter_clause(self, operator, value, expr):
        if operator in ("any_of", "not_any_of"):
            return choice_filter(operator, value, expr, self.validate, is_list=False)
        return number_filter(operator, value, expr)

    def sort_expression(self, expr):
        return expr.number()

    def check(self, value, context):
        top = self.settings["max"]
        if not 0 <= value <= top:
            raise InvalidValue(f"rating must be between 0 and {top}")
        return int(value)

    def parse(self, text, context):
        text = text.replace("\ufe0f", "")  # the emoji variation selector that often follows ⭐
        if text.isascii() and text.isdigit():
            return int(text)
        if _STARS.fullmatch(text):
            return sum(1 for star in text if star in "★⭐")  # ☆ and ✩ are the empty stars
        match = _FRACTION.fullmatch(text)
        if match is None:
            raise InvalidValue(f"not a rating: '{text}'")
        score, scale = int(match[1]), int(match[2])
        if scale == 0 or score > scale:
            raise InvalidValue(f"not a rating: '{text}'")
        # "8/10" in a five-star column is four stars.
        return math.floor(score * self.settings["max"] / scale + 0.5)
