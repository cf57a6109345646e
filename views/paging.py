"""Keyset pagination: the cursor carries the sort key of the last row, so every page costs
the same and paging never repeats or skips an item, whatever changes meanwhile."""
from __future__ import annotations

import base64
import json
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, and_, false, or_
from sqlalchemy.sql.elements import ColumnElement

from workspace.errors import ApiError
from workspace.extensions import db

if TYPE_CHECKING:
    from views.sorting import SortKey


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


def decode_cursor(cursor: str, length: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError):
        raise BadCursor() from None
    if not isinstance(key, list) or len(key) != length:
        raise BadCursor()
    try:
        return [_decode_value(v) for v in key]
    except (ValueError, TypeError):
        raise BadCursor() from None


def after_key(keys: list[SortKey], values: list[Any]) -> ColumnElement:
    """Rows strictly after `values` in the order of `keys` (directions, empty values last),
    spelled out term by term so it works on every dialect."""
    clauses = []
    for i, (key, value) in enumerate(zip(keys, values, strict=True)):
        if value is None:
            continue  # nothing sorts after an empty value in this key: empties come last
        beyond = key.expr < value if key.descending else key.expr > value
        if key.nullable:
            beyond = or_(beyond, key.expr.is_(None))
        equal_before = [k.expr.is_(None) if v is None else k.expr == v for k, v in zip(keys[:i], values[:i],
                                                                                       strict=True)]
        clauses.append(and_(*equal_before, beyond))
    return or_(*clauses) if clauses else false()


def page(query: Select, keys: list[SortKey], limit: int, cursor: str | None) -> tuple[list[Any], str | None]:
    """One page of items: (items, next_cursor or None at the end). The sort keys are selected
    alongside each item, so the cursor holds exactly what the database compared."""
    query = query.add_columns(*[k.expr for k in keys])
    if cursor:
        query = query.where(after_key(keys, decode_cursor(cursor, len(keys))))
    rows = db.session.execute(query.order_by(*[k.order() for k in keys]).limit(limit + 1)).all()
    items = [row[0] for row in rows[:limit]]
    if len(rows) <= limit:
        return items, None
    return items, encode_cursor(list(rows[limit - 1][1:]))
