"""Checkbox: true or false."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.checkbox import CheckboxType
from fields.inference import Inference
from tests.fields.samples import sample


@pytest.mark.parametrize("text", ["yes", "Y", "true", "1", "x", "X", "✓", "✔", "on", "Checked", "是", "ใช่"])
def test_ticks_read_as_true(text):
    assert CheckboxType().parse_text(text) is True


@pytest.mark.parametrize("text", ["no", "N", "FALSE", "0", "off", "unchecked", "否", "ไม่", "ไม่ใช่"])
def test_crosses_read_as_false(text):
    assert CheckboxType().parse_text(text) is False


@pytest.mark.parametrize("value", [True, False])
def test_export_form_reads_back(value):
    column = CheckboxType()
    assert column.parse_text(column.format_text(value)) is value


def test_other_words_are_refused():
    with pytest.raises(InvalidValue, match="not a yes/no value: 'maybe'"):
        CheckboxType().parse_text("maybe")


@pytest.mark.parametrize("cells", [("yes", "no", "yes"), ("x", "", "x"), ("✓", "0"), ("TRUE", "false"), ("是", "否")])
def test_columns_of_yes_no_marks_are_guessed_as_checkboxes(cells, context):
    assert CheckboxType.infer(sample(*cells), context) == Inference()


@pytest.mark.parametrize("cells", [("0", "1", "1"), ("1",), ("0",)])
def test_columns_of_only_zeros_and_ones_are_not_checkboxes(cells, context):
    assert CheckboxType.infer(sample(*cells), context) is None


@pytest.mark.parametrize("cells", [("yes", "maybe"), ("Acme",), ()])
def test_columns_with_other_words_or_none_are_not_checkboxes(cells, context):
    assert CheckboxType.infer(sample(*cells), context) is None
