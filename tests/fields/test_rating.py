"""Rating: 0 to the column's maximum of stars."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.rating import RatingType
from tests.fields.samples import sample


@pytest.mark.parametrize(("text", "expected"), [
    ("4", 4), ("4/5", 4), ("4 / 5", 4), ("4 out of 5", 4), ("★★★★", 4), ("★★☆☆☆", 2), ("⭐️⭐️⭐️", 3),
])
def test_digits_fractions_and_stars_are_read(text, expected):
    assert RatingType().parse_text(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("8/10", 4), ("5/10", 3), ("1/3", 2)])
def test_fractions_of_another_scale_are_rescaled(text, expected):
    assert RatingType().parse_text(text) == expected


@pytest.mark.parametrize("value", [-1, 6])
def test_values_outside_the_scale_are_refused(value):
    with pytest.raises(InvalidValue, match="rating must be between 0 and 5"):
        RatingType().validate(value)


def test_the_maximum_comes_from_settings():
    assert RatingType({"max": 10}).validate(10) == 10


@pytest.mark.parametrize("text", ["abc", "6/5", "3/0", "three"])
def test_other_text_is_refused(text):
    with pytest.raises(InvalidValue):
        RatingType().parse_text(text)


@pytest.mark.parametrize("settings", [{"max": 0}, {"max": 11}, {"max": "5"}])
def test_maximum_is_between_1_and_10(settings):
    with pytest.raises(InvalidValue):
        RatingType.clean_settings(settings)


def test_ratings_are_never_guessed_but_read_into_existing_columns(context):
    assert RatingType.infer(sample("4", "5", "4"), context) is None
    read = RatingType({"max": 5}).reader({}, context)
    assert [read("★★★"), read("8/10"), read("")] == [3, 4, None]
