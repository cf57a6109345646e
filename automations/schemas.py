"""marshmallow schemas of the automation routes (shapes only; meaning is checked by the service)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate


class AutomationIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    enabled = fields.Boolean(load_default=True)
    trigger = fields.Dict(required=True)
    conditions = fields.Raw(load_default=None, allow_none=True)
    actions = fields.List(fields.Dict(), required=True)


class AutomationPatch(Schema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    enabled = fields.Boolean()
    trigger = fields.Dict()
    conditions = fields.Raw(allow_none=True)
    actions = fields.List(fields.Dict())


class RunOut(Schema):
    id = fields.Integer()
    automation_id = fields.Integer()
    item_id = fields.Integer(allow_none=True)
    status = fields.String()
    attempts = fields.Integer()
    error = fields.String(allow_none=True)
    changes = fields.Raw()
    depth = fields.Integer()
    event = fields.String()
    started_at = fields.String(allow_none=True)
    finished_at = fields.String(allow_none=True)
    duration_ms = fields.Float(allow_none=True)


class AutomationOut(Schema):
    id = fields.Integer()
    board_id = fields.Integer()
    name = fields.String()
    enabled = fields.Boolean()
    trigger = fields.Dict()
    conditions = fields.Raw(allow_none=True)
    actions = fields.List(fields.Dict())
    owner_id = fields.Integer(allow_none=True)
    paused_reason = fields.String(allow_none=True)
    last_run = fields.Nested(RunOut, allow_none=True)
    created_at = fields.String()
    updated_at = fields.String()


class TestIn(Schema):
    item_id = fields.Integer(required=True)


class NotificationOut(Schema):
    id = fields.Integer()
    message = fields.String()
    board_id = fields.Integer(allow_none=True)
    item_id = fields.Integer(allow_none=True)
    automation_id = fields.Integer(allow_none=True)
    created_at = fields.String()
    read = fields.Boolean()
