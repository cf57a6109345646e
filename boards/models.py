"""Boards and everything on them. Every table carries workspace_id (see DESIGN.md)."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workspace.extensions import JSONValue, db
from workspace.timeutil import utcnow


class Board(db.Model):
    __tablename__ = "boards"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # The last auto_number handed out on this board; bumped in the item's transaction.
    item_counter: Mapped[int] = mapped_column(Integer, default=0)
    # A fresh token whenever the board's columns change: the key of the column cache
    # (boards/service.py). Random, so a rolled-back change can never be mistaken for a later one.
    columns_token: Mapped[str] = mapped_column(String(32), default=lambda: uuid.uuid4().hex, server_default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]


class Group(db.Model):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    color: Mapped[str] = mapped_column(String(16), default="#579bfc")
    position: Mapped[float] = mapped_column(Float)
    collapsed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]


class Column(db.Model):
    __tablename__ = "columns"
    __table_args__ = (UniqueConstraint("board_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(32))
    settings: Mapped[dict[str, Any]] = mapped_column(JSONValue, default=dict)
    scope: Mapped[str] = mapped_column(String(8), default="item")
    position: Mapped[float] = mapped_column(Float)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]


class Item(db.Model):
    __tablename__ = "items"
    __table_args__ = (
        Index("ix_items_board_position", "board_id", "position", "id"),
        Index("ix_items_group_position", "group_id", "position", "id"),
        Index("ix_items_parent_position", "parent_id", "position", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(500))
    position: Mapped[float] = mapped_column(Float)
    values: Mapped[dict[str, Any]] = mapped_column(JSONValue, default=dict)
    number: Mapped[int] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]
    # What sent it to the trash along with itself ("group:7", "item:42"); NULL when trashed directly.
    # Restoring that group or parent brings back exactly the items it took with it.
    trash_cause: Mapped[str | None] = mapped_column(String(40))
    # The CSV import that created it (boards/imports/); no foreign key, so a bulk insert pays
    # no check for it, and undoing the import finds its items by it.
    import_id: Mapped[int | None] = mapped_column(Integer)

    parent: Mapped[Item | None] = relationship(remote_side=[id])


class ItemLink(db.Model):
    """The truth for connect-boards columns: from_item links to_item through column."""

    __tablename__ = "item_links"
    __table_args__ = (UniqueConstraint("column_id", "from_item_id", "to_item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    column_id: Mapped[int] = mapped_column(ForeignKey("columns.id", ondelete="CASCADE"))
    from_item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    to_item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]


class Activity(db.Model):
    """One change: the item's history, undo, and the automation event outbox."""

    __event__ = True  # published to subscribers after commit (workspace/events.py)

    __tablename__ = "activity"
    __table_args__ = (Index("ix_activity_item_at", "item_id", "id"),
                      Index("ix_activity_unprocessed", "id", postgresql_where=text("processed_at IS NULL"),
                            sqlite_where=text("processed_at IS NULL")),
                      Index("ix_activity_import", "import_id", postgresql_where=text("import_id IS NOT NULL"),
                            sqlite_where=text("import_id IS NOT NULL")))

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(40))
    column_key: Mapped[str | None] = mapped_column(String(64))
    old: Mapped[Any] = mapped_column(JSONValue, nullable=True)
    new: Mapped[Any] = mapped_column(JSONValue, nullable=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # Made by an automation (workspace/cause.py): which one, and how deep in a chain.
    automation_id: Mapped[int | None] = mapped_column(Integer)
    depth: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Made by a CSV import: undoing the import reverts the changes that carry its id.
    import_id: Mapped[int | None] = mapped_column(Integer)
    # When the automation engine handled it; the sweeper re-sends events still NULL after a while.
    processed_at: Mapped[datetime | None]


class Update(db.Model):
    """A comment in an item's updates thread. `mentions` holds the ids of the workspace members
    it @-mentions (boards/updates.py); deleted_at hides it without losing the thread's history."""

    __tablename__ = "item_updates"
    __table_args__ = (Index("ix_item_updates_item_id_id", "item_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    # SET NULL like Activity.user_id: a removed user's comments stay in the thread.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    mentions: Mapped[list[int]] = mapped_column(JSONValue, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
