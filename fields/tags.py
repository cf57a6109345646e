"""Free tags: a list of short strings, no fixed list of labels."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from fields import operators as ops
from fields.base import ColumnType, InvalidValue, register
from fields.filtering import ListChoiceFilters
from fields.labels import SEPARATORS, dedupe, split_list

MAX_LENGTH = 100


@register
class TagsType(ListChoiceFilters, ColumnType):
    name = "tags"
    title = _l("Tags")
    settings_schema = {"type": "object", "properties": {}, "additionalProperties": False}
    value_schema = {"type": "array", "items": {"type": "string"}, "maxItems": 100}
    groupable = True
    operators = ops.CHOICE_LIKE

    def check(self, value, context):
        tags = [tag.strip() for tag in value if tag.strip()]
        for tag in tags:
            if len(tag) > MAX_LENGTH:
                raise InvalidValue(f"tag '{tag[:20]}…' is longer than {MAX_LENGTH} characters")
            # The text form separates tags with these, so a tag holding one would not survive export.
            if any(sep in tag for sep in SEPARATORS):
                raise InvalidValue(f"tag '{tag}' cannot contain ',' or ';'")
        return dedupe(tags) or None

    def parse(self, text, context):
        return split_list(text)

    def format_text(self, value):
        return "" if value is None else ", ".join(value)
