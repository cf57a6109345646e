"""Country: an ISO 3166-1 alpha-2 code."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.country import CountryType


@pytest.mark.parametrize(("text", "expected"), [
    ("tw", "TW"), ("TH", "TH"), ("THA", "TH"), ("twn", "TW"), ("158", "TW"),
    ("Taiwan", "TW"), ("Thailand", "TH"), ("United States", "US"), ("Germany", "DE"),
    ("Côte d'Ivoire", "CI"), ("Korea, Republic of", "KR"),
])
def test_codes_and_iso_names_are_read(text, expected):
    assert CountryType().parse_text(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("USA", "US"), ("U.S.A.", "US"), ("UK", "GB"), ("Great Britain", "GB"), ("South Korea", "KR"),
    ("Vietnam", "VN"), ("Russia", "RU"), ("Iran", "IR"), ("Syria", "SY"), ("Laos", "LA"),
    ("Bolivia", "BO"), ("Venezuela", "VE"), ("Tanzania", "TZ"), ("Moldova", "MD"),
    ("Czech Republic", "CZ"), ("Ivory Coast", "CI"), ("Turkey", "TR"),
])
def test_everyday_names_are_read(text, expected):
    assert CountryType().parse_text(text) == expected


@pytest.mark.parametrize("text", ["Narnia", "xx", "a", "new", "Georgiaa"])
def test_unknown_and_ambiguous_names_are_refused(text):
    with pytest.raises(InvalidValue, match="not a country"):
        CountryType().parse_text(text)


@pytest.mark.parametrize(("value", "expected"), [("tw", "TW"), (" us ", "US")])
def test_stored_codes_are_uppercased(value, expected):
    assert CountryType().validate(value) == expected


@pytest.mark.parametrize("value", ["XX", "TWN", "Taiwan"])
def test_only_alpha_2_codes_are_stored(value):
    with pytest.raises(InvalidValue, match="not an ISO 3166 country code"):
        CountryType().validate(value)
