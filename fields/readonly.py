"""Bases of the read-only types, whose value the item itself provides."""
from __future__ import annotations

from typing import Any

from sqlalchemy import true

from fields import operators as ops
from fields.base import ColumnType, InvalidValue
from fields.filtering import date_filter
from workspace.timeutil import isoformat_utc


class ReadOnlyType(ColumnType):
    """A computed column: writes (and typed text, e.g. from an import) are refused."""

    read_only = True
    settings_schema = {"type": "object", "properties": {}, "additionalProperties": False}

    def parse(self, text, context):
        raise InvalidValue("this column is read-only")


class LogType(ReadOnlyType):
    """Who changed an item and when: `{"user_id": 1, "at": "2024-03-05T14:30:00.000000Z"}`."""

    user_attribute: str
    time_attribute: str
    value_schema = {
        "type": "object",
        "properties": {"user_id": {"type": ["integer", "null"]}, "at": {"type": "string"}},
        "required": ["user_id", "at"],
        "additionalProperties": False,
    }
    operators = ops.DATE_LIKE

    def computed_value(self, item: Any) -> dict | None:
        at = isoformat_utc(getattr(item, self.time_attribute))
        return None if at is None else {"user_id": getattr(item, self.user_attribute), "at": at}

    def format_text(self, value):
        return "" if value is None else value["at"]

    def filter_clause(self, operator, value, expr):
        return date_filter(operator, value, expr.item_day(self.time_attribute), true(), expr.today())

    def sort_expression(self, expr):
        return expr.item_column(self.time_attribute)
