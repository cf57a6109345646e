"""Last updated: who last changed the item and when, computed and read-only."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.last_updated import LastUpdatedType
from tests.fields.cases import fake_item

VALUE = {"user_id": 2, "at": "2024-06-01T09:15:30.250000Z"}


def test_the_value_is_the_last_editor_and_the_utc_update_time():
    assert LastUpdatedType().computed_value(fake_item()) == VALUE


def test_an_item_never_updated_has_no_value():
    assert LastUpdatedType().computed_value(fake_item(updated_at=None)) is None


def test_export_form_is_the_time():
    assert LastUpdatedType().format_text(VALUE) == "2024-06-01T09:15:30.250000Z"


@pytest.mark.parametrize("write", [lambda c: c.validate(VALUE), lambda c: c.parse_text("2024-06-01")])
def test_it_cannot_be_written(write):
    with pytest.raises(InvalidValue, match="this column is read-only"):
        write(LastUpdatedType())
