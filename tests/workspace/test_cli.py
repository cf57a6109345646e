"""The `boardhouse` command: init-db, create-user and create-token through Flask's CLI runner, and the
installed console script in a subprocess (`demo` is tested with the template it loads: tests/gallery)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.factories import ApiClient
from workspace.extensions import db
from workspace.models import Membership, User, Workspace

PASSWORD = "Cli-pass-123"
CONSOLE_SCRIPT = Path(sys.executable).parent / "boardhouse"


@pytest.fixture
def cli(runner):
    """cli(*args) → click's Result of `boardhouse ARGS` against the test app."""
    return lambda *args: runner.invoke(args=list(args))


@pytest.fixture
def query(app):
    """query(statement) → all rows, in a throwaway app context."""
    def run(statement):
        with app.app_context():
            return db.session.execute(statement).all()
    return run


@pytest.fixture
def row_counts(app):
    """row_counts() → {table: number of rows}, for every table."""
    def counts() -> dict[str, int]:
        with app.app_context():
            return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}
    return counts


def memberships(query, email: str) -> list[tuple[str, str]]:
    rows = query(select(Workspace.name, Membership.role).join(Membership).join(User)
                 .where(User.email == email).order_by(Workspace.name))
    return [(name, role.value) for name, role in rows]


def password_works(app, email: str, password: str) -> bool:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        return user is not None and user.check_password(password)


def bearer(app, token: str) -> ApiClient:
    return ApiClient(app.test_client(), token, user_id=0)


# -- init-db -------------------------------------------------------------------------------
def test_init_db_is_idempotent_and_keeps_the_data(cli, make_user, row_counts):
    make_user(email="kept@example.com")
    before = row_counts()
    for _ in range(2):
        result = cli("init-db")
        assert result.exit_code == 0, result.output
        assert "latest schema" in result.output
    assert row_counts() == before


# -- create-user ---------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["admin", "member", "viewer"])
def test_create_user_makes_a_user_who_can_log_in_and_joins_the_workspace(app, cli, query, role):
    result = cli("create-user", "Ops@Example.com", "--password", PASSWORD, "--workspace", "Ops", "--role", role)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "created user ops@example.com"
    assert password_works(app, "ops@example.com", PASSWORD)
    assert memberships(query, "ops@example.com") == [("Ops", role)]


def test_create_user_joins_an_existing_workspace_of_that_name(cli, query):
    assert cli("create-user", "first@example.com", "--password", PASSWORD, "--workspace", "Ops").exit_code == 0
    assert cli("create-user", "second@example.com", "--password", PASSWORD, "--workspace", "Ops",
               "--role", "viewer").exit_code == 0
    assert len(query(select(Workspace.id).where(Workspace.name == "Ops"))) == 1
    assert memberships(query, "first@example.com") == [("Ops", "admin")]
    assert memberships(query, "second@example.com") == [("Ops", "viewer")]


def test_create_user_without_a_workspace_joins_none(app, cli, query):
    result = cli("create-user", "loner@example.com", "--password", PASSWORD, "--name", "Lone Ranger")
    assert result.exit_code == 0, result.output
    assert memberships(query, "loner@example.com") == []
    assert query(select(User.name).where(User.email == "loner@example.com")) == [("Lone Ranger",)]


@pytest.mark.parametrize("spelling", ["dup@example.com", "DUP@example.com"])
def test_create_user_with_a_taken_email_fails_and_changes_nothing(app, cli, row_counts, spelling):
    assert cli("create-user", "dup@example.com", "--password", PASSWORD).exit_code == 0
    before = row_counts()
    result = cli("create-user", spelling, "--password", "other-password", "--workspace", "New")
    assert result.exit_code != 0
    assert row_counts() == before
    assert password_works(app, "dup@example.com", PASSWORD)


def test_create_user_with_a_taken_email_says_why_without_a_traceback(cli):
    cli("create-user", "dup@example.com", "--password", PASSWORD)
    result = cli("create-user", "dup@example.com", "--password", PASSWORD)
    assert isinstance(result.exception, SystemExit)  # a click error, not an uncaught exception
    assert result.exit_code == 1
    assert "exists already" in result.output


@pytest.mark.parametrize("args", [
    ("create-user", "x@example.com"),
    ("create-user", "x@example.com", "--password", PASSWORD, "--workspace", "W", "--role", "owner"),
    ("create-user", "--password", PASSWORD),
], ids=["no password", "bad role", "no e-mail"])
def test_create_user_with_bad_arguments_is_a_usage_error(cli, row_counts, args):
    before = row_counts()
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert row_counts() == before


# -- create-token --------------------------------------------------------------------------
def test_create_token_prints_only_a_token_that_works_on_the_api(app, cli):
    cli("create-user", "bot@example.com", "--password", PASSWORD, "--workspace", "Ops")
    result = cli("create-token", "bot@example.com")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1
    token = lines[0]
    assert re.fullmatch(r"\S{20,}", token)
    assert [w["name"] for w in bearer(app, token).ok("GET", "/workspaces")] == ["Ops"]


def test_each_create_token_gives_a_new_token_and_all_keep_working(app, cli):
    cli("create-user", "Bot@Example.com", "--password", PASSWORD)
    tokens = [cli("create-token", "BOT@example.com", "--name", f"ci-{n}").output.strip() for n in range(2)]
    assert tokens[0] != tokens[1]
    for token in tokens:
        assert bearer(app, token).ok("GET", "/workspaces") == []


def test_create_token_for_an_unknown_email_fails(cli, row_counts):
    before = row_counts()
    result = cli("create-token", "ghost@example.com")
    assert result.exit_code == 1
    assert "no user with the e-mail ghost@example.com" in result.output
    assert row_counts() == before


# -- the installed console script ----------------------------------------------------------
@pytest.fixture
def script_env(tmp_path) -> dict[str, str]:
    """An environment for the real `boardhouse` script: its own instance folder and SQLite file."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "FLASK_APP")}
    env.update(BOARDHOUSE_INSTANCE=str(tmp_path), SECRET_KEY="script-secret",
               DATABASE_URL=f"sqlite:///{tmp_path / 'script.db'}")
    return env


def run_script(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([str(CONSOLE_SCRIPT), *args], env=env, capture_output=True, text=True, timeout=120)


def test_the_console_script_lists_its_commands(script_env):
    result = run_script(script_env, "--help")
    assert result.returncode == 0, result.stderr
    listed = set(re.findall(r"^  ([a-z][a-z-]*)\s", result.stdout, re.MULTILINE))
    assert {"run", "worker", "init-db", "create-user", "create-token", "demo"} <= listed


def test_the_console_script_sets_up_a_fresh_database_end_to_end(script_env):
    steps = [("init-db",), ("create-user", "root@example.com", "--password", PASSWORD, "--workspace", "Main"),
             ("create-token", "root@example.com")]
    results = [run_script(script_env, *step) for step in steps]
    for step, result in zip(steps, results, strict=True):
        assert result.returncode == 0, (step, result.stderr)
    assert len(results[-1].stdout.splitlines()) == 1
    token = results[-1].stdout.strip()

    from workspace.app import create_app

    script_app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": script_env["DATABASE_URL"]})
    try:
        assert [w["name"] for w in bearer(script_app, token).ok("GET", "/workspaces")] == ["Main"]
    finally:
        with script_app.app_context():
            db.engine.dispose()
