"""`boardhouse demo`: the CRM template with sample data, so a new user has something to look at."""
from __future__ import annotations

import secrets

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from gallery.crm import build_crm
from workspace import service
from workspace.extensions import db
from workspace.models import Membership, User, Workspace

DEMO_EMAIL = "admin@example.com"
DEMO_WORKSPACE = "Demo CRM"


def has_demo(user: User) -> bool:
    return db.session.scalar(select(Workspace.id).join(Membership).where(
        Workspace.name == DEMO_WORKSPACE, Membership.user_id == user.id, Workspace.deleted_at.is_(None))) is not None


@click.command("demo")
@click.option("--email", default=DEMO_EMAIL, show_default=True, help="The demo admin's e-mail.")
@click.option("--scale", default=1.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              help="Multiplies the sample counts (300 accounts, 1,000 contacts, 1,500 deals, 500 leads).")
@with_appcontext
def demo(email: str, scale: float) -> None:
    """Load the demo CRM workspace (idempotent); prints the admin's credentials the first time."""
    user = service.find_user(email)
    password = None
    if user is None:
        password = secrets.token_urlsafe(9)
        user = service.create_user(email, password, "Demo Admin")
    created = not has_demo(user)
    if created:
        build_crm(user, name=DEMO_WORKSPACE, scale=scale)
    db.session.commit()
    if password:
        click.echo(f"Log in at http://127.0.0.1:5000 as {email} with password {password}")
    click.echo("demo workspace created" if created else "demo workspace exists already")
