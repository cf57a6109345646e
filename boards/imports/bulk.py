"""Bulk writes of an import batch, in the batch's transaction.

PostgreSQL: new items go in with COPY (ids drawn from the sequence first, so sub-items and links
can name them): a row costs what the items table's own checks and indexes cost, not a statement
round trip. SQLite: one executemany, ids taken after the board's counter update has made this
transaction the only writer.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Text, bindparam, cast, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from boards import jsonsql
from boards.models import Activity, Item
from workspace.extensions import db

ITEM_COLUMNS = ("id", "workspace_id", "board_id", "group_id", "parent_id", "name", "position", "values",
                "number", "created_by_id", "updated_by_id", "created_at", "updated_at", "import_id")
QUOTED_COLUMNS = ", ".join(f'"{name}"' for name in ITEM_COLUMNS)  # "values" is a keyword in SQL
SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"


def _postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def new_item_ids(count: int) -> list[int]:
    """Ids for `count` new items, in order."""
    if count == 0:
        return []
    if _postgresql():
        # The sequence looked up once: in the SELECT list it would be looked up for every row.
        sequence = db.session.scalar(text("SELECT pg_get_serial_sequence('items', 'id')::regclass::oid"))
        return db.session.scalar(text("SELECT array_agg(nextval(CAST(:seq AS oid))) FROM generate_series(1, :n)"),
                                 {"seq": sequence, "n": count})  # one row, not one per id
    first = (db.session.scalar(select(func.max(Item.id))) or 0) + 1
    return list(range(first, first + count))


def insert_items(rows: Sequence[tuple[Any, ...]]) -> None:
    """Rows are tuples in ITEM_COLUMNS order; `values` as a dict."""
    if not rows:
        return
    if _postgresql():
        connection = db.session.connection().connection.dbapi_connection
        with connection.cursor() as cursor, cursor.copy(
                f"COPY items ({', '.join(ITEM_COLUMNS)}) FROM STDIN") as copy:
            values_at = ITEM_COLUMNS.index("values")
            for row in rows:
                copy.write_row(row[:values_at] + (json.dumps(row[values_at]),) + row[values_at + 1:])
        return
    # The driver's own executemany: SQLAlchemy's per-row parameter processing would cost more than
    # the insert. Timestamps in the form SQLAlchemy stores them on SQLite.
    values_at, created_at = ITEM_COLUMNS.index("values"), ITEM_COLUMNS.index("created_at")
    prepared = []
    for row in rows:
        moment = row[created_at].strftime(SQLITE_DATETIME)
        prepared.append(row[:values_at] + (json.dumps(row[values_at]),) + row[values_at + 1:created_at]
                        + (moment, moment) + row[created_at + 2:])
    placeholders = ", ".join("?" for _ in ITEM_COLUMNS)
    db.session.connection().exec_driver_sql(
        f"INSERT INTO items ({QUOTED_COLUMNS}) VALUES ({placeholders})", prepared)


def update_values(changes: Sequence[tuple[int, dict[str, Any], list[str]]], user_id: int, now: datetime) -> None:
    """(item id, keys to set, keys to clear) for each item: only those keys change, in SQL."""
    if not changes:
        return
    if _postgresql():
        table = Item.__table__
        statement = (update(table).where(table.c.id == bindparam("item_id"))
                     .values(values=table.c["values"].op("-")(cast(bindparam("remove"), ARRAY(Text)))
                             .op("||")(cast(bindparam("patch"), JSONB)),
                             updated_at=now, updated_by_id=user_id))
        db.session.execute(statement, [{"item_id": item_id, "remove": clear, "patch": json.dumps(to_set)}
                                       for item_id, to_set, clear in changes])
        return
    for item_id, to_set, clear in changes:
        db.session.execute(update(Item).where(Item.id == item_id).values(
            values=jsonsql.patch_expression(Item.values, to_set, clear), updated_at=now, updated_by_id=user_id)
            .execution_options(synchronize_session=False))


def insert_activity(rows: list[dict[str, Any]]) -> None:
    """Activity rows of the import's changes; already processed, so they start no automation."""
    if rows:
        db.session.execute(insert(Activity.__table__), rows)
