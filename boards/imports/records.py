"""Reading a stored CSV back as records: decoded as it streams, split by the csv module (quotes,
delimiters and newlines inside cells), each data record with the file line it starts on.

Blank records (no cell with text) are skipped and not counted: they are not rows. Cells that the
export neutralised against formula injection ("'=SUM(A1)") are restored (boards/csvtext.py).
"""
from __future__ import annotations

import codecs
import contextlib
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from flask_babel import gettext as _

from boards.csvtext import restore
from workspace.errors import Invalid

# A cell longer than this is a broken quote swallowing the file more often than a real value.
FIELD_LIMIT = 1024 * 1024
csv.field_size_limit(FIELD_LIMIT)


@dataclass(frozen=True, slots=True)
class Record:
    line: int  # the file line the record starts on, 1-based, as a text editor counts
    cells: list[str]


class UnreadableCsv(Invalid):
    """The file stops being readable CSV (a broken quote, a byte the encoding cannot decode)."""

    def __init__(self, reason: str, *, decoding: bool = False):
        super().__init__({"file": reason}, reason)
        self.decoding = decoding  # the bytes do not decode: another encoding may read them


def text_stream(binary: BinaryIO, encoding: str) -> io.TextIOWrapper:
    """Decoded text; newline="" hands line ends inside quoted cells to the csv module intact."""
    codecs.lookup(encoding)  # an unknown codec fails here, before anything is read
    return io.TextIOWrapper(binary, encoding=encoding, newline="")


def raw_records(binary: BinaryIO, encoding: str, delimiter: str) -> Iterator[Record]:
    """Every record, blank ones included (as the header's index counts them)."""
    text = text_stream(binary, encoding)
    reader = csv.reader(text, delimiter=delimiter)
    line = 1
    try:
        for cells in reader:
            yield Record(line, cells)
            line = reader.line_num + 1
    except csv.Error as error:
        raise UnreadableCsv(_("Line %(line)s cannot be read as CSV: %(reason)s", line=line, reason=str(error))) \
            from None
    except UnicodeDecodeError:
        raise UnreadableCsv(_("The file is not valid %(encoding)s near line %(line)s; choose its encoding.",
                              encoding=encoding, line=line), decoding=True) from None
    finally:
        with contextlib.suppress(ValueError):  # already closed along with its file: nothing to keep
            text.detach()  # the caller owns the binary file


def is_blank(cells: list[str]) -> bool:
    return not any(cell.strip() for cell in cells)


def data_records(binary: BinaryIO, encoding: str, delimiter: str, header_row: int) -> Iterator[Record]:
    """The records after the header, blank ones left out, cells restored."""
    records = raw_records(binary, encoding, delimiter)
    for _index in range(header_row + 1):
        if next(records, None) is None:
            return
    for record in records:
        cells = record.cells
        if is_blank(cells):
            continue
        if any(cell[:1] == "'" for cell in cells):
            cells = [restore(cell) for cell in cells]
        yield Record(record.line, cells)


def header_cells(binary: BinaryIO, encoding: str, delimiter: str, header_row: int) -> list[str]:
    for index, record in enumerate(raw_records(binary, encoding, delimiter)):
        if index == header_row:
            return record.cells
    return []


def clean_headers(cells: list[str]) -> list[str]:
    """Headers as mapping keys: blank ones named by position, repeated ones numbered."""
    headers: list[str] = []
    seen: set[str] = set()
    for position, cell in enumerate(cells, start=1):
        header = " ".join(restore(cell).split())[:200] or _("Column %(n)s", n=position)
        base, n = header, 2
        while header.casefold() in seen:
            header, n = f"{base} ({n})", n + 1
        seen.add(header.casefold())
        headers.append(header)
    return headers
