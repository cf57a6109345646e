"""What an import tells a column type about one CSV column, and what the type answers.

A CSV import reads each column once over the whole file and keeps its distinct texts (up to a
cap); each column type may then say whether every one of them reads as a value of that type, and
under which settings and reading (decimal comma, day-first dates). The import tries the types in
their `inference_rank` order and suggests the first that answers (boards/imports/suggest.py).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

# text -> value for one CSV column, compiled once per column: None for empty text, InvalidValue
# (naming the reason) for text that does not read as a value of the column.
Reader = Callable[[str], Any]

# The readings a mapping entry's "format" may choose (API.md: imports).
DATE_FORMATS = ("YYYY-MM-DD", "MM/DD/YYYY", "DD/MM/YYYY")
DECIMALS = (".", ",")


@dataclass
class ColumnSample:
    """One CSV column as the import saw it.

    `counts` maps each distinct non-empty text (stripped) to how often it came, in the order of
    first appearance. `complete` says whether it holds every distinct text of the column (else it
    holds the first ones, up to the import's cap). `non_empty` counts the non-empty cells of the
    whole file, so `non_empty > len(counts)` means values repeat."""

    header: str
    counts: dict[str, int] = field(default_factory=dict)
    complete: bool = True
    non_empty: int = 0

    @property
    def texts(self) -> list[str]:
        return list(self.counts)


@dataclass
class Inference:
    """A type's answer: the settings of a new column that would hold every sampled text, the
    reading to parse them with, and the readings the user must choose between when the texts
    allow more than one (e.g. {"date_format": ["MM/DD/YYYY", "DD/MM/YYYY"]} for 03/04/2024)."""

    settings: dict[str, Any] = field(default_factory=dict)
    reading: dict[str, str] = field(default_factory=dict)
    choices: dict[str, list[str]] = field(default_factory=dict)


def date_order(reading: dict[str, str], default: str) -> str:
    """The day order ("MDY" or "DMY") a reading's date_format asks for; ISO is read in any order."""
    date_format = reading.get("date_format")
    if date_format == "DD/MM/YYYY":
        return "DMY"
    if date_format == "MM/DD/YYYY":
        return "MDY"
    return default


def reads_every(read: Reader, texts: Iterable[str]) -> bool:
    """Whether each text reads. InvalidValue is a ValueError; catching that keeps this module
    free of fields.base, which imports it."""
    try:
        for text in texts:
            read(text)
    except ValueError:
        return False
    return True


def repeats(uses: int, distinct: int) -> bool:
    """Whether `distinct` values fill `uses` cells at least twice over on average: the mark of a
    column of labels rather than of free text."""
    return distinct > 0 and uses >= 2 * distinct
