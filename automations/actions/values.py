"""Shared by the actions that write a column value: checks on save, tokens at run time."""
from __future__ import annotations

from typing import Any

from automations.context import BoardFacts, RunContext
from automations.registry import InvalidConfig
from automations.tokens import TOKEN, render
from boards.context import WorkspaceContext
from fields import InvalidValue, column_types


def writable_column(board: BoardFacts, key: Any) -> Any:
    column = board.column(key)
    if column_types.get(column.type).read_only:
        raise InvalidConfig(f"column {key!r} is read-only")
    return column


def check_value(board: BoardFacts, column: Any, value: Any) -> None:
    """A value without tokens must already be valid (labels and people must exist)."""
    if isinstance(value, str) and TOKEN.search(value):
        return
    try:
        column_types.get(column.type)(column.settings).validate(value, WorkspaceContext(board.board.workspace_id))
    except InvalidValue as error:
        raise InvalidConfig(f"value for {column.key!r}: {error.reason}") from None


def resolve_value(ctx: RunContext, column: Any, value: Any) -> Any:
    """Tokens rendered; rendered text read by the column's type like typed text."""
    if not (isinstance(value, str) and TOKEN.search(value)):
        return value
    text = render(value, ctx)
    column_type = column_types.get(column.type)(column.settings)
    if column.type in ("text", "long_text"):
        return text
    return column_type.parse_text(text, WorkspaceContext(ctx.board.workspace_id))
