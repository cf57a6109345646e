"""The filter operator names of API.md, grouped the way column types pick them."""
from __future__ import annotations

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
