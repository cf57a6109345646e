"""HTML pages of boards: the home page (workspaces and their boards). The board page itself
reads through views/ and lives there (views/pages.py)."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from boards import service
from workspace import service as workspace_service
from workspace.auth import pages_need_login

bp = Blueprint("boards_pages", __name__)


pages_need_login(bp)


@bp.route("/")
def home():
    workspaces = [(ws, role, service.boards_in(ws.id))
                  for ws, role in workspace_service.workspaces_of(current_user)]
    return render_template("boards/home.html", workspaces=workspaces)
