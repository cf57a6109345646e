"""send_email end to end through the API, received by a real SMTP server (aiosmtpd) on 127.0.0.1:
on a real rq worker when REDIS_URL is set, in-process otherwise. Without SMTP configured, or with
the server down, the run fails saying why."""
from __future__ import annotations

import socket
from datetime import date, datetime, timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from tests.automations.conftest import automation


def free_port() -> int:
    with socket.socket() as probe:  # aiosmtpd's Controller cannot take port 0
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """The aiosmtpd handler: keeps every message it is given."""

    def __init__(self) -> None:
        self.envelopes: list = []
        self.logins: list[tuple[str, str]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        self.logins.append((auth_data.login.decode(), auth_data.password.decode()))
        return AuthResult(success=auth_data.password == b"mail-pass")

    @property
    def messages(self) -> list:
        return [message_from_bytes(e.original_content, policy=policy.default) for e in self.envelopes]


@pytest.fixture
def inbox(app, monkeypatch):
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, authenticator=handler.authenticate,
                            auth_require_tls=False)
    controller.start()
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    monkeypatch.setitem(app.config, "SMTP_FROM", "crm@example.com")
    yield handler
    controller.stop()


def mail_on_done(flow, **config) -> dict:
    return automation(flow, {"type": "status_changed_to", "config": {"column": "status", "label": "Done"}},
                      [{"type": "send_email", "config": config}])


def done(flow, settle, **values) -> dict:
    task = flow["api"].ok("POST", f"/boards/{flow['board']}/items", {"name": "Call Ada", "values": values})
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"status": "Done"}})
    settle()
    return task


def only_run(flow, rule: dict) -> dict:
    [run] = flow["api"].ok("GET", f"/automations/{rule['id']}/runs")
    return run


def test_an_email_to_addresses_with_tokens_is_received(flow, settle, inbox):
    rule = mail_on_done(flow, to="sales@example.com, {item.note}", subject="{item.name} is done",
                        body="{item.name} ({item.points} points) moved to Done on {today}.")
    done(flow, settle, note="Ada Lovelace <ada@example.org>", points=3)
    [envelope] = inbox.envelopes
    assert envelope.mail_from == "crm@example.com"
    assert envelope.rcpt_tos == ["sales@example.com", "ada@example.org"]
    [message] = inbox.messages
    assert message["Subject"] == "Call Ada is done" and message["From"] == "crm@example.com"
    assert message["To"] == "sales@example.com, ada@example.org"
    assert message.get_content().startswith("Call Ada (3 points) moved to Done on ")
    run = only_run(flow, rule)
    assert run["status"] == "succeeded" and run["attempts"] == 1 and run["error"] is None
    assert run["changes"] == [{"action": "send_email", "to": ["sales@example.com", "ada@example.org"],
                               "subject": "Call Ada is done"}]


def test_an_email_to_the_people_of_a_column(flow, settle, inbox, app, member_of):
    from workspace.extensions import db
    from workspace.models import User

    colleague = member_of("member")
    with app.app_context():
        emails = [db.session.get(User, user_id).email for user_id in (flow["api"].user_id, colleague.user_id)]
    rule = mail_on_done(flow, people_column="owner", subject="Done", body="It is done.")
    done(flow, settle, owner=[flow["api"].user_id, colleague.user_id])
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == emails
    assert only_run(flow, rule)["status"] == "succeeded"


def test_an_email_to_the_address_in_an_email_column(flow, settle, inbox):
    flow["api"].ok("POST", f"/boards/{flow['board']}/columns", {"title": "Contact", "type": "email", "key": "contact"})
    rule = mail_on_done(flow, email_column="contact", subject="Your order", body="Hello from {user.name}.")
    done(flow, settle, contact="bob@example.net")
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == ["bob@example.net"]
    assert only_run(flow, rule)["status"] == "succeeded"


def test_with_smtp_credentials_it_logs_in(flow, settle, inbox, app, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_USERNAME", "crm")
    monkeypatch.setitem(app.config, "SMTP_PASSWORD", "mail-pass")
    rule = mail_on_done(flow, to=["ops@example.com"], subject="Done", body="Done.")
    done(flow, settle)
    assert inbox.logins == [("crm", "mail-pass")] and len(inbox.envelopes) == 1
    assert only_run(flow, rule)["status"] == "succeeded"


def test_without_smtp_the_run_fails_saying_so_and_changes_nothing(flow, settle, app, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_HOST", None)
    rule = automation(flow, {"type": "status_changed_to", "config": {"column": "status", "label": "Done"}},
                      [{"type": "set_value", "config": {"column": "note", "value": "mailed"}},
                       {"type": "send_email", "config": {"to": "ops@example.com", "subject": "S", "body": "B"}}])
    task = done(flow, settle)
    run = only_run(flow, rule)
    assert run["status"] == "failed" and run["error"] == "SMTP is not configured (set SMTP_HOST)"
    assert "note" not in flow["api"].ok("GET", f"/items/{task['id']}")["values"]


def test_an_smtp_server_that_cannot_be_reached_fails_the_run(flow, settle, app, monkeypatch):
    port = free_port()  # nothing listens there
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    rule = mail_on_done(flow, to="ops@example.com", subject="S", body="B")
    done(flow, settle)
    run = only_run(flow, rule)
    assert run["status"] == "failed" and run["attempts"] == 1
    assert run["error"].startswith(f"could not send through 127.0.0.1:{port}: ")


def test_bad_definitions_are_refused_on_save(flow):
    def refused(config: dict) -> str:
        result = flow["api"].post(f"/boards/{flow['board']}/automations", {
            "name": "X", "trigger": {"type": "item_created"}, "actions": [{"type": "send_email", "config": config}]})
        assert result.status == 422, result.json
        return result.error["details"]["actions.0"]
    mail = {"subject": "S", "body": "B"}
    assert "one of to, people_column or email_column" in refused(mail)
    assert "one of to, people_column" in refused({**mail, "to": "a@example.com", "people_column": "owner"})
    assert "not a valid e-mail address" in refused({**mail, "to": "a@example.com, nobody"})
    assert "must be a people column" in refused({**mail, "people_column": "note"})
    assert "no column 'missing'" in refused({**mail, "email_column": "missing"})
    assert "no column 'nope'" in refused({**mail, "to": "a@example.com", "subject": "{item.nope}"})


def test_every_period_mails_the_given_addresses_without_an_item(flow, tick, inbox):
    day = date.today() + timedelta(days=400)
    rule = automation(flow, {"type": "every_period", "config": {"every": "day", "at": "09:00"}},
                      [{"type": "send_email", "config": {"to": "ops@example.com", "subject": "Daily {today}",
                                                         "body": "Good morning."}}])
    tick(day, datetime.fromisoformat(f"{day.isoformat()}T09:00"))
    [message] = inbox.messages
    assert message["Subject"] == f"Daily {day.isoformat()}"
    assert only_run(flow, rule)["status"] == "succeeded"
    result = flow["api"].post(f"/boards/{flow['board']}/automations", {
        "name": "X", "trigger": {"type": "every_period", "config": {"every": "day", "at": "09:00"}},
        "actions": [{"type": "send_email", "config": {"people_column": "owner", "subject": "S", "body": "B"}}]})
    assert result.status == 422 and "needs an item" in result.error["details"]["actions.0"]


def test_a_weekly_summary_counts_the_boards_items_per_group(flow, settle, inbox, tick):
    from datetime import date, datetime, timedelta

    monday = date.today() + timedelta(days=400 + (7 - (date.today() + timedelta(days=400)).weekday()) % 7)
    rule = automation(flow, {"type": "every_period", "config": {"every": "week", "weekday": 0, "at": "09:00"}},
                      [{"type": "send_email", "config": {
                          "to": "boss@example.com", "subject": "{board.name} this week",
                          "body": "{board.items} items: {board.summary}"}}])
    for name in ("One", "Two"):
        flow["api"].ok("POST", f"/boards/{flow['board']}/items", {"name": name})
    flow["api"].ok("POST", f"/boards/{flow['board']}/items", {"name": "Three", "group_id": flow["done"]})
    tick(monday, datetime.combine(monday, datetime.min.time()) + timedelta(hours=9, minutes=1))
    [message] = inbox.messages
    assert message["Subject"] == "Tasks this week"
    assert message.get_content().strip() == "3 items: New group: 2, Done: 1"
    assert only_run(flow, rule)["status"] == "succeeded"
