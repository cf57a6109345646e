"""Dialect-aware SQL over an item's JSON values (JSONB on PostgreSQL, JSON text on SQLite).

Writes change only the given keys inside the database, so two people editing different
columns of one item never overwrite each other.
"""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Text, cast, func, literal
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.sql.elements import ColumnElement

from workspace.extensions import db


def dialect() -> str:
    return db.session.get_bind().dialect.name


def _path(key: str) -> str:
    return f'$."{key}"'


def patch_expression(values: ColumnElement, set_keys: dict[str, Any], remove_keys: list[str]) -> ColumnElement:
    """`values` with set_keys written and remove_keys removed, as one SQL expression."""
    if dialect() == "postgresql":
        expr = values
        if remove_keys:
            expr = expr.op("-")(literal(remove_keys, ARRAY(Text)))
        if set_keys:
            expr = expr.op("||")(cast(literal(json.dumps(set_keys)), JSONB))
        return expr
    expr = values
    if remove_keys:
        expr = func.json_remove(expr, *[_path(k) for k in remove_keys])
    if set_keys:
        pairs: list[Any] = []
        for key, value in set_keys.items():
            pairs += [_path(key), func.json(json.dumps(value))]
        expr = func.json_set(expr, *pairs)
    return expr


def has_key(values: ColumnElement, key: str) -> ColumnElement:
    if dialect() == "postgresql":
        return values.op("?", is_comparison=True)(key)
    return func.json_type(values, _path(key)).isnot(None)
