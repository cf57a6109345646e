"""Tokens in action configs: {item.name}, {item.<key>}, {today}, {user.name}, and, for triggers
that carry a change, {old.<key>} and {new.<key>}. Unknown tokens are refused when the
automation is saved, never discovered when it runs."""
from __future__ import annotations

import re
from typing import Any

from automations.context import BoardFacts, RunContext
from automations.registry import InvalidConfig
from fields import column_types

TOKEN = re.compile(r"\{([a-z_]+)(?:\.([a-z][a-z0-9_]*))?\}")
ITEM_FIELDS = ("name", "id", "group")
# The board as a whole, for runs without an item (a weekly summary): its name, how many items it
# holds, and how many per group.
BOARD_FIELDS = ("name", "items", "summary")


def check_tokens(text: str, board: BoardFacts, *, gives_change: bool) -> None:
    for match in TOKEN.finditer(text):
        scope, key = match.group(1), match.group(2)
        if scope == "today" and key is None:
            continue
        if scope == "user" and key == "name":
            continue
        if scope == "board" and key in BOARD_FIELDS:
            continue
        if scope in ("old", "new") and not gives_change:
            raise InvalidConfig(f"{match.group(0)}: this trigger does not carry a change")
        if scope in ("item", "old", "new") and key is not None:
            if key in ITEM_FIELDS and scope == "item":
                continue
            if key not in board.columns:
                raise InvalidConfig(f"{match.group(0)}: there is no column {key!r} on this board")
            continue
        raise InvalidConfig(f"unknown token {match.group(0)}; use {{item.name}}, {{item.<column>}}, {{today}}, "
                            "{user.name}, {board.name}, {board.items}, {board.summary}, {old.<column>} or "
                            "{new.<column>}")


def render(text: str, ctx: RunContext, values: dict[str, Any] | None = None) -> str:
    """The text with its tokens replaced by the item's current values (formatted as in exports)."""
    from boards.service import columns_of

    columns = {c.key: c for c in columns_of(ctx.board)}
    if values is None and ctx.item is not None:
        from boards.items import serializer_for

        values = serializer_for(ctx.board)(ctx.item)["values"]
    values = values or {}

    def formatted(key: str, value: Any) -> str:
        column = columns.get(key)
        if column is None or value is None:
            return ""
        return column_types.get(column.type)(column.settings).format_text(value)

    def replace(match: re.Match) -> str:
        scope, key = match.group(1), match.group(2)
        if scope == "today":
            return ctx.today.isoformat()
        if scope == "board":
            return _board_token(key, ctx)
        if scope == "user":
            user = ctx.triggering_user
            return user.name if user else ""
        if scope == "item" and key == "name":
            return ctx.item.name if ctx.item else ""
        if scope == "item" and key == "id":
            return str(ctx.item.id) if ctx.item else ""
        if scope == "item" and key == "group":
            from boards.models import Group
            from workspace.extensions import db

            group = db.session.get(Group, ctx.item.group_id) if ctx.item else None
            return group.name if group else ""
        if scope in ("old", "new") and key == ctx.event.column_key:
            return formatted(key, ctx.event.old if scope == "old" else ctx.event.new)
        return formatted(key, values.get(key))

    return TOKEN.sub(replace, text)


def _board_token(key: str, ctx: RunContext) -> str:
    """{board.name}, {board.items} (its live items) and {board.summary} ("Open: 12, Won: 3"),
    counted in SQL."""
    if key == "name":
        return ctx.board.name
    from sqlalchemy import func, select

    from boards.models import Group, Item
    from workspace.extensions import db

    rows = db.session.execute(
        select(Group.name, func.count(Item.id)).join(Item, Item.group_id == Group.id)
        .where(Group.board_id == ctx.board.id, Group.deleted_at.is_(None), Item.deleted_at.is_(None),
               Item.parent_id.is_(None))
        .group_by(Group.id, Group.name, Group.position).order_by(Group.position, Group.id)).all()
    if key == "items":
        return str(sum(count for _name, count in rows))
    return ", ".join(f"{name}: {count}" for name, count in rows)
