"""E-mail addresses."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.email import EmailType
from tests.fields.samples import sample


@pytest.mark.parametrize(("value", "expected"), [
    ("Ada@Example.COM", "Ada@example.com"),
    ("  mailto:ada@example.com ", "ada@example.com"),
    ("MAILTO:a.b+crm@sub.example.co.uk", "a.b+crm@sub.example.co.uk"),
    ("用户@例子.广告", "用户@例子.广告"),
])
def test_addresses_are_normalised(value, expected):
    assert EmailType().validate(value) == expected


def test_a_named_address_is_read_as_its_address():
    assert EmailType().parse_text("Ada Lovelace <ada@example.com>") == "ada@example.com"


@pytest.mark.parametrize("value", [
    "foo@", "foo", "@example.com", "a b@example.com", "a@b", "a@b..com", "a@@b.com", "a@-b.com",
    "a@example.com.", "x" * 250 + "@example.com",
])
def test_malformed_addresses_are_refused(value):
    with pytest.raises(InvalidValue, match="not a valid e-mail address"):
        EmailType().validate(value)


def test_the_reason_quotes_the_address():
    with pytest.raises(InvalidValue) as refused:
        EmailType().validate("foo@")
    assert refused.value.reason == "not a valid e-mail address: 'foo@'"


def test_columns_of_addresses_are_guessed_as_emails(context):
    cells = ("ada@example.com", "Grace <grace@example.com>", "mailto:x@y.org")
    assert EmailType.infer(sample(*cells), context) is not None


@pytest.mark.parametrize("cells", [("ada@example.com", "call me"), ("ada@",)])
def test_a_column_with_other_text_is_not_emails(cells, context):
    assert EmailType.infer(sample(*cells), context) is None
