"""Mirror: a column of the items linked through a connect column, as their list of values or an
aggregate (sum, avg, min, max, count, count_distinct, latest), optionally over only the linked
items that match a filter. Read-only; computed in SQL at read time by boards/mirrors.py, which
also decides which operators apply (those of the target column's type, or of numbers for
number aggregates)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from fields import operators as ops
from fields.base import ColumnType, InvalidValue, register

AGGREGATES = ("none", "sum", "avg", "min", "max", "count", "count_distinct", "latest")


@register
class MirrorType(ColumnType):
    name = "mirror"
    title = _l("Mirror")
    read_only = True
    settings_schema = {
        "type": "object",
        "properties": {
            "link_column": {"type": "string", "minLength": 1},
            "target_column": {"type": "string", "minLength": 1},
            "aggregate": {"enum": list(AGGREGATES)},
            "filter": {"type": ["object", "null"]},
            # For "latest": a date column of the linked board, or created_at / updated_at.
            "latest_by": {"type": "string", "minLength": 1},
        },
        "required": ["link_column", "target_column"],
        "additionalProperties": False,
    }
    default_settings = {"aggregate": "none"}
    # What it accepts depends on its target; boards/mirrors.py checks the operator.
    operators = ops.ALL
    operators_note = ("those of the target column's type; those of number for sum, avg, count, "
                      "count_distinct, and min / max of numbers. A list (aggregate none) matches when any "
                      "linked value does; its negative operators when none does")

    def parse(self, text, context):
        raise InvalidValue("this column is read-only")

    def value_sql(self, column, sources):
        return sources.mirror(column)

    def filters_as(self, column, sources):
        return sources.mirror(column).filters_as()

    def read_values(self, column, item_ids, sources):
        return sources.mirror_values(column, item_ids)

    def compile_filter(self, operator, value, expr):
        return expr.filter(operator, value)

    def sort_expression(self, expr):
        return expr.sort_expression()

    def format_text(self, value):
        if value is None:
            return ""
        if isinstance(value, list):
            return ", ".join(_text(v) for v in value)
        return _text(value)


def _text(value) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return str(value.get("address") or value.get("url") or value.get("from") or value)
    return str(value)
