"""Workspaces, members and users: the operations behind the API, pages and CLI."""
from __future__ import annotations

from sqlalchemy import func, select

from workspace.access import require_role
from workspace.errors import Conflict, Invalid, NotFound
from workspace.extensions import db
from workspace.models import ApiToken, Membership, Role, User, Workspace
from workspace.timeutil import utcnow


def create_user(email: str, password: str, name: str | None = None) -> User:
    email = email.strip().lower()
    if db.session.scalar(select(User).where(User.email == email)):
        raise Conflict(f"a user with the e-mail {email} exists already", {"email": "taken"})
    user = User(email=email, name=name or email.split("@")[0])
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def issue_token(user: User, name: str = "") -> str:
    row, token = ApiToken.issue(user, name)
    db.session.add(row)
    db.session.flush()
    return token


def workspaces_of(user: User) -> list[tuple[Workspace, Role]]:
    rows = db.session.execute(
        select(Workspace, Membership.role)
        .join(Membership, Membership.workspace_id == Workspace.id)
        .where(Membership.user_id == user.id, Workspace.deleted_at.is_(None))
        .order_by(Workspace.name, Workspace.id)
    )
    return [(ws, role) for ws, role in rows]


def _clean_name(name: str) -> str:
    if not name or not name.strip():
        raise Invalid({"name": "must not be empty"})
    return name.strip()


def create_workspace(name: str, owner: User) -> Workspace:
    workspace = Workspace(name=_clean_name(name))
    db.session.add(workspace)
    db.session.flush()
    db.session.add(Membership(workspace_id=workspace.id, user_id=owner.id, role=Role.admin))
    db.session.flush()
    return workspace


def get_workspace(workspace_id: int, needed: Role = Role.viewer) -> tuple[Workspace, Role]:
    role = require_role(workspace_id, needed)
    return db.session.get(Workspace, workspace_id), role


def rename_workspace(workspace: Workspace, name: str) -> Workspace:
    workspace.name = _clean_name(name)
    return workspace


def delete_workspace(workspace: Workspace) -> None:
    workspace.deleted_at = utcnow()


def members_of(workspace_id: int) -> list[tuple[User, Role]]:
    rows = db.session.execute(
        select(User, Membership.role).join(Membership, Membership.user_id == User.id)
        .where(Membership.workspace_id == workspace_id).order_by(User.name, User.id)
    )
    return [(user, role) for user, role in rows]


def add_member(workspace_id: int, email: str, role: Role) -> tuple[User, Role]:
    user = find_user(email)
    if user is None:
        raise Invalid({"email": "no user has this e-mail; create the account first"})
    existing = db.session.scalar(
        select(Membership).where(Membership.workspace_id == workspace_id, Membership.user_id == user.id))
    if existing:
        raise Conflict(f"{user.email} is a member already", {"email": "already a member"})
    db.session.add(Membership(workspace_id=workspace_id, user_id=user.id, role=role))
    db.session.flush()
    return user, role


def _membership(workspace_id: int, user_id: int) -> Membership:
    membership = db.session.scalar(
        select(Membership).where(Membership.workspace_id == workspace_id, Membership.user_id == user_id))
    if membership is None:
        raise NotFound("member")
    return membership


def _keep_an_admin(workspace_id: int, leaving: Membership) -> None:
    if leaving.role != Role.admin:
        return
    admins = db.session.scalar(select(func.count()).select_from(Membership).where(
        Membership.workspace_id == workspace_id, Membership.role == Role.admin))
    if admins <= 1:
        raise Conflict("a workspace needs at least one admin", {"role": "last admin"})


def change_role(workspace_id: int, user_id: int, role: Role) -> tuple[User, Role]:
    membership = _membership(workspace_id, user_id)
    if role != Role.admin:
        _keep_an_admin(workspace_id, membership)
    membership.role = role
    return membership.user, role


def remove_member(workspace_id: int, user_id: int) -> None:
    membership = _membership(workspace_id, user_id)
    _keep_an_admin(workspace_id, membership)
    db.session.delete(membership)


LOCALES = {"en": "English", "zh": "中文", "th": "ไทย"}


def update_profile(user: User, *, name: str, timezone: str, locale: str) -> User:
    """Name, time zone (times are shown in it) and language of the user's own account."""
    from zoneinfo import available_timezones

    errors = {}
    if not name or not name.strip():
        errors["name"] = "must not be empty"
    if timezone not in available_timezones() and timezone != "UTC":
        errors["timezone"] = f"unknown time zone {timezone!r}"
    if locale not in LOCALES:
        errors["locale"] = f"one of: {', '.join(LOCALES)}"
    if errors:
        raise Invalid(errors)
    user.name, user.timezone, user.locale = name.strip()[:200], timezone, locale
    return user
