"""send_webhook end to end through the API, to a real HTTP server on 127.0.0.1 (allowlisted here):
on a real rq worker when REDIS_URL is set (rq's Retry), in-process otherwise (the same backoff).
The item arrives signed; a 500 is retried; refused addresses never see a byte."""
from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import date, datetime, timedelta

import pytest

from automations import outbound
from tests.automations.conftest import automation
from tests.automations.test_outbound import HookServer

SECRET = "s3cret-for-tests"


@pytest.fixture
def hook_server():
    server = HookServer()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def webhook_config(app, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOWLIST", ["127.0.0.1"])
    monkeypatch.setitem(app.config, "WEBHOOK_RETRY_INTERVALS", [0, 0, 0])  # a burst worker needs them due now
    monkeypatch.setitem(app.config, "WEBHOOK_TIMEOUT", 2.0)


def webhook_on_done(flow, url: str, **config) -> dict:
    return automation(flow, {"type": "status_changed_to", "config": {"column": "status", "label": "Done"}},
                      [{"type": "send_webhook", "config": {"url": url, **config}}])


def finish(flow, task: dict) -> None:
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"status": "Done"}})


def settled_run(flow, settle, rule: dict, within: float = 15.0) -> dict:
    """Runs the worker until the rule's run is over: a retry that rq scheduled for later is only
    picked up by the next burst (a burst worker leaves when nothing is due)."""
    deadline = time.monotonic() + within
    while True:
        settle()
        [run] = flow["api"].ok("GET", f"/automations/{rule['id']}/runs")
        if run["status"] not in ("queued", "running") or time.monotonic() > deadline:
            return run
        time.sleep(0.1)


def test_the_item_is_posted_signed_and_retried_after_a_500(flow, settle, hook_server):
    hook_server.script = [500]
    rule = webhook_on_done(flow, hook_server.url(), secret=SECRET)
    task = flow["api"].ok("POST", f"/boards/{flow['board']}/items", {"name": "Call Ada", "values": {"points": 3}})
    finish(flow, task)
    run = settled_run(flow, settle, rule)
    assert run["status"] == "succeeded" and run["attempts"] == 2 and run["error"] is None
    assert run["changes"] == [{"action": "send_webhook", "url": hook_server.url()}]
    first, second = hook_server.requests
    assert first["body"] == second["body"]
    for request in (first, second):
        expected = hmac.new(SECRET.encode(), request["body"], hashlib.sha256).hexdigest()
        assert request["headers"]["X-Boardhouse-Signature"] == f"sha256={expected}"
        assert request["headers"]["Content-Type"] == "application/json"
    payload = json.loads(second["body"])
    assert payload["automation_id"] == rule["id"] and payload["run_id"] == run["id"]
    assert payload["event"] | {"key": None, "user_id": None} == {
        "key": None, "kind": "value_changed", "column": "status", "old": None, "new": "Done", "user_id": None}
    assert payload["item"] == flow["api"].ok("GET", f"/items/{task['id']}")


def test_without_a_secret_nothing_is_signed(flow, settle, hook_server):
    rule = webhook_on_done(flow, hook_server.url())
    finish(flow, flow["api"].ok("POST", f"/boards/{flow['board']}/items", {"name": "Task"}))
    assert settled_run(flow, settle, rule)["status"] == "succeeded"
    [request] = hook_server.requests
    assert "X-Boardhouse-Signature" not in request["headers"]


def test_a_server_that_keeps_failing_fails_the_run_after_the_retries_saying_why(flow, settle, hook_server):
    hook_server.script = [503] * 4
    rule = webhook_on_done(flow, hook_server.url())
    finish(flow, flow["api"].ok("POST", f"/boards/{flow['board']}/items", {"name": "Task"}))
    run = settled_run(flow, settle, rule)
    assert len(hook_server.requests) == 4
    assert run["status"] == "failed" and run["attempts"] == 4
    assert run["error"] == "HTTP 503 Service Unavailable (gave up after 4 attempts)"


def test_a_4xx_is_not_retried(flow, settle, hook_server):
    hook_server.script = [404]
    rule = webhook_on_done(flow, hook_server.url())
    finish(flow, flow["api"].ok("POST", f"/boards/{flow['board']}/items", {"name": "Task"}))
    run = settled_run(flow, settle, rule)
    assert len(hook_server.requests) == 1
    assert run["status"] == "failed" and run["attempts"] == 1 and "HTTP 404 Not Found" in run["error"]


def test_a_timeout_is_retried(flow, settle, hook_server, app, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOK_TIMEOUT", 0.3)
    hook_server.script = [(200, {}, 1.0)]  # answers too late the first time
    rule = webhook_on_done(flow, hook_server.url())
    finish(flow, flow["api"].ok("POST", f"/boards/{flow['board']}/items", {"name": "Task"}))
    run = settled_run(flow, settle, rule)
    assert len(hook_server.requests) == 2
    assert run["status"] == "succeeded" and run["attempts"] == 2


def test_retries_wait_the_backoff_intervals(flow, settle, hook_server, app, monkeypatch):
    hook_server.script = [500, 500]
    waited: list[float] = []
    monkeypatch.setattr(outbound, "sleep", waited.append)  # in-process: the waits are recorded, not slept
    monkeypatch.setitem(app.config, "WEBHOOK_RETRY_INTERVALS", [2, 2])
    rule = webhook_on_done(flow, hook_server.url())
    finish(flow, flow["api"].ok("POST", f"/boards/{flow['board']}/items", {"name": "Task"}))
    if app.config["REDIS_URL"]:
        settle()  # the first try; rq's scheduler holds the retry back
        [run] = flow["api"].ok("GET", f"/automations/{rule['id']}/runs")
        assert run["status"] == "running" and run["attempts"] == 1
        assert run["error"] == "attempt 1: HTTP 500 Internal Server Error; trying again"
    run = settled_run(flow, settle, rule)
    assert run["status"] == "succeeded" and run["attempts"] == 3 and run["error"] is None
    if app.config["REDIS_URL"]:
        first, second, third = (r["at"] for r in hook_server.requests)
        assert second - first >= 1 and third - second >= 1  # rq schedules to the whole second
    else:
        assert waited == [2, 2]


def test_a_refused_address_fails_the_run_and_sends_nothing(flow, settle, hook_server, app, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOWLIST", [])
    rule = webhook_on_done(flow, hook_server.url(host="2130706433"), secret=SECRET)
    finish(flow, flow["api"].ok("POST", f"/boards/{flow['board']}/items", {"name": "Task"}))
    run = settled_run(flow, settle, rule)
    assert run["status"] == "failed" and run["attempts"] == 1
    assert run["error"].startswith("refused: 2130706433 resolves to 127.0.0.1, a loopback address")
    assert hook_server.connections == 0


def test_a_redirect_to_the_metadata_address_is_not_followed(flow, settle, hook_server):
    hook_server.script = [(302, {"Location": "http://169.254.169.254/latest/meta-data/"}, 0)]
    rule = webhook_on_done(flow, hook_server.url())
    finish(flow, flow["api"].ok("POST", f"/boards/{flow['board']}/items", {"name": "Task"}))
    run = settled_run(flow, settle, rule)
    assert run["status"] == "failed" and "169.254.169.254 is a link-local address" in run["error"]
    assert len(hook_server.requests) == 1


def test_an_unusable_url_is_refused_on_save(flow):
    result = flow["api"].post(f"/boards/{flow['board']}/automations", {
        "name": "X", "trigger": {"type": "item_created"},
        "actions": [{"type": "send_webhook", "config": {"url": "ftp://example.com/hook"}}]})
    assert result.status == 422 and "only http and https" in result.error["details"]["actions.0"]


def test_every_period_posts_without_an_item(flow, tick, settle, hook_server):
    day = date.today() + timedelta(days=400)
    rule = automation(flow, {"type": "every_period", "config": {"every": "day", "at": "09:00"}},
                      [{"type": "send_webhook", "config": {"url": hook_server.url()}}])
    tick(day, datetime.fromisoformat(f"{day.isoformat()}T09:00"))
    assert settled_run(flow, settle, rule)["status"] == "succeeded"
    [request] = hook_server.requests
    payload = json.loads(request["body"])
    assert payload["item"] is None and payload["event"]["key"] == f"period:day:{day.isoformat()}T09:00"
