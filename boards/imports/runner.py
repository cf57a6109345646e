"""The import job: the file's rows in batches, each batch in one transaction together with the
import's progress, so a run that dies (a worker killed, a deploy) loses nothing and repeats
nothing: the next run skips the rows the committed progress counts and goes on from there.

A run holds the import by a lease (a token and a time). Every batch commits only through an
UPDATE that still finds its token, and extends the lease; a lease that runs out (the run died)
lets the sweeper start a new run, and a run that wakes up after losing its lease finds its
batch refused and stops. Rows are therefore written once, whatever the workers do.
"""
from __future__ import annotations

import itertools
import logging
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from datetime import timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from boards import indexes
from boards.activity import record
from boards.imports import storage
from boards.imports.context import MemberDirectory
from boards.imports.models import Import
from boards.imports.plan import Plan, compile_plan
from boards.imports.records import Record, data_records
from boards.imports.rows import Batch, prepare
from boards.imports.writer import Counts, Writer
from boards.models import Board, Column
from workspace import jobs
from workspace.cause import caused_by_import
from workspace.errors import ApiError
from workspace.extensions import db
from workspace.models import User
from workspace.timeutil import utcnow

log = logging.getLogger(__name__)
# Rows an import writes past which the planner's statistics of `items` are refreshed at its end.
ANALYZE_AFTER_ROWS = 5_000
Progress = Callable[[Import], None]


class LeaseLost(Exception):
    """Another run holds the import now: this one must stop without writing."""


def enqueue(import_id: int) -> None:
    """Runs the import on a worker (Redis) or in a thread of this process."""
    jobs.enqueue_long(run, import_id, job_options={"job_timeout": 12 * 3600, "result_ttl": 0})


def run(import_id: int, progress: Progress | None = None) -> None:
    """The job. Does nothing when another live run holds the import, or it has ended."""
    token = _claim(import_id)
    if token is None:
        return
    try:
        _run(import_id, token, progress)
    except LeaseLost:
        db.session.rollback()
        log.warning("import %s: another run took it over; this one stops", import_id)
    except Exception as error:  # noqa: BLE001 — the import fails, saying why, and its lease is let go
        db.session.rollback()
        if not isinstance(error, ApiError):
            log.exception("import %s failed", import_id)
        message = error.message if isinstance(error, ApiError) else _("The import stopped on an internal error.")
        _finish(import_id, token, "failed", message)


def _lease_until():
    return utcnow() + timedelta(seconds=current_app.config["IMPORT_LEASE_SECONDS"])


def _claim(import_id: int) -> str | None:
    now, token = utcnow(), uuid.uuid4().hex
    claimed = db.session.execute(update(Import).where(
        Import.id == import_id, Import.started_at.isnot(None), Import.status.in_(("pending", "running")),
        or_(Import.lease_until.is_(None), Import.lease_until < now))
        .values(lease_token=token, lease_until=_lease_until(), status="running")
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return token if claimed == 1 else None


def _run(import_id: int, token: str, progress: Progress | None) -> None:
    imp = db.session.get(Import, import_id)
    board = db.session.get(Board, imp.board_id)
    user = db.session.get(User, imp.user_id) if imp.user_id else None
    if board is None or board.deleted_at is not None:
        raise ApiError(_("The board is in the trash."))
    if user is None:
        raise ApiError(_("The user who started the import no longer exists."))
    plan = compile_plan(board, imp.headers, imp.mapping or {}, imp.options or {},
                        MemberDirectory(board.workspace_id))
    writer = Writer(imp, board, plan, user)
    with storage.local_copy(imp.id) as binary, closing(
            data_records(binary, imp.encoding, imp.delimiter, imp.header_row)) as records, closing(
            _prepared(itertools.islice(records, imp.processed, None), plan)) as batches:
        for batch in batches:
            if _cancel_requested(import_id):
                _finish(import_id, token, "cancelled")
                return
            with caused_by_import(import_id):
                counts = writer.write(batch)
            _commit_progress(import_id, token, batch.records, counts)
            if progress is not None:
                progress(db.session.get(Import, import_id))
    _finish(import_id, token, "succeeded")


def _prepared(records: Iterator[Record], plan: Plan) -> Iterator[Batch]:
    """The batches, each read and prepared in a thread while the one before is being written: the
    database checks and indexes a batch while Python parses the next (parsing needs no database)."""
    app, size = current_app._get_current_object(), current_app.config["IMPORT_BATCH_ROWS"]

    def read_next() -> Batch | None:
        with app.app_context():
            chunk = list(itertools.islice(records, size))
            return prepare(chunk, plan) if chunk else None

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="boardhouse-import-read") as reader:
        upcoming = reader.submit(read_next)
        while (batch := upcoming.result()) is not None:
            upcoming = reader.submit(read_next)
            yield batch


def _cancel_requested(import_id: int) -> bool:
    return bool(db.session.scalar(select(Import.cancel_requested).where(Import.id == import_id)))


def _commit_progress(import_id: int, token: str, records: int, counts: Counts) -> None:
    """The batch's progress, in the batch's transaction, only while this run holds the lease."""
    held = db.session.execute(update(Import).where(Import.id == import_id, Import.lease_token == token).values(
        processed=Import.processed + records, created=Import.created + counts.created,
        updated=Import.updated + counts.updated, skipped=Import.skipped + counts.skipped,
        failed=Import.failed + counts.failed, lease_until=_lease_until())
        .execution_options(synchronize_session=False)).rowcount
    if held != 1:
        raise LeaseLost()
    db.session.commit()


def _finish(import_id: int, token: str, status: str, error: str | None = None) -> None:
    """Ends the run: the new columns get their indexes, the board's history says what came in."""
    imp = db.session.get(Import, import_id)
    if imp.lease_token != token:
        return
    board = db.session.get(Board, imp.board_id)
    if not imp.dry_run:
        for column_id in imp.created_columns:
            column = db.session.get(Column, column_id)
            if column is not None and column.deleted_at is None:
                indexes.ensure_indexes(column)
        if imp.created or imp.updated:
            with caused_by_import(import_id):
                record("items_imported", board, user=db.session.get(User, imp.user_id) if imp.user_id else None,
                       new={"import_id": imp.id, "filename": imp.filename, "created": imp.created,
                            "updated": imp.updated, "failed": imp.failed})
    imp.status, imp.error, imp.finished_at = status, error, utcnow()
    imp.lease_token = imp.lease_until = None
    db.session.commit()
    if not imp.dry_run and imp.created + imp.updated >= ANALYZE_AFTER_ROWS:
        _refresh_planner_statistics(import_id)


def _refresh_planner_statistics(import_id: int) -> None:
    """ANALYZE items after a big import. Until autovacuum gets to it (late, or never where it is
    off) PostgreSQL plans the board's pages as if its rows were not there: paging a 100,000-item
    board scanned a whole per-board index for every page (an export took 17 s; 6 s analysed).
    ANALYZE reads a fixed sample, about a second, whatever the table's size. SQLite plans by its
    heuristics and has no statistics to refresh."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    try:
        db.session.execute(text("ANALYZE items"))
        db.session.commit()
    except SQLAlchemyError:  # statistics are an optimisation: the import has succeeded regardless
        db.session.rollback()
        log.warning("import %s: ANALYZE items failed", import_id, exc_info=True)


# -- the sweeper ------------------------------------------------------------------------------
@jobs.every(30)
def resume_stalled() -> None:
    """Starts a new run for every import whose run died (its lease ran out) or whose job was
    lost before any run took it (Redis down when it was started)."""
    now = utcnow()
    lease = timedelta(seconds=current_app.config["IMPORT_LEASE_SECONDS"])
    stalled = list(db.session.scalars(select(Import.id).where(
        Import.started_at.isnot(None),
        or_(and_(Import.status == "running", Import.lease_until < now),
            and_(Import.status == "pending", Import.lease_until.is_(None), Import.started_at < now - lease)))))
    db.session.commit()
    for import_id in stalled:
        log.info("import %s stalled; starting a new run", import_id)
        enqueue(import_id)


def progress_of(imp: Import) -> dict[str, Any]:
    return {"processed": imp.processed, "total": imp.total_rows,
            "percent": 100 if not imp.total_rows else min(100, round(100 * imp.processed / imp.total_rows))}
