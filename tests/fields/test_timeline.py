"""Timeline: a range of days."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.timeline import TimelineType

JAN = {"from": "2024-01-01", "to": "2024-02-01"}


@pytest.mark.parametrize("text", [
    "2024-01-01 - 2024-02-01",
    "2024-01-01 to 2024-02-01",
    "2024-01-01 TO 2024-02-01",
    "2024-01-01/2024-02-01",
    "2024-01-01–2024-02-01",
    "2024-01-01 — 2024-02-01",
    "2024-01-01..2024-02-01",
    "01/01/2024 - 02/01/2024",
    "1/1/2024-2/1/2024",
    "Jan 1, 2024 - Feb 1, 2024",
    "1 Jan 2024 until 1 Feb 2024",
])
def test_ranges_are_split_on_any_common_separator(text, context):
    assert TimelineType().parse_text(text, context) == JAN


def test_a_single_date_is_a_one_day_timeline(context):
    assert TimelineType().parse_text("03/04/2024", context) == {"from": "2024-03-04", "to": "2024-03-04"}


def test_the_columns_date_order_is_used(context):
    column = TimelineType({"date_order": "DMY"})
    assert column.parse_text("01/02/2024 - 03/02/2024", context) == {"from": "2024-02-01", "to": "2024-02-03"}


def test_export_form_splits_back_despite_the_dashes_in_iso_dates(context):
    column = TimelineType()
    assert column.format_text(JAN) == "2024-01-01 - 2024-02-01"
    assert column.parse_text(column.format_text(JAN), context) == JAN


def test_a_timeline_may_not_end_before_it_starts():
    with pytest.raises(InvalidValue, match="ends"):
        TimelineType().validate({"from": "2024-02-01", "to": "2024-01-01"})


@pytest.mark.parametrize("text", ["soon - later", "2024-01-01 - someday", "2024-02-30 - 2024-03-01"])
def test_unreadable_ranges_are_refused(text, context):
    with pytest.raises(InvalidValue):
        TimelineType().parse_text(text, context)
