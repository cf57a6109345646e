"""Auto number: the item's number, computed and read-only."""
from __future__ import annotations

import pytest

from fields.auto_number import AutoNumberType
from fields.base import InvalidValue
from tests.fields.cases import fake_item


def test_the_value_is_the_items_number():
    assert AutoNumberType().computed_value(fake_item(number=42)) == 42


def test_export_form_is_the_number():
    assert AutoNumberType().format_text(42) == "42"


@pytest.mark.parametrize("text", ["42", "anything"])
def test_text_cannot_be_written(text):
    with pytest.raises(InvalidValue, match="this column is read-only"):
        AutoNumberType().parse_text(text)


def test_values_cannot_be_written():
    with pytest.raises(InvalidValue, match="this column is read-only"):
        AutoNumberType().validate(42)
