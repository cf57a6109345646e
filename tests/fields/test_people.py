"""People: workspace members by user id."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue, NoContext
from fields.people import PeopleType
from tests.fields.samples import sample


@pytest.mark.parametrize(("text", "expected"), [
    ("1", [1]),
    ("ada@example.com", [1]),
    ("ADA LOVELACE", [1]),
    ("Grace Hopper, ada@example.com", [2, 1]),
    ("2; 1; 2", [2, 1]),
])
def test_ids_emails_and_names_are_resolved(text, expected, context):
    assert PeopleType().parse_text(text, context) == expected


def test_ids_are_deduplicated_in_order(context):
    assert PeopleType().validate([2, 1, 2], context) == [2, 1]


def test_unknown_ids_are_named(context):
    with pytest.raises(InvalidValue) as refused:
        PeopleType().validate([1, 999999, 888], context)
    assert refused.value.reason == "not a member of this workspace: 999999, 888"


def test_unknown_names_are_named(context):
    with pytest.raises(InvalidValue, match="no member named 'Charles Babbage'"):
        PeopleType().parse_text("Ada Lovelace, Charles Babbage", context)


def test_without_a_workspace_nobody_is_a_member():
    with pytest.raises(InvalidValue):
        PeopleType().validate([1], NoContext())


def test_export_form_is_the_ids(context):
    column = PeopleType()
    assert column.format_text([2, 1]) == "2, 1"
    assert column.parse_text("2, 1", context) == [2, 1]


def test_nobody_is_empty(context):
    assert PeopleType().validate([], context) is None


def test_columns_of_members_are_guessed_as_people(context):
    assert PeopleType.infer(sample("Ada Lovelace", "grace@example.com, ada@example.com"), context) is not None


@pytest.mark.parametrize("cells", [("Ada Lovelace", "Charles Babbage"), ("1", "2"), ()])
def test_columns_naming_non_members_are_not_people(cells, context):
    assert PeopleType.infer(sample(*cells), context) is None


def test_people_are_not_guessed_from_more_than_fifty_distinct_texts(context):
    spellings = ["Ada " + "".join(c.upper() if n >> i & 1 else c for i, c in enumerate("lovelace")) for n in range(51)]
    assert len(set(spellings)) == 51
    assert PeopleType.infer(sample(*spellings), context) is None
    assert PeopleType.infer(sample(*spellings[:50]), context) is not None


class Labels:
    """An ExportContext: members written as the workspace's directory would write them."""

    def member_label(self, user_id: int) -> str:
        return {1: "Ada Lovelace", 2: "grace@example.com"}.get(user_id, str(user_id))


def test_an_export_writes_each_person_as_the_workspace_labels_them_in_order(context):
    assert PeopleType().export_text([2, 1], Labels()) == "grace@example.com, Ada Lovelace"
    assert PeopleType().export_text(None, Labels()) == ""
    assert PeopleType().parse_text(PeopleType().export_text([2, 1], Labels()), context) == [2, 1]
