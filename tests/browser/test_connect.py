"""Connected boards in a real browser: link a deal to an account through the picker (search, Enter
adds the match), follow the link to the account, and see the account's mirror total change."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD
from tests.browser.test_design import errors  # noqa: F401  (a fixture)


def test_link_a_deal_to_an_account_through_the_picker_and_see_the_mirror_total_change(
        page: Page, live_server, login, make_api, screenshot, errors):  # noqa: F811
    api = make_api(email="casey@example.com", name="Casey Connect")
    workspace = api.ok("POST", "/workspaces", {"name": "Sales"})
    accounts = api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Accounts"})
    deals = api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Deals"})
    api.ok("POST", f"/boards/{deals['id']}/columns", {"title": "Value", "type": "number", "key": "value",
                                                      "settings": {"unit": "€"}})
    link = api.ok("POST", f"/boards/{deals['id']}/columns", {
        "title": "Account", "type": "connect_boards", "key": "account",
        "settings": {"board_ids": [accounts["id"]], "two_way": True}})
    reverse = next(c for c in api.ok("GET", f"/boards/{accounts['id']}")["columns"]
                   if c["id"] == link["settings"]["reverse_column_id"])
    api.ok("POST", f"/boards/{accounts['id']}/columns", {
        "title": "Pipeline", "type": "mirror", "key": "pipeline",
        "settings": {"link_column": reverse["key"], "target_column": "value", "aggregate": "sum"}})
    acme = api.ok("POST", f"/boards/{accounts['id']}/items", {"name": "Acme Corp"})
    api.ok("POST", f"/boards/{accounts['id']}/items", {"name": "Globex"})
    api.ok("POST", f"/boards/{deals['id']}/items", {"name": "Renewal", "values": {"value": 1200,
                                                                                  "account": [acme["id"]]}})
    expansion = api.ok("POST", f"/boards/{deals['id']}/items", {"name": "Expansion", "values": {"value": 800}})
    assert api.ok("GET", f"/items/{acme['id']}")["values"]["pipeline"] == 1200

    login("casey@example.com", PASSWORD)
    page.goto(f"{live_server}/boards/{deals['id']}")
    cell = page.locator(f"td.cell[data-item-id='{expansion['id']}'][data-column-key='account']")
    cell.click()
    search = cell.locator("input[data-link-search]")
    expect(search).to_be_focused()
    expect(cell.locator("[data-link-option]")).to_have_count(2)  # every account, before any search

    # The search narrows the matches (htmx, after a pause in typing); Enter adds the first.
    search.press_sequentially("acme")
    expect(cell.locator(".link-results")).to_have_attribute("data-q", "acme")
    expect(cell.locator("[data-link-option]")).to_have_count(1)
    expect(cell.locator("[data-link-option]")).to_have_text(re.compile("Acme Corp"))
    screenshot("connect_picker")
    with page.expect_response(lambda r: r.request.method == "POST"
                              and r.url.endswith(f"/items/{expansion['id']}/cells/account")) as saved:
        search.press("Enter")
    assert saved.value.status == 200
    # The picker stays open for more, showing the new link with its remove button; the toast offers Undo.
    expect(cell.locator(".linked-list .chip-linked")).to_have_text("Acme Corp")
    expect(cell.locator("button.link-remove")).to_have_count(1)
    expect(page.locator("#toasts .toast")).to_contain_text("Account of “Expansion” changed")
    assert api.ok("GET", f"/items/{expansion['id']}")["values"]["account"] == [acme["id"]]

    # Escape closes it; the cell shows the linked account as a link to it.
    cell.locator("input[data-link-search]").press("Escape")
    expect(cell.locator("form")).to_have_count(0)
    chip = cell.locator("a.chip-linked")
    expect(chip).to_have_text("Acme Corp")
    assert chip.get_attribute("href") == f"/boards/{accounts['id']}/items/{acme['id']}"
    screenshot("connect_deals")

    # Following the link opens the account beside its board: the mirror adds up both deals.
    chip.click()
    page.wait_for_url(f"{live_server}/boards/{accounts['id']}/items/{acme['id']}")
    panel = page.locator("#item-panel .panel")
    expect(panel.locator(".panel-title")).to_have_text("Acme Corp")
    expect(panel.locator("td.cell[data-column-key='pipeline']")).to_have_text("€2,000")
    expect(panel.locator(f"td.cell[data-column-key='{reverse['key']}'] a.chip-linked")).to_have_text(
        ["Renewal", "Expansion"])
    total = page.locator(f"#board-body td.cell[data-item-id='{acme['id']}'][data-column-key='pipeline']")
    expect(total).to_have_text("€2,000")
    assert api.ok("GET", f"/items/{acme['id']}")["values"]["pipeline"] == 2000
    screenshot("connect_accounts")
    assert not errors, errors
