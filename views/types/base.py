"""The view-type registry: table, kanban, map, ... each one module with its settings schema."""
from __future__ import annotations

from typing import Any, ClassVar

from fields import InvalidValue, column_types
from fields.base import check_schema
from workspace.registry import Registry

COMMON_SETTINGS = {
    "hidden_columns": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
    "column_order": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
    "column_widths": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 40,
                                                                  "maximum": 2000}},
}


class ViewType:
    """A way of showing a board's items. Subclasses add their own settings and checks."""

    name: ClassVar[str]
    title: ClassVar[str]
    extra_settings: ClassVar[dict] = {}
    required_settings: ClassVar[tuple[str, ...]] = ()
    # The partial that draws the board page's body for this type, and its context.
    template: ClassVar[str] = "views/table/_body.html"

    @classmethod
    def page_context(cls, page: Any) -> dict:
        """What the body template needs, from a views.pages.BoardPage (board, view, query)."""
        return {}

    @classmethod
    def settings_schema(cls) -> dict:
        return {"type": "object", "properties": {**COMMON_SETTINGS, **cls.extra_settings},
                "required": list(cls.required_settings), "additionalProperties": False}

    @classmethod
    def clean_settings(cls, settings: dict | None, columns: dict[str, Any]) -> dict:
        """Checks settings against the schema and the board's columns (key → Column)."""
        settings = settings or {}
        check_schema(cls.settings_schema(), settings, "settings")
        for field in ("hidden_columns", "column_order"):
            unknown = [key for key in settings.get(field, []) if key not in columns]
            if unknown:
                raise InvalidValue(f"{field} names columns that are not on the board: {', '.join(unknown)}")
        unknown = [key for key in settings.get("column_widths", {}) if key not in columns and key != "name"]
        if unknown:
            raise InvalidValue(f"column_widths names columns that are not on the board: {', '.join(unknown)}")
        cls.check(settings, columns)
        return settings

    @classmethod
    def check(cls, settings: dict, columns: dict[str, Any]) -> None:
        """Type-specific checks against the board's columns. Raises InvalidValue."""

    @staticmethod
    def column_of(settings: dict, columns: dict[str, Any], allowed: set[str] | None, what: str):
        key = settings["column"]
        column = columns.get(key)
        if column is None:
            raise InvalidValue(f"column {key!r} is not on the board")
        if allowed is not None and column.type not in allowed:
            raise InvalidValue(f"{what} needs a column of type {', '.join(sorted(allowed))}; "
                               f"{key!r} is a {column.type} column")
        return column


view_types: Registry[ViewType] = Registry("view")
register = view_types.register


def groupable_types() -> set[str]:
    return {t.name for t in column_types if t.groupable}
