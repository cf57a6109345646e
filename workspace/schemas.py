"""Marshmallow schemas of the workspace API."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from workspace.models import Role

ROLES = [r.value for r in Role]


class WorkspaceIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))


class WorkspaceOut(Schema):
    id = fields.Integer()
    name = fields.String()
    role = fields.String()


class MemberIn(Schema):
    email = fields.Email(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))


class MemberPatch(Schema):
    role = fields.String(required=True, validate=validate.OneOf(ROLES))


class MemberOut(Schema):
    user_id = fields.Integer()
    email = fields.String()
    name = fields.String()
    role = fields.String()
