"""An e-mail to given addresses, to the people of a column, or to the address in an e-mail column;
subject and body may hold tokens. Sent after the run commits; the run records the outcome."""
from __future__ import annotations

import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from automations import mail, outbound
from automations.pickers import Picker
from automations.registry import Action, InvalidConfig, actions
from automations.tokens import TOKEN, render
from boards.context import WorkspaceContext
from fields import InvalidValue, column_types
from workspace.extensions import db
from workspace.models import User

RECIPIENT_KEYS = ("to", "people_column", "email_column")
_ADDRESS_TEXT = {"type": "string", "minLength": 1, "maxLength": 2000}


def addresses(text: str) -> list[str]:
    """The addresses in "a@x.org, Ada <ada@y.org>; b@z.org", read as an e-mail column reads them;
    InvalidValue naming a bad one."""
    email = column_types.get("email")({})
    found = [email.parse_text(piece) for piece in re.split(r"[,;]", text) if piece.strip()]
    return list(dict.fromkeys(found))


@actions.register
class SendEmail(Action):
    name = "send_email"
    title = _l("Send an e-mail")
    phrase = _l("send an e-mail to {to} or to the people in {people_column} or to the address in {email_column}, "
                "subject {subject}: {body}")
    config_schema = {"type": "object", "properties": {
        "to": {"anyOf": [_ADDRESS_TEXT, {"type": "array", "items": _ADDRESS_TEXT, "minItems": 1, "maxItems": 50}]},
        "people_column": {"type": "string"},
        "email_column": {"type": "string"},
        "subject": {"type": "string", "minLength": 1, "maxLength": 300},
        "body": {"type": "string", "minLength": 1, "maxLength": 20000}},
        "required": ["subject", "body"], "additionalProperties": False}
    token_fields = ("to", "subject", "body")
    pickers = (Picker("to", "text", tokens=True, optional=True),
               Picker("people_column", "column", column_types=("people",), optional=True),
               Picker("email_column", "column", column_types=("email",), optional=True),
               Picker("subject", "text", tokens=True), Picker("body", "long_text", tokens=True))

    @property
    def needs_item(self) -> bool:  # type: ignore[override]  — "e-mail ops@... every month" needs none
        return "to" not in self.config

    def check(self, board):
        named = [key for key in RECIPIENT_KEYS if key in self.config]
        if len(named) != 1:
            raise InvalidConfig("name one of to, people_column or email_column")
        if "people_column" in self.config:
            board.column(self.config["people_column"], "people", what="people_column")
        if "email_column" in self.config:
            board.column(self.config["email_column"], "email", what="email_column")
        for text in self._to():
            if not TOKEN.search(text):  # with tokens, only the rendered text can be checked
                try:
                    addresses(text)
                except InvalidValue as error:
                    raise InvalidConfig(f"to: {error.reason}") from None

    def _to(self) -> list[str]:
        to = self.config.get("to", [])
        return [to] if isinstance(to, str) else list(to)

    def recipients(self, ctx) -> list[str]:
        if "to" in self.config:
            return list(dict.fromkeys(a for text in self._to() for a in addresses(render(text, ctx))))
        if "people_column" in self.config:
            ids = (ctx.item.values or {}).get(self.config["people_column"]) or []
            members = WorkspaceContext(ctx.board.workspace_id).member_ids()
            wanted = [user_id for user_id in ids if user_id in members]  # people who left get nothing
            emails = dict(db.session.execute(select(User.id, User.email).where(User.id.in_(wanted))).all())
            found = [emails[user_id] for user_id in wanted if user_id in emails]
        else:
            value = (ctx.item.values or {}).get(self.config["email_column"])
            found = [value] if value else []
        return list(dict.fromkeys(found))

    def run(self, ctx):
        # Checked here, not only when sending: a run that cannot send fails visibly, changing nothing.
        if not mail.configured(current_app.config):
            raise InvalidConfig(mail.NOT_CONFIGURED)
        ctx.refresh_item()  # as the run's earlier actions left it (the engine refreshes only for needs_item)
        to = self.recipients(ctx)
        subject, body = render(self.config["subject"], ctx), render(self.config["body"], ctx)
        if to:
            run_id = ctx.run_id
            ctx.after_commit(lambda: outbound.queue_delivery(deliver, run_id, to, subject, body))
        return {"to": to, "subject": " ".join(subject.split())}

    def preview(self, ctx):
        to = self.recipients(ctx)
        return f"e-mail {', '.join(to) or 'nobody'}: {render(self.config['subject'], ctx)!r}"


def deliver(run_id: int, to: list[str], subject: str, body: str) -> None:
    """The job: one try (an SMTP failure is not retried: the server may have taken the message)."""
    outbound.attempt(run_id, lambda: mail.send(current_app.config, to=to, subject=subject, body=body))
