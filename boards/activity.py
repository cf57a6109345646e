"""Activity rows: every change, written in the same transaction as the change itself."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from boards.models import Activity, Board, Item
from workspace.cause import current_cause
from workspace.extensions import db
from workspace.models import User


def record(kind: str, board: Board, *, item: Item | None = None, user: User | None = None,
           column_key: str | None = None, old: Any = None, new: Any = None) -> Activity:
    cause = current_cause()
    row = Activity(workspace_id=board.workspace_id, board_id=board.id, item_id=item.id if item else None,
                   user_id=user.id if user else None, kind=kind, column_key=column_key, old=old, new=new,
                   automation_id=cause.automation_id, depth=cause.depth,
                   import_id=cause.import_id)
    db.session.add(row)
    return row


def item_history(item: Item, limit: int = 200) -> list[Activity]:
    return list(db.session.scalars(
        select(Activity).where(Activity.workspace_id == item.workspace_id, Activity.item_id == item.id)
        .order_by(Activity.id.desc()).limit(limit)))


def serialize(row: Activity) -> dict:
    from workspace.timeutil import isoformat_utc

    return {"id": row.id, "board_id": row.board_id, "item_id": row.item_id, "user_id": row.user_id,
            "kind": row.kind, "column_key": row.column_key, "old": row.old, "new": row.new,
            "at": isoformat_utc(row.at), "automation_id": row.automation_id}
