"""The `boardhouse` command: run, worker, init-db, create-user, create-token (and package commands)."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from workspace import service
from workspace.errors import ApiError
from workspace.extensions import db
from workspace.models import Membership, Role, Workspace


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or migrate the database to the latest schema (DATABASE_URL)."""
    from flask_migrate import upgrade

    upgrade()
    click.echo("database is at the latest schema")


@click.command("create-user")
@click.argument("email")
@click.option("--password", required=True, help="The user's password.")
@click.option("--name", default=None, help="Display name (default: the e-mail's local part).")
@click.option("--workspace", "workspace_name", default=None, help="Add the user to this workspace "
              "(created when missing).")
@click.option("--role", type=click.Choice([r.value for r in Role]), default="admin", show_default=True,
              help="The role in --workspace.")
@with_appcontext
def create_user(email: str, password: str, name: str | None, workspace_name: str | None, role: str) -> None:
    """Create a user who can log in with EMAIL and --password."""
    from sqlalchemy import select

    try:
        user = service.create_user(email, password, name)
    except ApiError as error:
        raise click.ClickException(error.message) from None
    if workspace_name:
        workspace = db.session.scalar(select(Workspace).where(
            Workspace.name == workspace_name, Workspace.deleted_at.is_(None)))
        if workspace is None:
            workspace = Workspace(name=workspace_name)
            db.session.add(workspace)
            db.session.flush()
        db.session.add(Membership(workspace_id=workspace.id, user_id=user.id, role=Role(role)))
    db.session.commit()
    click.echo(f"created user {user.email}")


@click.command("create-token")
@click.argument("email")
@click.option("--name", default="cli", help="A label for the token.")
@with_appcontext
def create_token(email: str, name: str) -> None:
    """Print a new API token for EMAIL (only the token: it is shown once, stored hashed)."""
    user = service.find_user(email)
    if user is None:
        raise click.ClickException(f"no user with the e-mail {email}")
    token = service.issue_token(user, name)
    db.session.commit()
    click.echo(token)


@click.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def run(host: str, port: int) -> None:
    """Serve Boardhouse (a threaded development server; use gunicorn in production). Without
    REDIS_URL it also runs the periodic jobs (time triggers, the event sweeper) itself."""
    from werkzeug.serving import run_simple

    from workspace.jobs import start_in_process_periodic

    app = current_app._get_current_object()
    if not app.config.get("REDIS_URL"):  # no worker: time triggers and the sweeper run here
        start_in_process_periodic(app)
    click.echo(f"Boardhouse on http://{host}:{port}")
    run_simple(host, port, current_app._get_current_object(), threaded=True, use_reloader=False)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker(burst: bool) -> None:
    """Run background jobs from Redis (REDIS_URL) until stopped."""
    from workspace.jobs import run_worker

    run_worker(current_app._get_current_object(), burst=burst)


def act_as(email: str | None, workspace_id: int) -> None:
    """Makes the command act as the user with `email` (a member of the workspace), or else as the
    workspace's first admin: g.user is who role checks and activity rows see."""
    from flask import g
    from sqlalchemy import select

    from workspace.models import User

    if email:
        user = service.find_user(email)
        if user is None:
            raise click.ClickException(f"no user with the e-mail {email}")
    else:
        user = db.session.scalar(select(User).join(Membership).where(
            Membership.workspace_id == workspace_id, Membership.role == Role.admin).order_by(Membership.id).limit(1))
        if user is None:
            raise click.ClickException("the workspace has no admin to act as; pass --as EMAIL")
    g.user = user


def register_commands(app: Flask) -> None:
    for command in (init_db, create_user, create_token, run, worker):
        app.cli.add_command(command)
    from boards.imports.cli import import_csv
    from gallery.cli import demo
    from views.cli import export_csv

    app.cli.add_command(demo)
    app.cli.add_command(import_csv)
    app.cli.add_command(export_csv)


def _create_app() -> Flask:
    from workspace.app import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False, add_version_option=False,
             load_dotenv=False, set_debug_flag=False)
def main() -> None:
    """Boardhouse: boards you design at runtime, used as a CRM. Configured by DATABASE_URL,
    REDIS_URL and SECRET_KEY."""
