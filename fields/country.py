"""A country, stored as its ISO 3166-1 alpha-2 code ("TW")."""
from __future__ import annotations

import re

import pycountry
from flask_babel import lazy_gettext as _l

from fields import operators as ops
from fields.base import ColumnType, InvalidValue, register
from fields.filtering import choice_filter
from fields.inference import Inference

# Everyday names that pycountry's lookup misses (its names are the ISO ones: "Viet Nam", ...).
ALIASES = {
    "uk": "GB", "great britain": "GB", "britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB", "usa": "US", "america": "US",
    "united states of america": "US", "korea": "KR", "south korea": "KR", "north korea": "KP",
    "russia": "RU", "taiwan": "TW", "vietnam": "VN", "iran": "IR", "syria": "SY", "laos": "LA",
    "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ", "moldova": "MD", "czech republic": "CZ",
    "ivory coast": "CI", "turkey": "TR", "holland": "NL", "burma": "MM", "swaziland": "SZ",
    "cape verde": "CV", "macedonia": "MK", "uae": "AE", "drc": "CD", "dr congo": "CD",
    "democratic republic of the congo": "CD", "vatican": "VA", "palestine": "PS",
}


# A header saying the column holds countries lets two-letter texts (NO, IT) count as countries.
_COUNTRY_HEADER = re.compile(r"countr|\bnation|\bland\b|\bpays\b|\bpa[ií]s\b|国家|國家|国籍|國籍|ประเทศ", re.IGNORECASE)


def _exact(text: str) -> str | None:
    """A code (alpha-2 or alpha-3), an ISO name or an everyday alias: no guessing."""
    key = " ".join(text.replace(".", "").split()).casefold()
    if key in ALIASES:
        return ALIASES[key]
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return None


def _lookup(text: str) -> str | None:
    code = _exact(text)
    if code is not None or len(text.strip()) < 4 or any(char.isdigit() for char in text):
        return code  # no country's name has digits, and the fuzzy search costs ~75 ms a text
    # Last resort, and only when it points at one country: fuzzy search also matches
    # subdivisions ("Texas" -> US), and short or common words match many.
    try:
        found = {country.alpha_2 for country in pycountry.countries.search_fuzzy(text)}
    except LookupError:
        return None
    return found.pop() if len(found) == 1 else None


@register
class CountryType(ColumnType):
    name = "country"
    title = _l("Country")
    settings_schema = {"type": "object", "properties": {}, "additionalProperties": False}
    value_schema = {"type": "string"}
    groupable = True
    operators = ops.CHOICE_LIKE + ops.EQUALITY
    inference_rank = 60

    @classmethod
    def infer(cls, sample, context):
        # Every text a country by code or name, never by fuzzy search ("Texas" finds the US);
        # and codes alone only under a header that says so: a status of OK / NO is not Norway.
        texts = sample.counts
        if not texts or not all(_exact(text) for text in texts):
            return None
        if not (any(len(text) > 3 for text in texts) or _COUNTRY_HEADER.search(sample.header)):
            return None
        return Inference()

    def filter_clause(self, operator, value, expr):
        return choice_filter(operator, value, expr, self.validate, is_list=False)

    def sort_expression(self, expr):
        return expr.text()

    def check(self, value, context):
        code = value.strip().upper()
        if not code:
            return None
        if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
            raise InvalidValue(f"not an ISO 3166 country code: '{value.strip()[:100]}'")
        return code

    def parse(self, text, context):
        code = _lookup(text)
        if code is None:
            raise InvalidValue(f"not a country: '{text[:100]}'")
        return code
