"""The board page in a real browser: log in, open a board, search as you type."""
from __future__ import annotations

from tests.browser.conftest import PASSWORD


def test_log_in_open_a_board_and_search_as_you_type(page, live_server, login, make_api, screenshot, app):
    api = make_api(email="browser@example.com")
    workspace = api.ok("POST", "/workspaces", {"name": "Sales"})
    board = api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Deals"})
    for name in ("Acme", "Globex", "台北科技"):
        api.ok("POST", f"/boards/{board['id']}/items", {"name": name})
    login("browser@example.com", PASSWORD)
    page.click("text=Deals")
    page.wait_for_selector("text=Globex")
    screenshot("table")
    page.fill("input[name=q]", "台北")
    page.wait_for_function("() => !document.body.innerText.includes('Globex')")
    assert "台北科技" in page.inner_text("#board-body")
    assert "q=" in page.url, "the search is in the URL, so it can be shared"


def test_a_viewer_sees_the_board_without_editors_or_design_controls(page, live_server, login, make_api, app):
    from workspace.extensions import db
    from workspace.models import User

    owner = make_api(email="owner@example.com")
    make_api(email="viewer@example.com")
    workspace = owner.ok("POST", "/workspaces", {"name": "Sales"})
    owner.ok("POST", f"/workspaces/{workspace['id']}/members", {"email": "viewer@example.com", "role": "viewer"})
    board = owner.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Deals"})
    owner.ok("POST", f"/boards/{board['id']}/columns", {"title": "Stage", "type": "status"})
    owner.ok("POST", f"/boards/{board['id']}/items", {"name": "Acme", "values": {"stage": "Done"}})
    with app.app_context():
        assert db.session.query(User).filter_by(email="viewer@example.com").count() == 1
    login("viewer@example.com", PASSWORD)
    page.goto(f"{live_server}/boards/{board['id']}")
    page.wait_for_selector("text=Acme")
    assert page.locator("td.cell[data-editable]").count() == 0
    assert page.locator(".add-item-row").count() == 0
    assert page.locator("[data-column-id] .column-menu, .group-controls, .add-column").count() == 0
    page.locator("td.cell[data-column-key=stage]").first.click()
    assert page.locator("td.cell form").count() == 0, "clicking a cell opens no editor"
