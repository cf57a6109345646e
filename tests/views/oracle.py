"""A plain-Python reference for the filter and sort language of API.md ("Filters and sorts").

Written independently of fields/filtering.py: it evaluates a filter tree over rows held in
memory and orders rows the way a sort list says, so the SQL the engine builds can be compared
with it. Semantics (API.md, and fields/filtering.py's docstrings where API.md is silent):

* text: case-insensitive; contains/starts/ends on the text; link text operators read the url,
  location ones the address;
* numbers: numeric; auto_number reads the item's number; rating is a number;
* dates: by calendar day ('YYYY-MM-DDTHH:MM' is on its day); relative operators against `today`
  (within_the_next n = today..today+n, within_the_last n = today-n..today, both inclusive;
  is_overdue = before today); created_at / updated_at / creation_log / last_updated by the UTC day
  of the item's timestamp;
* timeline (a span [from, to]): equals d = d inside it; between = the spans overlap;
  greater_than d = starts after d; lower_than d = ends before d; (or equal: on d);
  relative operators = overlap with their span; is_overdue = ends before today;
* status, country, checkbox, rating, group: any_of / equals by equality (labels and country codes
  case-insensitively); dropdown, tags, people: any_of = the lists share an element;
* is_empty = no value stored; every negative operator (not_equals, not_any_of, not_contains_text)
  also matches an empty value.

Sorting: empty values last in both directions, ties by position then id; status by the place of
the label in the column's list; people by the (lower-cased) name of the first person; text
lower-cased; dropdown and tags by their first element; dates and timelines (by `from`) as ISO text.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

TODAY = date(2024, 6, 15)

TEXT_TYPES = {"text", "long_text", "email", "phone", "name"}
NUMBER_TYPES = {"number", "auto_number", "rating"}
DAY_TYPES = {"date", "creation_log", "last_updated", "created_at", "updated_at"}
EQUALITY_CHOICE = {"status", "country", "checkbox", "rating", "group"}
LIST_CHOICE = {"dropdown", "tags", "people"}
NEGATIVE = {"not_equals", "not_any_of", "not_contains_text"}


@dataclass
class Row:
    """An item as the oracle sees it."""

    id: int
    name: str
    group_id: int
    number: int
    position: float
    created_at: datetime
    updated_at: datetime
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Col:
    key: str
    type: str
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass
class Board:
    """What the oracle needs to know about a board: its columns and the people's names."""

    columns: dict[str, Col]
    people: dict[int, str] = field(default_factory=dict)
    today: date = TODAY


# -- reading a field ------------------------------------------------------------------------------
def field_of(board: Board, key: str) -> tuple[str, Col | None]:
    if key in ("name", "group", "created_at", "updated_at"):
        return key, None
    column = board.columns[key]
    return column.type, column


def raw_value(row: Row, key: str, kind: str) -> Any:
    """The value a rule reads, None when the item has none."""
    if kind == "name":
        return row.name
    if kind == "group":
        return row.group_id
    if kind in ("created_at", "creation_log"):
        return row.created_at
    if kind in ("updated_at", "last_updated"):
        return row.updated_at
    if kind == "auto_number":
        return row.number
    return row.values.get(key)


def _day(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    return value[:10]


def _text(kind: str, value: Any) -> str:
    if kind == "link":
        return value["url"]
    if kind == "location":
        return value.get("address") or ""
    return value


def _fold(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _same(kind: str, stored: Any, wanted: Any) -> bool:
    """Equality of one label-like element: case-insensitive for labels and codes (a status or
    dropdown label, a country), exact for tags — a tag is matched as it is stored, which keeps
    tag filters on PostgreSQL's GIN index (docs/filters.md)."""
    if kind == "checkbox" or isinstance(stored, bool) or isinstance(wanted, bool):
        return isinstance(stored, bool) and isinstance(wanted, bool) and stored is wanted
    if kind == "tags":
        return stored == wanted.strip() if isinstance(wanted, str) else stored == wanted
    if isinstance(stored, str) and isinstance(wanted, str):
        return stored.strip().lower() == wanted.strip().lower()
    return stored == wanted


# -- one rule -------------------------------------------------------------------------------------
def rule_matches(board: Board, rule: dict, row: Row) -> bool:
    kind, _column = field_of(board, rule["column"])
    op, wanted = rule["operator"], rule.get("value")
    value = raw_value(row, rule["column"], kind)
    present = value is not None
    if op == "is_empty":
        return not present
    if op == "is_not_empty":
        return present
    if op in NEGATIVE:
        positive = {"not_equals": "equals", "not_any_of": "any_of", "not_contains_text": "contains_text"}[op]
        return not present or not _positive(board, kind, positive, wanted, value)
    return present and _positive(board, kind, op, wanted, value)


def _positive(board: Board, kind: str, op: str, wanted: Any, value: Any) -> bool:
    if kind in TEXT_TYPES or kind in ("link", "location"):
        return _text_op(op, _text(kind, value).lower(), wanted.lower())
    if kind in NUMBER_TYPES and op not in ("any_of",):
        return _compare(op, float(value), wanted, float)
    if kind in DAY_TYPES:
        return _date_op(board, op, _day(value), wanted)
    if kind == "timeline":
        return _timeline_op(board, op, value["from"], value["to"], wanted)
    if kind in EQUALITY_CHOICE:
        choices = wanted if op == "any_of" else [wanted]
        return any(_same(kind, value, w) for w in choices)
    if kind in LIST_CHOICE:
        return any(_same(kind, v, w) for v in value for w in wanted)
    raise AssertionError(f"the oracle knows no operator {op!r} on {kind}")


def _text_op(op: str, text: str, needle: str) -> bool:
    return {"contains_text": needle in text, "starts_with": text.startswith(needle),
            "ends_with": text.endswith(needle), "equals": text == needle}[op]


def _compare(op: str, value: Any, wanted: Any, coerce) -> bool:
    if op == "between":
        low, high = coerce(wanted[0]), coerce(wanted[1])
        return low <= value <= high
    target = coerce(wanted)
    return {"equals": value == target, "greater_than": value > target, "greater_than_or_equals": value >= target,
            "lower_than": value < target, "lower_than_or_equal": value <= target}[op]


def relative_span(op: str, wanted: Any, today: date) -> tuple[str, str] | None:
    if op == "within_the_next":
        return today.isoformat(), (today + timedelta(days=wanted["days"])).isoformat()
    if op == "within_the_last":
        return (today - timedelta(days=wanted["days"])).isoformat(), today.isoformat()
    if op == "is_today":
        return today.isoformat(), today.isoformat()
    return None


def _date_op(board: Board, op: str, day: str, wanted: Any) -> bool:
    if (span := relative_span(op, wanted, board.today)) is not None:
        return span[0] <= day <= span[1]
    if op == "is_overdue":
        return day < board.today.isoformat()
    return _compare(op, day, wanted, _day)


def _timeline_op(board: Board, op: str, start: str, end: str, wanted: Any) -> bool:
    if (span := relative_span(op, wanted, board.today)) is not None:
        return start <= span[1] and end >= span[0]
    if op == "is_overdue":
        return end < board.today.isoformat()
    if op == "between":
        low, high = _day(wanted[0]), _day(wanted[1])
        return start <= high and end >= low
    day = _day(wanted)
    return {"equals": start <= day <= end, "greater_than": start > day, "greater_than_or_equals": start >= day,
            "lower_than": end < day, "lower_than_or_equal": end <= day}[op]


# -- trees ----------------------------------------------------------------------------------------
def matches(board: Board, tree: Any, row: Row) -> bool:
    if not tree:
        return True
    if "and" in tree:
        return all(matches(board, child, row) for child in tree["and"])
    if "or" in tree:
        return any(matches(board, child, row) for child in tree["or"])
    return rule_matches(board, tree, row)


def select(board: Board, tree: Any, rows: list[Row]) -> set[int]:
    return {row.id for row in rows if matches(board, tree, row)}


# -- sorting --------------------------------------------------------------------------------------
def sort_value(board: Board, key: str, row: Row) -> Any:
    """What a row sorts by in this key (None: empty, sorted last)."""
    kind, column = field_of(board, key)
    value = raw_value(row, key, kind)
    if value is None:
        return None
    if kind in ("number", "rating", "auto_number", "group"):
        return float(value)
    if kind == "status":
        labels = [entry["label"] for entry in column.settings["labels"]]
        return labels.index(value)
    if kind == "people":
        return board.people[value[0]].lower()
    if kind in ("dropdown", "tags"):
        return value[0].lower()
    if kind == "timeline":
        return value["from"]
    if kind == "checkbox":
        return int(value)
    if kind in ("link", "location"):
        text = _text(kind, value)
        return text.lower() if text else None
    if isinstance(value, str) and kind not in ("date", "country"):
        return value.lower()
    return value


def order(board: Board, sort: list[dict], rows: list[Row]) -> list[int]:
    """Row ids in the order a sort list asks for: its keys, empty values last, then position, id."""
    def compare(a: Row, b: Row) -> int:
        for entry in sort:
            va, vb = sort_value(board, entry["column"], a), sort_value(board, entry["column"], b)
            if va == vb:
                continue
            if va is None:
                return 1
            if vb is None:
                return -1
            result = -1 if va < vb else 1
            return -result if entry.get("direction", "asc") == "desc" else result
        return (a.position > b.position) - (a.position < b.position) or (a.id > b.id) - (a.id < b.id)

    return [row.id for row in sorted(rows, key=functools.cmp_to_key(compare))]
