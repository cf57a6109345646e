"""Numbers, and reading them as spreadsheets write them."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.inference import Inference
from fields.number import NumberType
from tests.fields.samples import sample


@pytest.mark.parametrize(("text", "expected"), [
    ("1,234.50", 1234.5),
    ("€1.234,50", 1234.5),
    ("$ 1 234", 1234),
    ("1\u00a0234\u202f567", 1234567),
    ("CHF 1'234.50", 1234.5),
    ("1 234 567,89", 1234567.89),
    ("1,234,567.89", 1234567.89),
    ("1.234.567", 1234567),
    ("12,34,567", 1234567),
    ("USD 100", 100),
    ("100 EUR", 100),
    ("NT$1,000", 1000),
])
def test_currency_signs_and_thousands_separators_are_understood(text, expected):
    assert NumberType().parse_text(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("-5", -5), ("\u22125", -5), ("(1,234)", -1234), ("(€1,234.50)", -1234.5), ("-$5", -5),
    ("$-5", -5), ("5-", -5), ("+5", 5),
])
def test_negative_numbers_in_every_notation(text, expected):
    assert NumberType().parse_text(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("1,5", 1.5), ("1,50", 1.5), ("1,2345", 1.2345), ("0,123", 0.123), ("1.234,5", 1234.5),
    ("1,234", 1234), ("1.5", 1.5),
])
def test_a_comma_is_decimal_unless_it_groups_three_digits(text, expected):
    assert NumberType().parse_text(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("12%", 12), ("12.5 %", 12.5), ("-3%", -3)])
def test_percentages_keep_the_number_as_written(text, expected):
    assert NumberType().parse_text(text) == expected


@pytest.mark.parametrize(("text", "kind"), [("42", int), ("1,234", int), ("42.0", float), ("1e3", float)])
def test_integers_stay_integers_unless_a_decimal_point_is_written(text, kind):
    assert type(NumberType().parse_text(text)) is kind


def test_the_columns_unit_may_surround_the_number():
    assert NumberType({"unit": "hours"}).parse_text("12 hours") == 12


@pytest.mark.parametrize("text", [
    "abc", "12 apples", "1,2,3", "1.2.3", "--5", "1,234,56", "0x10", "inf", "nan", "-", "$",
])
def test_text_that_is_not_one_number_is_refused(text):
    with pytest.raises(InvalidValue, match="not a number"):
        NumberType().parse_text(text)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_values_must_be_finite(value):
    with pytest.raises(InvalidValue, match="finite"):
        NumberType().validate(value)


@pytest.mark.parametrize("value", [True, False])
def test_booleans_are_not_numbers(value):
    with pytest.raises(InvalidValue):
        NumberType().validate(value)


@pytest.mark.parametrize(("value", "text"), [(1234.5, "1234.5"), (-5, "-5"), (10**15, "1000000000000000")])
def test_export_form_has_no_thousands_separators(value, text):
    assert NumberType().format_text(value) == text


@pytest.mark.parametrize("settings", [{"decimals": 11}, {"decimals": -1}, {"unit": 5}])
def test_bad_settings_are_refused(settings):
    with pytest.raises(InvalidValue):
        NumberType.clean_settings(settings)


# -- importing: reader and inference ----------------------------------------------------------

@pytest.mark.parametrize(("text", "decimal", "expected"), [
    ("1,234", ",", 1.234), ("1,234", ".", 1234), ("1.234", ",", 1234), ("1.234", ".", 1.234),
    ("€1.234,50", ",", 1234.5), ("$1,234.50", ".", 1234.5), ("1 234,5", ",", 1234.5),
    ("1.234.567", ",", 1234567), ("(1.234,50)", ",", -1234.5), ("12,5 %", ",", 12.5), ("-5", ",", -5),
    ("1234.5", ".", 1234.5), (" 42 ", ",", 42),
])
def test_reader_honours_the_chosen_decimal_mark(text, decimal, expected, context):
    assert NumberType({"unit": "€"}).reader({"decimal": decimal}, context)(text) == expected


@pytest.mark.parametrize(("text", "decimal"), [("1,234.50", ","), ("1.5", ","), ("1,5", "."), ("1.234,50", ".")])
def test_reader_refuses_numbers_written_against_the_chosen_decimal_mark(text, decimal, context):
    with pytest.raises(InvalidValue, match="not a number"):
        NumberType().reader({"decimal": decimal}, context)(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("1,234.50", 1234.5), ("€1.234,50", 1234.5), ("1,5", 1.5), ("1,234", 1234), ("1.234", 1.234),
    ("12%", 12), ("(1,234)", -1234), ("1e3", 1000.0),
])
def test_reader_without_a_decimal_guesses_as_typing_does(text, expected, context):
    read = NumberType().reader({}, context)
    assert read(text) == expected == NumberType().parse_text(text, context)


@pytest.mark.parametrize(("text", "kind"), [("1234", int), ("-5", int), ("1234.5", float), ("+7", int)])
def test_reader_keeps_integers_integers(text, kind, context):
    assert type(NumberType().reader({}, context)(text)) is kind


@pytest.mark.parametrize("text", ["1_000", "nan", "inf", "12 apples", str(10**16)])
def test_reader_refuses_what_is_not_a_storable_number(text, context):
    with pytest.raises(InvalidValue):
        NumberType().reader({}, context)(text)


@pytest.mark.parametrize("text", ["", "   "])
def test_reader_reads_blank_as_empty(text, context):
    assert NumberType().reader({"decimal": ","}, context)(text) is None


@pytest.mark.parametrize(("cells", "decimal"), [
    (("1.234,50", "1.234"), ","),
    (("1,234.50", "1,234"), "."),
    (("1,5", "1,234"), ","),
    (("1.5", "1.234"), "."),
    (("1,234,567", "1,234"), "."),
    (("1.234.567", "1.234"), ","),
    (("1234,567",), ","),
    (("0,123",), ","),
])
def test_the_decimal_mark_is_decided_by_the_evidence_of_every_text(cells, decimal, context):
    inference = NumberType.infer(sample(*cells), context)
    assert inference.reading == {"decimal": decimal} and inference.choices == {}


@pytest.mark.parametrize("cells", [("1,234", "5"), ("1.234", "12"), ("1,234", "1.234")])
def test_only_ambiguous_separators_ask_for_the_decimal_mark(cells, context):
    inference = NumberType.infer(sample(*cells), context)
    assert inference.reading == {"decimal": "."}
    assert inference.choices == {"decimal": [".", ","]}


@pytest.mark.parametrize("cells", [("1,5", "1,234,567"), ("1.234,5", "1,234.5"), ("1.5", "2,25")])
def test_contradicting_decimal_marks_are_no_number_column(cells, context):
    assert NumberType.infer(sample(*cells), context) is None


def test_whole_numbers_need_no_reading(context):
    assert NumberType.infer(sample("1", "20", "-3", "20"), context) == Inference()


@pytest.mark.parametrize(("cells", "unit"), [
    (("€1.234,50", "€200", "3"), "€"), (("USD 100", "250 usd"), "USD"), (("$5", "$10.25"), "$"),
    (("12%", "12.5 %", "-3%"), "%"), (("NT$1,000", "NT$5"), "NT$"), (("100 EUR", "5 EUR"), "EUR"),
])
def test_a_shared_currency_or_percent_sign_becomes_the_unit(cells, unit, context):
    assert NumberType.infer(sample(*cells), context).settings["unit"] == unit


def test_mixed_currencies_make_a_number_column_without_a_unit(context):
    assert "unit" not in NumberType.infer(sample("$5", "€5"), context).settings


@pytest.mark.parametrize(("cells", "decimals"), [
    (("1.5", "2.125", "3"), 3), (("€1.234,50", "€2"), 2), (("0.123456789012",), 10),
])
def test_decimals_are_the_most_fraction_digits_written(cells, decimals, context):
    assert NumberType.infer(sample(*cells), context).settings["decimals"] == decimals


def test_whole_numbers_have_no_decimals_setting(context):
    assert "decimals" not in NumberType.infer(sample("1", "1,234"), context).settings


def test_inferred_percentages_read_as_written(context):
    inference = NumberType.infer(sample("12%", "7.5%"), context)
    read = NumberType(NumberType.clean_settings(inference.settings)).reader(inference.reading, context)
    assert (read("12%"), read("7.5%")) == (12, 7.5)


@pytest.mark.parametrize("cells", [
    ("Q1 2024", "Q2 2024"), ("Acme 3",), ("v1.2",), ("12 apples",), ("1.2.3",), ("007", "12"),
    ("02134",), ("12 34",), ("192.168.0.1",), ("+1 415 555 2671",), (),
])
def test_text_that_only_a_lenient_parse_reads_is_not_guessed_a_number(cells, context):
    assert NumberType.infer(sample(*cells), context) is None
