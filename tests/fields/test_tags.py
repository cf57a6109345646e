"""Tags: free short labels."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.tags import TagsType
from tests.fields.samples import sample


def test_tags_are_trimmed_and_deduplicated_keeping_the_first_spelling():
    assert TagsType().validate([" VIP ", "lead", "vip", "", "Lead"]) == ["VIP", "lead"]


@pytest.mark.parametrize(("text", "expected"), [
    ("vip, lead", ["vip", "lead"]),
    ("vip;lead;;", ["vip", "lead"]),
])
def test_text_splits_on_commas_and_semicolons(text, expected):
    assert TagsType().parse_text(text) == expected


@pytest.mark.parametrize(("value", "reason"), [
    (["a,b"], "cannot contain"),
    (["a;b"], "cannot contain"),
    (["x" * 101], "longer than 100"),
])
def test_tags_that_would_not_survive_export_or_are_too_long_are_refused(value, reason):
    with pytest.raises(InvalidValue, match=reason):
        TagsType().validate(value)


def test_no_tags_is_empty():
    assert TagsType().validate(["", "  "]) is None


def test_tags_are_never_guessed_but_read_into_existing_columns(context):
    assert TagsType.infer(sample("a, b", "b", "a, b"), context) is None
    assert TagsType().reader({}, context)("vip, lead; VIP") == ["vip", "lead"]
