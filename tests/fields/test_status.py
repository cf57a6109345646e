"""Status: one label out of the column's list."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.status import StatusType
from tests.fields.samples import sample

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
    ({"labels": [{"color": "#579bfc"}]}, "required"),
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


def test_texts_parse_once_their_labels_are_added():
    texts = ["Lost", "stuck"]
    column = StatusType(StatusType(SETTINGS).settings_for_values(texts))
    assert [column.parse_text(text) for text in texts] == ["Lost", "stuck"]


def test_settings_for_values_skips_texts_too_long_to_be_labels():
    settings = StatusType(SETTINGS).settings_for_values(["x" * 101])
    assert settings["labels"] == SETTINGS["labels"]


def test_labels_given_without_a_colour_get_one_from_the_palette():
    from fields.status import StatusType

    settings = StatusType.clean_settings({"labels": [{"label": "New"}, {"label": "Won", "color": "#123456"}]})
    assert settings["labels"][1] == {"label": "Won", "color": "#123456"}
    assert settings["labels"][0]["label"] == "New" and settings["labels"][0]["color"].startswith("#")


def test_few_repeated_texts_are_guessed_as_status_labels_in_order(context):
    inference = StatusType.infer(sample("Won", "Lost", "won", "New", "Lost", "Won"), context)
    assert [entry["label"] for entry in inference.settings["labels"]] == ["Won", "Lost", "New"]
    assert StatusType.clean_settings(inference.settings) == inference.settings
    assert len({entry["color"] for entry in inference.settings["labels"]}) == 3


@pytest.mark.parametrize(("cells", "complete"), [
    (("Won", "Lost", "New"), True),  # no repeats
    (("Won", "Lost", "Won", "Lost"), False),
    ([f"stage {n}" for n in range(31)] * 2, True),
    (("a\nb", "a\nb"), True),
    (("x" * 101,) * 2, True),
    ((), True),
])
def test_unique_many_or_long_texts_are_not_a_status(cells, complete, context):
    assert StatusType.infer(sample(*cells, complete=complete), context) is None


def test_the_status_reader_matches_labels_ignoring_case(context):
    read = StatusType(SETTINGS).reader({}, context)
    assert [read("won"), read(" NEW "), read("")] == ["Won", "New", None]
    with pytest.raises(InvalidValue, match="'Maybe' is not one of the labels"):
        read("Maybe")


def test_inferred_labels_take_the_colours_their_words_mean(context):
    texts = ["Lost", "Open", "Won", "Prospecting", "Maybe"] * 4
    colours = {e["label"]: e["color"] for e in StatusType.infer(sample(*texts), context).settings["labels"]}
    assert (colours["Won"], colours["Lost"], colours["Open"], colours["Prospecting"]) == (
        "#00c875", "#e2445c", "#fdab3d", "#579bfc")
    assert colours["Maybe"] not in {"#00c875", "#e2445c", "#fdab3d", "#579bfc"}
