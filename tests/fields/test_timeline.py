"""Timeline: a range of days."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.timeline import TimelineType
from tests.fields.samples import sample

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


def test_ranges_of_two_dates_are_guessed_as_timelines(context):
    inference = TimelineType.infer(sample("2024-01-01 - 2024-02-01", "2024-03-01/2024-03-05",
                                          "Jan 1, 2024 - Feb 1, 2024"), context)
    assert (inference.settings, inference.reading, inference.choices) == ({}, {"date_format": "YYYY-MM-DD"}, {})


@pytest.mark.parametrize(("cells", "reading", "choices"), [
    (("01/02/2024 - 03/02/2024", "13/02/2024 - 14/02/2024"), "DD/MM/YYYY", {}),
    (("01/02/2024 - 03/02/2024",), "MM/DD/YYYY", {"date_format": ["MM/DD/YYYY", "DD/MM/YYYY"]}),
])
def test_the_day_order_is_inferred_from_both_ends(cells, reading, choices, context):
    inference = TimelineType.infer(sample(*cells), context)
    assert (inference.reading, inference.choices) == ({"date_format": reading}, choices)


@pytest.mark.parametrize("cells", [("2024-01-05",), ("2024-01-01 - 2024-02-01", "2024-03-01"),
                                   ("2024-02-01 - 2024-01-01",), ("Acme 3 - Acme 4",), ()])
def test_single_dates_and_backward_ranges_are_not_timelines(cells, context):
    assert TimelineType.infer(sample(*cells), context) is None


@pytest.mark.parametrize(("date_format", "expected"), [
    ("DD/MM/YYYY", {"from": "2024-02-01", "to": "2024-02-03"}),
    ("MM/DD/YYYY", {"from": "2024-01-02", "to": "2024-03-02"}),
])
def test_reader_honours_the_chosen_format(date_format, expected, context):
    assert TimelineType().reader({"date_format": date_format}, context)("01/02/2024 - 03/02/2024") == expected
