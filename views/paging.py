"""Keyset pagination: the cursor carries the sort key of the last row, so every page costs
the same and paging never repeats or skips an item, whatever changes meanwhile."""
from __future__ import annotations

import base64
import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, false, literal, or_, tuple_
from sqlalchemy.sql.elements import ColumnElement

from views.sorting import SortKey
from workspace.errors import ApiError
from workspace.extensions import db


class BadCursor(ApiError):
    status = 400

    def __init__(self):
        super().__init__("the cursor is not valid for this list", {"cursor": "invalid"})


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, Decimal):
        return float(value)
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"$dt"}:
        return datetime.fromisoformat(value["$dt"])
    return value


def encode_cursor(key: list[Any]) -> str:
    payload = json.dumps([_encode_value(v) for v in key], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, keys: list[SortKey]) -> list[Any]:
    """The sort key a cursor carries, checked value by value against the sort it must belong to:
    a cursor from another sort, or a crafted one, is a 400, never a database error."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = json.loads(base64.urlsafe_b64decode(padded.encode()))
        values = [_decode_value(v) for v in raw] if isinstance(raw, list) else None
    except (ValueError, TypeError):
        raise BadCursor() from None
    if values is None or len(values) != len(keys):
        raise BadCursor()
    for key, value in zip(keys, values, strict=True):
        if not _fits(key, value):
            raise BadCursor()
    return values


def _fits(key: SortKey, value: Any) -> bool:
    if value is None:
        return key.nullable
    try:
        expected = key.expr.type.python_type
    except NotImplementedError:
        expected = object
    if expected is object:  # an untyped SQL expression: any scalar, never a list or object
        return isinstance(value, str | int | float)
    if isinstance(value, bool):
        return expected is bool
    if expected is float or expected is Decimal:
        return isinstance(value, int | float) and abs(value) < 1e300
    if expected is int:
        return isinstance(value, int) and abs(value) < 2**63
    return isinstance(value, expected)


def after_key(keys: list[SortKey], values: list[Any]) -> ColumnElement:
    """Rows strictly after `values` in the order of `keys` (directions, empty values last).

    A run of non-null keys sorted the same way is one row-value comparison — (position, id) >
    (p, i) — which the database turns into an index range, so page 1,000 costs what page 1
    costs. Other keys are spelled out term by term."""
    if values and values[0] is None:  # nothing sorts after an empty value: only the tail can differ
        return and_(keys[0].expr.is_(None), after_key(keys[1:], values[1:])) if len(keys) > 1 else false()
    if _same_direction_not_null(keys):
        row, bound = tuple_(*[k.expr for k in keys]), tuple_(*[literal_like(k, v) for k, v in zip(keys, values,
                                                                                                strict=True)])
        return row < bound if keys[0].descending else row > bound
    first, value = keys[0], values[0]
    beyond = first.expr < value if first.descending else first.expr > value
    if first.nullable:
        beyond = or_(beyond, first.expr.is_(None))  # empty values come after every value
    clause = or_(beyond, and_(first.expr == value, after_key(keys[1:], values[1:]))) if len(keys) > 1 else beyond
    if first.nullable:
        return clause
    # Redundant, but it bounds the index scan on the first key where the OR above cannot.
    return and_(first.expr <= value if first.descending else first.expr >= value, clause)


def _same_direction_not_null(keys: list[SortKey]) -> bool:
    return all(not k.nullable and k.descending == keys[0].descending for k in keys)


def literal_like(key: SortKey, value: Any) -> Any:
    return literal(value, key.expr.type)


def page(query: Select, keys: list[SortKey], limit: int, cursor: str | None) -> tuple[list[Any], str | None]:
    """One page: (rows, next_cursor or None at the end). Each row is the query's columns plus
    the sort keys (labelled _key0, _key1, ...), so the cursor holds exactly what the database
    compared.

    When the first key can be empty, the items with a value and the empty ones (which sort
    last) are read as two ranges, one after the other: each is a plain index range, where a
    single "x > v OR x IS NULL" condition would make the database scan from the start."""
    selected = query.add_columns(*[k.expr.label(f"_key{i}") for i, k in enumerate(keys)])
    order = [k.order() for k in keys]
    values = decode_cursor(cursor, keys) if cursor else None
    first = keys[0]
    if not first.nullable:
        ranges = [query_after(selected, keys, values)]
    elif values is not None and values[0] is None:
        ranges = [selected.where(after_key(keys, values))]
    else:
        with_value = selected.where(first.expr.isnot(None))
        ranges = [query_after(with_value, keys, values), selected.where(first.expr.is_(None))]
    rows: list[Any] = []
    for region in ranges:
        rows += db.session.execute(region.order_by(*order).limit(limit + 1 - len(rows))).all()
        if len(rows) > limit:
            break
    items = rows[:limit]
    if len(rows) <= limit:
        return items, None
    last = items[-1]._mapping
    return items, encode_cursor([last[f"_key{i}"] for i in range(len(keys))])


def query_after(query: Select, keys: list[SortKey], values: list[Any] | None) -> Select:
    if values is None:
        return query
    if keys[0].nullable:  # this range holds only items with a value in the first key
        keys = [SortKey(keys[0].expr, keys[0].descending, nullable=False), *keys[1:]]
    return query.where(after_key(keys, values))
