"""Connect boards: linked item ids; an import's reader also takes names (found later, in SQL)."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.connect_boards import ConnectBoardsType

SETTINGS = {"board_ids": [3]}


def test_text_gives_linked_items_by_id_only(context):
    assert ConnectBoardsType(SETTINGS).parse_text("12, 7;12", context) == [12, 7]
    with pytest.raises(InvalidValue):
        ConnectBoardsType(SETTINGS).parse_text("Acme", context)


def test_an_import_reads_ids_as_numbers_and_keeps_names_as_text_once_each(context):
    read = ConnectBoardsType(SETTINGS).reader({}, context)
    assert read(" Acme Corp ; 12, Acme Corp,12 ") == ["Acme Corp", 12]
    assert read("  ") is None


class Labels:
    """An ExportContext that knows one linked item's name."""

    def linked_item_label(self, item_id: int, board_ids: list[int]) -> str:
        return "Acme" if (item_id, board_ids) == (12, [3]) else str(item_id)


def test_an_export_writes_linked_items_as_the_context_labels_them_on_the_column_s_boards():
    assert ConnectBoardsType(SETTINGS).export_text([7, 12], Labels()) == "7, Acme"
    assert ConnectBoardsType(SETTINGS).export_text(None, Labels()) == ""
