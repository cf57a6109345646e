"""CSV import pages: upload, the mapping form (how the file reads, a preview, a target for each CSV
column, options, saved mappings), a dry run or the real run, its live progress (htmx polling),
cancel and undo. The same service functions as the API (boards/imports/api.py).

Routes are thin: parse the form into the mapping and options the API takes, call the service,
render. A mapping row re-renders itself (htmx) when its target or type changes, so the format
questions and the new column's settings follow the choice without custom JS.
"""
from __future__ import annotations

import codecs
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_datetime, format_number
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from boards.imports import service
from boards.imports.form import MappingForm
from boards.imports.models import FINISHED, Import, SavedMapping
from boards.imports.sniff import describe_encoding
from boards.imports.undo import Undone, undo
from boards.models import Board
from boards.service import get_board
from workspace.auth import pages_need_login
from workspace.errors import ApiError, Conflict, Forbidden, Invalid, NotFound
from workspace.extensions import db
from workspace.models import Role

bp = Blueprint("import_pages", __name__)
pages_need_login(bp)

# Encodings offered when the guess was wrong: what Excel and the usual exports write, per region.
# Codec names as codecs.lookup() gives them, the form the service keeps.
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252", "iso8859-1", "iso8859-15", "cp874", "gb18030", "big5",
             "shift_jis")
DELIMITERS = (",", ";", "\t", "|")


@bp.context_processor
def _formatting() -> dict[str, Any]:
    return {"format_number": format_number, "format_datetime": format_datetime, "FINISHED": FINISHED,
            "describe_encoding": describe_encoding}


def _htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def _board(imp: Import) -> Board:
    return get_board(imp.board_id, Role.member)


# -- upload ----------------------------------------------------------------------------------------
@bp.get("/boards/<int:board_id>/import")
def upload_page(board_id: int):
    return _upload_page(get_board(board_id, Role.member))


@bp.post("/boards/<int:board_id>/import")
def upload(board_id: int):
    board = get_board(board_id, Role.member)
    chosen = request.files.get("file")
    if chosen is None or not chosen.filename:
        return _upload_page(board, _("Choose a CSV file to import."), 422)
    try:
        imp = service.upload(board, g.user, chosen.stream, chosen.filename)
    except ApiError as error:
        if error.status not in (413, 422):
            raise
        db.session.rollback()  # not a CSV, or beyond the limits: say why on the same page
        return _upload_page(board, error.message, error.status)
    db.session.commit()
    return redirect(url_for(".mapping", import_id=imp.id))


def _upload_page(board: Board, error: str | None = None, status: int = 200):
    return render_template("boards/imports/upload.html", board=board, error=error,
                           imports=service.imports_of(board, limit=20)), status


# -- the mapping form ------------------------------------------------------------------------------
@bp.get("/imports/<int:import_id>")
def mapping(import_id: int):
    imp = service.get_import(import_id)
    if not _mappable(imp):
        return redirect(url_for(".progress", import_id=imp.id))
    board = _board(imp)
    return _mapping_page(imp, board, MappingForm.initial(imp, board, _saved(request.args.get("mapping"), board)))


@bp.get("/imports/<int:import_id>/rows/<int:index>")
def mapping_row(import_id: int, index: int):
    """One row of the mapping form, again, for the target and type just chosen (htmx)."""
    imp = service.get_import(import_id)
    if index >= len(imp.headers):
        abort(404)
    form = MappingForm.posted(imp, _board(imp), request.args)
    return render_template("boards/imports/_mapping_row.html", imp=imp, form=form, row=form.rows[index])


@bp.post("/imports/<int:import_id>/read")
def reread(import_id: int):
    """Reads the file again with another encoding, delimiter or header row."""
    imp = service.get_import(import_id)
    try:
        service.reread(imp, encoding=request.form.get("encoding") or None,
                       delimiter=request.form.get("delimiter") or None, header_row=_header_row(request.form))
    except ApiError as error:
        if error.status not in (413, 422):
            raise
        db.session.rollback()
        board = _board(imp)
        return _mapping_page(imp, board, MappingForm.initial(imp, board), read_error=error.message,
                             status=error.status)
    db.session.commit()
    return redirect(url_for(".mapping", import_id=imp.id))


def _header_row(form: MultiDict) -> int | None:
    """The form says on which row the header is (1 = the first); the service counts rows before it."""
    line = (form.get("header_line") or "").strip()
    if not line:
        return None
    if not line.isdigit() or int(line) < 1:
        raise Invalid({"header_row": _("the header row must be a number, 1 or more")})
    return int(line) - 1


@bp.post("/imports/<int:import_id>/start")
def start(import_id: int):
    imp = service.get_import(import_id)
    board = _board(imp)
    form = MappingForm.posted(imp, board, request.form)
    dry_run = request.form.get("dry_run") == "1"
    try:
        service.start(imp, g.user, form.mapping(), {**form.options, "dry_run": dry_run})
    except (Invalid, Forbidden) as error:  # Forbidden: a member's mapping adds columns
        db.session.rollback()
        return _mapping_page(imp, board, form, errors=error.details or {"_general": error.message},
                             status=error.status)
    except Conflict as error:  # started already (a second click): its progress says how it goes
        return _to_progress(imp, error)
    db.session.commit()
    # A dry run saves nothing; the name waits on the result page, for "Import now".
    save_as = form.options.get("save_mapping_as") if dry_run else None
    return redirect(url_for(".progress", import_id=imp.id, save_as=save_as))


@bp.post("/imports/<int:import_id>/import-now")
def import_now(import_id: int):
    """The real run of a finished dry run, with its mapping and options."""
    imp = service.get_import(import_id)
    if imp.mapping is None:  # never started: there is no mapping to run yet
        return redirect(url_for(".mapping", import_id=imp.id))
    options = {**(imp.options or {}), "dry_run": False,
               "save_mapping_as": (request.form.get("save_mapping_as") or "").strip() or None}
    try:
        service.start(imp, g.user, imp.mapping, options)
    except Invalid as error:  # the board changed since the dry run
        db.session.rollback()
        board = _board(imp)
        return _mapping_page(imp, board, MappingForm.initial(imp, board), errors=error.details, status=422)
    except Conflict as error:
        return _to_progress(imp, error)
    db.session.commit()
    return redirect(url_for(".progress", import_id=imp.id))


def _to_progress(imp: Import, error: Conflict):
    db.session.rollback()
    flash(error.message, "error")
    return redirect(url_for(".progress", import_id=imp.id))


def _mappable(imp: Import) -> bool:
    """Not started yet, or only dry runs so far: the mapping can still change."""
    return imp.started_at is None or (imp.dry_run and imp.status in FINISHED)


def _saved(raw: str | None, board: Board) -> SavedMapping | None:
    if not raw or not raw.isdigit():
        return None
    try:
        saved = service.get_mapping(int(raw))
    except NotFound:
        return None
    return saved if saved.board_id == board.id else None


def _mapping_page(imp: Import, board: Board, form: MappingForm, *, errors: dict | None = None,
                  read_error: str | None = None, status: int = 200):
    errors = dict(errors or {})
    mapping_errors = errors.pop("mapping", {})
    if isinstance(mapping_errors, str):  # about the mapping as a whole ("one column must be the name")
        errors["_mapping"] = mapping_errors
        mapping_errors = {}
    for row in form.rows:
        row.error = mapping_errors.get(row.header)
    option_errors = {key.removeprefix("options."): str(value) for key, value in errors.items()}
    other = [message for key, message in option_errors.items()
             if key not in ("key_column", "parent_key_column", "blank", "save_mapping_as")]
    try:
        current = codecs.lookup(imp.encoding).name
    except LookupError:
        current = imp.encoding
    encodings = list(ENCODINGS) if current in ENCODINGS else [current, *ENCODINGS]
    matching = service.matching_mapping(board, imp.headers)
    return render_template(
        "boards/imports/mapping.html", imp=imp, board=board, form=form, option_errors=option_errors,
        other_errors=other, read_error=read_error, encodings=encodings, current_encoding=current, delimiters=DELIMITERS,
        saved_mappings=[service.mapping_out(saved, imp.headers) for saved in service.mappings_of(board)],
        matching=matching if form.source == "suggestion" else None), status


# -- progress, cancel, undo ------------------------------------------------------------------------
@bp.get("/imports/<int:import_id>/progress")
def progress(import_id: int):
    """The page, or (htmx) the fragment that polls itself until the import ends."""
    imp = service.get_import(import_id)
    if imp.started_at is None:
        return redirect(url_for(".mapping", import_id=imp.id))
    return _progress(imp)


@bp.post("/imports/<int:import_id>/cancel")
def cancel(import_id: int):
    imp = service.get_import(import_id)
    try:
        service.cancel(imp)
    except Conflict as error:  # it ended meanwhile: show how
        db.session.rollback()
        return _after_action(imp, problem=error.message)
    db.session.commit()
    return _after_action(imp)


@bp.post("/imports/<int:import_id>/undo")
def undo_import(import_id: int):
    imp = service.get_import(import_id)
    try:
        result = undo(imp, g.user)
    except Conflict as error:
        db.session.rollback()
        return _after_action(imp, problem=error.message)
    db.session.commit()
    return _after_action(imp, undone=result)


def _after_action(imp: Import, *, undone: Undone | None = None, problem: str | None = None):
    if _htmx():
        return _progress(imp, undone=undone, problem=problem)
    if problem:
        flash(problem, "error")
    elif undone is not None:
        flash(_("The import was undone."), "info")
    return redirect(url_for(".progress", import_id=imp.id))


def _progress(imp: Import, *, undone: Undone | None = None, problem: str | None = None):
    template = "boards/imports/_progress.html" if _htmx() else "boards/imports/progress.html"
    return render_template(template, imp=imp, board=_board(imp), undone=undone, problem=problem,
                           save_as=request.args.get("save_as", ""), errors_url=service.import_out(imp)["errors_url"])
