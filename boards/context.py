"""The FieldContext that column types see: the workspace's members and today's date."""
from __future__ import annotations

from datetime import date
from functools import cached_property

from sqlalchemy import func, or_, select

from workspace.extensions import db
from workspace.models import Membership, User


class WorkspaceContext:
    def __init__(self, workspace_id: int, today: date | None = None):
        self.workspace_id = workspace_id
        self._today = today

    @cached_property
    def _members(self) -> set[int]:
        return set(db.session.scalars(select(Membership.user_id).where(
            Membership.workspace_id == self.workspace_id)))

    def member_ids(self) -> set[int]:
        return self._members

    def find_member(self, text: str) -> int | None:
        needle = text.strip().lower()
        return db.session.scalar(
            select(User.id).join(Membership, Membership.user_id == User.id)
            .where(Membership.workspace_id == self.workspace_id,
                   or_(User.email == needle, func.lower(User.name) == needle))
            .order_by(User.id).limit(1))

    def today(self) -> date:
        return self._today or date.today()
