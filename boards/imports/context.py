"""The workspace's members read once, for the two directions of a CSV file: the FieldContext of an
import (the readers of a people column look names up in memory — no query per cell, and none from
a reader thread) and the ExportContext of an export (each person written so that the import finds
them again)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from fields.labels import one_name
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
        self._members = {row.id: row for row in rows}
        self._labels: dict[int, str] = {}  # worked out when an export asks, never on an import
        self._today = today()

    def member_ids(self) -> set[int]:
        return self._ids

    def find_member(self, text: str) -> int | None:
        return self._by_text.get(text.strip().lower())

    def today(self) -> date:
        return self._today

    def member_label(self, user_id: int) -> str:
        """A member's name, or their e-mail where the name is shared, empty, holds a list separator
        or reads as an id. Someone who has left: their e-mail (an import then says they are no
        member); a user who is gone: the id."""
        if user_id not in self._labels:
            self._labels[user_id] = self._label(user_id)
        return self._labels[user_id]

    def _label(self, user_id: int) -> str:
        member = self._members.get(user_id)
        if member is None:
            return db.session.scalar(select(User.email).where(User.id == user_id)) or str(user_id)
        readable = one_name(member.name)
        return readable if readable is not None and self.find_member(readable) == user_id else member.email
