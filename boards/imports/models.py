"""An import and what it keeps: the uploaded file (in chunks, so any web process or worker can
read it), the rows that failed, and mappings saved for the next file of the same shape."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workspace.extensions import JSONValue, db
from workspace.timeutil import utcnow

STATUSES = ("pending", "running", "succeeded", "failed", "cancelled")
FINISHED = ("succeeded", "failed", "cancelled")


class Import(db.Model):
    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(String(255), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)  # bytes
    # What the upload found (boards/imports/sniff.py); the user may override each.
    encoding: Mapped[str] = mapped_column(String(40))
    delimiter: Mapped[str] = mapped_column(String(4))
    header_row: Mapped[int] = mapped_column(Integer, default=0)  # records before the header
    headers: Mapped[list[str]] = mapped_column(JSONValue, default=list)
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    preview: Mapped[list[list[str]]] = mapped_column(JSONValue, default=list)
    # Each header's distinct texts (up to the survey's cap): labels an import adds to a column.
    samples: Mapped[dict[str, list[str]]] = mapped_column(JSONValue, default=dict)
    suggested_mapping: Mapped[dict[str, Any]] = mapped_column(JSONValue, default=dict)
    suggested_options: Mapped[dict[str, Any]] = mapped_column(JSONValue, default=dict)
    # What the user chose on start.
    mapping: Mapped[dict[str, Any] | None] = mapped_column(JSONValue)
    options: Mapped[dict[str, Any] | None] = mapped_column(JSONValue)
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    # Progress, committed with each batch: `processed` data rows are done and never read again.
    processed: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    # The run that holds the import: a batch commits only while its token still holds the lease,
    # so a run thought dead that wakes up can never write a batch twice (boards/imports/runner.py).
    lease_token: Mapped[str | None] = mapped_column(String(32))
    lease_until: Mapped[datetime | None]
    # Columns and groups this import created (columns get their indexes when the import ends;
    # undo trashes the groups it left empty).
    created_columns: Mapped[list[int]] = mapped_column(JSONValue, default=list)
    created_groups: Mapped[list[int]] = mapped_column(JSONValue, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    undone_at: Mapped[datetime | None]


class ImportChunk(db.Model):
    """One piece (up to CHUNK_SIZE bytes) of an uploaded file, read back in order by `seq`."""

    __tablename__ = "import_chunks"
    __table_args__ = (UniqueConstraint("import_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ImportFailure(db.Model):
    """A row that could not be imported: where, which cell, why, and the row as it was, so the
    errors CSV can hand it back to be fixed and imported again."""

    __tablename__ = "import_failures"
    __table_args__ = (Index("ix_import_failures_import_line", "import_id", "line"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id", ondelete="CASCADE"))
    line: Mapped[int] = mapped_column(Integer)  # the row's first line in the file, 1-based
    header: Mapped[str | None] = mapped_column(String(200))  # the CSV column, when one cell is to blame
    value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    cells: Mapped[list[str]] = mapped_column(JSONValue, default=list)


class SavedMapping(db.Model):
    """A mapping kept for the next file of the same shape (matched by its headers)."""

    __tablename__ = "import_mappings"
    __table_args__ = (UniqueConstraint("board_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    headers: Mapped[list[str]] = mapped_column(JSONValue, default=list)
    mapping: Mapped[dict[str, Any]] = mapped_column(JSONValue, default=dict)
    options: Mapped[dict[str, Any]] = mapped_column(JSONValue, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
