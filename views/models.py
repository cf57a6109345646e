"""Saved views of a board, and the manual order of cards inside a kanban view's lanes."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workspace.extensions import JSONValue, db
from workspace.timeutil import utcnow


class View(db.Model):
    __tablename__ = "views"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(32))
    filter: Mapped[dict[str, Any]] = mapped_column(JSONValue, default=dict)
    sort: Mapped[list[Any]] = mapped_column(JSONValue, default=list)
    settings: Mapped[dict[str, Any]] = mapped_column(JSONValue, default=dict)
    shared: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CardPosition(db.Model):
    """Where a person dragged a card inside a kanban lane; cards never dragged follow the board."""

    __tablename__ = "card_positions"
    __table_args__ = (UniqueConstraint("view_id", "item_id"),
                      Index("ix_card_positions_view_pos", "view_id", "position"))

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    view_id: Mapped[int] = mapped_column(ForeignKey("views.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    position: Mapped[float] = mapped_column(Float)
