"""E-mail addresses."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.email import EmailType


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
