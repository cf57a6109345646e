"""Marshmallow schemas of the views API."""
from __future__ import annotations

import json

from marshmallow import Schema, ValidationError, fields, validate

from boards.schemas import ItemOut


class JsonText(fields.Field):
    """A query parameter holding URL-encoded JSON (filter, sort, lane)."""

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return json.loads(value, parse_constant=_no_constants)
        except (TypeError, ValueError):
            raise ValidationError("must be valid JSON") from None


def _no_constants(name: str):
    raise ValueError(f"{name} is not JSON")


class PageQuery(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    cursor = fields.String()
    count = fields.Boolean(load_default=False)
    filter = JsonText(metadata={"description": "a filter tree (API.md), URL-encoded JSON"})
    sort = JsonText(metadata={"description": 'a list like [{"column": key, "direction": "desc"}]'})
    q = fields.String(metadata={"description": "search text over the name and the values"})


class BoardItemsQuery(PageQuery):
    group_id = fields.Integer()
    parent_id = fields.Integer()


class ViewItemsQuery(PageQuery):
    group_id = fields.Integer()
    lanes = fields.Boolean(load_default=False, metadata={"description": "kanban: each lane's count"})
    lane = JsonText(metadata={"description": "kanban: only this lane's cards (JSON value; null = empty)"})


class ItemPageOut(Schema):
    items = fields.List(fields.Nested(ItemOut))
    next_cursor = fields.String(allow_none=True)
    total = fields.Integer()
    lanes = fields.List(fields.Dict())


class ViewIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    type = fields.String(required=True)
    filter = fields.Raw(load_default=None)
    sort = fields.Raw(load_default=None)
    settings = fields.Dict(load_default=None)
    shared = fields.Boolean(load_default=True)


class ViewPatch(Schema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    type = fields.String()
    filter = fields.Raw(allow_none=True)
    sort = fields.Raw(allow_none=True)
    settings = fields.Dict()
    shared = fields.Boolean()
    position = fields.Float()


class ViewOut(Schema):
    id = fields.Integer()
    board_id = fields.Integer()
    name = fields.String()
    type = fields.String()
    filter = fields.Raw()
    sort = fields.Raw()
    settings = fields.Dict()
    shared = fields.Boolean()
    owner_id = fields.Integer(allow_none=True)
    position = fields.Float()
    updated_at = fields.String()


class CardMoveIn(Schema):
    lane = fields.Raw(allow_none=True, metadata={"description": "the lane to move the card into (null: empty)"})
    from_lane = fields.Raw(allow_none=True, metadata={"description": "for list columns (tags, people, "
                                                                     "dropdown): the lane it leaves"})
    before_id = fields.Integer(load_default=None)
    after_id = fields.Integer(load_default=None)
