"""The upload's one pass over the whole file: how many rows, the first ones for the preview, and
each column's distinct texts (up to a cap) for inferring its type from the whole column, not
from the first rows only. Memory stays bounded: a column with more distinct texts than the cap
is high-cardinality text anyway."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import BinaryIO

from flask_babel import gettext as _

from boards.imports.records import clean_headers, data_records, header_cells
from boards.imports.storage import TooLarge
from fields.inference import ColumnSample

PREVIEW_ROWS = 20
DISTINCT_CAP = 1000  # distinct texts kept per column


@dataclass
class Survey:
    headers: list[str]
    total_rows: int = 0
    preview: list[list[str]] = field(default_factory=list)
    samples: list[ColumnSample] = field(default_factory=list)


def too_many_rows(limit: int) -> TooLarge:
    return TooLarge(_("The file has more than %(limit)s rows, the import limit (IMPORT_MAX_ROWS).",
                      limit=f"{limit:,}"), {"file": f"more than {limit} rows"})


def survey(binary: BinaryIO, encoding: str, delimiter: str, header_row: int, max_rows: int) -> Survey:
    """Reads the whole file once. Raises UnreadableCsv (422) or TooLarge (413)."""
    headers = clean_headers(header_cells(binary, encoding, delimiter, header_row))
    binary.seek(0)
    result = Survey(headers, samples=[ColumnSample(header) for header in headers])
    width = len(headers)
    counts = [sample.counts for sample in result.samples]
    non_empty = [0] * width
    full = [False] * width
    for record in data_records(binary, encoding, delimiter, header_row):
        result.total_rows += 1
        if result.total_rows > max_rows:
            raise too_many_rows(max_rows)
        if len(result.preview) < PREVIEW_ROWS:
            result.preview.append((record.cells + [""] * width)[:width])
        for index, cell in enumerate(record.cells[:width]):
            text = cell.strip()
            if not text:
                continue
            non_empty[index] += 1
            seen = counts[index]
            if text in seen:
                seen[text] += 1
            elif len(seen) < DISTINCT_CAP:
                seen[text] = 1
            else:
                full[index] = True
    binary.seek(0)
    for index, sample in enumerate(result.samples):
        sample.non_empty = non_empty[index]
        sample.complete = not full[index]
    return result
