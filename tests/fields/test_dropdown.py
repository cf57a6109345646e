"""Dropdown: several labels out of the column's list."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.dropdown import DropdownType

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
