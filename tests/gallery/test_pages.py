"""New workspace from template: the home page's form and POST /workspaces/from-template."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from workspace.extensions import db
from workspace.models import User, Workspace

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


@pytest.fixture
def me(make_api):
    return make_api(name="Tess Template")


@pytest.fixture
def logged_in(web_login, me):
    return web_login(me)


def counts(app) -> tuple[int, int]:
    """(workspaces, users)"""
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(Workspace)),
                db.session.scalar(select(func.count()).select_from(User)))


def test_the_home_page_offers_the_crm_template(logged_in):
    html = logged_in.get("/").get_data(as_text=True)
    assert 'action="/workspaces/from-template"' in html
    assert 'value="crm"' in html and 'name="csrf_token"' in html


def test_the_crm_template_makes_the_creator_admin_and_opens_its_first_board(logged_in, me):
    response = logged_in.post("/workspaces/from-template", data={"template": "crm", "name": "Acme sales",
                                                                 "sample": "1"})
    assert response.status_code == 302
    (workspace,) = me.ok("GET", "/workspaces")
    assert (workspace["name"], workspace["role"]) == ("Acme sales", "admin")
    boards = {b["name"]: b["id"] for b in me.ok("GET", f"/workspaces/{workspace['id']}/boards")}
    assert set(boards) == {"Leads", "Contacts", "Accounts", "Deals"}
    assert response.location.endswith(f"/boards/{boards['Leads']}")
    page = logged_in.get(response.location)
    assert page.status_code == 200 and "Acme sales" in page.get_data(as_text=True)
    assert me.ok("GET", f"/boards/{boards['Deals']}/items?count=true")["total"] == 150


def test_every_saved_view_of_the_template_opens(logged_in, me):
    logged_in.post("/workspaces/from-template", data={"template": "crm", "name": "CRM", "sample": "1"})
    (workspace,) = me.ok("GET", "/workspaces")
    for board in me.ok("GET", f"/workspaces/{workspace['id']}/boards"):
        for view in me.ok("GET", f"/boards/{board['id']}/views"):
            response = logged_in.get(f"/boards/{board['id']}?view={view['id']}")
            assert response.status_code == 200, (board["name"], view["name"])
            assert view["name"] in response.get_data(as_text=True)


def test_without_sample_data_the_boards_are_empty_and_nobody_else_joins(app, logged_in, me):
    workspaces, users = counts(app)
    response = logged_in.post("/workspaces/from-template", data={"template": "crm", "name": "Clean"})
    assert response.status_code == 302
    (workspace,) = me.ok("GET", "/workspaces")
    for board in me.ok("GET", f"/workspaces/{workspace['id']}/boards"):
        assert me.ok("GET", f"/boards/{board['id']}/items?count=true")["total"] == 0
    assert counts(app) == (workspaces + 1, users)


@pytest.mark.parametrize("form", [{"template": "erp", "name": "X"}, {"template": "crm", "name": "  "},
                                  {"template": "crm", "name": "x" * 201}],
                         ids=["unknown template", "empty name", "name too long"])
def test_a_bad_form_creates_nothing_and_says_why(app, logged_in, form):
    before = counts(app)
    response = logged_in.post("/workspaces/from-template", data=form, follow_redirects=True)
    assert response.status_code == 200
    assert 'class="flash flash-error"' in response.get_data(as_text=True)
    assert counts(app) == before


def test_logged_out_callers_are_sent_to_log_in(app, client):
    before = counts(app)
    response = client.post("/workspaces/from-template", data={"template": "crm", "name": "Sneaky"})
    assert response.status_code == 302 and "/login" in response.location
    assert counts(app) == before


# -- CSRF, with an app that checks it ------------------------------------------------------
@pytest.fixture
def csrf_client(app, me):
    from workspace.app import create_app

    csrf_app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                           "WTF_CSRF_ENABLED": True})
    client = csrf_app.test_client()
    with csrf_app.app_context():
        email = db.session.get(User, me.user_id).email
    token = CSRF_META.search(client.get("/login").get_data(as_text=True)).group(1)
    assert client.post("/login", data={"email": email, "password": "Secret-pass-1",
                                       "csrf_token": token}).status_code == 302
    yield client
    with csrf_app.app_context():
        db.session.remove()
        db.engine.dispose()  # no pooled connection may hold up the next test's TRUNCATE


def test_the_form_needs_its_csrf_token(app, csrf_client, me):
    before = counts(app)
    forged = csrf_client.post("/workspaces/from-template", data={"template": "crm", "name": "Forged"})
    assert forged.status_code == 400
    assert counts(app) == before
    token = CSRF_META.search(csrf_client.get("/").get_data(as_text=True)).group(1)
    response = csrf_client.post("/workspaces/from-template", data={"template": "crm", "name": "Real",
                                                                   "csrf_token": token})
    assert response.status_code == 302
    assert [w["name"] for w in me.ok("GET", "/workspaces")] == ["Real"]
