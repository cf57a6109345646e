"""Who is calling: a bearer token on the API, the session cookie on pages (and htmx)."""
from __future__ import annotations

from flask import Blueprint, Flask, g, request
from flask_login import current_user, login_required
from sqlalchemy import select

from workspace.errors import ApiError
from workspace.extensions import csrf, db, login_manager
from workspace.models import ApiToken, User
from workspace.timeutil import utcnow

PUBLIC_API_PATHS = {"/api/v1/openapi.json"}


class Unauthorized(ApiError):
    status = 401

    def __init__(self, message: str = "missing or invalid credentials"):
        super().__init__(message)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


def user_from_token(header: str) -> User:
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("the Authorization header must be 'Bearer <token>'")
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == ApiToken.hash(token.strip())))
    if row is None:
        raise Unauthorized("invalid API token")
    row.last_used_at = utcnow()
    db.session.commit()
    return row.user


def authenticate_api_request() -> None:
    """Sets g.user for /api/ requests. Session callers (the web UI) must pass CSRF."""
    if not request.path.startswith("/api/") or request.path in PUBLIC_API_PATHS:
        return
    header = request.headers.get("Authorization")
    if header:
        g.user = user_from_token(header)
        return
    if current_user.is_authenticated:
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            csrf.protect()
        g.user = current_user._get_current_object()
        return
    raise Unauthorized()


def pages_need_login(blueprint: Blueprint) -> Blueprint:
    """Every page of `blueprint` needs a logged-in user, who becomes g.user (as on the API)."""

    @blueprint.before_request
    @login_required
    def _logged_in_user():
        g.user = current_user._get_current_object()

    return blueprint


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "workspace_pages.login"
    app.before_request(authenticate_api_request)
