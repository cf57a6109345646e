"""What triggers and actions see: the board's facts (for checks on save), the event, and the
run (the item, the actor, tokens, and follow-up work after commit)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from automations.registry import InvalidConfig
from boards.models import Board, Group, Item
from boards.service import columns_of, groups_of
from workspace.extensions import db
from workspace.models import User


@dataclass
class BoardFacts:
    """A board's columns, groups and members, looked up by the config checks."""

    board: Board

    @cached_property
    def columns(self) -> dict[str, Any]:
        return {c.key: c for c in columns_of(self.board)}

    @cached_property
    def groups(self) -> dict[int, Group]:
        return {g.id: g for g in groups_of(self.board)}

    @cached_property
    def member_ids(self) -> set[int]:
        from boards.context import WorkspaceContext

        return WorkspaceContext(self.board.workspace_id).member_ids()

    def column(self, key: Any, *types: str, what: str = "column") -> Any:
        column = self.columns.get(key) if isinstance(key, str) else None
        if column is None:
            raise InvalidConfig(f"there is no column {key!r} on this board")
        if types and column.type not in types:
            raise InvalidConfig(f"{what} {key!r} must be a {' or '.join(types)} column, not {column.type}")
        return column

    def group(self, group_id: Any) -> Group:
        group = self.groups.get(group_id) if isinstance(group_id, int) else None
        if group is None:
            raise InvalidConfig(f"there is no group {group_id!r} on this board")
        return group

    def member(self, user_id: Any) -> int:
        if not isinstance(user_id, int) or user_id not in self.member_ids:
            raise InvalidConfig(f"user {user_id!r} is not a member of this workspace")
        return user_id


@dataclass
class Event:
    """One committed change (an Activity row), or a moment for time triggers."""

    key: str  # the run's at-most-once key: "activity:<id>", "date:<item>:<value>", ...
    kind: str
    board_id: int
    item_id: int | None
    user_id: int | None = None
    column_key: str | None = None
    old: Any = None
    new: Any = None
    depth: int = 0
    activity_id: int | None = None


@dataclass
class RunContext:
    automation_id: int
    board: Board
    item: Item | None
    actor: User  # changes are made as the automation's owner, stamped with the automation
    event: Event
    today: date
    follow_ups: list[Callable[[], None]] = field(default_factory=list)
    run_id: int | None = None  # the AutomationRun row, for work after commit to record its outcome

    def after_commit(self, work: Callable[[], None]) -> None:
        """Work that leaves the system (e-mail, webhooks): done once the run's changes commit."""
        self.follow_ups.append(work)

    @cached_property
    def triggering_user(self) -> User | None:
        return db.session.get(User, self.event.user_id) if self.event.user_id else None

    def refresh_item(self) -> Item | None:
        if self.item is not None:
            self.item = db.session.get(Item, self.item.id)
        return self.item
