"""Status: one label out of the column's list."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.status import StatusType

SETTINGS = {"labels": [{"label": "New", "color": "#579bfc"}, {"label": "Won", "color": "#00c875"}]}


@pytest.mark.parametrize("text", ["won", "WON", " Won "])
def test_labels_match_case_insensitively_in_their_own_spelling(text):
    assert StatusType(SETTINGS).parse_text(text) == "Won"


def test_unknown_label_names_the_labels():
    with pytest.raises(InvalidValue) as refused:
        StatusType(SETTINGS).validate("Maybe")
    assert refused.value.reason == "'Maybe' is not one of the labels: New, Won"


@pytest.mark.parametrize(("settings", "reason"), [
    ({"labels": [{"label": "New", "color": "#579bfc"}, {"label": "new", "color": "#00c875"}]}, "twice"),
    ({**SETTINGS, "default": "Lost"}, "default 'Lost'"),
    ({"labels": [{"label": "New", "color": "blue"}]}, "does not match"),
    ({"labels": [{"label": "New"}]}, "required"),
    ({"labels": [{"label": " ", "color": "#579bfc"}]}, "blank"),
])
def test_bad_settings_are_refused(settings, reason):
    with pytest.raises(InvalidValue, match=reason):
        StatusType.clean_settings(settings)


def test_settings_for_values_adds_missing_labels_with_unused_colours():
    settings = StatusType(SETTINGS).settings_for_values(["won", "Lost", "Stuck", "lost", ""])
    labels = settings["labels"]
    assert [entry["label"] for entry in labels] == ["New", "Won", "Lost", "Stuck"]
    assert labels[2]["color"] != labels[3]["color"]
    assert {labels[2]["color"], labels[3]["color"]}.isdisjoint({"#579bfc", "#00c875"})
    StatusType.clean_settings(settings)


def test_settings_for_values_leaves_the_columns_settings_alone():
    column = StatusType(SETTINGS)
    column.settings_for_values(["Lost"])
    assert len(column.settings["labels"]) == 2
    assert len(StatusType.default_settings["labels"]) == 3


def test_new_columns_get_default_labels():
    assert StatusType().validate("done") == "Done"
