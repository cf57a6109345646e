"""Kanban lanes: each lane's count from one GROUP BY, lanes in the column's label order, and
the manual order of cards inside a lane."""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import String, func, literal, not_, select, text, true
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.sql.elements import ColumnElement

from boards import positions
from boards.models import Board, Column, Item
from boards.valuesql import JsonValueSQL
from fields import column_types
from views.models import CardPosition, View
from views.service import ItemQuery, build
from views.sorting import SortKey
from workspace.extensions import db

LIST_TYPES = {"dropdown", "tags", "people"}


def lane_column(board: Board, view: View) -> Column:
    return db.session.scalar(select(Column).where(
        Column.board_id == board.id, Column.key == view.settings["column"], Column.deleted_at.is_(None)))


def _decoder(column: Column):
    """Turns a lane value read as SQL text back into its JSON value, by the column's schema:
    strings stay as they are, anything else (true, 5) is JSON."""
    schema = column_types.get(column.type).value_schema
    element = schema.get("items", {}) if schema.get("type") == "array" else schema
    if element.get("type") == "string":
        return lambda raw: raw
    return lambda raw: None if raw is None else json.loads(str(raw))


def _json(raw: Any) -> Any:
    return None if raw is None else json.loads(raw)


def lane_counts(board: Board, view: View, spec: ItemQuery) -> list[dict[str, Any]]:
    """[{value, count}] for every lane, the empty lane (value None) last, from one GROUP BY."""
    column = lane_column(board, view)
    if column is None:
        return []
    dialect = db.session.get_bind().dialect.name
    query, _ = build(board, spec)
    if column.type in LIST_TYPES:
        filtered = query.with_only_columns(Item.id, Item.values).subquery()
        if dialect == "postgresql":
            node = filtered.c["values"].op("->", return_type=JSONB)(literal(column.key, String))
            elements = func.jsonb_array_elements_text(node).table_valued("value").lateral("lane")
        else:
            elements = func.json_each(filtered.c["values"], f'$."{column.key}"').table_valued("value").alias("lane")
        stmt = (select(elements.c.value, func.count()).select_from(filtered).outerjoin(elements, true())
                .group_by(text("1")))
    else:
        # The plain text of the value groups fastest. Grouped by position: the key is a bound
        # parameter, and PostgreSQL matches GROUP BY to the SELECT list before binding it.
        if dialect == "postgresql":
            value = JsonValueSQL(column.key, dialect, None).text()
        else:  # SQLite's JSON text keeps true apart from 1
            value = Item.values.op("->", return_type=String)(literal(f'$."{column.key}"', String))
        stmt = query.with_only_columns(value, func.count()).group_by(text("1"))
    decode = _decoder(column) if dialect == "postgresql" or column.type in LIST_TYPES else _json
    counts: dict[str, int] = {}
    for raw, count in db.session.execute(stmt):
        key = json.dumps(decode(raw))
        counts[key] = counts.get(key, 0) + count
    return _ordered_lanes(column, counts)


def _ordered_lanes(column: Column, counts: dict[str, int]) -> list[dict[str, Any]]:
    labels = column.settings.get("labels") or []
    known = [entry["label"] if isinstance(entry, dict) else entry for entry in labels]
    if column.type == "checkbox":
        known = [True, False]
    lanes = [{"value": label, "count": counts.pop(json.dumps(label), 0)} for label in known]
    empty = counts.pop("null", 0)
    rest = sorted(((json.loads(k), v) for k, v in counts.items()), key=lambda kv: str(kv[0]))
    lanes += [{"value": value, "count": count} for value, count in rest]
    lanes.append({"value": None, "count": empty})
    return lanes


def lane_clause(column: Column, lane: Any) -> ColumnElement:
    """SQL selecting one lane's cards (lane None: the items with no value). Plain JSON equality,
    not the filter language, so a lane of a value that is no longer one of the column's labels
    still lists its cards."""
    value = JsonValueSQL(column.key, db.session.get_bind().dialect.name, None)
    if lane is None:
        return not_(value.present())
    if column.type in LIST_TYPES:
        return value.has_element([lane])
    return value.equals_json(lane)


def card_order(view: View) -> SortKey:
    """Cards a person dragged keep their place; the others follow the board's order."""
    dragged = select(CardPosition.position).where(CardPosition.view_id == view.id,
                                                  CardPosition.item_id == Item.id).scalar_subquery()
    return SortKey(func.coalesce(dragged, Item.position), nullable=False)


def place_card(view: View, item: Item, before_id: int | None, after_id: int | None) -> float:
    """Stores where a card was dropped inside its lane, between its new neighbours."""
    def key_of(item_id: int) -> float | None:
        stored = db.session.scalar(select(CardPosition.position).where(
            CardPosition.view_id == view.id, CardPosition.item_id == item_id))
        return stored if stored is not None else db.session.scalar(select(Item.position).where(Item.id == item_id))

    low = key_of(after_id) if after_id else None
    high = key_of(before_id) if before_id else None
    if low is None and high is None:
        position = positions.STEP
    elif low is None:
        position = high - positions.STEP
    elif high is None:
        position = low + positions.STEP
    else:
        position = (low + high) / 2
    row = db.session.scalar(select(CardPosition).where(CardPosition.view_id == view.id,
                                                       CardPosition.item_id == item.id))
    if row is None:
        db.session.add(CardPosition(workspace_id=view.workspace_id, view_id=view.id, item_id=item.id,
                                    position=position))
    else:
        row.position = position
    return position


def value_in_lane(column: Column, current: Any, from_lane: Any, lane: Any) -> Any:
    """The column value a card dropped into `lane` gets. A list value (tags, people, dropdown)
    swaps the lane it left for the new one and keeps its other elements."""
    if column.type not in LIST_TYPES:
        return lane
    kept = [v for v in (current or []) if v != from_lane and v != lane]
    return kept + [lane] if lane is not None else (kept or None)
