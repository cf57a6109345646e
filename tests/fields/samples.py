"""Building the ColumnSample an import's survey would make of a CSV column's cells."""
from __future__ import annotations

from collections import Counter

from fields.inference import ColumnSample


def sample(*cells: str, header: str = "Column", complete: bool = True) -> ColumnSample:
    """The column's distinct texts (stripped, non-empty) with their counts, in first-appearance
    order, as boards/imports/survey.py keeps them."""
    texts = [cell.strip() for cell in cells if cell.strip()]
    return ColumnSample(header, dict(Counter(texts)), complete, len(texts))
