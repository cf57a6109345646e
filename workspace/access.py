"""Role checks. A workspace the caller does not belong to does not exist for them (404)."""
from __future__ import annotations

from flask import g
from sqlalchemy import select

from workspace.errors import Forbidden, NotFound
from workspace.extensions import db
from workspace.models import Membership, Role, User, Workspace


def request_user_id() -> int | None:
    """The id of the user of the current request, if any ("me" in a people filter)."""
    from flask import has_request_context

    return getattr(g.get("user"), "id", None) if has_request_context() else None


def current_user_required() -> User:
    user = g.get("user")
    if user is None:
        raise NotFound()
    return user


def role_in(workspace_id: int, user: User) -> Role | None:
    return db.session.scalar(
        select(Membership.role)
        .join(Workspace, Workspace.id == Membership.workspace_id)
        .where(Membership.workspace_id == workspace_id, Membership.user_id == user.id,
               Workspace.deleted_at.is_(None))
    )


def require_role(workspace_id: int, needed: Role, what: str = "workspace") -> Role:
    """The caller's role in the workspace: 404 when not a member, 403 when the role is too low."""
    role = role_in(workspace_id, current_user_required())
    if role is None:
        raise NotFound(what)
    if not role.allows(needed):
        raise Forbidden(f"this needs the {needed.value} role; you are a {role.value}")
    return role
