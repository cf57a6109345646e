"""The errors CSV of an import: every row that failed, as it was in the file (same headers, same
cells), plus the line it came from and what was wrong. Fix the cells, import the file again with
the same mapping, and the board is complete: the two extra columns are skipped by the suggested
mapping (boards/imports/suggest.py knows them)."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from itertools import groupby

from flask_babel import gettext as _
from sqlalchemy import select

from boards.csvtext import neutralise
from boards.imports.models import Import, ImportFailure
from workspace.extensions import db

BOM = "\ufeff"
PAGE = 1000


def header_row(imp: Import) -> list[str]:
    return [*imp.headers, _("Import line"), _("Import error")]


def failures(import_id: int) -> Iterator[ImportFailure]:
    """In line order, read a page at a time."""
    after = (0, 0)
    while True:
        page = list(db.session.scalars(select(ImportFailure).where(
            ImportFailure.import_id == import_id,
            (ImportFailure.line > after[0]) | ((ImportFailure.line == after[0]) & (ImportFailure.id > after[1])))
            .order_by(ImportFailure.line, ImportFailure.id).limit(PAGE)))
        if not page:
            return
        yield from page
        after = (page[-1].line, page[-1].id)


def describe(failure: ImportFailure) -> str:
    return f"{failure.header}: {failure.reason}" if failure.header else failure.reason


def rows(imp: Import) -> Iterator[list[str]]:
    yield header_row(imp)
    width = len(imp.headers)
    for line, same_line in groupby(failures(imp.id), key=lambda failure: failure.line):
        found = list(same_line)
        cells = (list(found[0].cells) + [""] * width)[:max(width, len(found[0].cells))]
        yield [*cells[:width], str(line), "; ".join(describe(failure) for failure in found)]


def stream(imp: Import) -> Iterator[str]:
    """The file's text, a few rows at a time; UTF-8 with a BOM so Excel opens it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    for count, row in enumerate(rows(imp), start=1):
        writer.writerow([neutralise(cell) for cell in row])
        if count % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
