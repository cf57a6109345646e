"""Creation log: who created the item and when, computed and read-only."""
from __future__ import annotations

from datetime import datetime

import pytest

from fields.base import InvalidValue
from fields.creation_log import CreationLogType
from tests.fields.cases import fake_item

VALUE = {"user_id": 1, "at": "2024-03-05T14:30:00.000000Z"}


def test_the_value_is_the_creator_and_the_utc_creation_time():
    assert CreationLogType().computed_value(fake_item()) == VALUE


def test_an_item_created_by_no_one_keeps_its_time():
    item = fake_item(created_by_id=None, created_at=datetime(2024, 1, 1))
    assert CreationLogType().computed_value(item) == {"user_id": None, "at": "2024-01-01T00:00:00.000000Z"}


def test_export_form_is_the_time():
    assert CreationLogType().format_text(VALUE) == "2024-03-05T14:30:00.000000Z"


@pytest.mark.parametrize("write", [lambda c: c.validate(VALUE), lambda c: c.parse_text("2024-03-05")])
def test_it_cannot_be_written(write):
    with pytest.raises(InvalidValue, match="this column is read-only"):
        write(CreationLogType())
