"""`boardhouse import-csv`: the same import as the API and the UI, run in the foreground with its
progress on the terminal."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from boards.imports import errors_csv, runner, service
from boards.imports.models import Import
from boards.service import get_board
from workspace.cli import act_as
from workspace.errors import ApiError
from workspace.extensions import db
from workspace.models import Role


def _mapping_argument(value: str | None) -> dict | None:
    if not value:
        return None
    text = Path(value[1:]).read_text(encoding="utf-8") if value.startswith("@") else value
    try:
        mapping = json.loads(text)
    except ValueError as error:
        raise click.BadParameter(f"not JSON: {error}") from None
    if not isinstance(mapping, dict):
        raise click.BadParameter("must be a JSON object keyed by CSV header")
    return mapping


@click.command("import-csv")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=False)
@click.option("--board", "board_id", type=int, help="The board to import into.")
@click.option("--mapping", help="JSON (or @file.json) keyed by CSV header, as the API takes it; entries given "
              "replace the suggested ones, headers left out keep the suggestion.")
@click.option("--key-column", help="Header whose values find the item to update (upsert).")
@click.option("--parent-key-column", help="Header naming each sub-item row's parent item.")
@click.option("--blank", type=click.Choice(["leave", "clear"]), default="leave", show_default=True,
              help="What an empty cell does to an existing item's value.")
@click.option("--dry-run", is_flag=True, help="Count what would be created, updated, skipped and failed; "
              "write nothing.")
@click.option("--encoding", help="Read the file in this encoding instead of the detected one.")
@click.option("--delimiter", help="Use this delimiter (, ; tab |) instead of the detected one.")
@click.option("--header-row", type=int, help="Rows before the header, if the detected header is wrong.")
@click.option("--save-mapping", help="Keep the mapping under this name for the next file of the same shape.")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the rows that failed (with the reasons) to this CSV file.")
@click.option("--show-mapping", is_flag=True, help="Print how the file reads and the suggested mapping, and stop.")
@click.option("--resume", "resume_id", type=int, help="Go on with an import whose run stopped (its id).")
@click.option("--as", "email", help="Act as this user (default: the workspace's first admin).")
@with_appcontext
def import_csv(file: Path | None, board_id: int | None, mapping: str | None, key_column: str | None,
               parent_key_column: str | None, blank: str, dry_run: bool, encoding: str | None,
               delimiter: str | None, header_row: int | None, save_mapping: str | None, errors_path: Path | None,
               show_mapping: bool, resume_id: int | None, email: str | None) -> None:
    """Import FILE (a CSV) into a board: encoding, delimiter and header are detected, columns are
    mapped by header name (as suggested, or as --mapping says) and rows are imported in batches."""
    try:
        if resume_id is not None:
            imp = db.session.get(Import, resume_id)
            if imp is None:
                raise click.ClickException(f"no import {resume_id}")
            act_as(email, imp.workspace_id)
            _run(imp.id)
        else:
            if file is None or board_id is None:
                raise click.UsageError("give FILE and --board (or --resume ID)")
            imp = _upload(file, board_id, email, encoding, delimiter, header_row)
            if show_mapping:
                click.echo(json.dumps({"mapping": imp.suggested_mapping, "options": imp.suggested_options},
                                      indent=2, ensure_ascii=False))
                return
            chosen = {**imp.suggested_mapping, **(_mapping_argument(mapping) or {})}
            options = {**imp.suggested_options, "blank": blank, "dry_run": dry_run}
            options.update({k: v for k, v in (("key_column", key_column), ("parent_key_column", parent_key_column),
                                              ("save_mapping_as", save_mapping)) if v})
            from flask import g

            service.start(imp, g.user, chosen, options, enqueue=False)
            db.session.commit()
            _run(imp.id)
    except ApiError as error:
        db.session.rollback()
        details = "; ".join(f"{k}: {v}" for k, v in _flat(error.details))
        raise click.ClickException(f"{error.message}{' (' + details + ')' if details else ''}") from None
    imp = db.session.get(Import, imp.id)
    _report(imp, errors_path)
    if imp.status != "succeeded":
        sys.exit(1)


def _upload(file: Path, board_id: int, email: str | None, encoding, delimiter, header_row) -> Import:
    from flask import g

    from boards.models import Board

    board = db.session.get(Board, board_id)
    if board is None:
        raise click.ClickException(f"no board {board_id}")
    act_as(email, board.workspace_id)
    board = get_board(board_id, Role.member)
    with file.open("rb") as stream:
        imp = service.upload(board, g.user, stream, file.name, encoding=encoding, delimiter=delimiter,
                             header_row=header_row)
    db.session.commit()
    click.echo(f"{file.name}: {imp.total_rows:,} rows, {len(imp.headers)} columns; "
               f"encoding {service.describe_encoding(imp.encoding)}, delimiter {_delimiter(imp.delimiter)}, "
               f"header on row {imp.header_row + 1}")
    return imp


def _run(import_id: int) -> None:
    interactive = sys.stdout.isatty()

    def progress(imp: Import) -> None:
        line = f"{imp.processed:,} / {imp.total_rows:,} rows ({runner.progress_of(imp)['percent']}%)"
        click.echo(("\r" + line) if interactive else line, nl=not interactive)
    runner.run(import_id, progress)
    if interactive:
        click.echo()


def _report(imp: Import, errors_path: Path | None) -> None:
    verb = "would be" if imp.dry_run else "were"
    click.echo(f"{imp.status}: {imp.created:,} created, {imp.updated:,} updated, {imp.skipped:,} skipped, "
               f"{imp.failed:,} failed ({verb} so)" if imp.dry_run else
               f"{imp.status}: {imp.created:,} created, {imp.updated:,} updated, {imp.skipped:,} skipped, "
               f"{imp.failed:,} failed")
    if imp.error:
        click.echo(f"error: {imp.error}", err=True)
    if imp.failed and errors_path is not None:
        with errors_path.open("w", encoding="utf-8", newline="") as out:
            for text in errors_csv.stream(imp):
                out.write(text)
        click.echo(f"the failed rows and their reasons are in {errors_path}")
    elif imp.failed:
        click.echo("pass --errors FILE to get the failed rows and their reasons")
    click.echo(f"import id {imp.id}")


def _delimiter(delimiter: str) -> str:
    return {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}.get(delimiter, repr(delimiter))


def _flat(details: dict, prefix: str = ""):
    for key, value in details.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value
