"""Filters, sorts, search and saved views in a real browser, as a user builds them."""
from __future__ import annotations

import json
import urllib.parse

from tests.browser.conftest import PASSWORD


def _crm_board(api) -> tuple[dict, dict]:
    workspace = api.ok("POST", "/workspaces", {"name": "Sales"})
    board = api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Deals"})
    stage = api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Stage", "type": "status", "settings": {
        "labels": [{"label": "New"}, {"label": "Won"}, {"label": "Lost"}]}})["key"]
    value = api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Value", "type": "number"})["key"]
    for name, st, val in (("Acme", "New", 100), ("Globex", "Won", 500), ("Initech", "Won", 50),
                          ("Umbrella", "Lost", 900), ("Hooli", "Won", 300)):
        api.ok("POST", f"/boards/{board['id']}/items", {"name": name, "values": {stage: st, value: val}})
    return board, {"stage": stage, "value": value}


def test_build_a_two_rule_filter_sort_search_save_as_view_and_find_it_after_reload(
        page, live_server, login, make_api, screenshot):
    api = make_api(email="filters@example.com")
    board, keys = _crm_board(api)
    login("filters@example.com", PASSWORD)
    page.goto(f"{live_server}/boards/{board['id']}")
    # Filter: Stage is any of Won AND Value is greater than 100.
    page.click(".filter-menu > summary")
    builder = page.locator("[data-filter-builder]")
    builder.get_by_text("+ Add rule").click()
    first = builder.locator("[data-rule]").nth(0)
    first.locator("[data-field]").select_option(keys["stage"])
    first.locator("[data-operator]").select_option("any_of")
    first.locator("[data-choice]").select_option(label="Won")
    builder.get_by_text("+ Add rule").click()
    second = builder.locator("[data-rule]").nth(1)
    second.locator("[data-field]").select_option(keys["value"])
    second.locator("[data-operator]").select_option("greater_than")
    second.locator("[data-plain]").fill("100")
    builder.locator("[data-apply-filter]").click()
    page.wait_for_function("() => !document.querySelector('#board-body').innerText.includes('Acme')")
    body = page.inner_text("#board-body")
    assert "Globex" in body and "Hooli" in body and "Initech" not in body and "Acme" not in body
    # Sort: Value descending.
    page.click(".sort-menu > summary")
    picker = page.locator("[data-sort-picker]")
    picker.get_by_text("+ Add sort").click()
    picker.locator("[data-sort-column]").select_option(keys["value"])
    picker.locator("[data-sort-direction]").select_option("desc")
    picker.locator("[data-apply-sort]").click()
    page.wait_for_url("**sort=%5B*")
    page.wait_for_selector("#board-body")
    body = page.inner_text("#board-body")
    assert body.index("Globex") < body.index("Hooli")
    # Search narrows it as you type, and the URL carries it.
    page.fill("input[name=q]", "hoo")
    page.wait_for_function("() => !document.querySelector('#board-body').innerText.includes('Globex')")
    assert "q=hoo" in page.url
    screenshot("filtered_table")
    # Save as a view; after a reload the tab is there and applies its filter and sort.
    page.fill("input[name=q]", "")
    page.wait_for_function("() => document.querySelector('#board-body').innerText.includes('Globex')")
    page.click(".save-as-menu > summary")
    page.fill("[data-view-name]", "Big wins")
    page.click("[data-save-as]")
    page.wait_for_url("**view=*")
    page.reload()
    tab = page.locator(".view-tabs .tab", has_text="Big wins")
    assert tab.count() == 1
    tab.click()
    page.wait_for_function("() => !document.querySelector('#board-body').innerText.includes('Acme')")
    body = page.inner_text("#board-body")
    assert "Globex" in body and "Acme" not in body and body.index("Globex") < body.index("Hooli")
    views = api.ok("GET", f"/boards/{board['id']}/views")
    saved = next(v for v in views if v["name"] == "Big wins")
    assert saved["sort"] == [{"column": keys["value"], "direction": "desc"}]
    assert len(saved["filter"]["and"]) == 2


def test_a_filtered_board_can_be_shared_by_link(page, live_server, login, make_api):
    api = make_api(email="links@example.com")
    board, keys = _crm_board(api)
    login("links@example.com", PASSWORD)
    query = urllib.parse.urlencode({"filter": json.dumps({"and": [{"column": keys["stage"], "operator": "any_of",
                                                                    "value": ["Lost"]}]})})
    page.goto(f"{live_server}/boards/{board['id']}?{query}")
    body = page.inner_text("#board-body")
    assert "Umbrella" in body and "Globex" not in body
