"""POST the item as JSON to a URL, signed with HMAC-SHA256 when a secret is set; after the run
commits, retried with backoff on timeouts, connection errors and 5xx, never sent to a private
address (automations/outbound.py)."""
from __future__ import annotations

import hashlib
import hmac
import http.client
import json
from datetime import date, datetime
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l

from automations import outbound
from automations.registry import Action, InvalidConfig, actions

SIGNATURE_HEADER = "X-Boardhouse-Signature"


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


@actions.register
class SendWebhook(Action):
    name = "send_webhook"
    title = _l("Send a webhook")
    phrase = _l("send a webhook to {url}, signed with {secret}")
    config_schema = {"type": "object", "properties": {
        "url": {"type": "string", "minLength": 1, "maxLength": 2000},
        "secret": {"type": "string", "minLength": 1, "maxLength": 500}},
        "required": ["url"], "additionalProperties": False}
    needs_item = False  # every_period has no item: the payload says "item": null

    def check(self, board):
        problem = outbound.url_problem(self.config["url"])
        if problem:
            raise InvalidConfig(f"url: {problem}")

    def payload(self, ctx) -> bytes:
        from boards.items import serializer_for

        item = ctx.refresh_item()
        event = ctx.event
        document = {"automation_id": ctx.automation_id, "run_id": ctx.run_id,
                    "event": {"key": event.key, "kind": event.kind, "column": event.column_key, "old": event.old,
                              "new": event.new, "user_id": event.user_id},
                    "item": serializer_for(ctx.board)(item) if item is not None else None}
        return json.dumps(document, default=_json_default, ensure_ascii=False, separators=(",", ":")).encode()

    def run(self, ctx):
        body = self.payload(ctx)  # the item as this run leaves it, before anything is sent
        headers = {"Content-Type": "application/json", "User-Agent": "Boardhouse-Webhook/1"}
        if self.config.get("secret"):
            headers[SIGNATURE_HEADER] = signature(self.config["secret"], body)
        url, run_id = self.config["url"], ctx.run_id
        intervals = list(current_app.config.get("WEBHOOK_RETRY_INTERVALS") or ())
        ctx.after_commit(lambda: outbound.queue_delivery(deliver, run_id, url, body.decode(), headers,
                                                         retry_intervals=intervals))
        return {"url": url}

    def preview(self, ctx):
        return f"POST the item to {self.config['url']}"


def deliver(run_id: int, url: str, body: str, headers: dict[str, str]) -> None:
    """The job: POST, checked hop by hop; timeouts, connection errors and 5xx are tried again."""
    config = current_app.config
    allowlist = outbound.Allowlist.parse(config.get("WEBHOOK_ALLOWLIST"))
    timeout = float(config.get("WEBHOOK_TIMEOUT") or 10)

    def try_once() -> None:
        try:
            status, reason = outbound.post(url, body.encode(), headers, allowlist=allowlist, timeout=timeout)
        except TimeoutError as error:
            raise outbound.Retryable(f"no answer within {timeout:g} s") from error
        except (OSError, http.client.HTTPException) as error:
            raise outbound.Retryable(f"could not deliver: {error or type(error).__name__}") from error
        if status >= 500:
            raise outbound.Retryable(f"HTTP {status} {reason}".strip())
        if not 200 <= status < 300:
            raise outbound.Failed(f"HTTP {status} {reason}".strip() + " (not retried)")
    outbound.attempt(run_id, try_once, list(config.get("WEBHOOK_RETRY_INTERVALS") or ()))
