"""Float positions: a move writes one row; a group is renumbered only when a gap runs out."""
from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.sql.elements import ColumnElement

from workspace.extensions import db

STEP = 1024.0
MIN_GAP = 1e-6


def after_last(model, *where: ColumnElement) -> float:
    last = db.session.scalar(select(func.max(model.position)).where(*where))
    return (last or 0.0) + STEP


def between(low: float | None, high: float | None) -> float | None:
    """A position strictly between two neighbours, or None when they are too close."""
    if low is None and high is None:
        return STEP
    if low is None:
        return high - STEP
    if high is None:
        return low + STEP
    if high - low < 2 * MIN_GAP:  # so both halves keep at least MIN_GAP
        return None
    return (low + high) / 2


def renumber(model, *where: ColumnElement) -> None:
    """Spreads the rows matching `where` out to STEP apart, keeping their order."""
    ids = db.session.scalars(select(model.id).where(*where).order_by(model.position, model.id)).all()
    for index, row_id in enumerate(ids, start=1):
        db.session.execute(update(model).where(model.id == row_id).values(position=index * STEP))


def place(model, scope: tuple[ColumnElement, ...], moving_id: int | None,
          before_id: int | None, after_id: int | None) -> float:
    """Position for a row placed before `before_id` or after `after_id` within `scope`."""
    for attempt in range(2):
        anchor_id = before_id or after_id
        if anchor_id is None:
            return after_last(model, *scope)
        anchor = db.session.scalar(select(model.position).where(model.id == anchor_id, *scope))
        if anchor is None:
            return after_last(model, *scope)
        others = [*scope, model.id != moving_id] if moving_id else list(scope)
        if before_id:
            neighbour = db.session.scalar(select(func.max(model.position)).where(
                *others, model.position < anchor))
            position = between(neighbour, anchor)
        else:
            neighbour = db.session.scalar(select(func.min(model.position)).where(
                *others, model.position > anchor))
            position = between(anchor, neighbour)
        if position is not None:
            return position
        if attempt == 0:
            renumber(model, *scope)
    raise RuntimeError("could not find a position after renumbering")
