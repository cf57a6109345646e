"""Automations in a real browser: a person builds "When Status changes to Done, move the item to
group Done" in the sentence builder, changes a status on the board, and sees the item move.

The live server shares the session's app: with REDIS_URL set (CI) a change is enqueued to Redis,
so the test runs a burst worker (`settle`, tests/factories.py) before it looks; without it the run
happens in-process, before the cell's answer arrives."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD


@pytest.fixture
def tasks(make_api, settle):
    """A Tasks board: Status (Working, Done), groups "To do" and "Done", one item "Launch" at Working.
    (After `settle` has emptied the queue of earlier tests' jobs.)"""
    api = make_api(email="builder@example.com", name="Bea Builder")
    workspace = api.ok("POST", "/workspaces", {"name": "Ops"})
    board = api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Tasks"})
    api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Status", "type": "status", "key": "status",
                                                       "settings": {"labels": [{"label": "Working", "color": "#fdab3d"},
                                                                               {"label": "Done", "color": "#00c875"}]}})
    todo = api.ok("GET", f"/boards/{board['id']}")["groups"][0]
    api.ok("PATCH", f"/groups/{todo['id']}", {"name": "To do"})
    done = api.ok("POST", f"/boards/{board['id']}/groups", {"name": "Done"})
    item = api.ok("POST", f"/boards/{board['id']}/items", {"name": "Launch", "group_id": todo["id"],
                                                            "values": {"status": "Working"}})
    return {"api": api, "board": board, "todo": todo, "done": done, "item": item}


def test_build_move_to_done_in_the_builder_then_a_status_change_moves_the_item(
        page, live_server, login, tasks, screenshot, settle):
    board_id = tasks["board"]["id"]
    login("builder@example.com", PASSWORD)
    page.goto(f"{live_server}/boards/{board_id}")
    page.click("[data-automations-link]")
    expect(page.get_by_role("heading", name="Automations")).to_be_visible()
    page.click("[data-new-automation]")
    page.click("[data-custom-builder]")
    page.wait_for_url(f"{live_server}/boards/{board_id}/automations/build")  # loaded: htmx listens

    # When [a status changes to something ▾]: its pickers arrive, Status and its labels.
    sentence = page.locator("[data-sentence]")  # re-rendered by the server after each choice
    page.select_option("#f-trigger", "status_changed_to")
    expect(page.locator("#f-trigger-label")).to_be_visible()
    page.select_option("#f-trigger-column", label="Status")
    page.select_option("#f-trigger-label", label="Done")
    expect(sentence).to_contain_text("When Status changes to Done")
    # then [move the item to a group ▾] [Done ▾]
    page.select_option("#f-actions-0", "move_to_group")
    expect(page.locator("#f-actions-0-group_id")).to_be_visible()
    page.select_option("#f-actions-0-group_id", label="Done")
    expect(sentence).to_have_text("When Status changes to Done, move the item to Done")
    # "Test on an item" says what it would do, and does nothing.
    page.select_option("#f-test-item", label="Launch")
    page.click("[data-test]")
    expect(page.locator("[data-test-result]")).to_contain_text("move to group Done")
    screenshot("automation_builder")

    page.click("[data-save-automation]")
    page.wait_for_url(f"{live_server}/boards/{board_id}/automations")
    row = page.locator(".automation-row")
    expect(row).to_have_count(1)
    expect(row.locator(".automation-name")).to_have_text("When Status changes to Done, move the item to Done")
    expect(row.locator("[data-switch]")).to_have_attribute("aria-checked", "true")
    screenshot("automations_list")

    # On the board: Launch's status becomes Done; the automation moves it to the group Done.
    page.goto(f"{live_server}/boards/{board_id}")
    done_group = page.locator(f"section.group[data-group-id='{tasks['done']['id']}']")
    expect(done_group.get_by_text("Launch")).to_have_count(0)
    cell = page.locator(f"td.cell[data-item-id='{tasks['item']['id']}'][data-column-key='status']")
    cell.click()
    cell.get_by_role("button", name="Done").click()
    expect(cell.locator("span.pill")).to_have_text("Done")
    settle()
    page.reload()
    expect(done_group.get_by_text("Launch")).to_be_visible()
    todo_group = page.locator(f"section.group[data-group-id='{tasks['todo']['id']}']")
    expect(todo_group.get_by_text("Launch")).to_have_count(0)

    # The list now shows the run.
    page.goto(f"{live_server}/boards/{board_id}/automations")
    expect(page.locator(".automation-row .run-status")).to_have_text("Succeeded")


def test_the_switch_turns_it_off_in_place(page, live_server, login, tasks):
    api, board_id = tasks["api"], tasks["board"]["id"]
    rule = api.ok("POST", f"/boards/{board_id}/automations", {
        "name": "Mover", "trigger": {"type": "status_changed_to", "config": {"column": "status", "label": "Done"}},
        "actions": [{"type": "move_to_group", "config": {"group_id": tasks["done"]["id"]}}]})
    login("builder@example.com", PASSWORD)
    page.goto(f"{live_server}/boards/{board_id}/automations")
    switch = page.locator("[data-switch]")
    switch.click()
    expect(switch).to_have_attribute("aria-checked", "false")
    assert api.ok("GET", f"/automations/{rule['id']}")["enabled"] is False


def test_the_bell_shows_unread_notifications_and_opens_the_item(page, live_server, login, tasks, settle):
    api, board_id = tasks["api"], tasks["board"]["id"]
    settle()  # the board's own events first, before there is an automation to run
    api.ok("POST", f"/boards/{board_id}/automations", {
        "name": "Tell me", "trigger": {"type": "item_created", "config": {}},
        "actions": [{"type": "notify", "config": {"user_ids": [api.user_id], "message": "New: {item.name}"}}]})
    item = api.ok("POST", f"/boards/{board_id}/items", {"name": "Globex"})
    settle()
    login("builder@example.com", PASSWORD)
    expect(page.locator(".bell-count")).to_have_text("1")
    page.click(".bell > summary")
    page.get_by_role("button", name="New: Globex").click()
    page.wait_for_url(f"{live_server}/boards/{board_id}/items/{item['id']}")
    expect(page.locator(".bell-count")).to_have_count(0)
