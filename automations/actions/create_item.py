"""Create an item on a board of the workspace, optionally linked back to this item."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from automations.context import BoardFacts
from automations.pickers import Picker
from automations.registry import Action, InvalidConfig, actions
from automations.tokens import render
from boards import items, links
from boards.models import Board
from boards.service import columns_of
from workspace.extensions import db


@actions.register
class CreateItem(Action):
    name = "create_item"
    title = _l("Create an item")
    phrase = _l("create an item named {name} on {board_id} in {group_id}")
    pickers = (Picker("board_id", "board"), Picker("group_id", "group", of="board_id", optional=True),
               Picker("name", "text", tokens=True, optional=True),
               Picker("link_column", "column", column_types=("connect_boards",), optional=True))
    config_schema = {"type": "object", "properties": {
        "board_id": {"type": "integer"}, "group_id": {"type": "integer"},
        "name": {"type": "string", "minLength": 1}, "values": {"type": "object"},
        "link_column": {"type": "string"}}, "required": ["board_id"], "additionalProperties": False}
    token_fields = ("name",)

    @property
    def needs_item(self) -> bool:  # type: ignore[override]  — only the link back needs one (every_period)
        return "link_column" in self.config

    def _target(self, workspace_id: int) -> Board:
        board = db.session.get(Board, self.config["board_id"])
        if board is None or board.workspace_id != workspace_id or board.deleted_at is not None:
            raise InvalidConfig(f"there is no board {self.config['board_id']} in this workspace")
        return board

    def check(self, board):
        from automations.actions.values import check_value, writable_column

        target = BoardFacts(self._target(board.board.workspace_id))
        if "group_id" in self.config:
            target.group(self.config["group_id"])
        for key, value in (self.config.get("values") or {}).items():
            check_value(target, writable_column(target, key), value)
        if "link_column" in self.config:
            column = board.column(self.config["link_column"], "connect_boards", what="link_column")
            if target.board.id not in column.settings.get("board_ids", []):
                raise InvalidConfig(f"link_column {column.key!r} does not link to board {target.board.name!r}")

    def run(self, ctx):
        from automations.actions.values import resolve_value

        target = self._target(ctx.board.workspace_id)
        columns = {c.key: c for c in columns_of(target)}
        wanted = self.config.get("values") or {}
        values = {key: resolve_value(ctx, columns[key], value) for key, value in wanted.items()}
        name = render(self.config.get("name") or "{item.name}", ctx)[:500] or "New item"
        created = items.create_item(target, ctx.actor, name=name, group_id=self.config.get("group_id"), values=values)
        if "link_column" in self.config and ctx.item is not None:
            column = next(c for c in columns_of(ctx.board) if c.key == self.config["link_column"])
            current = links.linked_ids(column.id, [ctx.item.id]).get(ctx.item.id, [])
            links.set_links(ctx.item, column, [*current, created.id], ctx.actor)
        return {"created_item_id": created.id, "board_id": target.id, "name": created.name}

    def preview(self, ctx):
        target = self._target(ctx.board.workspace_id)
        return f"create {render(self.config.get('name') or '{item.name}', ctx)!r} on {target.name}"
