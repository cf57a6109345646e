"""Marshmallow schemas of the imports API (API.md: Imports). Mappings and options are checked by
boards/imports/plan.py, which names each bad entry; here only their outer shape."""
from __future__ import annotations

from marshmallow import Schema, fields, validate


class ReadIn(Schema):
    encoding = fields.String(validate=validate.Length(min=1, max=40))
    delimiter = fields.String(validate=validate.Length(min=1, max=2))
    header_row = fields.Integer(validate=validate.Range(min=0))


class StartIn(Schema):
    mapping = fields.Dict(required=True, metadata={"description": "keyed by CSV header: {target, ...}"})
    options = fields.Dict(load_default=dict, metadata={
        "description": "key_column, parent_key_column, blank (leave|clear), dry_run, group_id, save_mapping_as"})


class MappingIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    headers = fields.List(fields.String(), required=True)
    mapping = fields.Dict(required=True)
    options = fields.Dict(load_default=dict)
