"""Multi-line text (notes, descriptions)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from fields import operators as ops
from fields.base import ColumnType, InvalidValue, register

MAX_LENGTH = 100_000


@register
class LongTextType(ColumnType):
    name = "long_text"
    title = _l("Long text")
    settings_schema = {"type": "object", "properties": {}, "additionalProperties": False}
    value_schema = {"type": "string"}
    operators = ops.TEXT_LIKE

    def check(self, value, context):
        # Windows line ends from pasted text or CSV would otherwise differ from what the UI sends.
        value = value.replace("\r\n", "\n").strip()
        if len(value) > MAX_LENGTH:
            raise InvalidValue(f"text is longer than {MAX_LENGTH:,} characters")
        return value or None
