"""Connect boards: links to items on other boards (or this one). The links live in ItemLink
rows (boards/links.py), not in item.values; a value is the list of linked item ids."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from fields import operators as ops
from fields.base import ColumnType, InvalidValue, register
from fields.filtering import choice_filter
from fields.labels import split_list


@register
class ConnectBoardsType(ColumnType):
    name = "connect_boards"
    title = _l("Connect boards")
    settings_schema = {
        "type": "object",
        "properties": {
            "board_ids": {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 1,
                          "maxItems": 20, "uniqueItems": True},
            "two_way": {"type": "boolean"},
            # The twin column on the linked board; set by the service for two-way links.
            "reverse_column_id": {"type": "integer", "minimum": 1},
        },
        "required": ["board_ids"],
        "additionalProperties": False,
    }
    default_settings = {"two_way": False}
    value_schema = {"type": "array", "items": {"type": "integer", "minimum": 1}, "maxItems": 500}
    operators = ops.CHOICE_LIKE
    stores_links = True

    def check(self, value, context):
        # Whether each id is a live item on a linked board is checked by boards/links.py.
        return list(dict.fromkeys(value)) or None

    def parse(self, text, context):
        pieces = split_list(text)
        if not all(p.isascii() and p.isdigit() for p in pieces):
            raise InvalidValue("linked items are given by their ids, separated by commas")
        return [int(p) for p in pieces]

    def format_text(self, value):
        return "" if not value else ", ".join(map(str, value))

    def export_text(self, value, context):
        if not value:
            return ""
        board_ids = self.settings.get("board_ids", [])
        return ", ".join(context.linked_item_label(item_id, board_ids) for item_id in value)

    def reader(self, reading, context):
        """An import names linked items by id or by name. The names stay text here: the import's
        writer, which has the database, finds them on the linked boards (boards/imports/writer.py)."""
        def read(text: str) -> list[int | str] | None:
            pieces = [int(p) if p.isascii() and p.isdigit() else p for p in split_list(text)]
            return list(dict.fromkeys(pieces)) or None
        return read

    def value_sql(self, column, sources):
        return sources.links(column)

    def read_values(self, column, item_ids, sources):
        return sources.link_values(column, item_ids)

    def filter_clause(self, operator, value, expr):
        return choice_filter(operator, value, expr, _item_id, is_list=True)

    def sort_expression(self, expr):
        return expr.text()


def _item_id(value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidValue("linked items are filtered by item id (a positive integer)")
    return value
