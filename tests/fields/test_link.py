"""Links: http(s) URLs with an optional text."""
from __future__ import annotations

import pytest

from fields.base import InvalidValue
from fields.link import LinkType
from tests.fields.samples import sample


@pytest.mark.parametrize(("text", "expected"), [
    ("https://example.com", {"url": "https://example.com"}),
    ("Docs (https://example.com/docs)", {"url": "https://example.com/docs", "text": "Docs"}),
    ("My (old) site (https://example.com)", {"url": "https://example.com", "text": "My (old) site"}),
    ("https://en.wikipedia.org/wiki/Foo_(bar)", {"url": "https://en.wikipedia.org/wiki/Foo_(bar)"}),
    ("example.com", {"url": "https://example.com"}),
    ("www.example.com/a?b=1", {"url": "https://www.example.com/a?b=1"}),
    ("example.com:8080/x", {"url": "https://example.com:8080/x"}),
    ("HTTP://Example.com", {"url": "http://Example.com"}),
])
def test_urls_texts_and_bare_domains_are_read(text, expected):
    assert LinkType().parse_text(text) == expected


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.com", "data:text/html,hi", "file:///etc"])
def test_only_http_and_https_are_allowed(url):
    with pytest.raises(InvalidValue, match="only http and https"):
        LinkType().validate({"url": url})


@pytest.mark.parametrize("url", ["https://", "http:///path", "https://exa mple.com", "http://[::1"])
def test_links_need_a_host(url):
    with pytest.raises(InvalidValue, match="not a link"):
        LinkType().validate({"url": url})


@pytest.mark.parametrize("text", ["hello world", "localhost", "Acme (Berlin)"])
def test_text_that_is_no_link_is_refused(text):
    with pytest.raises(InvalidValue, match="not a link"):
        LinkType().parse_text(text)


def test_a_text_equal_to_the_url_is_dropped():
    assert LinkType().validate({"url": "https://x.io", "text": "https://x.io"}) == {"url": "https://x.io"}


@pytest.mark.parametrize(("value", "text"), [
    ({"url": "https://x.io"}, "https://x.io"),
    ({"url": "https://x.io", "text": "X"}, "X (https://x.io)"),
])
def test_export_form_shows_the_text_before_the_url(value, text):
    assert LinkType().format_text(value) == text


def test_overlong_urls_are_refused():
    with pytest.raises(InvalidValue, match="longer than 2000"):
        LinkType().validate({"url": "https://example.com/" + "a" * 2000})


@pytest.mark.parametrize("cells", [
    ("https://acme.example", "example.com"), ("www.globex.com",), ("Docs (https://example.com/docs)",),
])
def test_columns_with_web_addresses_are_guessed_as_links(cells, context):
    assert LinkType.infer(sample(*cells), context) is not None


@pytest.mark.parametrize("cells", [
    ("v1.2",), ("Acme Inc.",), ("example.com", "acme.io"), ("https://x.io", "hello"), (),
])
def test_dotted_words_without_a_web_address_are_not_links(cells, context):
    assert LinkType.infer(sample(*cells), context) is None
