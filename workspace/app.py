"""create_app(): the composition root. Wiring only; each package registers its own parts."""
from __future__ import annotations

from flask import Flask, jsonify
from flask_babel import get_locale
from sqlalchemy import text

from workspace import auth, errors, sqlite  # noqa: F401  (sqlite: connection setup)
from workspace.config import PROJECT_ROOT, from_environment
from workspace.extensions import api, babel, csrf, db, migrate


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask("boardhouse", root_path=str(PROJECT_ROOT), template_folder="templates",
                static_folder="static", instance_path=str(PROJECT_ROOT / "instance"))
    app.config.from_mapping(from_environment())
    if test_config:
        app.config.update(test_config)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # Wait for a concurrent writer rather than failing at once with "database is locked".
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"connect_args": {"timeout": 30}})
    elif app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # No server-side prepared statements: a generic plan cannot see which board a query is
        # for, so it could not use the per-board partial indexes (boards/indexes.py).
        # JIT off: compiling a plan costs more than it saves on these short queries (a lane
        # count of 1,000,000 items took 630 ms with it, 340 ms without).
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"connect_args": {
            "prepare_threshold": None, "options": "-c jit=off"}})

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_locale, timezone_selector=_timezone)
    app.jinja_env.globals["get_locale"] = get_locale
    from fields import column_types  # templates render cells through the registry

    app.jinja_env.globals["column_types"] = column_types
    api.init_app(app)
    auth.init_app(app)
    errors.init_app(app)
    _register_blueprints(app)
    _register_cli(app)
    from automations.wiring import connect

    connect()

    @app.get("/healthz")
    def healthz():
        db.session.execute(text("SELECT 1"))
        return jsonify(status="ok")

    return app


def _register_blueprints(app: Flask) -> None:
    import automations.models  # noqa: F401  (its tables belong to the metadata migrations compare)
    import boards.imports.models  # noqa: F401
    import views.models  # noqa: F401
    from automations.api import blp as automations_api
    from automations.pages import bp as automation_pages
    from boards.api import blp as boards_api
    from boards.design_pages import bp as board_design
    from boards.imports.api import blp as imports_api
    from boards.imports.pages import bp as import_pages
    from boards.items_api import blp as items_api
    from boards.pages import bp as boards_pages
    from boards.panel import bp as item_panel
    from gallery.pages import bp as gallery_pages
    from views.api import blp as views_api
    from views.cells import bp as cells
    from views.kanban_pages import bp as kanban_ui
    from views.link_picker import bp as link_picker
    from views.map_pages import bp as map_ui
    from views.pages import bp as board_ui
    from workspace.api import blp as workspaces_api
    from workspace.pages import bp as workspace_pages

    for blueprint in (workspaces_api, boards_api, items_api, views_api, automations_api, imports_api):
        csrf.exempt(blueprint)  # the API checks CSRF itself for cookie callers (workspace/auth.py)
        api.register_blueprint(blueprint)
    app.register_blueprint(workspace_pages)
    for blueprint in (boards_pages, board_ui, cells, item_panel, board_design, kanban_ui, map_ui, gallery_pages,
                      link_picker, automation_pages, import_pages):
        app.register_blueprint(blueprint)


def _register_cli(app: Flask) -> None:
    from workspace.cli import register_commands

    register_commands(app)


LOCALES = ["en", "zh", "th"]


def _locale() -> str:
    from flask import has_request_context, request
    from flask_login import current_user

    if not has_request_context():
        return "en"  # CLI and jobs
    if current_user and current_user.is_authenticated and current_user.locale:
        return current_user.locale
    return request.accept_languages.best_match(LOCALES) or "en"


def _timezone() -> str:
    from flask import has_request_context
    from flask_login import current_user

    if has_request_context() and current_user and current_user.is_authenticated and current_user.timezone:
        return current_user.timezone
    return "UTC"
