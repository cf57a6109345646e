"""`boardhouse demo`: a sample workspace so a new user has something to look at."""
from __future__ import annotations

import secrets

import click
from flask.cli import with_appcontext

from boards.demo import DEMO_EMAIL, build_demo
from workspace import service
from workspace.extensions import db


@click.command("demo")
@click.option("--email", default=DEMO_EMAIL, show_default=True, help="The demo admin's e-mail.")
@with_appcontext
def demo(email: str) -> None:
    """Load the demo workspace (idempotent); prints the admin's credentials the first time."""
    user = service.find_user(email)
    password = None
    if user is None:
        password = secrets.token_urlsafe(9)
        user = service.create_user(email, password, "Demo Admin")
    created = build_demo(user)
    db.session.commit()
    if password:
        click.echo(f"Log in at http://127.0.0.1:5000 as {email} with password {password}")
    click.echo("demo workspace created" if created else "demo workspace exists already")
