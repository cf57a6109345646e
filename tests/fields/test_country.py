"""Country: an ISO 3166-1 alpha-2 code."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.country import CountryType
from tests.fields.samples import sample


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


@pytest.mark.parametrize(("header", "cells"), [
    ("Market", ("Germany", "DE", "U.S.A.", "Côte d'Ivoire", "UK")),
    ("Country", ("NO", "IT", "DEU")), ("Nation", ("TW",)), ("国家", ("TW", "TH")), ("ประเทศ", ("TH",)),
])
def test_columns_of_country_names_or_codes_are_guessed_as_countries(header, cells, context):
    assert CountryType.infer(sample(*cells, header=header), context) is not None


@pytest.mark.parametrize(("header", "cells"), [
    ("Status", ("OK", "NO")), ("Market", ("DE", "FR", "DEU")), ("State", ("Texas", "Ohio")),
    ("Country", ("Germany", "Narnia")), ("Country", ()),
])
def test_codes_under_other_headers_and_fuzzy_names_are_not_countries(header, cells, context):
    assert CountryType.infer(sample(*cells, header=header), context) is None
