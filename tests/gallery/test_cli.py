"""`boardhouse demo`: the CRM template for a demo admin, with a login printed once, idempotent."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.factories import ApiClient
from workspace import service
from workspace.extensions import db
from workspace.models import Membership, User, Workspace

DEMO_LOGIN = re.compile(r"as (\S+) with password (\S+)")
SMALL = ("--scale", "0.02")


@pytest.fixture
def cli(runner):
    """cli(*args) → click's Result of `boardhouse ARGS` against the test app."""
    return lambda *args: runner.invoke(args=list(args))


@pytest.fixture
def row_counts(app):
    def counts() -> dict[str, int]:
        with app.app_context():
            return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}
    return counts


def demo_workspaces(app, email: str) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.execute(select(Workspace.name, Membership.role).join(Membership).join(User)
                                  .where(User.email == email).order_by(Workspace.id)).all()
    return [(name, role.value) for name, role in rows]


def test_demo_builds_the_crm_and_prints_a_login_that_works(app, cli):
    result = cli("demo", *SMALL)
    assert result.exit_code == 0, result.output
    email, password = DEMO_LOGIN.search(result.output).groups()
    assert email == "admin@example.com"
    assert result.output.count(password) == 1
    assert result.output.strip().endswith("demo workspace created")
    with app.app_context():
        user = service.find_user(email)
        assert user.check_password(password)
        token, user_id = service.issue_token(user), user.id
        db.session.commit()
    api = ApiClient(app.test_client(), token, user_id)
    (workspace,) = api.ok("GET", "/workspaces")
    assert (workspace["name"], workspace["role"]) == ("Demo CRM", "admin")
    boards = {b["name"]: b["id"] for b in api.ok("GET", f"/workspaces/{workspace['id']}/boards")}
    assert set(boards) == {"Leads", "Contacts", "Accounts", "Deals"}
    assert api.ok("GET", f"/boards/{boards['Deals']}/items?count=true")["total"] == 30


def test_demo_a_second_time_prints_no_password_and_creates_nothing_more(cli, row_counts):
    assert cli("demo", *SMALL).exit_code == 0
    before = row_counts()
    result = cli("demo", *SMALL)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "demo workspace exists already"
    assert row_counts() == before


def test_demo_for_another_email_builds_its_own_workspace(app, cli):
    assert cli("demo", *SMALL).exit_code == 0
    assert cli("demo", *SMALL, "--email", "trainer@example.com").exit_code == 0
    assert demo_workspaces(app, "trainer@example.com") == [("Demo CRM", "admin")]
    assert demo_workspaces(app, "admin@example.com") == [("Demo CRM", "admin")]


def test_demo_for_an_existing_user_prints_no_password(app, cli, make_user):
    make_user(email="owner@example.com")
    result = cli("demo", *SMALL, "--email", "owner@example.com")
    assert result.exit_code == 0, result.output
    assert "password" not in result.output
    assert demo_workspaces(app, "owner@example.com") == [("Demo CRM", "admin")]


@pytest.mark.parametrize("scale", ["0", "-1", "lots"])
def test_demo_refuses_a_scale_that_is_not_a_positive_number(cli, row_counts, scale):
    before = row_counts()
    result = cli("demo", "--scale", scale)
    assert result.exit_code == 2 and "--scale" in result.output
    assert row_counts() == before


def test_the_default_scale_is_the_full_sample(cli):
    assert "[default: 1.0" in cli("demo", "--help").output
