"""Numbers, and reading them as spreadsheets write them."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.number import NumberType


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
