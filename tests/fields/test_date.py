"""Date: a calendar day, with a time when the column includes one."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.date import DateType


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-03-05", "2024-03-05"),
    ("2024-3-5", "2024-03-05"),
    ("2024/03/05", "2024-03-05"),
    ("20240305", "2024-03-05"),
    ("5 Mar 2024", "2024-03-05"),
    ("March 5, 2024", "2024-03-05"),
    ("Tue, 5 Mar 2024", "2024-03-05"),
    ("12/31/99", "1999-12-31"),
])
def test_iso_and_written_dates_are_read(text, expected, context):
    assert DateType().parse_text(text, context) == expected


@pytest.mark.parametrize(("text", "order", "expected"), [
    ("03/04/2024", "MDY", "2024-03-04"),
    ("03/04/2024", "DMY", "2024-04-03"),
    ("13/04/2024", "MDY", "2024-04-13"),
    ("04/13/2024", "DMY", "2024-04-13"),
    ("05.03.2024", "MDY", "2024-03-05"),
])
def test_numeric_dates_follow_the_columns_order_unless_unambiguous(text, order, expected, context):
    assert DateType({"date_order": order}).parse_text(text, context) == expected


def test_a_date_without_a_year_is_in_the_current_year(context):
    assert DateType().parse_text("Mar 5", context) == "2024-03-05"


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-03-05 14:30", "2024-03-05T14:30"),
    ("2024-03-05T14:30:59Z", "2024-03-05T14:30"),
    ("03/05/2024 2:30 PM", "2024-03-05T14:30"),
    ("March 5, 2024 12am", "2024-03-05T00:00"),
    ("2024-03-05", "2024-03-05"),
])
def test_times_are_kept_when_the_column_includes_time(text, expected, context):
    assert DateType({"include_time": True}).parse_text(text, context) == expected


def test_times_are_dropped_when_the_column_has_none(context):
    assert DateType().parse_text("2024-03-05 14:30", context) == "2024-03-05"


@pytest.mark.parametrize("value", ["2024-03-05", "2024-03-05T14:30"])
def test_columns_with_time_accept_both_forms(value):
    assert DateType({"include_time": True}).validate(value) == value


@pytest.mark.parametrize(("value", "reason"), [
    ("2024-02-30", "not a real date"),
    ("2023-02-29", "not a real date"),
    ("2024-03-05T24:00", "not a real date"),
    ("2024-03-05T14:30:00", "YYYY-MM-DD"),
    ("5 Mar 2024", "YYYY-MM-DD"),
])
def test_stored_values_must_be_real_iso_dates(value, reason):
    with pytest.raises(InvalidValue, match=reason):
        DateType({"include_time": True}).validate(value)


def test_a_time_is_refused_where_the_column_has_none():
    with pytest.raises(InvalidValue, match="without a time"):
        DateType().validate("2024-03-05T14:30")


@pytest.mark.parametrize("text", ["tomorrow", "2024", "5", "02/30/2024", "2024-03-05 25:00", "soon-ish"])
def test_unreadable_text_is_refused(text, context):
    with pytest.raises(InvalidValue):
        DateType().parse_text(text, context)


def test_unknown_date_order_is_refused():
    with pytest.raises(InvalidValue):
        DateType.clean_settings({"date_order": "YMD"})
