"""Multi-line text (notes, descriptions)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from fields import operators as ops
from fields.base import ColumnType, InvalidValue, register

MAX_LENGTH = 100_000
MAX_SINGLE_LINE = 255  # longer texts are notes, not names: they get a long text column


@register
class LongTextType(ColumnType):
    name = "long_text"
    title = _l("Long text")
    settings_schema = {"type": "object", "properties": {}, "additionalProperties": False}
    value_schema = {"type": "string"}
    operators = ops.TEXT_LIKE
    inference_rank = 90

    @classmethod
    def infer(cls, sample, context):
        if not any("\n" in text or len(text) > MAX_SINGLE_LINE for text in sample.counts):
            return None
        return super().infer(sample, context)

    def check(self, value, context):
        # Windows line ends from pasted text or CSV would otherwise differ from what the UI sends.
        value = value.replace("\r\n", "\n").strip()
        if len(value) > MAX_LENGTH:
            raise InvalidValue(f"text is longer than {MAX_LENGTH:,} characters")
        return value or None
