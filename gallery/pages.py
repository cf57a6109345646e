"""New workspace from a template: the form on the home page and the route behind it."""
from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from boards import service
from gallery.crm import build_crm
from workspace.auth import pages_need_login
from workspace.errors import Invalid
from workspace.extensions import db
from workspace.models import User, Workspace

bp = Blueprint("gallery", __name__)
pages_need_login(bp)

# name → (title, builder). A template is one function that builds through the services.
TEMPLATES: dict[str, tuple[str, Callable[..., Workspace]]] = {
    "crm": (_l("CRM: leads, contacts, accounts and deals"), build_crm)}
# A tenth of the demo's sample: built inside the request, which on SQLite holds the one write
# lock for as long as it runs (the full sample takes about 15 s there; `boardhouse demo` loads it).
PAGE_SCALE = 0.1
MAX_NAME = 200


@bp.app_context_processor
def _templates() -> dict:
    # The home page (boards/pages.py) includes the form; the choices are ours.
    return {"workspace_templates": [(name, title) for name, (title, _build) in TEMPLATES.items()]}


@bp.errorhandler(Invalid)
def _invalid(error: Invalid):
    db.session.rollback()
    flash(error.message, "error")
    return redirect(url_for("boards_pages.home"))


@bp.post("/workspaces/from-template")
def from_template():
    """Creates the workspace with the caller as its admin and opens its first board."""
    template = request.form.get("template", "")
    if template not in TEMPLATES:
        raise Invalid({"template": _("must be one of: %(names)s", names=", ".join(TEMPLATES))})
    name = request.form.get("name", "").strip()
    if len(name) > MAX_NAME:  # the API's limit; the service leaves it to the schema
        raise Invalid({"name": _("must be at most %(n)d characters", n=MAX_NAME)})
    _title, build = TEMPLATES[template]
    user: User = g.user
    workspace = build(user, name=name, scale=PAGE_SCALE if request.form.get("sample") else 0)
    db.session.commit()
    flash(_("Workspace “%(name)s” created.", name=workspace.name), "info")
    first = min(service.boards_in(workspace.id), key=lambda board: board.id)
    return redirect(url_for("board_ui.board", board_id=first.id))
