"""Turning a batch of records into rows to write: the name, group, key, parent key and values of
each, read by the plan's compiled readers. Pure Python, no database: it may run in a thread while
the previous batch is being written. A row with a bad cell is a failure (each bad cell named with
its line, header, text and reason) and is not written; the rest of the batch goes on."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from boards.imports.plan import Plan
from boards.imports.records import Record
from fields import InvalidValue


@dataclass(slots=True)
class Row:
    line: int
    cells: list[str]
    name: str | None
    group: str | None
    key: Any
    parent_key: str | None
    values: dict[str, Any]
    clear: list[str]

    @property
    def is_subitem(self) -> bool:
        return self.parent_key is not None


@dataclass(slots=True)
class Failure:
    line: int
    header: str | None
    value: str | None
    reason: str
    cells: list[str]


@dataclass
class Batch:
    rows: list[Row] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    failed_lines: set[int] = field(default_factory=set)
    records: int = 0  # records consumed, failed ones included: the progress to commit

    def fail(self, line: int, cells: list[str], reason: str, header: str | None = None,
             value: str | None = None) -> None:
        self.failures.append(Failure(line, header, value, reason, cells))
        self.failed_lines.add(line)


def prepare(records: list[Record], plan: Plan) -> Batch:
    batch = Batch(records=len(records))
    width = len(plan.headers)
    item_columns, subitem_columns = plan.columns_for("item"), plan.columns_for("subitem")
    clear_blanks = plan.blank == "clear"
    for record in records:
        cells = record.cells
        if len(cells) > width:
            if any(cell.strip() for cell in cells[width:]):
                batch.fail(record.line, cells, _(
                    "the row has %(found)s cells but the header has %(expected)s; is a delimiter inside an "
                    "unquoted value?", found=len(cells), expected=width))
                continue
            cells = cells[:width]
        elif len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        parent_key = _text(cells, plan.parent_index) if plan.parent_index is not None else None
        values: dict[str, Any] = {}
        clear: list[str] = []
        bad = False
        for target in subitem_columns if parent_key else item_columns:
            text = cells[target.index]
            try:
                value = target.read(text)
            except InvalidValue as error:
                batch.fail(record.line, record.cells, error.reason, target.header, text)
                bad = True
                continue
            if value is not None:
                values[target.key] = value
            elif clear_blanks:
                clear.append(target.key)
        if bad:
            continue
        key = None
        if plan.key is not None:
            key = _key_of(cells, plan, values)
        batch.rows.append(Row(record.line, record.cells, _text(cells, plan.name_index),
                              _text(cells, plan.group_index), key, parent_key, values, clear))
    return batch


def _text(cells: list[str], index: int | None) -> str | None:
    if index is None:
        return None
    text = " ".join(cells[index].split())
    return text or None


def _key_of(cells: list[str], plan: Plan, values: dict[str, Any]) -> Any:
    """The row's key as the board stores it: names and texts compared without case, numbers as
    numbers. None when the cell is empty (the row then creates an item)."""
    spec = plan.key
    if spec.column_key is None:
        name = _text(cells, spec.index)
        return name.lower() if name else None
    value = values.get(spec.column_key)
    if value is None:
        return None
    return float(value) if spec.numeric else str(value).lower()
