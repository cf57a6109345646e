"""The contract every registered column type keeps, checked over the whole registry."""
from __future__ import annotations

import json
import random
import string

import jsonschema
import pytest

from fields import column_types
from fields.base import InvalidValue
from fields.inference import DATE_FORMATS, DECIMALS, ColumnSample, Inference
from tests.fields.cases import BOARD_BOUND, CASES, fake_item
from tests.fields.samples import sample

# The operator list of API.md ("Filters and sorts"), copied rather than imported so that a type
# offering an operator the API does not define is caught.
API_OPERATORS = {
    "any_of", "not_any_of", "is_empty", "is_not_empty", "equals", "not_equals", "contains_text",
    "not_contains_text", "starts_with", "ends_with", "greater_than", "greater_than_or_equals",
    "lower_than", "lower_than_or_equal", "between", "within_the_next", "within_the_last",
    "is_today", "is_overdue",
}
GROUPABLE = {"status", "dropdown", "tags", "people", "country", "checkbox", "rating"}
READ_ONLY = {"auto_number", "button", "creation_log", "last_updated", "mirror"}
# CASES leaves people ids to the caller; these are FakeContext's members.
EXTRA_VALID = {"people": [[1], [2, 1, 2]]}

TYPE_NAMES = column_types.names()


def column(name: str):
    cls = column_types.get(name)
    return cls(cls.clean_settings(CASES[name]["settings"]))


def cases_of(kind: str) -> list:
    params = []
    for name, case in CASES.items():
        values = case[kind] + (EXTRA_VALID.get(name, []) if kind == "valid" else [])
        params += [pytest.param(name, value, id=f"{name}-{i}") for i, value in enumerate(values)]
    return params


def test_cases_cover_every_registered_type():
    assert set(CASES) == set(TYPE_NAMES)


def test_cases_are_plain_json():
    assert json.loads(json.dumps(CASES, allow_nan=False)) == json.loads(json.dumps(CASES))


@pytest.mark.parametrize("name", TYPE_NAMES)
def test_cases_give_several_invalid_values(name):
    assert len(CASES[name]["invalid"]) >= 3


@pytest.mark.parametrize("name", TYPE_NAMES)
def test_schemas_are_valid_json_schemas(name):
    cls = column_types.get(name)
    for schema in (cls.settings_schema, cls.value_schema):
        jsonschema.validators.validator_for(schema).check_schema(schema)


@pytest.mark.parametrize("name", TYPE_NAMES)
def test_default_and_case_settings_are_accepted(name):
    cls = column_types.get(name)
    if name not in BOARD_BOUND:  # those need their boards named
        assert cls.clean_settings(None) == {**cls.default_settings}
    cls.clean_settings(CASES[name]["settings"])


@pytest.mark.parametrize("name", TYPE_NAMES)
def test_unknown_settings_are_refused(name):
    with pytest.raises(InvalidValue):
        column_types.get(name).clean_settings({"no_such_setting": 1})


@pytest.mark.parametrize("name", TYPE_NAMES)
def test_type_has_a_name_and_a_title(name):
    cls = column_types.get(name)
    assert cls.name == name and name.isidentifier() and name.islower()
    assert str(cls.title)


@pytest.mark.parametrize("name", TYPE_NAMES)
def test_operators_are_api_operators_without_repeats(name):
    operators = column_types.get(name).operators
    assert set(operators) <= API_OPERATORS
    assert len(set(operators)) == len(operators)
    if column_types.get(name).pressable:
        assert operators == ()  # a button holds no value to filter by
    else:
        assert {"is_empty", "is_not_empty"} <= set(operators)


def test_groupable_types_are_the_label_like_ones():
    assert {cls.name for cls in column_types if cls.groupable} == GROUPABLE


@pytest.mark.parametrize(("name", "value"), cases_of("valid"))
def test_valid_values_are_accepted_and_stay_put(name, value, context):
    col = column(name)
    normalised = col.validate(value, context)
    json.dumps(normalised, allow_nan=False)
    if normalised is not None:
        assert col.validate(normalised, context) == normalised


@pytest.mark.parametrize(("name", "value"), cases_of("valid"))
def test_valid_values_round_trip_through_text(name, value, context):
    col = column(name)
    normalised = col.validate(value, context)
    assert col.parse_text(col.format_text(normalised), context) == normalised


@pytest.mark.parametrize(("name", "value"), cases_of("invalid"))
def test_invalid_values_are_refused_with_a_reason(name, value, context):
    with pytest.raises(InvalidValue) as refused:
        column(name).validate(value, context)
    assert refused.value.reason.strip()


@pytest.mark.parametrize(("name", "text", "expected"), [
    pytest.param(name, text, expected, id=f"{name}-{text}")
    for name, case in CASES.items() for text, expected in case["parse"]
])
def test_texts_parse_to_their_values(name, text, expected, context):
    assert column(name).parse_text(text, context) == expected


@pytest.mark.parametrize("name", TYPE_NAMES)
def test_blank_text_is_empty(name, context):
    assert column(name).parse_text("  ", context) is None


@pytest.mark.parametrize("name", TYPE_NAMES)
def test_empty_value_formats_as_blank(name):
    assert column(name).format_text(None) == ""


@pytest.mark.parametrize("name", sorted(READ_ONLY))
def test_read_only_types_refuse_writes_and_text(name, context):
    col = column(name)
    assert col.read_only
    computed = col.computed_value(fake_item())
    with pytest.raises(InvalidValue, match="read-only"):
        col.validate(computed, context)
    with pytest.raises(InvalidValue, match="read-only"):
        col.parse_text(col.format_text(computed) or "typed", context)


@pytest.mark.parametrize("name", sorted(READ_ONLY))
def test_computed_values_fit_the_value_schema(name):
    col = column(name)
    jsonschema.validate(col.computed_value(fake_item()), col.value_schema)


def test_only_computed_types_are_read_only():
    assert {cls.name for cls in column_types if cls.read_only} == READ_ONLY


@pytest.mark.parametrize("name", TYPE_NAMES)
def test_settings_for_values_are_valid_settings(name):
    cls = column_types.get(name)
    settings = column(name).settings_for_values(["Alpha", "beta, Gamma", ""])
    assert cls.clean_settings(settings) == settings


# -- CSV import: readers and inference ------------------------------------------------------
# The readings a mapping's "format" may choose (API.md: imports).
API_READINGS = {"decimal": DECIMALS, "date_format": DATE_FORMATS}


@pytest.mark.parametrize(("name", "value"), cases_of("valid"))
def test_readers_read_back_the_export_form(name, value, context):
    col = column(name)
    normalised = col.validate(value, context)
    assert col.reader({}, context)(col.format_text(normalised)) == normalised


@pytest.mark.parametrize(("name", "text", "expected"), [
    pytest.param(name, text, expected, id=f"{name}-{text}")
    for name, case in CASES.items() for text, expected in case["parse"]
])
def test_readers_read_texts_as_typing_does(name, text, expected, context):
    assert column(name).reader({}, context)(text) == expected


@pytest.mark.parametrize("name", TYPE_NAMES)
def test_readers_read_blank_text_as_empty(name, context):
    read = column(name).reader({}, context)
    assert read("") is None and read("  ") is None


@pytest.mark.parametrize("name", TYPE_NAMES)
def test_readings_are_the_apis(name):
    readings = column_types.get(name).readings
    assert all(key in API_READINGS and set(values) == set(API_READINGS[key]) for key, values in readings.items())


def test_inference_ranks_are_distinct_and_text_answers_last():
    ranked = sorted((cls for cls in column_types if cls.inference_rank is not None), key=lambda c: c.inference_rank)
    assert len({cls.inference_rank for cls in ranked}) == len(ranked)
    assert ranked[-1].name == "text"
    assert not any(cls.read_only for cls in ranked)


def _words(name: str) -> ColumnSample:
    rng = random.Random(name)
    words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 9))) for _ in range(40)]
    return sample(*words, *words[:10])


@pytest.mark.parametrize("name", TYPE_NAMES)
@pytest.mark.parametrize("make_sample", [lambda name: ColumnSample("Column"), _words], ids=["empty", "words"])
def test_inference_answers_or_declines_without_raising(name, make_sample, context):
    cls = column_types.get(name)
    inference = cls.infer(make_sample(name), context)
    if cls.inference_rank is None:
        assert inference is None
        return
    assert inference is None or isinstance(inference, Inference)
    if inference is not None:
        assert cls.clean_settings(inference.settings) == {**cls.default_settings, **inference.settings}
        for key, value in inference.reading.items():
            assert value in cls.readings[key]
        for key, values in inference.choices.items():
            assert set(values) <= set(cls.readings[key]) and inference.reading[key] in values
