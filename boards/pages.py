"""HTML pages of boards: the home page (workspaces and their boards). The board page itself
reads through views/ and lives there (views/pages.py)."""
from __future__ import annotations

from flask import Blueprint, g, render_template
from flask_login import current_user, login_required

from boards import service
from workspace import service as workspace_service

bp = Blueprint("boards_pages", __name__)


@bp.before_request
@login_required
def _require_login():
    g.user = current_user._get_current_object()


@bp.route("/")
def home():
    workspaces = [(ws, role, service.boards_in(ws.id))
                  for ws, role in workspace_service.workspaces_of(current_user)]
    return render_template("boards/home.html", workspaces=workspaces)
