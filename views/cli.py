"""`boardhouse export-csv`: a board's CSV export from the command line, the same bytes the
endpoint GET /api/v1/boards/<id>/export.csv sends."""
from __future__ import annotations

import click
from flask import current_app, g
from flask.cli import with_appcontext
from flask_babel import force_locale

from boards.models import Board
from boards.service import get_board
from views import export, saved
from workspace.cli import act_as
from workspace.errors import ApiError
from workspace.extensions import db


@click.command("export-csv")
@click.argument("board_id", type=int)
@click.option("--view", "view_id", type=int, default=None, metavar="ID",
              help="Export what this saved view shows: its visible columns in its order, its filter and sort.")
@click.option("--subitems", is_flag=True, help="Follow each item with its sub-items (a \"Parent item\" column and "
                                               "\"Subitem: <title>\" columns are added).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True, allow_dash=True), default="-",
              show_default="stdout", help="Write the CSV to this file.")
@click.option("--as", "email", default=None, metavar="EMAIL",
              help="Act as the user with this e-mail (their role and views apply); default: the workspace's "
                   "first admin.")
@with_appcontext
def export_csv(board_id: int, view_id: int | None, subitems: bool, output: str, email: str | None) -> None:
    """Write board BOARD_ID as CSV: the same bytes as its Export button and GET
    /api/v1/boards/BOARD_ID/export.csv (UTF-8 with a byte-order mark, formula cells neutralised)."""
    board = db.session.get(Board, board_id)
    if board is None or board.deleted_at is not None:
        raise click.ClickException(f"no board with the id {board_id}")
    # A request context like the endpoint's: role checks, "me" in filters and the language need one.
    with current_app.test_request_context():
        act_as(email, board.workspace_id)
        with force_locale(g.user.locale or "en"):
            try:
                plan = _plan(board_id, view_id, subitems)
            except ApiError as error:
                raise click.ClickException(error.message) from None
            with click.open_file(output, "wb") as out:
                for chunk in export.export_bytes(plan):
                    out.write(chunk)


def _plan(board_id: int, view_id: int | None, subitems: bool) -> export.ExportPlan:
    board = get_board(board_id)  # the role check for the user acted as
    view = saved.get_view(view_id, g.user) if view_id is not None else None
    if view is not None and view.board_id != board.id:
        raise click.ClickException(f"view {view_id} is not a view of board {board_id}")
    return export.plan_export(board, view, subitems=subitems)
