"""A button in each row: it holds no value; pressing it is an event ("button_clicked") that
automations can start from (e.g. "when Approve is pressed, move the item to Approved")."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from fields.base import register
from fields.readonly import ReadOnlyType


@register
class ButtonType(ReadOnlyType):
    name = "button"
    title = _l("Button")
    settings_schema = {
        "type": "object",
        "properties": {"label": {"type": "string", "minLength": 1, "maxLength": 40}},
        "additionalProperties": False,
    }
    value_schema = {"type": "null"}
    operators = ()  # nothing to filter: a button has no value
    pressable = True
