"""The column-type base class and registry. One module per type registers one subclass.

fields/ is a leaf layer: it imports nothing from boards, views or automations. Whatever a type
needs from the outside world (workspace members, today's date, SQL expressions) arrives as an
argument.
"""
from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any, ClassVar, Protocol

import jsonschema

from fields.inference import ColumnSample, Inference, Reader
from workspace.registry import Registry


class InvalidValue(ValueError):
    """A value (or settings) a column cannot accept; `reason` is shown to the user as is."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class FieldContext(Protocol):
    """What a column type may ask of the workspace it lives in."""

    def member_ids(self) -> set[int]: ...

    def find_member(self, text: str) -> int | None:
        """A member's id from their e-mail or name (case-insensitive), else None."""
        ...

    def today(self) -> date: ...


class ExportContext(Protocol):
    """What a column type may ask of the workspace while a board is exported."""

    def member_label(self, user_id: int) -> str:
        """How a person is written in the file so that an import reads them back: their name,
        or their e-mail where the name would not find them alone."""
        ...

    def linked_item_label(self, item_id: int, board_ids: list[int]) -> str:
        """How a linked item is written so that an import finds it on those boards: its name, or
        its id where the name would not find it alone."""
        ...


class NoContext:
    """A context for code paths with no workspace (docs, conversions of non-people types)."""

    def member_ids(self) -> set[int]:
        return set()

    def find_member(self, text: str) -> int | None:
        return None

    def today(self) -> date:
        return date.today()


@cache
def _validator(schema_json: str) -> jsonschema.Validator:
    import json

    schema = json.loads(schema_json)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=None)


def check_schema(schema: dict, instance: Any, what: str) -> None:
    """Validate against a JSON Schema and turn the first failure into a readable reason."""
    import json

    validator = _validator(json.dumps(schema, sort_keys=True))
    error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path)
        raise InvalidValue(f"{what}{' at ' + where if where else ''}: {error.message}")


class ColumnType:
    """One column type. Subclasses set the class attributes and override what differs.

    A type instance is bound to one column's settings: ``StatusType(settings)``.
    """

    name: ClassVar[str]
    title: ClassVar[str]
    settings_schema: ClassVar[dict] = {"type": "object"}
    value_schema: ClassVar[dict] = {}
    # Read-only types compute their value from the item; writes to them are rejected.
    read_only: ClassVar[bool] = False
    # Values that lanes of a kanban can be made from.
    groupable: ClassVar[bool] = False
    # Filter operators this type accepts (compiled by compile_filter, in the views issue).
    operators: ClassVar[tuple[str, ...]] = ("is_empty", "is_not_empty")
    default_settings: ClassVar[dict] = {}
    # When the operators depend on the settings (a mirror's target), what they are, in words.
    operators_note: ClassVar[str | None] = None

    def __init__(self, settings: dict | None = None):
        self.settings = {**self.default_settings, **(settings or {})}

    # -- settings ------------------------------------------------------------------------
    @classmethod
    def clean_settings(cls, settings: dict | None) -> dict:
        """Checks settings against settings_schema; returns them with defaults filled in."""
        settings = {**cls.default_settings, **(settings or {})}
        check_schema(cls.settings_schema, settings, "settings")
        cls.check_settings(settings)
        return settings

    @classmethod
    def check_settings(cls, settings: dict) -> None:
        """Checks beyond the schema (duplicate labels, ...). Raises InvalidValue."""

    def settings_for_values(self, texts: list[str]) -> dict:
        """Settings that make these texts valid (e.g. status labels); used by type changes."""
        return self.settings

    # -- values --------------------------------------------------------------------------
    def validate(self, value: Any, context: FieldContext | None = None) -> Any:
        """Returns the normalised value or raises InvalidValue naming the reason."""
        if self.read_only:
            raise InvalidValue("this column is read-only")
        check_schema(self.value_schema, value, "invalid value")
        return self.check(value, context or NoContext())

    def check(self, value: Any, context: FieldContext) -> Any:
        """Semantic checks after the schema; may normalise. Raises InvalidValue."""
        return value

    def parse_text(self, text: str, context: FieldContext | None = None) -> Any:
        """Coerces typed or CSV text into a valid value; '' means empty (None)."""
        text = text.strip()
        if not text:
            return None
        return self.validate(self.parse(text, context or NoContext()), context)

    def parse(self, text: str, context: FieldContext) -> Any:
        return text

    def format_text(self, value: Any) -> str:
        """The export form of a value, readable by parse_text."""
        return "" if value is None else str(value)

    def export_text(self, value: Any, context: ExportContext) -> str:
        """The value in a CSV export: format_text's form, unless the workspace can help write it
        the way a person reads it (people and linked items by name)."""
        return self.format_text(value)

    # -- CSV import ----------------------------------------------------------------------
    # Where this type stands when an import guesses a new column's type: types are asked in
    # increasing rank and the first whose infer() answers is suggested; None: never guessed.
    inference_rank: ClassVar[int | None] = None
    # The readings (mapping "format" keys) reader() understands, with the values each may take.
    readings: ClassVar[dict[str, tuple[str, ...]]] = {}

    def reader(self, reading: dict[str, str], context: FieldContext) -> Reader:
        """text -> value for importing a CSV column into this column, compiled once per column:
        parse and check, no JSON Schema per cell (parse builds values of the right shape).
        Empty text reads as None; bad text raises InvalidValue naming the reason."""
        parse, check = self.parse, self.check

        def read(text: str) -> Any:
            text = text.strip()
            if not text:
                return None
            return check(parse(text, context), context)
        return read

    @classmethod
    def infer(cls, sample: ColumnSample, context: FieldContext) -> Inference | None:
        """The settings (and reading) under which every sampled text reads as a value of this
        type, or None. By default: the default settings, when each distinct text reads."""
        if cls.inference_rank is None or not sample.counts:
            return None  # an empty column says nothing for any type but text
        read = cls(cls.default_settings).reader({}, context)
        try:
            for text in sample.counts:
                read(text)
        except InvalidValue:
            return None
        return Inference(settings=dict(cls.default_settings))

    def computed_value(self, item: Any) -> Any:
        """Read-only types derive their value from the item (created_at, number, ...)."""
        return None

    # -- querying: SQL only, never Python over the rows ----------------------------------
    def compile_filter(self, operator: str, value: Any, expr: Any) -> Any:
        """A SQL clause for `operator` (one of self.operators) and its value, over `expr`
        (a fields.filtering.ValueSQL). Raises InvalidValue for a value of the wrong shape."""
        if operator not in self.operators:
            raise InvalidValue(f"a {self.name} column does not accept the operator {operator!r}; "
                               f"it accepts {', '.join(self.operators)}")
        return self.filter_clause(operator, value, expr)

    def filter_clause(self, operator: str, value: Any, expr: Any) -> Any:
        from fields.filtering import text_filter

        return text_filter(operator, value, expr.text(), expr.present())

    def sort_expression(self, expr: Any) -> Any:
        """What the column sorts by, ascending; empty values are NULL (sorted last)."""
        from sqlalchemy import func

        return func.lower(expr.text())

    # A button: pressing it in a row records a "button_clicked" event (fields/button.py).
    pressable: ClassVar[bool] = False

    # -- where the value lives: item.values unless a type says otherwise -----------------
    # Links are kept as ItemLink rows (connect_boards), not in item.values.
    stores_links: ClassVar[bool] = False
    # Aggregates a mirror of this type may compute beyond none/count/count_distinct/latest;
    # "sum" among them means the values are numbers (a mirror of them filters as a number).
    rollups: ClassVar[tuple[str, ...]] = ()

    def value_sql(self, column: Any, sources: Any) -> Any:
        """The ValueSQL that reads this column in a query; `sources` (built by boards/) offers
        stored(key), links(column) and mirror(column)."""
        return sources.stored(column.key)

    def filters_as(self, column: Any, sources: Any) -> tuple[str, dict]:
        """The type (name, settings) whose operators and choices a filter on this column offers."""
        return self.name, self.settings

    def read_values(self, column: Any, item_ids: list[int], sources: Any) -> dict[int, Any] | None:
        """Values not stored in item.values, read in one query for a page of items; None for
        types whose value is stored or computed from the item row."""
        return None

    # Types whose sort expression is worth a btree index on PostgreSQL (numbers, dates, short
    # text): range filters and sorts on big boards walk it instead of sorting the board.
    indexed: ClassVar[bool] = False
    # Text types whose contains/starts/ends filters are worth a trigram (pg_trgm) index.
    trigram_indexed: ClassVar[bool] = False


column_types: Registry[ColumnType] = Registry("column")
register = column_types.register
