"""Single-line text."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from fields import operators as ops
from fields.base import ColumnType, InvalidValue, register
from fields.inference import Inference

MAX_LENGTH = 2000


@register
class TextType(ColumnType):
    name = "text"
    title = _l("Text")
    settings_schema = {"type": "object", "properties": {}, "additionalProperties": False}
    value_schema = {"type": "string"}
    operators = ops.TEXT_LIKE
    indexed = True
    trigram_indexed = True
    inference_rank = 100

    @classmethod
    def infer(cls, sample, context):
        return Inference()  # what every column can be: the last type asked always answers

    def check(self, value, context):
        value = value.strip()
        if "\n" in value:
            raise InvalidValue("text must be a single line (use a long text column for more)")
        if len(value) > MAX_LENGTH:
            raise InvalidValue(f"text is longer than {MAX_LENGTH} characters")
        return value or None
