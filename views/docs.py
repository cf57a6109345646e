"""Generates docs/filters.md from the column-type registry: `python -m views.docs`."""
from __future__ import annotations

from pathlib import Path

from boards.filtertree import BUILTIN_FIELDS
from fields import column_types
from fields.operators import ALL

DOC = Path(__file__).resolve().parent.parent / "docs" / "filters.md"
BUILTIN_TYPES = {"name": "text", "group": None, "created_at": "creation_log", "updated_at": "last_updated"}


def render() -> str:
    from boards.filtertree import GroupType

    lines = [
        "# Filter operators by column type",
        "",
        "Generated from the column-type registry by `python -m views.docs`; a test fails when it is",
        "out of date. A filter rule is `{\"column\": key, \"operator\": op, \"value\": v}` (see API.md);",
        "any other operator on a column of that type answers 400 naming the column and the operator.",
        "",
        "| type | " + " | ".join(f"`{op}`" for op in ALL) + " |",
        "|---|" + "---|" * len(ALL),
    ]
    notes = []
    for column_type in sorted(column_types, key=lambda t: t.name):
        if column_type.operators_note:
            notes.append(f"- {column_type.name}: {column_type.operators_note}.")
            lines.append(f"| {column_type.name} | " + " | ".join("*" for _op in ALL) + " |")
            continue
        lines.append(f"| {column_type.name} | " + " | ".join("✓" if op in column_type.operators else ""
                                                             for op in ALL) + " |")
    if notes:
        lines += ["", "\\* depends on the column's settings:", "", *notes]
    lines += ["", "Built-in fields every board has:", "",
              "| field | " + " | ".join(f"`{op}`" for op in ALL) + " |", "|---|" + "---|" * len(ALL)]
    for name in BUILTIN_FIELDS:
        type_name = BUILTIN_TYPES[name]
        operators = GroupType.operators if type_name is None else column_types.get(type_name).operators
        lines.append(f"| {name} | " + " | ".join("✓" if op in operators else "" for op in ALL) + " |")
    lines += ["", "Value shapes: `any_of` / `not_any_of` take a non-empty list; `between` takes `[low, high]`",
              "(inclusive); `within_the_next` / `within_the_last` take `{\"days\": n}`; `is_empty`,",
              "`is_not_empty`, `is_today` and `is_overdue` take no value; dates are `YYYY-MM-DD` and compare",
              "by calendar day; text compares case-insensitively. Negative operators (`not_equals`,",
              "`not_any_of`, `not_contains_text`) also match items with no value.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    DOC.write_text(render())
    print(f"wrote {DOC}")
