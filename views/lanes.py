"""Kanban lanes: each lane's count from one GROUP BY, lanes in the column's label order, and
the manual order of cards inside a lane."""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import String, cast, func, literal, select, true
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import aliased

from boards import positions
from boards.models import Board, Column, Item
from views.models import CardPosition, View
from views.service import ItemQuery, build
from views.sorting import SortKey
from workspace.extensions import db

LIST_TYPES = {"dropdown", "tags", "people"}


def lane_column(board: Board, view: View) -> Column:
    return db.session.scalar(select(Column).where(
        Column.board_id == board.id, Column.key == view.settings["column"], Column.deleted_at.is_(None)))


def _json_value(item, key: str, dialect: str):
    """The value as JSON: jsonb on PostgreSQL (decoded by the driver), JSON text on SQLite."""
    if dialect == "postgresql":
        return item.values.op("->", return_type=JSONB)(literal(key, String))
    return item.values.op("->", return_type=String)(literal(f'$."{key}"', String))


def lane_counts(board: Board, view: View, spec: ItemQuery) -> list[dict[str, Any]]:
    """[{value, count}] for every lane, empty lane (value None) last, in one grouped query."""
    column = lane_column(board, view)
    if column is None:
        return []
    dialect = db.session.get_bind().dialect.name
    query, _ = build(board, spec)
    filtered = query.with_only_columns(Item.id, Item.values).subquery()
    if column.type in LIST_TYPES:
        if dialect == "postgresql":
            elements = func.jsonb_array_elements(filtered.c["values"].op("->")(literal(column.key, String))) \
                .table_valued("value").lateral("lane")
            stmt = (select(elements.c.value, func.count()).select_from(filtered)
                    .outerjoin(elements, true()).group_by(elements.c.value))
        else:
            elements = func.json_each(filtered.c["values"], f'$."{column.key}"').table_valued("value", "type") \
                .alias("lane")
            # As JSON text, like the scalar branch: '"vip"' for a tag, '5' for a person's id.
            lane = func.iif(elements.c.type == "text", func.json_quote(elements.c.value),
                            cast(elements.c.value, String))
            stmt = (select(lane, func.count()).select_from(filtered).outerjoin(elements, true())
                    .group_by(lane))
    else:
        base = aliased(Item, filtered)
        value = _json_value(base, column.key, dialect)
        stmt = select(value, func.count()).select_from(base).group_by(value)
    counts: dict[str, int] = {}
    for raw, count in db.session.execute(stmt):
        decoded = json.loads(raw) if dialect != "postgresql" and raw is not None else raw
        counts[json.dumps(decoded)] = counts.get(json.dumps(decoded), 0) + count
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


def lane_filter(column: Column, lane: Any) -> dict:
    """The filter rule selecting one lane's cards (None: the lane of items with no value)."""
    if lane is None:
        return {"column": column.key, "operator": "is_empty"}
    return {"column": column.key, "operator": "any_of", "value": [lane]}


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
