"""Filter and sort compilers shared by the column types, one per family of value.

A type's compile_filter(operator, value, expr) checks the operator's value and returns a
SQLAlchemy clause; `expr` (a ValueSQL, built by views/ for the dialect in use) knows how to
read the column's value in SQL. Nothing here runs a query, and nothing filters in Python.
Every negative operator (not_equals, not_any_of, not_contains_text) also matches items whose
value is empty, as a person reading "stage is not Won" expects. Positive clauses need no
"value is present" test: a comparison with an absent value is SQL NULL, which a WHERE (and the
and/or of a filter tree) treats as false — and an extra test only muddles the planner's estimates.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, Protocol

from sqlalchemy import and_, false, func, not_, or_, true
from sqlalchemy.sql.elements import ColumnElement

from fields.base import InvalidValue

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


class ValueSQL(Protocol):
    """How a column's value reads in SQL, on the dialect in use."""

    def text(self, *subkeys: str) -> ColumnElement:
        """The value (or a key inside it) as SQL text; NULL when absent."""
        ...

    def number(self) -> ColumnElement: ...

    def present(self) -> ColumnElement:
        """The item has a value in this column (empty values are never stored)."""
        ...

    def equals_json(self, value: Any) -> ColumnElement:
        """The stored value equals `value` (an index-friendly containment test on PostgreSQL)."""
        ...

    def has_element(self, values: list[Any]) -> ColumnElement:
        """The stored list holds any of `values`."""
        ...

    def first_element_text(self) -> ColumnElement: ...

    def person_name(self) -> ColumnElement:
        """The name of the first person in a people value, for sorting."""
        ...

    def item_column(self, name: str) -> ColumnElement:
        """A column of the item row itself (number, created_at, ...), for read-only types."""
        ...

    def item_day(self, name: str) -> ColumnElement:
        """A timestamp column of the item row as 'YYYY-MM-DD' text."""
        ...

    def today(self) -> date: ...

    def me(self) -> int | None:
        """The id of the user looking at the view ("me" in a people filter), if any."""
        ...


def refuse(reason: str) -> InvalidValue:
    return InvalidValue(reason)


def _negate(clause: ColumnElement, present: ColumnElement) -> ColumnElement:
    # coalesce: a value can be present while the part compared is not (a location without an
    # address), and NOT over SQL NULL is NULL, not true.
    return or_(not_(present), not_(func.coalesce(clause, false())))


def empty_filter(operator: str, present: ColumnElement) -> ColumnElement | None:
    if operator == "is_empty":
        return not_(present)
    if operator == "is_not_empty":
        return present
    return None


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _string(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise refuse("value must be a non-empty string")
    if "\x00" in value:
        raise refuse("value must not contain a NUL character")
    return value


MAX_DAYS = 36500


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise refuse("value must be a number")
    if isinstance(value, int) and abs(value) >= 2**53:
        value = float(value)  # beyond what a 64-bit integer parameter can carry
    if abs(value) == float("inf"):
        raise refuse("value must be a finite number")
    return value


def _pair(value: Any, each: Callable[[Any], Any]) -> tuple[Any, Any]:
    if not isinstance(value, list) or len(value) != 2:
        raise refuse("value must be a list [low, high]")
    low, high = each(value[0]), each(value[1])
    if low > high:
        raise refuse("low must not be above high")
    return low, high


def _days(value: Any) -> int:
    days = value.get("days") if isinstance(value, dict) else None
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DAYS:
        raise refuse(f'value must be {{"days": n}} with 0 ≤ n ≤ {MAX_DAYS}')
    return days


def iso_date(value: Any) -> str:
    if not isinstance(value, str) or not _DATE.match(value):
        raise refuse("value must be a date YYYY-MM-DD")
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        raise refuse(f"not a calendar date: {value!r}") from None
    return value[:10]


def text_filter(operator: str, value: Any, text: ColumnElement, present: ColumnElement) -> ColumnElement:
    """Case-insensitive text operators over a text expression."""
    if (clause := empty_filter(operator, present)) is not None:
        return clause
    lowered = func.lower(text)
    needle = _string(value).lower()
    patterns = {"contains_text": f"%{_escape_like(needle)}%", "not_contains_text": f"%{_escape_like(needle)}%",
                "starts_with": f"{_escape_like(needle)}%", "ends_with": f"%{_escape_like(needle)}"}
    if operator in patterns:
        clause = lowered.like(patterns[operator], escape="\\")
        return _negate(clause, present) if operator == "not_contains_text" else clause
    if operator in ("equals", "not_equals"):
        clause = lowered == needle
        return _negate(clause, present) if operator == "not_equals" else clause
    raise refuse(f"unsupported operator {operator!r}")


def compare_filter(operator: str, value: Any, expr: ColumnElement, present: ColumnElement,
                   coerce: Callable[[Any], Any]) -> ColumnElement:
    """=, ≠, <, ≤, >, ≥ and between over an ordered expression (numbers, ISO dates)."""
    if (clause := empty_filter(operator, present)) is not None:
        return clause
    if operator == "between":
        low, high = _pair(value, coerce)
        return and_(expr >= low, expr <= high)
    target = coerce(value)
    clauses = {"equals": expr == target, "greater_than": expr > target, "greater_than_or_equals": expr >= target,
               "lower_than": expr < target, "lower_than_or_equal": expr <= target}
    if operator == "not_equals":
        return _negate(expr == target, present)
    if operator in clauses:
        return and_(clauses[operator])
    raise refuse(f"unsupported operator {operator!r}")


def number_filter(operator: str, value: Any, expr: ValueSQL) -> ColumnElement:
    return compare_filter(operator, value, expr.number(), expr.present(), _number)


def number_filter_on(operator: str, value: Any, column: ColumnElement) -> ColumnElement:
    """Number operators over a column that always has a value (the item's own number)."""
    return compare_filter(operator, value, column, true(), _number)


def relative_dates(operator: str, value: Any, today: date) -> tuple[str, str] | None:
    """The inclusive [from, to] ISO range a relative date operator means, or None."""
    if operator == "within_the_next":
        return today.isoformat(), (today + timedelta(days=_days(value))).isoformat()
    if operator == "within_the_last":
        return (today - timedelta(days=_days(value))).isoformat(), today.isoformat()
    if operator == "is_today":
        return today.isoformat(), today.isoformat()
    return None


def _next_day(day: str) -> str:
    if day == date.max.isoformat():
        return "9999-12-32"  # above every stamp of the last day, in any collation
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def date_filter(operator: str, value: Any, stamp: ColumnElement, present: ColumnElement,
                today: date) -> ColumnElement:
    """Date operators by calendar day over ISO text ('YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM').

    Every bound is a half-open range on the raw text (on or after d = ">= d", on or before d =
    "< d+1"), because ISO text sorts chronologically and the raw expression is what the
    column's index is built on — no per-row function call."""
    if (clause := empty_filter(operator, present)) is not None:
        return clause
    if (span := relative_dates(operator, value, today)) is not None:
        return and_(stamp >= span[0], stamp < _next_day(span[1]))
    if operator == "is_overdue":
        return and_(stamp < today.isoformat())
    if operator == "between":
        low, high = _pair(value, iso_date)
        return and_(stamp >= low, stamp < _next_day(high))
    day = iso_date(value)
    on_day = and_(stamp >= day, stamp < _next_day(day))
    clauses = {"equals": on_day, "greater_than": stamp >= _next_day(day), "greater_than_or_equals": stamp >= day,
               "lower_than": stamp < day, "lower_than_or_equal": stamp < _next_day(day)}
    if operator == "not_equals":
        return _negate(on_day, present)
    if operator in clauses:
        return and_(clauses[operator])
    raise refuse(f"unsupported operator {operator!r}")


def timeline_filter(operator: str, value: Any, expr: ValueSQL) -> ColumnElement:
    """A timeline is a span: `equals d` means d falls inside it, `between` means the spans
    overlap, `greater_than d` that it starts after d, `lower_than d` that it ends before d."""
    present = expr.present()
    if (clause := empty_filter(operator, present)) is not None:
        return clause
    start, end = expr.text("from"), expr.text("to")
    if (span := relative_dates(operator, value, expr.today())) is not None:
        return and_(start <= span[1], end >= span[0])
    if operator == "is_overdue":
        return and_(end < expr.today().isoformat())
    if operator == "between":
        low, high = _pair(value, iso_date)
        return and_(start <= high, end >= low)
    day = iso_date(value)
    inside = and_(start <= day, end >= day)
    clauses = {"equals": inside, "greater_than": start > day, "greater_than_or_equals": start >= day,
               "lower_than": end < day, "lower_than_or_equal": end <= day}
    if operator == "not_equals":
        return _negate(inside, present)
    if operator in clauses:
        return and_(clauses[operator])
    raise refuse(f"unsupported operator {operator!r}")


def choice_filter(operator: str, value: Any, expr: ValueSQL, validate: Callable[[Any], Any],
                  *, is_list: bool) -> ColumnElement:
    """any_of / not_any_of / equals / not_equals over a label-like value or a list of them."""
    present = expr.present()
    if (clause := empty_filter(operator, present)) is not None:
        return clause
    if operator in ("any_of", "not_any_of"):
        if not isinstance(value, list) or not value:
            raise refuse("value must be a non-empty list")
        wanted = [validate(v) for v in value]
    elif operator in ("equals", "not_equals"):
        wanted = [validate(value)]
    else:
        raise refuse(f"unsupported operator {operator!r}")
    clause = expr.has_element(wanted) if is_list else or_(*[expr.equals_json(v) for v in wanted])
    return _negate(clause, present) if operator.startswith("not_") else clause


class ListChoiceFilters:
    """Filters and sort of a list of labels (dropdown, tags): membership of validated elements,
    sorted by the first element."""

    def filter_clause(self, operator, value, expr):
        return choice_filter(operator, value, expr, self._element, is_list=True)

    def _element(self, value):
        cleaned = self.validate([value])
        if not cleaned:
            raise InvalidValue("value must not be empty")
        return cleaned[0]

    def sort_expression(self, expr):
        return func.lower(expr.first_element_text())


def label_order(text: ColumnElement, labels: list[str]) -> ColumnElement:
    """Sorts a label by its place in the column's list (unknown labels after the known ones);
    an empty value stays NULL, so it sorts last in both directions."""
    from sqlalchemy import case, null

    if not labels:
        return text
    return case((text.is_(None), null()), *[(text == label, index) for index, label in enumerate(labels)],
                else_=len(labels))


__all__ = ["ValueSQL", "true"]
