"""An in-app notification (the bell) for the people of a column or given users."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from automations.models import Notification
from automations.pickers import Picker
from automations.registry import Action, InvalidConfig, actions
from automations.tokens import render
from boards.context import WorkspaceContext
from workspace.extensions import db


@actions.register
class Notify(Action):
    name = "notify"
    title = _l("Notify someone")
    phrase = _l("notify {recipients}: {message}")
    pickers = (Picker("recipients", "recipients"), Picker("message", "long_text", tokens=True))
    config_schema = {"type": "object", "properties": {
        "people_column": {"type": "string"},
        "user_ids": {"type": "array", "items": {"type": "integer"}, "minItems": 1},
        "message": {"type": "string", "minLength": 1, "maxLength": 2000}},
        "required": ["message"], "additionalProperties": False}
    token_fields = ("message",)

    @property
    def needs_item(self) -> bool:  # type: ignore[override]  — given users need no item (every_period)
        return "people_column" in self.config

    def check(self, board):
        if ("people_column" in self.config) == ("user_ids" in self.config):
            raise InvalidConfig("name either people_column or user_ids")
        if "people_column" in self.config:
            board.column(self.config["people_column"], "people", what="people_column")
        for user_id in self.config.get("user_ids", []):
            board.member(user_id)

    def recipients(self, ctx) -> list[int]:
        if "people_column" in self.config:
            ids = (ctx.item.values or {}).get(self.config["people_column"]) or [] if ctx.item else []
        else:
            ids = self.config["user_ids"]
        members = WorkspaceContext(ctx.board.workspace_id).member_ids()
        return [user_id for user_id in dict.fromkeys(ids) if user_id in members]

    def run(self, ctx):
        message = render(self.config["message"], ctx)
        recipients = self.recipients(ctx)
        for user_id in recipients:
            db.session.add(Notification(workspace_id=ctx.board.workspace_id, user_id=user_id, board_id=ctx.board.id,
                                        item_id=ctx.item.id if ctx.item else None, automation_id=ctx.automation_id,
                                        message=message))
        return {"notified": recipients, "message": message}

    def preview(self, ctx):
        return f"notify {len(self.recipients(ctx))} people: {render(self.config['message'], ctx)!r}"
