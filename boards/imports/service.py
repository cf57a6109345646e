"""Imports: upload (sniff, survey, suggest), read again with other settings, start (a dry run or
the real thing), cancel, and what the API shows of one. Undo is in undo.py, the job in runner.py."""
from __future__ import annotations

import codecs
from typing import Any, BinaryIO

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from boards import columns as column_service
from boards.context import WorkspaceContext
from boards.imports import plan, runner, storage
from boards.imports.models import FINISHED, Import, ImportFailure, SavedMapping
from boards.imports.records import UnreadableCsv
from boards.imports.sniff import NotACsv, describe_encoding, sniff
from boards.imports.survey import Survey, survey
from boards.models import Board
from boards.service import columns_of, get_board
from fields import column_types
from workspace import events
from workspace.access import require_role
from workspace.errors import Conflict, Forbidden, Invalid, NotFound
from workspace.extensions import db
from workspace.models import Role, User
from workspace.timeutil import isoformat_utc, utcnow

DELIMITERS = (",", ";", "\t", "|")
FALLBACK_ENCODING = "cp1252"  # what a file that is not UTF-8 after all most often is (Excel on Windows)


def get_import(import_id: int, needed: Role = Role.member) -> Import:
    """The import, for a member of its workspace whose board is live; 404 for anyone else."""
    imp = db.session.get(Import, import_id)
    if imp is None:
        raise NotFound("import")
    require_role(imp.workspace_id, needed, "import")
    get_board(imp.board_id, needed)
    return imp


# -- upload ------------------------------------------------------------------------------------
def upload(board: Board, user: User, stream: BinaryIO, filename: str, *, encoding: str | None = None,
           delimiter: str | None = None, header_row: int | None = None) -> Import:
    """Keeps the file and says how it reads: encoding, delimiter, header, row count, a preview and a
    suggested mapping. Nothing is written to the board. 413 beyond the limits, 422 for a file
    that is not CSV text (empty, binary, unreadable)."""
    config = current_app.config
    with storage.spooled(stream, config["IMPORT_MAX_BYTES"]) as local:
        imp = Import(workspace_id=board.workspace_id, board_id=board.id, user_id=user.id,
                     filename=(filename or "upload.csv")[:255], size=local.seek(0, 2), encoding="utf-8",
                     delimiter=",", header_row=0)
        local.seek(0)
        _read(imp, board, local, encoding, delimiter, header_row)
        db.session.add(imp)
        db.session.flush()
        storage.store(imp, local)
    return imp


def reread(imp: Import, *, encoding: str | None = None, delimiter: str | None = None,
           header_row: int | None = None) -> Import:
    """Reads the kept file again with the settings given (the rest as they were)."""
    _check_not_started(imp)
    board = get_board(imp.board_id, Role.member)
    with storage.local_copy(imp.id) as local:
        _read(imp, board, local, encoding or imp.encoding, delimiter or imp.delimiter,
              imp.header_row if header_row is None else header_row)
    return imp


def _read(imp: Import, board: Board, local: BinaryIO, encoding: str | None, delimiter: str | None,
          header_row: int | None) -> None:
    head = storage.head_of(local)
    try:
        found = sniff(head, complete=imp.size <= len(head))
    except NotACsv as error:
        raise Invalid({"file": error.reason}, error.reason) from None
    imp.encoding = _checked_encoding(encoding) if encoding else found.encoding
    imp.delimiter = _checked_delimiter(delimiter) if delimiter else found.delimiter
    imp.header_row = _checked_header_row(header_row) if header_row is not None else found.header_row
    result = _survey(imp, local, fallback=encoding is None and imp.encoding == "utf-8")
    if not result.headers:
        raise Invalid({"header_row": _("there is no header at this row")})
    imp.headers, imp.total_rows, imp.preview = result.headers, result.total_rows, result.preview
    imp.samples = {sample.header: sample.texts for sample in result.samples}
    from boards.imports.suggest import suggest

    mapping, options = suggest(result.headers, result.samples, columns_of(board), WorkspaceContext(board.workspace_id))
    if not _designs(board):  # only admins add columns: a member's file goes to the columns there are
        mapping = {header: ({"target": "skip", "note": _("no column matches; an admin can add one")}
                            if entry["target"] == "new_column" else entry) for header, entry in mapping.items()}
    saved = matching_mapping(board, result.headers)
    if saved is not None:  # the last file of this shape: its choices, where they still apply
        mapping.update({h: e for h, e in saved.mapping.items() if h in mapping and _still_valid(board, e)})
        options.update({k: v for k, v in saved.options.items() if k in ("key_column", "parent_key_column", "blank")
                        and (v in result.headers or k == "blank")})
    imp.suggested_mapping, imp.suggested_options = mapping, options


def _survey(imp: Import, local: BinaryIO, *, fallback: bool) -> Survey:
    limit = current_app.config["IMPORT_MAX_ROWS"]
    try:
        return survey(local, imp.encoding, imp.delimiter, imp.header_row, limit)
    except UnreadableCsv as error:
        if not (fallback and error.decoding):
            raise
    local.seek(0)  # UTF-8 at the start, something else further on: Windows-1252 reads any byte but five
    imp.encoding = FALLBACK_ENCODING
    return survey(local, imp.encoding, imp.delimiter, imp.header_row, limit)


def _checked_encoding(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise Invalid({"encoding": _("unknown encoding %(name)r", name=encoding)}) from None


def _checked_delimiter(delimiter: str) -> str:
    delimiter = {"tab": "\t", "\\t": "\t"}.get(delimiter, delimiter)
    if delimiter not in DELIMITERS:
        raise Invalid({"delimiter": _("must be one of , ; tab |")})
    return delimiter


def _checked_header_row(header_row: Any) -> int:
    if not isinstance(header_row, int) or isinstance(header_row, bool) or header_row < 0:
        raise Invalid({"header_row": _("must be a number of rows, 0 or more")})
    return header_row


# -- start, cancel -----------------------------------------------------------------------------
def start(imp: Import, user: User, mapping: Any, options: Any, *, enqueue: bool = True) -> Import:
    """Checks the mapping (422 naming each bad entry, nothing created), makes the new columns
    (unless it is a dry run) and queues the job after commit (`enqueue`; the CLI runs it itself)."""
    _check_not_started(imp)
    board = get_board(imp.board_id, Role.member)
    cleaned, clean_options = plan.check(board, imp.headers, mapping, options)
    new_columns = [header for header, entry in cleaned.items() if entry["target"] == "new_column"]
    if new_columns and not _designs(board):
        raise Forbidden(_("Adding columns needs the admin role; map %(headers)s to existing columns or skip them.",
                          headers=", ".join(new_columns)))
    if not clean_options["dry_run"]:
        if _designs(board):
            _add_labels(board, user, imp, cleaned)
        imp.created_columns = _create_columns(board, user, imp.headers, cleaned)
        if name := (options or {}).get("save_mapping_as"):
            save_mapping(board, user, str(name), imp.headers, cleaned, clean_options)
    db.session.execute(delete(ImportFailure).where(ImportFailure.import_id == imp.id))
    imp.mapping, imp.options, imp.dry_run = cleaned, clean_options, clean_options["dry_run"]
    imp.status, imp.error, imp.cancel_requested = "pending", None, False
    imp.processed = imp.created = imp.updated = imp.skipped = imp.failed = 0
    imp.started_at, imp.finished_at = utcnow(), None
    imp.lease_token = imp.lease_until = None
    if enqueue:
        import_id = imp.id
        events.after_commit(lambda: runner.enqueue(import_id))
    return imp


def _check_not_started(imp: Import) -> None:
    """An import runs once for real; dry runs may come before, as many as wanted."""
    if imp.started_at is not None and imp.status not in FINISHED:
        raise Conflict(_("The import is running."))
    if imp.started_at is not None and not imp.dry_run:
        raise Conflict(_("This import has run; upload the file again to import it again."))


def _designs(board: Board) -> bool:
    """Whether the caller may change the board's columns (admins design boards)."""
    return require_role(board.workspace_id, Role.member).allows(Role.admin)


def _add_labels(board: Board, user: User, imp: Import, mapping: dict[str, dict]) -> None:
    """An existing label column (status, dropdown) gains the labels the file uses that it lacks,
    as spreadsheet imports do; types without labels keep their settings."""
    for header, entry in mapping.items():
        if entry["target"] != "column":
            continue
        column = column_service.get_column(next(c.id for c in columns_of(board) if c.key == entry["column_key"]))
        type_ = column_types.get(column.type)(column.settings)
        extended = type_.settings_for_values(imp.samples.get(header, []))
        if extended != column.settings:
            column_service.update_column(column, user, settings=extended)


def _create_columns(board: Board, user: User, headers: list[str], mapping: dict[str, dict]) -> list[int]:
    """Makes the mapping's new columns, in the file's order (a mapping sent as JSON may come with
    its keys sorted); their entries then name the column they made. The columns' indexes are
    built when the import ends."""
    created = []
    for entry in (mapping[header] for header in headers if header in mapping):
        if entry["target"] == "new_column" and "column_key" not in entry:
            column = column_service.create_column(board, user, title=entry["title"], type=entry["type"],
                                                  settings=entry["settings"], scope=entry["scope"],
                                                  defer_indexes=True)
            entry["column_key"] = column.key
            created.append(column.id)
    return created


def cancel(imp: Import) -> Import:
    """Stops the import after the batch it is writing; one that has not begun ends at once."""
    if imp.status in FINISHED:
        raise Conflict(_("The import has already ended."))
    ended = db.session.execute(update(Import).where(
        Import.id == imp.id, Import.status == "pending", Import.lease_token.is_(None))
        .values(status="cancelled", finished_at=utcnow()).execution_options(synchronize_session=False)).rowcount
    if not ended:
        imp.cancel_requested = True
    db.session.flush()
    db.session.refresh(imp)
    return imp


# -- saved mappings ----------------------------------------------------------------------------
def save_mapping(board: Board, user: User, name: str, headers: list[str], mapping: dict, options: dict) -> SavedMapping:
    """Keeps a mapping by name for the next file of the same shape; new columns are kept as the
    columns they became."""
    name = " ".join(name.split())[:200]
    if not name:
        raise Invalid({"save_mapping_as": _("must not be empty")})
    kept = {header: ({"target": "column", "column_key": e["column_key"], "format": e.get("format", {})}
                     if e["target"] == "new_column" and e.get("column_key") else e) for header, e in mapping.items()}
    kept_options = {k: v for k, v in options.items() if k in ("key_column", "parent_key_column", "blank")}
    saved = db.session.scalar(select(SavedMapping).where(SavedMapping.board_id == board.id, SavedMapping.name == name))
    if saved is None:
        saved = SavedMapping(workspace_id=board.workspace_id, board_id=board.id, name=name, created_by_id=user.id)
        db.session.add(saved)
    saved.headers, saved.mapping, saved.options, saved.created_at = headers, kept, kept_options, utcnow()
    db.session.flush()
    return saved


def mappings_of(board: Board) -> list[SavedMapping]:
    return list(db.session.scalars(select(SavedMapping).where(
        SavedMapping.workspace_id == board.workspace_id, SavedMapping.board_id == board.id)
        .order_by(SavedMapping.created_at.desc(), SavedMapping.id.desc())))


def matching_mapping(board: Board, headers: list[str]) -> SavedMapping | None:
    """The newest saved mapping made for a file with these headers (in any order)."""
    wanted = set(headers)
    return next((saved for saved in mappings_of(board) if set(saved.headers) == wanted), None)


def _still_valid(board: Board, entry: dict) -> bool:
    if entry.get("target") != "column":
        return True
    return any(c.key == entry.get("column_key") for c in columns_of(board))


def get_mapping(mapping_id: int) -> SavedMapping:
    saved = db.session.get(SavedMapping, mapping_id)
    if saved is None:
        raise NotFound("mapping")
    require_role(saved.workspace_id, Role.member, "mapping")
    get_board(saved.board_id, Role.member)
    return saved


def mapping_out(saved: SavedMapping, headers: list[str] | None = None) -> dict[str, Any]:
    out = {"id": saved.id, "board_id": saved.board_id, "name": saved.name, "headers": saved.headers,
           "mapping": saved.mapping, "options": saved.options, "created_at": isoformat_utc(saved.created_at)}
    if headers is not None:
        out["matches"] = set(saved.headers) == set(headers)
    return out


# -- what the API shows ------------------------------------------------------------------------
def imports_of(board: Board, limit: int = 100) -> list[Import]:
    """The board's imports, newest first."""
    return list(db.session.scalars(select(Import).where(
        Import.workspace_id == board.workspace_id, Import.board_id == board.id)
        .order_by(Import.id.desc()).limit(limit)))


def import_out(imp: Import) -> dict[str, Any]:
    return {
        "id": imp.id, "board_id": imp.board_id, "status": imp.status, "dry_run": imp.dry_run,
        "filename": imp.filename, "size": imp.size,
        "encoding": imp.encoding, "encoding_label": describe_encoding(imp.encoding),
        "delimiter": imp.delimiter, "header_row": imp.header_row, "columns_found": imp.headers,
        "total": imp.total_rows, "processed": imp.processed, "created": imp.created, "updated": imp.updated,
        "skipped": imp.skipped, "failed": imp.failed,
        "errors_url": f"/api/v1/imports/{imp.id}/errors.csv" if imp.failed else None,
        "error": imp.error, "cancel_requested": imp.cancel_requested,
        "mapping": imp.mapping, "options": imp.options,
        "created_at": isoformat_utc(imp.created_at), "started_at": isoformat_utc(imp.started_at),
        "finished_at": isoformat_utc(imp.finished_at), "undone_at": isoformat_utc(imp.undone_at),
    }


def upload_out(imp: Import) -> dict[str, Any]:
    board = db.session.get(Board, imp.board_id)
    return {**import_out(imp), "preview_rows": imp.preview, "suggested_mapping": imp.suggested_mapping,
            "suggested_options": imp.suggested_options,
            "saved_mappings": [mapping_out(saved, imp.headers) for saved in mappings_of(board)]}
