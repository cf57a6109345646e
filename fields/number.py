"""Numbers, read from the many ways spreadsheets write them ("€1.234,50", "(1,234)", "12%")."""
from __future__ import annotations

import math
import re
import unicodedata

from flask_babel import lazy_gettext as _l

from fields import operators as ops
from fields.base import ColumnType, InvalidValue, register
from fields.filtering import number_filter

# Beyond this a float no longer holds every integer, and sorting by the JSON number would lie.
MAX_ABS = 10**15

_PLAIN = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_PARTS = re.compile(r"(?P<pre>[^\d.,]*?)(?P<num>[.,]?\d(?:[\d.,]*\d)?)(?P<post>\D*)")
# Unicode minus and dashes become '-'; the spaces and apostrophes people group digits with go.
_SIGNS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-"})
_GROUPING = re.compile(r"[\s\u00a0\u202f\u2009'’]")


def _is_affix(text: str, unit: str) -> bool:
    """A currency code or symbol, a short unit, or the column's unit, around the number."""
    if not text or text.casefold() == unit.casefold():
        return True
    return len(text) <= 4 and all(c.isalpha() or unicodedata.category(c) == "Sc" for c in text)


def _groups_ok(groups: list[str]) -> bool:
    """Thousands (1,234,567) or the Indian lakh grouping (12,34,567)."""
    inner = {len(g) for g in groups[1:-1]}
    return 1 <= len(groups[0]) <= 3 and len(groups[-1]) == 3 and inner in (set(), {3}, {2})


def _to_number(num: str, text: str) -> int | float:
    """Digits with '.' and ',' in some locale's roles -> a number."""
    last = max(num.rfind("."), num.rfind(","))
    if "." in num and "," in num:
        decimal = num[last]
    elif num.count(",") == 1 and (len(num) - last - 1 != 3 or num.startswith("0,")):
        decimal = ","  # "1,5" and "1,2345" use a decimal comma; "1,234" is read as thousands.
    elif num.count(".") == 1:
        decimal = "."
    else:
        decimal = ""
    whole, _, fraction = num.rpartition(decimal) if decimal else (num, "", "")
    if decimal and decimal in whole:
        raise InvalidValue(f"not a number: '{text}'")
    groups = re.split(r"[.,]", whole) if whole else ["0"]
    if len(groups) > 1 and not _groups_ok(groups):
        raise InvalidValue(f"not a number: '{text}'")
    digits = "".join(groups)
    return float(f"{digits}.{fraction}") if decimal else int(digits)


@register
class NumberType(ColumnType):
    name = "number"
    title = _l("Number")
    settings_schema = {
        "type": "object",
        "properties": {
            "unit": {"type": "string", "maxLength": 20},
            "decimals": {"type": "integer", "minimum": 0, "maximum": 10},
        },
        "additionalProperties": False,
    }
    value_schema = {"type": "number"}
    operators = ops.NUMBER_LIKE
    rollups = ("sum", "avg", "min", "max")
    indexed = True

    def check(self, value, context):
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidValue("not a finite number")
        if abs(value) > MAX_ABS:
            raise InvalidValue(f"number is out of range (at most {MAX_ABS:.0e} either way)")
        return value

    def parse(self, text, context):
        compact = _GROUPING.sub("", text.translate(_SIGNS))
        if _PLAIN.fullmatch(compact):
            return float(compact) if re.search(r"[.eE]", compact) else int(compact)
        parenthesised = compact.startswith("(") and compact.endswith(")")  # accounting: (1,234) < 0
        match = _PARTS.fullmatch(compact[1:-1] if parenthesised else compact)
        if match is None:
            raise InvalidValue(f"not a number: '{text}'")
        pre, post = match["pre"], match["post"].removesuffix("%")  # "12%" is kept as 12
        signs = (pre + post).count("-") + (pre + post).count("+")
        unit = (self.settings.get("unit") or "").replace(" ", "")
        if signs > 1 or not (_is_affix(pre.strip("+-"), unit) and _is_affix(post.strip("-"), unit)):
            raise InvalidValue(f"not a number: '{text}'")
        number = _to_number(match["num"], text)
        return -number if parenthesised or "-" in pre + post else number

    def filter_clause(self, operator, value, expr):
        return number_filter(operator, value, expr)

    def sort_expression(self, expr):
        return expr.number()

    def format_text(self, value):
        return "" if value is None else repr(value)
