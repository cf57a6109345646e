"""Single-line text."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.inference import Inference
from fields.text import TextType
from tests.fields.samples import sample


def test_surrounding_whitespace_is_trimmed():
    assert TextType().validate("  Acme Corp  ") == "Acme Corp"


def test_blank_text_is_stored_as_empty():
    assert TextType().validate("   ") is None


@pytest.mark.parametrize(("value", "reason"), [
    ("one\ntwo", "single line"),
    ("x" * 2001, "longer than 2000"),
])
def test_multi_line_and_overlong_text_is_refused(value, reason):
    with pytest.raises(InvalidValue, match=reason):
        TextType().validate(value)


@pytest.mark.parametrize("cells", [(), ("Acme", "Globex"), ("12", "yes")])
def test_text_answers_for_every_column(cells, context):
    assert TextType.infer(sample(*cells), context) == Inference()
