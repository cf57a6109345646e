"""Keyset pagination: the cursor carries the sort key of the last row, so every page costs
the same and paging never repeats or skips an item, whatever changes meanwhile."""
from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import Select, and_, or_
from sqlalchemy.sql.elements import ColumnElement

from workspace.errors import ApiError
from workspace.extensions import db


class BadCursor(ApiError):
    status = 400

    def __init__(self):
        super().__init__("the cursor is not valid for this list", {"cursor": "invalid"})


def encode_cursor(key: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, length: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError):
        raise BadCursor() from None
    if not isinstance(key, list) or len(key) != length:
        raise BadCursor()
    return key


def after_key(columns: list[ColumnElement], key: list[Any]) -> ColumnElement:
    """Rows strictly after `key` in ascending (columns...) order: a row-value comparison
    spelled out, so it works on every dialect and uses the (…, position, id) index."""
    clauses = []
    for i, column in enumerate(columns):
        equal_prefix = [columns[j] == key[j] for j in range(i)]
        clauses.append(and_(*equal_prefix, column > key[i]))
    return or_(*clauses)


def page(query: Select, order: list[ColumnElement], key_of: Callable[[Any], list[Any]], limit: int,
         cursor: str | None) -> tuple[list[Any], str | None]:
    """One page of `query` in ascending `order`: (rows, next_cursor or None at the end)."""
    if cursor:
        query = query.where(after_key(order, decode_cursor(cursor, len(order))))
    rows = list(db.session.scalars(query.order_by(*order).limit(limit + 1)))
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, encode_cursor(key_of(rows[-1]))
