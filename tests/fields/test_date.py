"""Date: a calendar day, with a time when the column includes one."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.date import DateType
from tests.fields.samples import sample


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


# -- importing: reader and inference ----------------------------------------------------------

US, EU, ISO = "MM/DD/YYYY", "DD/MM/YYYY", "YYYY-MM-DD"
ASK = {"date_format": [US, EU]}


@pytest.mark.parametrize(("text", "date_format", "expected"), [
    ("03/04/2024", US, "2024-03-04"), ("03/04/2024", EU, "2024-04-03"), ("2024-03-05", EU, "2024-03-05"),
    ("25.03.2024", US, "2024-03-25"), ("13/04/2024", US, "2024-04-13"), ("5 Mar 2024", EU, "2024-03-05"),
    (" 2024-03-05 ", ISO, "2024-03-05"),
])
def test_reader_reads_by_the_chosen_format(text, date_format, expected, context):
    assert DateType().reader({"date_format": date_format}, context)(text) == expected


@pytest.mark.parametrize(("reading", "expected"), [({}, "2024-04-03"), ({"date_format": ISO}, "2024-04-03"),
                                                   ({"date_format": US}, "2024-03-04")])
def test_reader_falls_back_on_the_columns_order(reading, expected, context):
    assert DateType({"date_order": "DMY"}).reader(reading, context)("03/04/2024") == expected


@pytest.mark.parametrize(("settings", "expected"), [({"include_time": True}, "2024-03-05T14:30"), ({}, "2024-03-05")])
def test_reader_keeps_the_time_only_where_the_column_has_one(settings, expected, context):
    assert DateType(settings).reader({}, context)("2024-03-05 14:30") == expected


@pytest.mark.parametrize("text", ["2024-02-30", "tomorrow", "02/30/2024"])
def test_reader_refuses_impossible_or_unreadable_dates(text, context):
    with pytest.raises(InvalidValue):
        DateType().reader({}, context)(text)


def test_iso_dates_are_read_as_iso(context):
    inference = DateType.infer(sample("2024-03-05", "2024-04-01", "2024-03-05"), context)
    assert (inference.reading, inference.choices) == ({"date_format": ISO}, {})
    assert inference.settings == {"include_time": False}


@pytest.mark.parametrize(("cells", "date_format"), [
    (("03/04/2024", "13/04/2024"), EU), (("03/04/2024", "04/13/2024"), US), (("13-04-2024",), EU),
])
def test_one_unambiguous_text_settles_the_day_order(cells, date_format, context):
    inference = DateType.infer(sample(*cells), context)
    assert (inference.reading, inference.choices) == ({"date_format": date_format}, {})


def test_a_column_of_only_ambiguous_dates_asks_for_the_order(context):
    inference = DateType.infer(sample("03/04/2024", "05/06/2024", "12/12/2024"), context)
    assert (inference.reading, inference.choices) == ({"date_format": US}, ASK)


@pytest.mark.parametrize(("cells", "date_format"), [
    (("13/04/2024", "04/13/2024", "04/14/2024"), US),
    (("13/04/2024", "14/04/2024", "04/13/2024"), EU),
])
def test_when_no_order_reads_every_text_the_likeliest_is_suggested_and_asked(cells, date_format, context):
    inference = DateType.infer(sample(*cells), context)
    assert (inference.reading, inference.choices) == ({"date_format": date_format}, ASK)


def test_iso_us_and_dotted_european_dates_mix(context):
    inference = DateType.infer(sample("2024-03-05", "25.03.2024", "03/25/2024"), context)
    assert (inference.reading, inference.choices) == ({"date_format": US}, {})


@pytest.mark.parametrize("cells", [("2024-03-05 14:30", "2024-03-06"), ("03/05/2024 2:30 PM",),
                                   ("March 5, 2024 12am",)])
def test_a_time_in_any_text_makes_the_column_include_time(cells, context):
    assert DateType.infer(sample(*cells), context).settings == {"include_time": True}


@pytest.mark.parametrize("cells", [
    ("5 Mar 2024",), ("March 5th, 2024",), ("Tue, 5 Mar 2024",), ("Mar 2024",), ("Mar 5",), ("20240305",),
    ("2024/03/05",), ("5.3.2024",),
])
def test_written_and_numeric_dates_are_guessed_as_dates(cells, context):
    assert DateType.infer(sample(*cells), context) is not None


@pytest.mark.parametrize("cells", [
    ("Acme 3",), ("May",), ("2024",), ("Mar 123",), ("Meeting on May 3",), ("5",), ("2024-03-05", "soon"),
    ("02/30/2024",), ("Q1 2024",), (),
])
def test_text_that_dateutil_would_guess_at_is_not_a_date(cells, context):
    assert DateType.infer(sample(*cells), context) is None
