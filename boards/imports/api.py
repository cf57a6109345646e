"""/api/v1 routes of CSV imports (API.md: Imports). Thin: parse, call the service, render."""
from __future__ import annotations

from flask import Response, current_app, g, request, stream_with_context
from flask_babel import gettext as _
from flask_smorest import Blueprint
from sqlalchemy import select

from boards.imports import errors_csv, service
from boards.imports import runner as _runner  # noqa: F401  (registers the sweeper with the worker)
from boards.imports.models import Import
from boards.imports.schemas import MappingIn, ReadIn, StartIn
from boards.imports.storage import describe_bytes
from boards.imports.undo import undo
from boards.service import get_board
from workspace.errors import ApiError, Invalid
from workspace.extensions import db
from workspace.models import Role

blp = Blueprint("imports", __name__, url_prefix="/api/v1", description="CSV imports")


class TooLargeRequest(ApiError):
    status = 413


@blp.route("/boards/<int:board_id>/imports", methods=["POST"])
@blp.response(201)
def upload(board_id):
    """Uploads a CSV (multipart field `file`; optional fields `encoding`, `delimiter`, `header_row`).
    Answers how it reads: encoding, delimiter, header, rows, a preview and a suggested mapping."""
    board = get_board(board_id, Role.member)
    limit = current_app.config["IMPORT_MAX_BYTES"]
    # Refused before reading it (64 KiB: room for the multipart envelope and the other fields).
    if request.content_length and request.content_length > limit + 64 * 1024:
        raise TooLargeRequest(_("The file is larger than the import limit of %(limit)s (IMPORT_MAX_BYTES).",
                                limit=describe_bytes(limit)), {"file": f"larger than {limit} bytes"})
    upload_file = request.files.get("file")
    if upload_file is None:
        raise Invalid({"file": _("send the CSV file as the multipart field 'file'")})
    header_row = request.form.get("header_row")
    if header_row is not None and not header_row.strip().isdigit():
        raise Invalid({"header_row": _("must be a number of rows, 0 or more")})
    imp = service.upload(board, g.user, upload_file.stream, upload_file.filename or "",
                         encoding=request.form.get("encoding") or None,
                         delimiter=request.form.get("delimiter") or None,
                         header_row=int(header_row) if header_row is not None else None)
    db.session.commit()
    return service.upload_out(imp)


@blp.route("/boards/<int:board_id>/imports", methods=["GET"])
@blp.response(200)
def list_imports(board_id):
    """The board's imports, newest first."""
    board = get_board(board_id, Role.member)
    imports = db.session.scalars(select(Import).where(
        Import.workspace_id == board.workspace_id, Import.board_id == board.id)
        .order_by(Import.id.desc()).limit(100))
    return [service.import_out(imp) for imp in imports]


@blp.route("/imports/<int:import_id>", methods=["GET"])
@blp.response(200)
def get_import(import_id):
    """Status and counts; with the preview and suggested mapping of the upload."""
    return service.upload_out(service.get_import(import_id))


@blp.route("/imports/<int:import_id>", methods=["PATCH"])
@blp.arguments(ReadIn)
@blp.response(200)
def reread(body, import_id):
    """Reads the uploaded file again with another encoding, delimiter or header row."""
    imp = service.reread(service.get_import(import_id), **body)
    db.session.commit()
    return service.upload_out(imp)


@blp.route("/imports/<int:import_id>/start", methods=["POST"])
@blp.arguments(StartIn)
@blp.response(200)
def start(body, import_id):
    """Starts the import (or, with options.dry_run, counts what it would do) as a background job."""
    imp = service.start(service.get_import(import_id), g.user, body["mapping"], body["options"])
    db.session.commit()
    return service.import_out(imp)


@blp.route("/imports/<int:import_id>/cancel", methods=["POST"])
@blp.response(200)
def cancel(import_id):
    """Stops the import after the batch it is writing; what it wrote stays (undo removes it)."""
    imp = service.cancel(service.get_import(import_id))
    db.session.commit()
    return service.import_out(imp)


@blp.route("/imports/<int:import_id>/undo", methods=["POST"])
@blp.response(200)
def undo_import(import_id):
    """Trashes the items the import created and reverts the changes it made."""
    imp = service.get_import(import_id)
    result = undo(imp, g.user)
    db.session.commit()
    return {"import": service.import_out(imp), "trashed": result.trashed, "reverted": result.reverted,
            "kept": result.kept}


@blp.route("/imports/<int:import_id>/errors.csv", methods=["GET"])
def errors(import_id):
    """The rows that failed, as they were, with their line and what was wrong: fix and re-import."""
    imp = service.get_import(import_id)
    name = f"{imp.filename.rsplit('.', 1)[0] or 'import'}-errors.csv"
    response = Response(stream_with_context(errors_csv.stream(imp)), mimetype="text/csv")
    response.headers.set("Content-Disposition", "attachment", filename=name)
    return response


# -- saved mappings ----------------------------------------------------------------------------
@blp.route("/boards/<int:board_id>/import-mappings", methods=["GET"])
@blp.response(200)
def list_mappings(board_id):
    return [service.mapping_out(saved) for saved in service.mappings_of(get_board(board_id, Role.member))]


@blp.route("/boards/<int:board_id>/import-mappings", methods=["POST"])
@blp.arguments(MappingIn)
@blp.response(201)
def save_mapping(body, board_id):
    """Keeps a mapping (by header name) for the next file of the same shape; a name saved again is replaced."""
    board = get_board(board_id, Role.member)
    from boards.imports.plan import check

    mapping, options = check(board, body["headers"], body["mapping"], body["options"])
    saved = service.save_mapping(board, g.user, body["name"], body["headers"], mapping, options)
    db.session.commit()
    return service.mapping_out(saved)


@blp.route("/import-mappings/<int:mapping_id>", methods=["DELETE"])
@blp.response(204)
def delete_mapping(mapping_id):
    db.session.delete(service.get_mapping(mapping_id))
    db.session.commit()
