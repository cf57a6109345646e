"""A mapping and its options, checked against the file's headers and the board, then compiled
into a Plan: for each CSV column, where its text goes and the reader that turns it into a value.

Readers are compiled once per column (fields' `reader`) and memoised per distinct text, so a
status or country column costs one dictionary lookup per cell: imports read a cell in about a
microsecond, not a JSON Schema call per cell.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from boards.models import Board, Group
from boards.service import ColumnInfo, columns_of
from fields import InvalidValue, column_types
from fields.base import ColumnType, FieldContext
from fields.inference import Reader
from workspace.errors import Invalid
from workspace.extensions import db
from workspace.registry import UnknownType

TARGETS = ("name", "group", "skip", "column", "new_column")
BLANKS = ("leave", "clear")
CACHE_LIMIT = 50_000  # distinct texts remembered per column
KEY_VALUE_TYPES = ("string", "number", "integer")  # values a key column can be matched by


@dataclass
class ColumnTarget:
    """A CSV column that fills a board column (or, in a dry run, a column still to be made)."""

    header: str
    index: int
    key: str  # the column key; for a new column in a dry run, a placeholder
    scope: str
    column_type: ColumnType
    read: Reader
    column: ColumnInfo | None = None  # None for a new column in a dry run
    stores_links: bool = False


@dataclass
class KeySpec:
    """The key column of an upsert: which CSV column, and what on the board it is matched with."""

    index: int
    column_key: str | None  # None: the item name
    scope: str | None  # the scope of column_key (None for the name: both scopes have one)
    numeric: bool = False


@dataclass
class Plan:
    headers: list[str]
    columns: list[ColumnTarget] = field(default_factory=list)
    name_index: int | None = None
    group_index: int | None = None
    key: KeySpec | None = None
    parent_index: int | None = None
    blank: str = "leave"
    default_group_id: int | None = None
    dry_run: bool = False

    def columns_for(self, scope: str) -> list[ColumnTarget]:
        return [target for target in self.columns if target.scope == scope]


# -- checking what the user sent ---------------------------------------------------------------
def check(board: Board, headers: list[str], mapping: Any, options: Any) -> tuple[dict, dict]:
    """The mapping and options, cleaned; a 422 naming each bad entry (mapping.<header>) and
    option otherwise. Headers the mapping leaves out are skipped."""
    if not isinstance(mapping, dict):
        raise Invalid({"mapping": _("must be an object keyed by the file's column headers")})
    options = {} if options is None else options
    if not isinstance(options, dict):
        raise Invalid({"options": _("must be an object")})
    columns = {c.key: c for c in columns_of(board)}
    errors: dict[str, str] = {}
    cleaned: dict[str, dict] = {}
    used_columns: dict[str, str] = {}
    single: dict[str, str] = {}
    for header, entry in mapping.items():
        if header not in headers:
            errors[header] = _("the file has no column with this header")
            continue
        try:
            cleaned[header] = _check_entry(entry, columns)
        except InvalidValue as error:
            errors[header] = error.reason
            continue
        target = cleaned[header]["target"]
        if target in ("name", "group"):
            if target in single:
                errors[header] = _("%(other)s already goes to the %(target)s", other=single[target], target=target)
            single.setdefault(target, header)
        key = cleaned[header].get("column_key")
        if target == "column" and key in used_columns:
            errors[header] = _("%(other)s already goes to this column", other=used_columns[key])
        elif target == "column":
            used_columns[key] = header
    option_errors: dict[str, str] = {}
    clean_options = _check_options(board, headers, cleaned, options, option_errors)
    if errors or option_errors:
        raise Invalid({**({"mapping": errors} if errors else {}), **option_errors})
    if "name" not in single and not clean_options.get("key_column"):
        raise Invalid({"mapping": _("one column must be the item name (or choose a key column to update items)")})
    return cleaned, clean_options


def _check_entry(entry: Any, columns: dict[str, ColumnInfo]) -> dict:
    if not isinstance(entry, dict) or entry.get("target") not in TARGETS:
        raise InvalidValue(_("each entry needs a target: one of %(targets)s", targets=", ".join(TARGETS)))
    target = entry["target"]
    if target in ("name", "group", "skip"):
        return {"target": target}
    if target == "column":
        column = columns.get(entry.get("column_key"))
        if column is None:
            raise InvalidValue(_("no column with the key %(key)r on this board", key=entry.get("column_key")))
        type_cls = column_types.get(column.type)
        if type_cls.read_only:
            raise InvalidValue(_("the column %(title)s is read-only", title=column.title))
        return {"target": "column", "column_key": column.key,
                "format": _check_format(type_cls, entry.get("format"))}
    title = entry.get("title")
    if not isinstance(title, str) or not title.strip() or len(title.strip()) > 200:
        raise InvalidValue(_("a new column needs a title of 1 to 200 characters"))
    try:
        type_cls = column_types.get(entry.get("type"))
    except UnknownType:
        raise InvalidValue(_("unknown column type %(type)r", type=entry.get("type"))) from None
    if type_cls.read_only:
        raise InvalidValue(_("a %(type)s column cannot be filled from a file", type=type_cls.name))
    settings = type_cls.clean_settings(entry.get("settings") or {})
    scope = entry.get("scope", "item")
    if scope not in ("item", "subitem"):
        raise InvalidValue(_("scope must be item or subitem"))
    cleaned = {"target": "new_column", "title": title.strip(), "type": type_cls.name, "settings": settings,
               "scope": scope, "format": _check_format(type_cls, entry.get("format"))}
    if entry.get("column_key"):  # set once the column exists (service.start)
        cleaned["column_key"] = entry["column_key"]
    return cleaned


def _check_format(type_cls: type[ColumnType], reading: Any) -> dict:
    if reading in (None, {}):
        return {}
    if not isinstance(reading, dict):
        raise InvalidValue(_("format must be an object"))
    for name, value in reading.items():
        allowed = type_cls.readings.get(name)
        if allowed is None:
            raise InvalidValue(_("a %(type)s column takes no %(name)r format", type=type_cls.name, name=name))
        if value not in allowed:
            raise InvalidValue(_("%(name)s must be one of %(allowed)s", name=name, allowed=", ".join(allowed)))
    return dict(reading)


def _check_options(board: Board, headers: list[str], mapping: dict, options: dict, errors: dict) -> dict:
    cleaned: dict[str, Any] = {"blank": options.get("blank", "leave"), "dry_run": bool(options.get("dry_run"))}
    if cleaned["blank"] not in BLANKS:
        errors["options.blank"] = _("must be leave or clear")
    for name in ("key_column", "parent_key_column"):
        header = options.get(name)
        if header in (None, ""):
            continue
        if header not in headers:
            errors[f"options.{name}"] = _("the file has no column with this header")
            continue
        cleaned[name] = header
    key_header = cleaned.get("key_column")
    if key_header:
        entry = mapping.get(key_header, {"target": "skip"})
        if entry["target"] not in ("name", "column", "new_column"):
            errors["options.key_column"] = _("the key column must go to the name or to a column")
        elif entry["target"] != "name" and _value_kind(entry, board) not in KEY_VALUE_TYPES:
            errors["options.key_column"] = _("items can be matched by text or number columns only")
    if cleaned.get("parent_key_column") and cleaned.get("parent_key_column") == key_header:
        errors["options.parent_key_column"] = _("must differ from the key column")
    group_id = options.get("group_id")
    if group_id is not None:
        group = db.session.get(Group, group_id) if isinstance(group_id, int) else None
        if group is None or group.board_id != board.id or group.deleted_at is not None:
            errors["options.group_id"] = _("no such group on this board")
        else:
            cleaned["group_id"] = group_id
    return cleaned


def _value_kind(entry: dict, board: Board) -> str | None:
    type_name = entry.get("type")
    if entry["target"] == "column":
        type_name = next(c.type for c in columns_of(board) if c.key == entry["column_key"])
    return column_types.get(type_name).value_schema.get("type")


# -- compiling -------------------------------------------------------------------------------
def compile_plan(board: Board, headers: list[str], mapping: dict, options: dict,
                 context: FieldContext) -> Plan:
    """The plan of a checked mapping. New columns are read by their key once they exist; in a dry
    run they do not, and are read by their type alone."""
    columns = {c.key: c for c in columns_of(board)}
    plan = Plan(headers, blank=options.get("blank", "leave"), dry_run=bool(options.get("dry_run")),
                default_group_id=options.get("group_id"))
    index_of = {header: index for index, header in enumerate(headers)}
    for header, entry in mapping.items():
        index, target = index_of[header], entry["target"]
        if target == "name":
            plan.name_index = index
        elif target == "group":
            plan.group_index = index
        elif target in ("column", "new_column"):
            plan.columns.append(_column_target(header, index, entry, columns, context))
    key_header, parent_header = options.get("key_column"), options.get("parent_key_column")
    if key_header:
        plan.key = _key_spec(index_of[key_header], mapping[key_header], plan)
    if parent_header:
        plan.parent_index = index_of[parent_header]
    return plan


def _column_target(header: str, index: int, entry: dict, columns: dict[str, ColumnInfo],
                   context: FieldContext) -> ColumnTarget:
    key = entry.get("column_key")
    column = columns.get(key) if key is not None else None
    if column is not None:
        type_cls, settings, scope = column_types.get(column.type), column.settings, column.scope
    else:  # a new column in a dry run
        type_cls, settings, scope = column_types.get(entry["type"]), entry["settings"], entry.get("scope", "item")
        key = f"new:{header}"
    column_type = type_cls(settings)
    read = memoised(column_type.reader(entry.get("format") or {}, context))
    return ColumnTarget(header, index, key, scope, column_type, read, column, type_cls.stores_links)


def _key_spec(index: int, entry: dict, plan: Plan) -> KeySpec:
    if entry["target"] == "name":
        return KeySpec(index, None, None)
    target = next(t for t in plan.columns if t.index == index)
    numeric = target.column_type.value_schema.get("type") in ("number", "integer")
    return KeySpec(index, target.key, target.scope, numeric)


class _Refused:
    __slots__ = ("reason",)

    def __init__(self, reason: str):
        self.reason = reason


_MISSING = object()


def memoised(read: Reader) -> Reader:
    """The reader, remembering each distinct text's value or refusal. Text a type refuses that
    spreadsheets write for "no value" (N/A, -, null) reads as empty."""
    from boards.imports.suggest import NULL_TOKENS

    cache: dict[str, Any] = {}

    def read_cached(text: str) -> Any:
        found = cache.get(text, _MISSING)
        if found is _MISSING:
            try:
                found = read(text)
            except InvalidValue as error:
                found = None if text.strip().casefold() in NULL_TOKENS else _Refused(error.reason)
            if len(cache) < CACHE_LIMIT:
                cache[text] = found
        if type(found) is _Refused:
            raise InvalidValue(found.reason)
        return found
    return read_cached
