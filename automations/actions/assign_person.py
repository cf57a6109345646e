"""Add a person to a people column (kept if already there)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from automations.pickers import Picker
from automations.registry import Action, actions
from boards import items


@actions.register
class AssignPerson(Action):
    name = "assign_person"
    title = _l("Assign a person")
    phrase = _l("assign {user_id} in {column}")
    pickers = (Picker("user_id", "member"), Picker("column", "column", column_types=("people",)))
    config_schema = {"type": "object", "properties": {"column": {"type": "string"},
                                                      "user_id": {"type": "integer"}},
                     "required": ["column", "user_id"], "additionalProperties": False}

    def check(self, board):
        board.column(self.config["column"], "people")
        board.member(self.config["user_id"])

    def run(self, ctx):
        item = items.lock_item(ctx.item)
        people = list((item.values or {}).get(self.config["column"]) or [])
        if self.config["user_id"] not in people:
            people.append(self.config["user_id"])
        items.update_item(item, ctx.actor, values={self.config["column"]: people})
        return {"column": self.config["column"], "value": people}

    def preview(self, ctx):
        return f"assign user {self.config['user_id']} in {self.config['column']}"
