"""Dropdown: several labels out of the column's list."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.dropdown import DropdownType
from tests.fields.samples import sample

SETTINGS = {"labels": ["Red", "Green", "Blue"]}


def test_labels_are_matched_deduplicated_and_kept_in_order():
    assert DropdownType(SETTINGS).validate(["blue", "Red", "BLUE", " "]) == ["Blue", "Red"]


@pytest.mark.parametrize("text", ["red, blue", "red;blue", " red ,, blue; "])
def test_text_splits_on_commas_and_semicolons(text):
    assert DropdownType(SETTINGS).parse_text(text) == ["Red", "Blue"]


def test_unknown_labels_are_all_named():
    with pytest.raises(InvalidValue) as refused:
        DropdownType(SETTINGS).validate(["Red", "Purple", "Pink"])
    assert refused.value.reason == "'Purple', 'Pink' are not among the labels: Red, Green, Blue"


def test_no_labels_is_empty():
    assert DropdownType(SETTINGS).validate([]) is None


@pytest.mark.parametrize(("labels", "reason"), [(["a", "A"], "twice"), (["a,b"], "cannot contain")])
def test_bad_label_lists_are_refused(labels, reason):
    with pytest.raises(InvalidValue, match=reason):
        DropdownType.clean_settings({"labels": labels})


def test_settings_for_values_adds_each_listed_label_once():
    settings = DropdownType(SETTINGS).settings_for_values(["red, Pink", "pink; Teal"])
    assert settings["labels"] == ["Red", "Green", "Blue", "Pink", "Teal"]


def test_repeated_lists_are_guessed_as_dropdowns_with_their_labels_in_order(context):
    inference = DropdownType.infer(sample("vip, lead", "lead", "Partner; VIP", "partner", "lead"), context)
    assert inference.settings == {"labels": ["vip", "lead", "Partner"]}
    assert DropdownType.clean_settings(inference.settings) == inference.settings


@pytest.mark.parametrize(("cells", "complete"), [
    (("red", "blue", "red", "blue"), True),  # no lists: a status, if anything
    (("Berlin, Germany", "Paris, France"), True),  # pieces that do not repeat
    (("a, b", "b", "a"), False),  # only the first texts of the column
    ((", ".join(f"label {n}" for n in range(51)),) * 3, True),
    (("x" * 101 + ", a",) * 3, True),
])
def test_free_text_with_commas_is_not_a_dropdown(cells, complete, context):
    assert DropdownType.infer(sample(*cells, complete=complete), context) is None


def test_free_text_with_commas_repeated_many_times_is_not_a_dropdown(context):
    notes = sample(*["Call back, urgent"] * 40, *["Met at the fair; wants a demo"] * 30, *["Quiet"] * 10)
    assert DropdownType.infer(notes, context) is None
