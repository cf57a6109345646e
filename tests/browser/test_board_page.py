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
