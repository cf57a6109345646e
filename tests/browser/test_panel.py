"""The item panel in a real browser: open it from the table, add a sub-item, post an update with
an @-mention picked from the suggestions, reload the deep link, close it."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD


def test_open_an_item_add_a_subitem_mention_a_member_and_reload_the_deep_link(
        page, live_server, login, make_api, screenshot, app):
    api = make_api(email="pat@example.com", name="Pat Panel")
    workspace = api.ok("POST", "/workspaces", {"name": "Sales"})
    quinn = make_api(email="quinn@example.com", name="Quinn Member")
    api.ok("POST", f"/workspaces/{workspace['id']}/members", {"email": "quinn@example.com", "role": "member"})
    board = api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Deals"})
    stage = api.ok("POST", f"/boards/{board['id']}/columns", {
        "title": "Stage", "type": "status", "settings": {"labels": [{"label": "New"}, {"label": "Won"}]}})["key"]
    note = api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Note", "type": "text"})["key"]
    api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Owner", "type": "text", "scope": "subitem"})
    item = api.ok("POST", f"/boards/{board['id']}/items", {"name": "Acme renewal", "values": {stage: "New"}})
    api.ok("PATCH", f"/items/{item['id']}", {"values": {stage: "Won"}})
    api.ok("POST", f"/boards/{board['id']}/items", {"name": "Globex"})

    login("pat@example.com", PASSWORD)
    page.goto(f"{live_server}/boards/{board['id']}")
    page.click("#board-body a.item-name:text('Acme renewal')")
    panel = page.locator("#item-panel .panel")
    expect(panel).to_be_visible()
    expect(panel.locator(".panel-title")).to_have_text("Acme renewal")
    assert page.url == f"{live_server}/boards/{board['id']}/items/{item['id']}"
    # beside the board, not under it
    board_box, panel_box = page.locator("section.board").bounding_box(), panel.bounding_box()
    assert panel_box["x"] >= board_box["x"] + board_box["width"] - 1
    assert panel_box["y"] < board_box["y"] + 200
    expect(panel.locator(".panel-values")).to_contain_text("Won")
    expect(panel.locator(".panel-activity")).to_contain_text("changed Stage from New to Won")

    # a value is edited in place, as in the table (static/js/cells.js), and the log follows
    panel.locator(f'td.cell[data-column-key="{note}"]').click()
    editor = panel.locator(f'td.cell[data-column-key="{note}"] input[name=text]')
    editor.fill("Call back Monday")
    editor.press("Enter")
    expect(panel.locator(f'td.cell[data-column-key="{note}"]')).to_have_text("Call back Monday")
    expect(panel.locator(".panel-activity")).to_contain_text("set Note to Call back Monday")

    # add a sub-item: Enter in the add row
    page.fill("#panel-subitems input[name=name]", "Send contract")
    page.press("#panel-subitems input[name=name]", "Enter")
    expect(page.locator("#panel-subitems .subitem-row")).to_have_count(1)
    expect(page.locator("#panel-subitems")).to_contain_text("Send contract")
    expect(page.locator("#panel-subitems th", has_text="Owner")).to_be_visible()

    # post an update, picking the member from the @ suggestions
    box = page.locator("#panel-updates textarea[name=body]")
    box.click()
    box.press_sequentially("Signed today, thanks @qui")
    expect(page.locator(".mention-suggestions li")).to_have_count(1)
    expect(page.locator(".mention-suggestions li")).to_contain_text("Quinn Member")
    box.press("Enter")
    expect(box).to_have_value("Signed today, thanks @Quinn Member ")
    box.press_sequentially("please send the invoice")
    page.click("#panel-updates button[type=submit]")
    mention = page.locator("#panel-updates .update .mention")
    expect(mention).to_have_text("@Quinn Member")
    assert mention.get_attribute("data-user-id") == str(quinn.user_id)
    expect(page.locator("#panel-activity")).to_contain_text("posted an update")
    expect(page.locator("#panel-activity")).to_contain_text("added the sub-item Send contract")

    # the URL is a deep link: reloading it opens the same panel
    page.reload()
    expect(page.locator("#item-panel .panel-title")).to_have_text("Acme renewal")
    expect(page.locator("#panel-updates .update")).to_contain_text("please send the invoice")
    expect(page.locator("tr.item-row.panel-open")).to_contain_text("Acme renewal")
    screenshot("item_panel")

    # closing empties the panel and puts the board's URL back
    page.click("#item-panel [data-panel-close]")
    expect(page.locator("#item-panel .panel")).to_have_count(0)
    assert page.url == f"{live_server}/boards/{board['id']}"
    expect(page.locator("tr.item-row.panel-open")).to_have_count(0)
    # Esc closes it too
    page.click("#board-body a.item-name:text('Globex')")
    expect(page.locator("#item-panel .panel-title")).to_have_text("Globex")
    page.keyboard.press("Escape")
    expect(page.locator("#item-panel .panel")).to_have_count(0)
