"""The FieldContext of an import: the workspace's members read once, so the readers of a people
column look names up in memory (no query per cell, and none from a reader thread)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from workspace.clock import today
from workspace.extensions import db
from workspace.models import Membership, User


class MemberDirectory:
    def __init__(self, workspace_id: int):
        rows = db.session.execute(select(User.id, User.email, User.name).join(
            Membership, Membership.user_id == User.id).where(Membership.workspace_id == workspace_id)
            .order_by(User.id)).all()
        self._ids = {row.id for row in rows}
        self._by_text: dict[str, int] = {}
        for row in rows:  # the lowest id wins a shared name, as WorkspaceContext.find_member does
            self._by_text.setdefault(row.email.lower(), row.id)
            self._by_text.setdefault(row.name.strip().lower(), row.id)
        self._today = today()

    def member_ids(self) -> set[int]:
        return self._ids

    def find_member(self, text: str) -> int | None:
        return self._by_text.get(text.strip().lower())

    def today(self) -> date:
        return self._today
