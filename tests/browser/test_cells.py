"""Cells in a real browser: click to edit, save, a rejected value, Undo, the keyboard, add and rename."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD


@pytest.fixture
def deals(make_api, live_server, login, page):
    """A logged-in browser on a board with one item and a column of each of a few types."""
    api = make_api(email="cells@example.com", name="Cecilia Cells")
    workspace = api.ok("POST", "/workspaces", {"name": "Sales"})
    board = api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Deals"})
    keys = {type_name: api.ok("POST", f"/boards/{board['id']}/columns",
                              {"title": title, "type": type_name})["key"]
            for type_name, title in (("text", "Company"), ("number", "Value"), ("status", "Stage"),
                                     ("date", "Close date"), ("checkbox", "Signed"))}
    item = api.ok("POST", f"/boards/{board['id']}/items", {"name": "Acme"})
    login("cells@example.com", PASSWORD)
    page.goto(f"{live_server}/boards/{board['id']}")
    page.wait_for_selector("text=Acme")

    def cell(type_name, item_id=item["id"]):
        return page.locator(f"td.cell[data-item-id='{item_id}'][data-column-key='{keys[type_name]}']")
    return {"api": api, "board": board, "keys": keys, "item": item, "cell": cell}


def test_click_a_cell_edit_it_and_see_the_new_value(page, deals, screenshot):
    cell = deals["cell"]
    cell("text").click()
    cell("text").locator("input[name=text]").fill("Acme Corporation")
    cell("text").locator("input[name=text]").press("Enter")
    expect(cell("text")).to_have_text("Acme Corporation")

    cell("number").click()
    cell("number").locator("input[name=text]").fill("1,234.5")
    cell("number").locator("input[name=text]").press("Enter")
    expect(cell("number")).to_have_text("1,234.5")

    cell("date").click()
    cell("date").locator("input[type=date]").fill("2024-03-05")
    cell("date").locator("input[type=date]").press("Enter")
    expect(cell("date")).to_have_text("2024-03-05")

    cell("checkbox").click()
    cell("checkbox").locator("input[type=checkbox]").check()  # saves on change
    expect(cell("checkbox")).to_have_text("✓")

    cell("status").click()
    expect(cell("status").locator(".pill-choice")).to_have_count(4)
    screenshot("cells")
    cell("status").get_by_role("button", name="Done").click()
    expect(cell("status").locator("span.pill")).to_have_text("Done")
    expect(cell("status").locator("form")).to_have_count(0)

    values = deals["api"].ok("GET", f"/items/{deals['item']['id']}")["values"]
    keys = deals["keys"]
    assert values[keys["text"]] == "Acme Corporation" and values[keys["number"]] == 1234.5
    assert values[keys["date"]] == "2024-03-05" and values[keys["checkbox"]] is True
    assert values[keys["status"]] == "Done"


def test_a_rejected_value_shows_the_reason_and_keeps_the_input(page, deals):
    cell = deals["cell"]
    cell("number").click()
    field = cell("number").locator("input[name=text]")
    field.fill("a dozen")
    field.press("Enter")
    expect(cell("number").locator(".cell-error")).to_contain_text("not a number")
    expect(cell("number").locator("input[name=text]")).to_have_value("a dozen")
    cell("number").locator("input[name=text]").press("Escape")
    expect(cell("number").locator("form")).to_have_count(0)
    expect(cell("number")).to_have_text("")


def test_the_undo_toast_reverts_a_change(page, deals):
    cell = deals["cell"]
    cell("text").click()
    cell("text").locator("input[name=text]").fill("Before")
    cell("text").locator("input[name=text]").press("Enter")
    expect(cell("text")).to_have_text("Before")
    cell("text").click()
    cell("text").locator("input[name=text]").fill("After")
    cell("text").locator("input[name=text]").press("Enter")
    expect(cell("text")).to_have_text("After")
    toast = page.locator("#toasts .toast").last
    expect(toast).to_contain_text("Company")
    toast.get_by_role("button", name="Undo").click()
    expect(toast).to_contain_text("undone")
    expect(cell("text")).to_have_text("Before")  # the board body reloaded itself
    assert deals["api"].ok("GET", f"/items/{deals['item']['id']}")["values"][deals["keys"]["text"]] == "Before"


def test_arrow_keys_move_between_cells_enter_edits_escape_cancels(page, deals):
    cell = deals["cell"]
    cell("text").click()
    expect(cell("text").locator("form.cell-editor")).to_be_visible()
    page.keyboard.press("Escape")
    expect(cell("text").locator("form")).to_have_count(0)
    expect(cell("text")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(cell("number")).to_be_focused()
    page.keyboard.press("Enter")
    expect(cell("number").locator("input[name=text]")).to_be_focused()
    page.keyboard.type("42")
    page.keyboard.press("Escape")
    expect(cell("number").locator("form")).to_have_count(0)
    expect(cell("number")).to_have_text("")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(page.locator(f"td.cell-name[data-item-id='{deals['item']['id']}']")).to_be_focused()


def test_arrow_down_moves_to_the_same_column_of_the_next_row(page, deals, live_server):
    second = deals["api"].ok("POST", f"/boards/{deals['board']['id']}/items", {"name": "Globex"})
    page.reload()
    page.wait_for_selector("text=Globex")
    cell = deals["cell"]
    cell("status").click()
    expect(cell("status").locator("form.cell-editor")).to_be_visible()
    page.keyboard.press("Escape")
    expect(cell("status")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(cell("status", second["id"])).to_be_focused()
    page.keyboard.press("Enter")
    expect(cell("status", second["id"]).locator(".pill-choice").first).to_be_visible()


def test_add_an_item_at_the_end_of_a_group_and_rename_it_inline(page, deals):
    group_id = deals["board"]["groups"][0]["id"]
    name_field = page.locator(f"section[data-group-id='{group_id}'] .add-item input[name=name]")
    name_field.fill("Initech")
    name_field.press("Enter")
    rows = page.locator(f"tbody[data-group-id='{group_id}'] tr.item-row")
    expect(rows).to_have_count(2)
    expect(rows.last.locator(".item-name")).to_have_text("Initech")
    expect(name_field).to_have_value("")

    rows.last.locator(".item-name").dblclick()
    rename = rows.last.locator("form.rename-form input[name=name]")
    expect(rename).to_have_value("Initech")
    rename.fill("Initech Ltd")
    rename.press("Enter")
    expect(rows.last.locator(".item-name")).to_have_text("Initech Ltd")

    rows.first.locator("td.cell-name").hover()
    rows.first.locator(".rename-button").click()
    rows.first.locator("form.rename-form input[name=name]").press("Escape")
    expect(rows.first.locator(".item-name")).to_have_text("Acme")
    names = [i["name"] for i in deals["api"].ok("GET", f"/boards/{deals['board']['id']}/items")["items"]]
    assert names == ["Acme", "Initech Ltd"]


def test_an_item_added_to_a_long_group_shows_once_after_the_rest_loads(page, deals):
    board_id, group_id = deals["board"]["id"], deals["board"]["groups"][0]["id"]
    deals["api"].ok("POST", f"/boards/{board_id}/items/batch", {"items": [{"name": f"n{n:02d}"} for n in range(55)]})
    page.reload()
    rows = page.locator(f"tbody[data-group-id='{group_id}'] tr.item-row")
    expect(rows).to_have_count(50)
    name_field = page.locator(f"section[data-group-id='{group_id}'] .add-item input[name=name]")
    name_field.fill("Latecomer")
    name_field.press("Enter")
    expect(rows.last.locator(".item-name")).to_have_text("Latecomer")
    # Scrolled by script: a locator's scroll waits for the row to keep still, and the page that
    # loads when the end is revealed can replace that very row (the appended copy) meanwhile.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.locator(f"tbody[data-group-id='{group_id}'] tr.more-rows").wait_for(state="detached")
    expect(rows).to_have_count(57)
    expect(page.locator("tr.item-row", has_text="Latecomer")).to_have_count(1)
    expect(rows.last.locator(".item-name")).to_have_text("Latecomer")
