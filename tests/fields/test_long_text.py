"""Multi-line text."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.long_text import LongTextType
from tests.fields.samples import sample


def test_newlines_are_kept():
    assert LongTextType().validate("first\n\nsecond") == "first\n\nsecond"


def test_windows_line_ends_become_newlines():
    assert LongTextType().parse_text("a\r\nb\r\n") == "a\nb"


@pytest.mark.parametrize(("length", "accepted"), [(100_000, True), (100_001, False)])
def test_text_is_limited_to_100k_characters(length, accepted):
    if accepted:
        assert len(LongTextType().validate("x" * length)) == length
    else:
        with pytest.raises(InvalidValue, match="longer than 100,000"):
            LongTextType().validate("x" * length)


@pytest.mark.parametrize("cells", [("Call back\nnext week", "ok"), ("x" * 256,)])
def test_multi_line_or_long_texts_are_guessed_as_long_text(cells, context):
    assert LongTextType.infer(sample(*cells), context) is not None


@pytest.mark.parametrize("cells", [("short", "x" * 255), ()])
def test_short_single_lines_are_not_long_text(cells, context):
    assert LongTextType.infer(sample(*cells), context) is None
