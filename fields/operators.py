"""The filter operator names of API.md, grouped the way column types pick them."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

EMPTY = ("is_empty", "is_not_empty")
EQUALITY = ("equals", "not_equals")
CHOICE = ("any_of", "not_any_of")
TEXT = ("contains_text", "not_contains_text", "starts_with", "ends_with")
COMPARISON = ("greater_than", "greater_than_or_equals", "lower_than", "lower_than_or_equal", "between")
DATE = ("within_the_next", "within_the_last", "is_today", "is_overdue")

ALL = EMPTY + EQUALITY + CHOICE + TEXT + COMPARISON + DATE

TEXT_LIKE = TEXT + EQUALITY + EMPTY
NUMBER_LIKE = EQUALITY + COMPARISON + EMPTY
DATE_LIKE = EQUALITY + COMPARISON + DATE + EMPTY
CHOICE_LIKE = CHOICE + EMPTY

# How the filter builder and the mirror's filter say each operator.
TITLES = {
    "any_of": _l("is any of"), "not_any_of": _l("is none of"), "is_empty": _l("is empty"),
    "is_not_empty": _l("is not empty"), "equals": _l("is"), "not_equals": _l("is not"),
    "contains_text": _l("contains"), "not_contains_text": _l("does not contain"), "starts_with": _l("starts with"),
    "ends_with": _l("ends with"), "greater_than": _l("is greater than"),
    "greater_than_or_equals": _l("is at least"), "lower_than": _l("is less than"),
    "lower_than_or_equal": _l("is at most"), "between": _l("is between"),
    "within_the_next": _l("is within the next"), "within_the_last": _l("is within the last"),
    "is_today": _l("is today"), "is_overdue": _l("is overdue"),
}
# Operators that take no value.
WITHOUT_VALUE = ("is_empty", "is_not_empty", "is_today", "is_overdue")
