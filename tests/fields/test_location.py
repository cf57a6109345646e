"""Location: coordinates and an optional address."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.location import LocationType
from tests.fields.samples import sample

TAIPEI_101 = {"lat": 25.0339, "lng": 121.5645, "address": "Taipei 101"}


@pytest.mark.parametrize(("text", "expected"), [
    ("25.0339, 121.5645", {"lat": 25.0339, "lng": 121.5645}),
    ("25.0339 121.5645", {"lat": 25.0339, "lng": 121.5645}),
    ("-33.8568,151.2153", {"lat": -33.8568, "lng": 151.2153}),
    ("25.0339,121.5645 (Taipei 101)", TAIPEI_101),
    ("Taipei 101 | 25.0339, 121.5645", TAIPEI_101),
])
def test_coordinates_with_or_without_an_address_are_read(text, expected):
    assert LocationType().parse_text(text) == expected


def test_an_address_alone_is_not_geocoded():
    with pytest.raises(InvalidValue, match="no coordinates in 'Taipei 101'"):
        LocationType().parse_text("Taipei 101")


@pytest.mark.parametrize(("value", "reason"), [
    ({"lat": 90.5, "lng": 0}, "latitude"),
    ({"lat": 0, "lng": -180.5}, "longitude"),
    ({"lat": float("nan"), "lng": 0}, "latitude"),
    ({"lat": 0, "lng": float("inf")}, "longitude"),
])
def test_coordinates_must_be_on_the_globe(value, reason):
    with pytest.raises(InvalidValue, match=reason):
        LocationType().validate(value)


def test_a_blank_address_is_dropped():
    assert LocationType().validate({"lat": 1, "lng": 2, "address": "  "}) == {"lat": 1, "lng": 2}


def test_export_form_reads_back_with_the_address():
    column = LocationType()
    assert column.format_text(TAIPEI_101) == "Taipei 101 | 25.0339, 121.5645"
    assert column.parse_text(column.format_text(TAIPEI_101)) == TAIPEI_101


def test_coordinates_near_zero_survive_export():
    column = LocationType()
    value = {"lat": 0.00001, "lng": -0.00002}
    assert column.format_text(value) == "1e-05, -2e-05"
    assert column.parse_text(column.format_text(value)) == value


@pytest.mark.parametrize("cells", [
    ("25.0339, 121.5645", "-33.8568,151.2153"),
    ("Taipei 101 | 25.03, 121.56", "25.03,121.56 (Taipei 101)"),
])
def test_coordinates_with_decimals_are_guessed_as_locations(cells, context):
    assert LocationType.infer(sample(*cells), context) is not None


@pytest.mark.parametrize("cells", [("1, 2", "3, 4"), ("12 34",), ("25.03, 121.56", "Taipei"), ("1.5, 2.5, 3.5",)])
def test_pairs_of_whole_numbers_and_addresses_are_not_locations(cells, context):
    assert LocationType.infer(sample(*cells), context) is None
