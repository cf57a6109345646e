"""What the builder's pickers offer on one board: its columns, groups, labels, members, the
workspace's boards, linked items, and the filter fields of the conditions (as the board's filter
builder offers them). Looked up once per request, lazily."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from automations.pickers import Picker
from boards.models import Board, Group, Item
from boards.service import boards_in, columns_of, groups_of
from fields import column_types
from workspace import service as workspace_service
from workspace.extensions import db
from workspace.models import Role

Option = tuple[str, str]  # (form value, title)
LINKED_ITEMS_SHOWN = 200
TEST_ITEMS_SHOWN = 50


def option_value(value: Any) -> str:
    """A config or filter value as the form holds it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


@dataclass
class BoardChoices:
    board: Board

    @cached_property
    def columns(self) -> list[Any]:
        return columns_of(self.board, "item")

    def column(self, key: Any) -> Any:
        return next((c for c in self.columns if c.key == key), None)

    @cached_property
    def groups(self) -> list[Group]:
        return groups_of(self.board)

    @cached_property
    def members(self) -> list[Option]:
        return [(str(user.id), user.name) for user, _role in workspace_service.members_of(self.board.workspace_id)]

    @cached_property
    def boards(self) -> list[Board]:
        return boards_in(self.board.workspace_id)

    def groups_of(self, board_id: Any) -> list[Group]:
        board = next((b for b in self.boards if str(b.id) == str(board_id)), None)
        return groups_of(board) if board is not None else []

    @cached_property
    def filter_fields(self) -> dict[str, dict]:
        """The conditions' fields, operators and choices: the same as the board's filter builder."""
        from views.pages import BoardPage

        meta = BoardPage(self.board, Role.viewer, None).filter_meta()
        return {f["key"]: f for f in meta["fields"]}

    @cached_property
    def test_items(self) -> list[Option]:
        """Items to "test on": the first ones of the board, in board order."""
        rows = db.session.execute(select(Item.id, Item.name).where(
            Item.workspace_id == self.board.workspace_id, Item.board_id == self.board.id,
            Item.parent_id.is_(None), Item.deleted_at.is_(None)).order_by(Item.position, Item.id)
            .limit(TEST_ITEMS_SHOWN))
        return [(str(item_id), name) for item_id, name in rows]

    def linked_items(self, column_key: Any) -> list[Option]:
        column = self.column(column_key)
        board_ids = (column.settings.get("board_ids") or []) if column is not None else []
        if not board_ids:
            return []
        rows = db.session.execute(select(Item.id, Item.name).where(
            Item.workspace_id == self.board.workspace_id, Item.board_id.in_(board_ids), Item.parent_id.is_(None),
            Item.deleted_at.is_(None)).order_by(Item.name, Item.id).limit(LINKED_ITEMS_SHOWN))
        return [(str(item_id), name) for item_id, name in rows]

    def value_choices(self, column_key: Any) -> list[Option] | None:
        """The values a column can be set to, when they are a list (labels, people, yes/no)."""
        field = self.filter_fields.get(column_key) if isinstance(column_key, str) else None
        if not field or not field.get("choices"):
            return None
        return [(option_value(c["value"]), str(c["label"])) for c in field["choices"]]

    # -- the options of one picker, given the config keys it depends on ----------------------
    def options(self, picker: Picker, raw: dict[str, Any]) -> list[Option] | None:
        """The picker's options as (form value, title); None for pickers typed into."""
        kind = picker.kind
        if kind == "column":
            return [(c.key, c.title) for c in self.columns
                    if (not picker.column_types or c.type in picker.column_types)
                    and not (picker.writable and column_types.get(c.type).read_only)]
        if kind == "label":
            column = self.column(raw.get(picker.of))
            labels = (column.settings.get("labels") or []) if column is not None else []
            return [(text, text) for text in (e["label"] if isinstance(e, dict) else e for e in labels)]
        if kind == "group":
            groups = self.groups_of(raw.get(picker.of)) if picker.of else self.groups
            return [(str(g.id), g.name) for g in groups]
        if kind == "board":
            return [(str(b.id), b.name) for b in self.boards]
        if kind in ("member", "members"):
            return self.members
        if kind == "recipients":
            people = [(f"column:{c.key}", _("the people in %(column)s", column=c.title))
                      for c in self.columns if c.type == "people"]
            users = [(f"users:{user_id}", name) for user_id, name in self.members]
            chosen = str(raw.get(picker.key) or "")
            if chosen.startswith("users:") and "," in chosen:  # several people, set through the API
                names = dict(self.members)
                ids = chosen.removeprefix("users:").split(",")
                users.insert(0, (chosen, ", ".join(names.get(i, f"#{i}") for i in ids)))
            return people + users
        if kind == "item":
            return self.linked_items(raw.get(picker.of))
        if kind == "value":
            return self.value_choices(raw.get(picker.of))
        if kind == "choice":
            offered = [(option_value(value), str(title)) for value, title in picker.choices]
            chosen = option_value(raw.get(picker.key))
            if chosen and chosen not in dict(offered):  # a value set through the API stays possible
                offered.append((chosen, chosen))
            return offered
        return None
