"""The automation pages (automations/pages.py): the list with switches and last runs, recipes and
the sentence builder (saving, errors in place), "test on an item", run logs, an item's runs and
activity, the bell; members change, viewers only look, other workspaces do not exist."""
from __future__ import annotations

import re

import pytest

from automations import recipes
from tests.automations.conftest import automation

HX = {"HX-Request": "true"}
MOVE_WHEN_DONE = {"type": "status_changed_to", "config": {"column": "status", "label": "Done"}}


@pytest.fixture
def web(flow, web_login):
    return web_login(flow["api"])


def move_when_done(flow, **extra) -> dict:
    return automation(flow, MOVE_WHEN_DONE, [{"type": "move_to_group", "config": {"group_id": flow["done"]}}],
                      **extra)


def make_item(flow, name="Task", **values) -> dict:
    return flow["api"].ok("POST", f"/boards/{flow['board']}/items", {"name": name, "values": values})


def the_builder_form(flow, **fields) -> dict:
    """The builder's form for "When Status changes to Done, move the item to Done" plus `fields`."""
    return {"name": "", "trigger": "status_changed_to", "trigger.column": "status", "trigger.label": "Done",
            "match": "and", "actions.0": "move_to_group", "actions.0.group_id": str(flow["done"]), **fields}


def html_of(response) -> str:
    return response.get_data(as_text=True)


# -- the list ------------------------------------------------------------------------------------
def test_the_list_shows_the_sentence_the_switch_and_the_last_run(flow, web, settle):
    rule = move_when_done(flow, name="Done goes to Done")
    task = make_item(flow, status="Working")
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"status": "Done"}})
    settle()
    html = html_of(web.get(f"/boards/{flow['board']}/automations"))
    assert "Done goes to Done" in html
    assert "When Status changes to Done, move the item to Done" in html
    assert 'role="switch"' in html and 'aria-checked="true"' in html
    assert "Succeeded" in html and f"/automations/{rule['id']}/runs" in html


def test_the_board_toolbar_links_to_the_automations_page_with_their_count(flow, web):
    move_when_done(flow)
    html = html_of(web.get(f"/boards/{flow['board']}"))
    link = re.search(r'<a [^>]*href="/boards/\d+/automations" data-automations-link>(.*?)</a>', html, re.S)
    assert link and "Automations" in link.group(1) and ">1<" in link.group(1)


def test_the_switch_turns_an_automation_off_and_on(flow, web):
    rule = move_when_done(flow)
    response = web.post(f"/automations/{rule['id']}/toggle", data={"enabled": "0"}, headers=HX)
    assert response.status_code == 200 and 'aria-checked="false"' in html_of(response)
    assert flow["api"].ok("GET", f"/automations/{rule['id']}")["enabled"] is False
    web.post(f"/automations/{rule['id']}/toggle", data={"enabled": "1"}, headers=HX)
    assert flow["api"].ok("GET", f"/automations/{rule['id']}")["enabled"] is True


def test_delete_removes_it_from_the_list(flow, web):
    rule = move_when_done(flow, name="Short-lived")
    assert web.post(f"/automations/{rule['id']}/delete", headers=HX).status_code == 200
    assert "Short-lived" not in html_of(web.get(f"/boards/{flow['board']}/automations"))
    assert flow["api"].get(f"/automations/{rule['id']}").status == 404


# -- recipes and the builder -----------------------------------------------------------------------
def test_every_recipe_opens_the_builder_filled_in(flow, web):
    html = html_of(web.get(f"/boards/{flow['board']}/automations/new"))
    assert "Build your own" in html
    for recipe in recipes.available():
        assert f'data-recipe="{recipe.key}"' in html
        page = web.get(f"/boards/{flow['board']}/automations/build?recipe={recipe.key}")
        assert page.status_code == 200, recipe.key
        assert f'<option value="{recipe.trigger["type"]}" selected>' in html_of(page), recipe.key


def test_the_status_recipe_starts_at_the_status_column_and_its_first_label(flow, web):
    html = html_of(web.get(f"/boards/{flow['board']}/automations/build?recipe=status_moves_item"))
    assert re.search(r'name="trigger.column">\s*<option value="status" selected>Status</option>', html)
    assert '<option value="Working" selected>Working</option>' in html
    assert f'<option value="{flow["todo"]}" selected>' in html  # the first group


def test_build_status_changes_to_done_move_to_group_done(flow, web, settle):
    response = web.post(f"/boards/{flow['board']}/automations", data=the_builder_form(flow))
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/boards/{flow['board']}/automations")
    [saved] = flow["api"].ok("GET", f"/boards/{flow['board']}/automations")
    assert saved["name"] == "When Status changes to Done, move the item to Done"
    assert saved["trigger"] == MOVE_WHEN_DONE and saved["conditions"] is None
    assert saved["actions"] == [{"type": "move_to_group", "config": {"group_id": flow["done"]}}]
    task = make_item(flow, status="Working")
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"status": "Done"}})
    settle()
    assert flow["api"].ok("GET", f"/items/{task['id']}")["group_id"] == flow["done"]


def test_choosing_a_column_offers_that_column_s_labels(flow, web):
    flow["api"].ok("POST", f"/boards/{flow['board']}/columns", {
        "title": "Stage", "type": "status", "key": "stage",
        "settings": {"labels": [{"label": "Lead"}, {"label": "Won"}]}})
    form = the_builder_form(flow, **{"trigger.column": "stage", "op": "refresh"})
    response = web.post(f"/boards/{flow['board']}/automations", data=form, headers=HX)
    html = html_of(response)
    assert response.status_code == 200 and html.strip().startswith("<form")  # the form alone, for htmx
    assert '<option value="Lead" selected>Lead</option>' in html and 'value="Done"' not in html.split(
        'name="trigger.label"')[1].split("</select>")[0]
    assert "When Stage changes to Lead" in html


def test_another_action_and_a_condition_are_added_and_removed(flow, web):
    url = f"/boards/{flow['board']}/automations"
    html = html_of(web.post(url, data=the_builder_form(flow, op="add_action"), headers=HX))
    assert 'name="actions.1"' in html
    html = html_of(web.post(url, data=the_builder_form(flow, op="add_rule"), headers=HX))
    assert 'name="rules.0.column"' in html and 'name="rules.0.operator"' in html
    form = the_builder_form(flow, **{"actions.1": "archive_item", "op": "remove_action:0"})
    html = html_of(web.post(url, data=form, headers=HX))
    assert 'name="actions.1"' not in html and '<option value="archive_item" selected>' in html


def test_conditions_and_two_actions_are_saved(flow, web):
    form = the_builder_form(flow, **{
        "rules.0.column": "points", "rules.0.operator": "greater_than", "rules.0.value": "10",
        "rules.1.column": "owner", "rules.1.operator": "is_not_empty",
        "actions.1": "notify", "actions.1.recipients": "column:owner",
        "actions.1.message": "{item.name} is done"})
    assert web.post(f"/boards/{flow['board']}/automations", data=form).status_code == 302
    [saved] = flow["api"].ok("GET", f"/boards/{flow['board']}/automations")
    assert saved["conditions"] == {"and": [{"column": "points", "operator": "greater_than", "value": 10},
                                           {"column": "owner", "operator": "is_not_empty"}]}
    assert saved["actions"][1] == {"type": "notify", "config": {"people_column": "owner",
                                                                "message": "{item.name} is done"}}


def test_an_invalid_automation_shows_each_error_next_to_its_part(flow, web):
    form = the_builder_form(flow, **{
        "trigger": "", "actions.1": "increase_number", "actions.1.column": "points", "actions.1.by": "lots",
        "actions.2": "notify", "actions.2.recipients": "column:owner", "actions.2.message": "Hi {item.nope}"})
    response = web.post(f"/boards/{flow['board']}/automations", data=form)
    html = html_of(response)
    assert response.status_code == 422
    trigger_part = html.split('id="builder-when"')[1].split("</section>")[0]
    assert "Choose what starts the automation." in trigger_part
    assert re.search(r'data-action="1".*?data-error="actions.1">[^<]*must be a number', html, re.S)
    assert re.search(r'data-action="2".*?data-error="actions.2">[^<]*no column &#39;nope&#39;', html, re.S)
    assert 'value="lots"' in html  # what was typed stays
    assert flow["api"].ok("GET", f"/boards/{flow['board']}/automations") == []


def test_editing_keeps_what_no_picker_shows(flow, web):
    rule = automation(flow, {"type": "item_created", "config": {}}, [{"type": "create_item", "config": {
        "board_id": flow["board"], "name": "Copy of {item.name}", "values": {"note": "copied"}}}])
    html = html_of(web.get(f"/automations/{rule['id']}/edit"))
    assert 'name="actions.0.__keep"' in html
    keep = re.search(r'name="actions.0.__keep" value="([^"]*)"', html).group(1)
    form = {"name": "Copier", "trigger": "item_created", "match": "and", "actions.0": "create_item",
            "actions.0.board_id": str(flow["board"]), "actions.0.group_id": "", "actions.0.name": "Copy of {item.name}",
            "actions.0.link_column": "", "actions.0.__keep": keep.replace("&#34;", '"').replace("&quot;", '"')}
    assert web.post(f"/automations/{rule['id']}/edit", data=form).status_code == 302
    saved = flow["api"].ok("GET", f"/automations/{rule['id']}")
    assert saved["name"] == "Copier"
    assert saved["actions"][0]["config"] == {"board_id": flow["board"], "name": "Copy of {item.name}",
                                             "values": {"note": "copied"}}


def test_test_on_an_item_shows_what_it_would_do_and_changes_nothing(flow, web):
    task = make_item(flow, "Write docs", status="Working")
    form = the_builder_form(flow, test_item=str(task["id"]))
    response = web.post(f"/boards/{flow['board']}/automations/test", data=form, headers=HX)
    html = html_of(response)
    assert response.status_code == 200 and "Write docs" in html and "move to group Done" in html
    assert "Nothing was changed." in html
    assert flow["api"].ok("GET", f"/items/{task['id']}")["group_id"] == flow["todo"]
    assert flow["api"].ok("GET", f"/boards/{flow['board']}/automations") == []
    form = the_builder_form(flow, test_item=str(task["id"]), **{
        "rules.0.column": "points", "rules.0.operator": "greater_than", "rules.0.value": "10"})
    assert "conditions are not met" in html_of(web.post(f"/boards/{flow['board']}/automations/test", data=form))


# -- run logs, the item panel ------------------------------------------------------------------------
def test_the_run_log_shows_status_attempts_duration_error_and_changes(flow, web, settle):
    rule = move_when_done(flow, name="Mover")
    failing = automation(flow, {"type": "column_changed", "config": {"column": "points"}},
                         [{"type": "set_value", "config": {"column": "points", "value": "{item.note}"}}])
    task = make_item(flow, "Ship it", status="Working", note="not a number")
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"status": "Done", "points": 3}})
    settle()
    html = html_of(web.get(f"/automations/{rule['id']}/runs"))
    assert "Succeeded" in html and "Ship it" in html and " ms" in html
    assert "Move the item to a group: group: Done" in html
    html = html_of(web.get(f"/automations/{failing['id']}/runs"))
    assert 'data-status="failed"' in html and 'class="run-error">' in html
    assert re.search(r'class="run-error">\S', html)


def test_the_item_panel_says_which_automation_changed_it_and_lists_its_runs(flow, web, settle):
    move_when_done(flow, name="Mover")
    task = make_item(flow, "Ship it", status="Working")
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"status": "Done"}})
    settle()
    panel = html_of(web.get(f"/items/{task['id']}/panel", headers=HX))
    assert "changed by automation Mover" in panel
    assert f'hx-get="/items/{task["id"]}/automation-runs"' in panel
    runs = html_of(web.get(f"/items/{task['id']}/automation-runs", headers=HX))
    assert "Mover" in runs and "Succeeded" in runs


# -- the bell ------------------------------------------------------------------------------------------
def test_the_bell_counts_unread_notifications_and_marks_them_read(flow, web, settle):
    automation(flow, {"type": "item_created", "config": {}},
               [{"type": "notify", "config": {"user_ids": [flow["api"].user_id], "message": "New: {item.name}"}}])
    first, _second = make_item(flow, "Acme"), make_item(flow, "Globex")
    settle()
    assert 'data-unread="2"' in html_of(web.get("/notifications/bell", headers=HX))
    menu = html_of(web.get("/notifications/menu", headers=HX))
    assert "New: Acme" in menu and "New: Globex" in menu and "Mark all as read" in menu
    [acme] = [n for n in flow["api"].ok("GET", "/notifications") if n["message"] == "New: Acme"]
    response = web.post(f"/notifications/{acme['id']}/open")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/boards/{flow['board']}/items/{first['id']}")
    assert 'data-unread="1"' in html_of(web.get("/notifications/bell", headers=HX))
    response = web.post("/notifications/read", headers=HX)
    assert response.headers["HX-Trigger"] == "boardhouse:notifications-read"
    assert "data-unread" not in html_of(web.get("/notifications/bell", headers=HX))


def test_the_bell_is_on_every_page(web):
    assert 'hx-get="/notifications/bell"' in html_of(web.get("/"))


def test_someone_else_s_notification_cannot_be_opened(flow, web, make_api, web_login, settle):
    automation(flow, {"type": "item_created", "config": {}},
               [{"type": "notify", "config": {"user_ids": [flow["api"].user_id], "message": "Hi"}}])
    make_item(flow)
    settle()
    [mine] = flow["api"].ok("GET", "/notifications")
    stranger = web_login(make_api())
    assert stranger.post(f"/notifications/{mine['id']}/open").status_code == 404


# -- who may ---------------------------------------------------------------------------------------------
def test_a_viewer_sees_the_automations_but_cannot_change_them(flow, web_login, member_of):
    rule = move_when_done(flow, name="Mover")
    viewer = web_login(member_of("viewer"))
    html = html_of(viewer.get(f"/boards/{flow['board']}/automations"))
    assert "Mover" in html and 'role="switch"' not in html and "+ automation" not in html
    assert viewer.get(f"/automations/{rule['id']}/runs").status_code == 200
    assert viewer.get(f"/boards/{flow['board']}/automations/new").status_code == 403
    assert viewer.get(f"/boards/{flow['board']}/automations/build").status_code == 403
    assert viewer.get(f"/automations/{rule['id']}/edit").status_code == 403
    assert viewer.post(f"/automations/{rule['id']}/toggle", data={"enabled": "0"}).status_code == 403
    assert viewer.post(f"/automations/{rule['id']}/delete").status_code == 403
    assert viewer.post(f"/boards/{flow['board']}/automations", data=the_builder_form(flow)).status_code == 403
    assert flow["api"].ok("GET", f"/automations/{rule['id']}")["enabled"] is True


def test_a_member_may_build_one(flow, web_login, member_of):
    member = web_login(member_of("member"))
    assert member.post(f"/boards/{flow['board']}/automations", data=the_builder_form(flow)).status_code == 302


def test_another_workspace_s_automations_do_not_exist(flow, make_api, web_login):
    rule = move_when_done(flow)
    stranger = web_login(make_api())
    assert stranger.get(f"/boards/{flow['board']}/automations").status_code == 404
    assert stranger.get(f"/automations/{rule['id']}/runs").status_code == 404
    assert stranger.post(f"/automations/{rule['id']}/toggle", data={"enabled": "0"}).status_code == 404


def test_pages_need_a_login(client, flow):
    response = client.get(f"/boards/{flow['board']}/automations")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_automation_named_after_its_sentence_follows_it_when_edited(flow, web):
    web.post(f"/boards/{flow['board']}/automations", data=the_builder_form(flow))
    [saved] = flow["api"].ok("GET", f"/boards/{flow['board']}/automations")
    html = html_of(web.get(f"/automations/{saved['id']}/edit"))
    assert re.search(r'<input id="f-name" name="name" value=""', html)
    form = the_builder_form(flow, **{"trigger.label": "Stuck"})
    assert web.post(f"/automations/{saved['id']}/edit", data=form).status_code == 302
    assert flow["api"].ok("GET", f"/automations/{saved['id']}")["name"] == (
        "When Status changes to Stuck, move the item to Done")
