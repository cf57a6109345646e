"""The blanks of a trigger's or action's sentence ("When [Status ▾] changes to [Done ▾]").

A trigger or action may declare `phrase` (its sentence, "{key}" where each blank goes) and
`pickers` (one Picker per blank: the config key it fills and what kind of picker offers its
values). Without `pickers` they are derived from the config schema by naming convention
(`column`, `*_column`, `label`, `group_id`, `user_id`, enums, numbers, text), so a new type
gets a working builder before it says anything about it. Leaf module: imports no other part.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from flask_babel import lazy_gettext as _l

# What a picker offers: columns, the labels of a column, groups, boards, workspace members,
# "the people in a column or these members" (notify), items of a linked board, a value for a
# column, free text (with tokens), numbers, a time of day, a fixed choice, a yes/no box.
KINDS = ("column", "label", "group", "board", "member", "members", "recipients", "item", "value",
         "text", "long_text", "number", "integer", "time", "choice", "checkbox")


class PickError(ValueError):
    """A picker's text that cannot become its config value; `reason` is shown next to the part."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Picker:
    """One blank of the sentence."""

    key: str  # the config key it fills ("recipients" fills people_column or user_ids)
    kind: str
    label: Any = None  # what a screen reader says, and the words before it without a phrase
    column_types: tuple[str, ...] = ()  # column pickers: the types offered (empty: every type)
    writable: bool = False  # column pickers: only columns that can be written to
    of: str | None = None  # label / value / item / group pickers: the config key they depend on
    choices: tuple[tuple[Any, Any], ...] = ()  # choice pickers: (value, title)
    optional: bool = False
    tokens: bool = False  # text that may hold {item.name}, {today}, ...
    # Shown (and saved) only while another picker's form value is one of these: ("every", ("week",)).
    only_if: tuple[str, tuple[str, ...]] | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown picker kind {self.kind!r}")

    @property
    def title(self) -> Any:
        return self.label or LABELS.get(self.key) or self.key.replace("_", " ")


LABELS = {
    "column": _l("Column"), "label": _l("Label"), "group_id": _l("Group"), "board_id": _l("Board"),
    "user_id": _l("Person"), "user_ids": _l("People"), "people_column": _l("People column"),
    "recipients": _l("Who"), "item_id": _l("Item"), "value": _l("Value"), "message": _l("Message"),
    "name": _l("Name"), "by": _l("By"), "subject": _l("Subject"), "body": _l("Text"), "to": _l("To"),
    "email_column": _l("E-mail column"), "link_column": _l("Link column"), "offset_days": _l("Days"),
    "at": _l("Time"), "every": _l("Every"), "weekday": _l("Weekday"), "url": _l("URL"), "secret": _l("Secret"),
}
LONG_TEXT_KEYS = ("message", "body")


def pickers_of(cls: Any) -> tuple[Picker, ...]:
    """The pickers a trigger or action class declares, or those its config schema implies."""
    declared = getattr(cls, "pickers", None)
    if declared is not None:
        return tuple(declared)
    return from_schema(cls.config_schema, tuple(getattr(cls, "token_fields", ())))


def from_schema(schema: dict, token_fields: tuple[str, ...] = ()) -> tuple[Picker, ...]:
    properties = schema.get("properties") or {}
    required = set(schema.get("required") or ())
    found = []
    for key, spec in properties.items():
        picker = _from_property(key, spec or {}, properties, key in token_fields)
        if picker is not None:
            found.append(replace(picker, optional=key not in required))
    return tuple(found)


def _from_property(key: str, spec: dict, properties: dict, tokens: bool) -> Picker | None:
    kind = spec.get("type")
    if "enum" in spec:
        return Picker(key, "choice", choices=tuple((value, str(value)) for value in spec["enum"]))
    if key == "label" and "column" in properties:
        return Picker(key, "label", of="column")
    if key == "value" and "column" in properties:
        return Picker(key, "value", of="column", tokens=tokens)
    if kind == "string" and (key == "column" or key.endswith("_column")):
        return Picker(key, "column")
    if kind == "integer" and key == "group_id":
        return Picker(key, "group", of="board_id" if "board_id" in properties else None)
    if kind == "integer" and key == "board_id":
        return Picker(key, "board")
    if kind == "integer" and key == "user_id":
        return Picker(key, "member")
    if kind == "array" and key == "user_ids":
        return Picker(key, "members")
    if kind == "integer" and key == "item_id" and "column" in properties:
        return Picker(key, "item", of="column")
    if kind == "string" and key == "at":
        return Picker(key, "time")
    if kind == "string":
        return Picker(key, "long_text" if key in LONG_TEXT_KEYS else "text", tokens=tokens)
    if kind in ("integer", "number"):
        return Picker(key, kind)
    if kind == "boolean":
        return Picker(key, "checkbox")
    return None  # objects and lists: kept as they are, shown by no picker
