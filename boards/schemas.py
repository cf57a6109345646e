"""Marshmallow schemas of the boards API (API.md)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate


class GroupOut(Schema):
    id = fields.Integer()
    board_id = fields.Integer()
    name = fields.String()
    color = fields.String()
    position = fields.Float()
    collapsed = fields.Boolean()


class ColumnOut(Schema):
    id = fields.Integer()
    board_id = fields.Integer()
    key = fields.String()
    title = fields.String()
    type = fields.String()
    settings = fields.Dict()
    scope = fields.String()
    position = fields.Float()
    hidden = fields.Boolean()
    conversion = fields.Dict(metadata={"description": "after a type change: converted and failed counts"})


class BoardIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="")


class BoardPatch(Schema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    description = fields.String()


class BoardOut(Schema):
    id = fields.Integer()
    workspace_id = fields.Integer()
    name = fields.String()
    description = fields.String()
    groups = fields.List(fields.Nested(GroupOut))
    columns = fields.List(fields.Nested(ColumnOut))


COLOR = validate.Regexp(r"^#[0-9a-fA-F]{6}$", error="must be a colour like #579bfc")


class GroupIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    color = fields.String(validate=COLOR)
    position = fields.Float()


class GroupPatch(Schema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    color = fields.String(validate=COLOR)
    position = fields.Float()
    collapsed = fields.Boolean()


class ColumnIn(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    type = fields.String(required=True)
    settings = fields.Dict(load_default=None)
    scope = fields.String(load_default="item", validate=validate.OneOf(["item", "subitem"]))
    key = fields.String(load_default=None)
    position = fields.Float(load_default=None)


class ColumnPatch(Schema):
    title = fields.String(validate=validate.Length(min=1, max=200))
    type = fields.String()
    settings = fields.Dict()
    position = fields.Float()
    hidden = fields.Boolean()


class TypeChangePreviewIn(Schema):
    type = fields.String(required=True)
    settings = fields.Dict(load_default=None)


class TypeChangePreviewOut(Schema):
    converted = fields.Integer()
    failed = fields.Integer()
    failed_item_ids = fields.List(fields.Integer())


class ItemOut(Schema):
    id = fields.Integer()
    board_id = fields.Integer()
    group_id = fields.Integer()
    parent_id = fields.Integer(allow_none=True)
    name = fields.String()
    position = fields.Float()
    values = fields.Dict()
    created_at = fields.String()
    updated_at = fields.String()


class ItemIn(Schema):
    name = fields.String(required=True)
    group_id = fields.Integer(load_default=None)
    parent_id = fields.Integer(load_default=None)
    values = fields.Dict(load_default=dict)


class ItemPatch(Schema):
    name = fields.String()
    group_id = fields.Integer()
    values = fields.Dict()


class ItemBatchUpdate(ItemPatch):
    id = fields.Integer(required=True)


class ItemBatchCreateIn(Schema):
    items = fields.List(fields.Nested(ItemIn), required=True, validate=validate.Length(min=1, max=500))


class ItemBatchUpdateIn(Schema):
    items = fields.List(fields.Nested(ItemBatchUpdate), required=True, validate=validate.Length(min=1, max=500))


class ItemBatchOut(Schema):
    items = fields.List(fields.Nested(ItemOut))


class MoveIn(Schema):
    group_id = fields.Integer(load_default=None)
    before_id = fields.Integer(load_default=None)
    after_id = fields.Integer(load_default=None)


class ActivityOut(Schema):
    id = fields.Integer()
    board_id = fields.Integer()
    item_id = fields.Integer(allow_none=True)
    user_id = fields.Integer(allow_none=True)
    kind = fields.String()
    column_key = fields.String(allow_none=True)
    old = fields.Raw(allow_none=True)
    new = fields.Raw(allow_none=True)
    at = fields.String()
    automation_id = fields.Integer(allow_none=True)
