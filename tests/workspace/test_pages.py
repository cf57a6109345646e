"""The web pages through the test client: log in and out, the home page, a board's page, escaping,
isolation, and CSRF (with a second app that has CSRF switched on)."""
from __future__ import annotations

import re
from html import escape
from urllib.parse import quote, urlsplit

import pytest

PASSWORD = "Secret-pass-1"  # make_user's default
XSS_NAME = "<img src=x onerror=alert(1)>"
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


@pytest.mark.parametrize("path", ["/login", "/healthz-page-404"])
def test_pages_render_on_a_fresh_app(app, path):
    from workspace.app import create_app
    from workspace.extensions import db

    fresh = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    try:
        response = fresh.test_client().get(path)
    finally:
        with fresh.app_context():
            db.engine.dispose()
    assert response.status_code in (200, 404)
    assert "<html" in page_text(response)


@pytest.fixture
def user(make_user):
    user_id, email, token = make_user(name="Pat Pages")
    return {"id": user_id, "email": email, "token": token}


def log_in(client, email: str, password: str = PASSWORD, next_url: str | None = None, **form):
    url = "/login" if next_url is None else f"/login?next={quote(next_url, safe='')}"
    return client.post(url, data={"email": email, "password": password, **form})


@pytest.fixture
def logged_in(client, user):
    response = log_in(client, user["email"])
    assert response.status_code == 302, response.status_code
    return client


def page_text(response) -> str:
    return response.get_data(as_text=True)


def location(response) -> str:
    return response.headers["Location"]


# -- logging in ----------------------------------------------------------------------------
def test_the_login_page_renders_a_form(client):
    response = client.get("/login")
    assert response.status_code == 200
    html = page_text(response)
    assert '<form method="post"' in html
    for field in ('name="email"', 'name="password"', 'type="submit"'):
        assert field in html


@pytest.mark.parametrize(("email", "password"), [("{email}", "wrong-password"), ("nobody@example.com", PASSWORD),
                                                 ("{email}", "")],
                         ids=["wrong password", "unknown e-mail", "empty password"])
def test_a_wrong_login_answers_401_with_the_message_and_keeps_me_out(client, user, email, password):
    email = email.replace("{email}", user["email"])
    response = log_in(client, email, password)
    assert response.status_code == 401
    html = page_text(response)
    assert "Wrong e-mail or password." in html
    assert f'value="{email}"' in html  # the e-mail is kept in the form
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("spelling", ["exact", "upper case", "padded"])
def test_the_right_password_logs_in_and_redirects_home(client, user, spelling):
    email = {"exact": user["email"], "upper case": user["email"].upper(), "padded": f"  {user['email']} "}[spelling]
    response = log_in(client, email)
    assert response.status_code == 302
    assert location(response) == "/"
    assert client.get("/").status_code == 200


def test_the_home_page_lists_my_workspaces_and_their_boards(logged_in, user, make_api, app):
    from tests.factories import ApiClient

    me = ApiClient(app.test_client(), user["token"], user["id"])
    sales = me.ok("POST", "/workspaces", {"name": "Sales"})
    me.ok("POST", f"/workspaces/{sales['id']}/boards", {"name": "Deals", "description": "Open deals"})
    me.ok("POST", f"/workspaces/{sales['id']}/boards", {"name": "Contacts"})
    me.ok("POST", "/workspaces", {"name": "Hiring"})
    stranger = make_api()
    theirs = stranger.ok("POST", "/workspaces", {"name": "Secret Plans"})
    stranger.ok("POST", f"/workspaces/{theirs['id']}/boards", {"name": "Hidden Board"})

    html = page_text(logged_in.get("/"))
    for text in ("Sales", "Deals", "Open deals", "Contacts", "Hiring", "No boards yet."):
        assert text in html
    assert "Secret Plans" not in html and "Hidden Board" not in html


def test_the_home_page_says_so_when_i_have_no_workspace(logged_in):
    assert "You are not a member of any workspace yet." in page_text(logged_in.get("/"))


def test_the_login_page_sends_a_logged_in_user_home(logged_in):
    response = logged_in.get("/login")
    assert response.status_code == 302
    assert location(response) == "/"


@pytest.mark.parametrize(("next_url", "expected"), [
    ("/boards/7", "/boards/7"),
    ("/boards/7?view=2", "/boards/7?view=2"),
    ("https://evil.example/phish", "/"),
    ("http://localhost/boards/7", "/"),
    ("//evil.example/phish", "/"),
    ("///evil.example", "/"),
    ("https:evil.example", "/"),
    ("javascript:alert(1)", "/"),
    ("boards/7", "/"),
    ("/\t/evil.example", "/"),
])
def test_next_only_redirects_to_a_same_site_path(client, user, next_url, expected):
    response = log_in(client, user["email"], next_url=next_url)
    assert response.status_code == 302
    assert location(response) == expected


@pytest.mark.parametrize("next_url", ["/\\evil.example", "/\\/evil.example", "\\\\evil.example"])
def test_next_with_backslashes_never_leaves_the_site(client, user, next_url):
    """Browsers read a backslash as a slash: "/\\evil.example" must not come out as //evil.example."""
    target = location(log_in(client, user["email"], next_url=next_url))
    assert target.startswith("/")
    assert not target.startswith("//") and not target.startswith("/\\")
    assert urlsplit(target.replace("\\", "/")).netloc == ""


# -- logging out and the login wall --------------------------------------------------------
def test_logging_out_ends_the_session(logged_in):
    response = logged_in.post("/logout")
    assert response.status_code == 302
    assert urlsplit(location(response)).path == "/login"
    assert logged_in.get("/").status_code == 302


def test_logging_out_is_post_only(logged_in):
    assert logged_in.get("/logout").status_code == 405
    assert logged_in.get("/").status_code == 200


@pytest.mark.parametrize("path", ["/", "/boards/1"])
def test_pages_without_login_redirect_to_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 302
    target = urlsplit(location(response))
    assert target.path == "/login"
    assert target.query == f"next={quote(path, safe='')}"


# -- a board's page ------------------------------------------------------------------------
@pytest.fixture
def my_api(app, user):
    from tests.factories import ApiClient

    return ApiClient(app.test_client(), user["token"], user["id"])


@pytest.fixture
def my_workspace(my_api):
    return my_api.ok("POST", "/workspaces", {"name": "Sales"})


def test_a_board_page_shows_its_groups_columns_and_items(logged_in, my_api, my_workspace):
    board = my_api.ok("POST", f"/workspaces/{my_workspace['id']}/boards", {"name": "Deals"})
    my_api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Notes", "type": "text", "key": "notes"})
    my_api.ok("POST", f"/boards/{board['id']}/items", {"name": "Acme", "values": {"notes": "call back"}})
    response = logged_in.get(f"/boards/{board['id']}")
    assert response.status_code == 200
    html = page_text(response)
    for text in ("Deals", board["groups"][0]["name"], "Notes", "Acme", "call back"):
        assert text in html


@pytest.mark.parametrize("page", ["home", "board"])
@pytest.mark.parametrize("field", ["name", "description"])
def test_board_names_and_descriptions_are_escaped(logged_in, my_api, my_workspace, page, field):
    body = {"name": "Safe", "description": XSS_NAME}
    body[field] = XSS_NAME
    board = my_api.ok("POST", f"/workspaces/{my_workspace['id']}/boards", body)
    html = page_text(logged_in.get("/" if page == "home" else f"/boards/{board['id']}"))
    assert escape(XSS_NAME, quote=False) in html
    assert XSS_NAME not in html


def test_item_and_group_names_are_escaped_on_the_board_page(logged_in, my_api, my_workspace):
    board = my_api.ok("POST", f"/workspaces/{my_workspace['id']}/boards", {"name": "Deals"})
    my_api.ok("PATCH", f"/groups/{board['groups'][0]['id']}", {"name": XSS_NAME})
    my_api.ok("POST", f"/boards/{board['id']}/columns", {"title": XSS_NAME, "type": "text", "key": "notes"})
    my_api.ok("POST", f"/boards/{board['id']}/items", {"name": XSS_NAME, "values": {"notes": XSS_NAME}})
    html = page_text(logged_in.get(f"/boards/{board['id']}"))
    assert XSS_NAME not in html
    assert html.count(escape(XSS_NAME, quote=False)) >= 4


def test_a_board_of_another_workspace_answers_404(logged_in, make_api):
    stranger = make_api()
    theirs = stranger.ok("POST", "/workspaces", {"name": "Secret Plans"})
    board = stranger.ok("POST", f"/workspaces/{theirs['id']}/boards", {"name": "Hidden Board"})
    response = logged_in.get(f"/boards/{board['id']}")
    assert response.status_code == 404
    assert "Hidden Board" not in page_text(response)


@pytest.mark.parametrize("state", ["missing", "trashed"])
def test_a_missing_or_trashed_board_answers_404(logged_in, my_api, my_workspace, state):
    board = my_api.ok("POST", f"/workspaces/{my_workspace['id']}/boards", {"name": "Old"})
    board_id = board["id"]
    if state == "trashed":
        my_api.ok("DELETE", f"/boards/{board_id}")
    else:
        board_id += 1000
    assert logged_in.get(f"/boards/{board_id}").status_code == 404


# -- CSRF, with an app that checks it ------------------------------------------------------
@pytest.fixture
def csrf_app(app):
    from workspace.app import create_app
    from workspace.extensions import db

    csrf_app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                           "WTF_CSRF_ENABLED": True})
    yield csrf_app
    with csrf_app.app_context():
        db.session.remove()
        db.engine.dispose()  # no pooled connection may hold up the next test's TRUNCATE


@pytest.fixture
def csrf_client(csrf_app):
    return csrf_app.test_client()


def csrf_token_of(response) -> str:
    match = CSRF_META.search(page_text(response))
    assert match, "no <meta name=csrf-token> on the page"
    return match.group(1)


@pytest.fixture
def csrf_logged_in(csrf_client, user):
    token = csrf_token_of(csrf_client.get("/login"))
    response = csrf_client.post("/login", data={"email": user["email"], "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    return csrf_client


def test_logging_in_without_the_csrf_token_answers_400(csrf_client, user):
    response = log_in(csrf_client, user["email"])
    assert response.status_code == 400
    assert csrf_client.get("/").status_code == 302  # not logged in


def test_logging_in_with_the_csrf_token_works(csrf_logged_in):
    assert csrf_logged_in.get("/").status_code == 200


def test_logging_out_without_the_csrf_token_answers_400(csrf_logged_in):
    assert csrf_logged_in.post("/logout").status_code == 400
    assert csrf_logged_in.get("/").status_code == 200


@pytest.mark.parametrize("header", [None, "not-the-token"], ids=["no header", "wrong token"])
def test_a_session_api_write_without_a_valid_csrf_header_is_refused(csrf_logged_in, header):
    headers = {"X-CSRFToken": header} if header else {}
    response = csrf_logged_in.post("/api/v1/workspaces", json={"name": "Forged"}, headers=headers)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert set(error) == {"code", "message", "details"}
    assert error["code"] == "bad_request"
    assert csrf_logged_in.get("/api/v1/workspaces").get_json() == []


def test_a_session_api_write_with_the_pages_csrf_token_succeeds(csrf_logged_in):
    token = csrf_token_of(csrf_logged_in.get("/"))
    response = csrf_logged_in.post("/api/v1/workspaces", json={"name": "Real"}, headers={"X-CSRFToken": token})
    assert response.status_code == 201, response.get_json()
    assert [w["name"] for w in csrf_logged_in.get("/api/v1/workspaces").get_json()] == ["Real"]


def test_a_bearer_token_caller_needs_no_csrf_token(csrf_client, user):
    response = csrf_client.post("/api/v1/workspaces", json={"name": "Scripted"},
                                headers={"Authorization": f"Bearer {user['token']}"})
    assert response.status_code == 201, response.get_json()


def test_a_session_token_does_not_work_for_another_session(csrf_app, csrf_logged_in, user):
    token = csrf_token_of(csrf_logged_in.get("/"))
    other = csrf_app.test_client()
    other_token = csrf_token_of(other.get("/login"))
    assert other.post("/login", data={"email": user["email"], "password": PASSWORD,
                                      "csrf_token": other_token}).status_code == 302
    response = other.post("/api/v1/workspaces", json={"name": "Replayed"}, headers={"X-CSRFToken": token})
    assert response.status_code == 400
