"""A checkbox: true or false."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from fields import operators as ops
from fields.base import ColumnType, InvalidValue, register
from fields.filtering import choice_filter

# Spreadsheets mark checkboxes in many ways, including in our users' languages (zh, th).
TRUE = {"true", "t", "yes", "y", "1", "x", "✓", "✔", "☑", "on", "checked", "是", "ใช่"}
FALSE = {"false", "f", "no", "n", "0", "off", "unchecked", "☐", "否", "不是", "ไม่", "ไม่ใช่"}


@register
class CheckboxType(ColumnType):
    name = "checkbox"
    title = _l("Checkbox")
    settings_schema = {"type": "object", "properties": {}, "additionalProperties": False}
    value_schema = {"type": "boolean"}
    groupable = True
    operators = ops.EQUALITY + ops.CHOICE_LIKE
    inference_rank = 10

    @classmethod
    def infer(cls, sample, context):
        # A column of only 0 and 1 is more often a count or a code than a tick box.
        if all(text in ("0", "1") for text in sample.counts):
            return None
        return super().infer(sample, context)

    def parse(self, text, context):
        word = text.casefold()
        if word in TRUE:
            return True
        if word in FALSE:
            return False
        raise InvalidValue(f"not a yes/no value: '{text}'")

    def filter_clause(self, operator, value, expr):
        return choice_filter(operator, value, expr, self.validate, is_list=False)

    def sort_expression(self, expr):
        return expr.text()

    def format_text(self, value):
        return "" if value is None else ("true" if value else "false")
