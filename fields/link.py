"""A web link: an http(s) URL and an optional text to show instead of it."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from fields import operators as ops
from fields.base import ColumnType, InvalidValue, register
from fields.filtering import text_filter

MAX_URL = 2000
MAX_TEXT = 500
_WITH_TEXT = re.compile(r"(?P<text>.*\S)\s+\((?P<url>\S+)\)", re.DOTALL)  # Docs (https://...)
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:(?!\d)", re.IGNORECASE)  # not "example.com:8080"
_BARE_HOST = re.compile(r"[\w-]+(\.[\w-]+)+(:\d+)?([/?#]\S*)?")
# What makes a column of links: bare "v1.2" or "Acme Inc." would read as hosts.
_WEB = re.compile(r"^www\.|https?://", re.IGNORECASE)


@register
class LinkType(ColumnType):
    name = "link"
    title = _l("Link")
    settings_schema = {"type": "object", "properties": {}, "additionalProperties": False}
    value_schema = {
        "type": "object",
        "properties": {"url": {"type": "string"}, "text": {"type": "string"}},
        "required": ["url"],
        "additionalProperties": False,
    }
    operators = ops.TEXT_LIKE
    inference_rank = 50

    @classmethod
    def infer(cls, sample, context):
        if not any(_WEB.search(text) for text in sample.counts):
            return None
        return super().infer(sample, context)

    def check(self, value, context):
        url = value["url"].strip()
        if not url:
            return None
        if len(url) > MAX_URL:
            raise InvalidValue(f"the link is longer than {MAX_URL} characters")
        try:
            parts = urlsplit(url)
        except ValueError:
            raise InvalidValue(f"not a link: '{url[:100]}'") from None
        if parts.scheme.lower() not in ("http", "https"):
            raise InvalidValue(f"only http and https links are allowed: '{url[:100]}'")
        if not parts.hostname or re.search(r"\s", url):
            raise InvalidValue(f"not a link: '{url[:100]}'")
        link = {"url": parts.scheme.lower() + url[len(parts.scheme) :]}
        text = " ".join(value.get("text", "").split())
        if len(text) > MAX_TEXT:
            raise InvalidValue(f"the link text is longer than {MAX_TEXT} characters")
        if text and text != link["url"]:
            link["text"] = text
        return link

    def parse(self, text, context):
        match = _WITH_TEXT.fullmatch(text)
        label, url = (match["text"], match["url"]) if match else ("", text)
        if not _SCHEME.match(url):
            if not _BARE_HOST.fullmatch(url):
                raise InvalidValue(f"not a link: '{text[:100]}'")
            url = "https://" + url
        return {"url": url, "text": label} if label else {"url": url}

    def filter_clause(self, operator, value, expr):
        return text_filter(operator, value, expr.text("url"), expr.present())

    def sort_expression(self, expr):
        return func.lower(expr.text("url"))

    def format_text(self, value):
        if value is None:
            return ""
        return f"{value['text']} ({value['url']})" if value.get("text") else value["url"]
