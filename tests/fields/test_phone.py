"""Phone numbers, normalised to E.164 where possible."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.phone import PhoneType
from tests.fields.samples import sample


@pytest.mark.parametrize(("settings", "text", "expected"), [
    ({}, "+1 415 555 2671", "+14155552671"),
    ({"default_country": "US"}, "(415) 555-2671", "+14155552671"),
    ({}, "+66 2 123 4567", "+6621234567"),
    ({"default_country": "TH"}, "02 123 4567", "+6621234567"),
    ({"default_country": "TW"}, "0912 345 678", "+886912345678"),
    ({}, "tel:+14155552671", "+14155552671"),
])
def test_real_numbers_become_e164(settings, text, expected):
    assert PhoneType(settings).parse_text(text) == expected


def test_extensions_are_kept():
    column = PhoneType()
    value = column.parse_text("+1 (415) 555-2671 ext 5")
    assert value == "+14155552671 ext. 5"
    assert column.parse_text(value) == value


@pytest.mark.parametrize(("text", "expected"), [
    ("(415) 555-2671", "(415) 555-2671"),
    ("123  -  456", "123 - 456"),
])
def test_phone_like_text_without_a_known_plan_is_kept_tidied(text, expected):
    assert PhoneType().parse_text(text) == expected


@pytest.mark.parametrize("text", ["abc", "12345", "1-800-FLOWERS", "call +1 415 555 2671", "1" * 25])
def test_text_that_is_no_phone_number_is_refused(text):
    with pytest.raises(InvalidValue, match="not a phone number"):
        PhoneType().parse_text(text)


@pytest.mark.parametrize("country", ["XX", "us", "USA"])
def test_default_country_must_be_a_known_region(country):
    with pytest.raises(InvalidValue):
        PhoneType.clean_settings({"default_country": country})


@pytest.mark.parametrize("cells", [
    ("+1 415 555 2671", "(415) 555-2671"), ("+66 2 123 4567",), ("555-1234",), ("tel:+14155552671",),
])
def test_written_phone_numbers_are_guessed_as_phones(cells, context):
    assert PhoneType.infer(sample(*cells), context) is not None


@pytest.mark.parametrize("cells", [("4155552671",), ("123-456",), ("+1 415 555 2671", "call me"), ()])
def test_bare_digits_and_short_numbers_are_not_phones(cells, context):
    assert PhoneType.infer(sample(*cells), context) is None
