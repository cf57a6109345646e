"""Every internal action end to end through the API: "when Status changes to Done, <action>", the
status changed, the engine settled, then what the action did is read back through the API. The
same scenarios check "test on an item" (a preview that changes nothing). An action without a
scenario here fails the contract test; the outbound ones (e-mail, webhooks) have their own tests."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from tests.automations.conftest import automation
from tests.automations.test_engine import item, make_item, runs

TODAY = "2031-05-06"
OUTBOUND = {"send_email", "send_webhook"}


@dataclass
class Scenario:
    config: Callable[[dict], dict]
    check: Callable[[dict, dict, dict], None]  # (flow, the item before, the item's run)
    values: dict = field(default_factory=dict)  # the item's values before the change


def values_of(flow, task) -> dict:
    return item(flow, task["id"])["values"]


def board_items(flow, board_id: int) -> list[dict]:
    return flow["api"].ok("GET", f"/boards/{board_id}/items")["items"]


def _set_value(flow, task, run):
    assert values_of(flow, task)["note"] == f"Task done on {TODAY} by Ada Admin"


def _clear_value(flow, task, run):
    assert "note" not in values_of(flow, task)


def _move(flow, task, run):
    assert item(flow, task["id"])["group_id"] == flow["done"]


def _create_item(flow, task, run):
    [created] = board_items(flow, flow["accounts"])
    assert (created["name"], created["group_id"]) == ("Follow up Task", flow["accounts_group"])
    assert created["values"]["source"] == "Task (3 pts)"
    assert values_of(flow, task)["account"] == [created["id"]]
    assert run["changes"][0]["created_item_id"] == created["id"]


def _create_subitem(flow, task, run):
    subitems = flow["api"].ok("GET", f"/items/{task['id']}/subitems")
    assert [(s["name"], s["parent_id"]) for s in subitems] == [("Call back about Task", task["id"])]


def _notify(flow, task, run):
    notes = flow["api"].ok("GET", "/notifications")
    assert [(n["message"], n["item_id"]) for n in notes] == [("Task is done", task["id"])]


def _archive(flow, task, run):
    assert flow["api"].get(f"/items/{task['id']}").status == 404
    flow["api"].ok("POST", f"/trash/item/{task['id']}/restore", status=200)  # restorable like any trashed item


def _duplicate(flow, task, run):
    copies = [i for i in board_items(flow, flow["board"]) if i["id"] != task["id"]]
    [copy] = copies
    assert copy["name"] == "Task (copy)" and copy["group_id"] == flow["todo"]
    assert (copy["values"]["note"], copy["values"]["points"]) == ("keep", 3)


def _increase(flow, task, run):
    assert values_of(flow, task)["points"] == 5


def _assign(flow, task, run):
    assert values_of(flow, task)["owner"] == [flow["api"].user_id, flow["member"]]


def _connect(flow, task, run):
    assert values_of(flow, task)["account"] == [flow["acme"]]


SCENARIOS: dict[str, Scenario] = {
    "set_value": Scenario(lambda f: {"column": "note", "value": "{item.name} done on {today} by {user.name}"},
                          _set_value),
    "clear_value": Scenario(lambda f: {"column": "note"}, _clear_value, {"note": "to clear"}),
    "move_to_group": Scenario(lambda f: {"group_id": f["done"]}, _move),
    "create_item": Scenario(lambda f: {"board_id": f["accounts"], "group_id": f["accounts_group"],
                                       "name": "Follow up {item.name}",
                                       "values": {"source": "{item.name} ({item.points} pts)"},
                                       "link_column": "account"}, _create_item, {"points": 3}),
    "create_subitem": Scenario(lambda f: {"name": "Call back about {item.name}"}, _create_subitem),
    "notify": Scenario(lambda f: {"people_column": "owner", "message": "{item.name} is done"}, _notify),
    "archive_item": Scenario(lambda f: {}, _archive),
    "duplicate_item": Scenario(lambda f: {}, _duplicate, {"note": "keep", "points": 3}),
    "increase_number": Scenario(lambda f: {"column": "points", "by": 2}, _increase, {"points": 3}),
    "assign_person": Scenario(lambda f: {"column": "owner", "user_id": f["member"]}, _assign),
    "connect_item": Scenario(lambda f: {"column": "account", "item_id": f["acme"]}, _connect),
}


@pytest.fixture
def crm(flow, workspace, member_of, app, monkeypatch):
    """The Tasks board with an Account column linked to an Accounts board, and a second member."""
    api = flow["api"]
    monkeypatch.setitem(app.config, "BOARDHOUSE_TODAY", TODAY)
    accounts = api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Accounts"})
    api.ok("POST", f"/boards/{accounts['id']}/columns", {"title": "Source", "type": "text", "key": "source"})
    api.ok("POST", f"/boards/{flow['board']}/columns", {"title": "Account", "type": "connect_boards", "key": "account",
                                                        "settings": {"board_ids": [accounts["id"]]}})
    acme = api.ok("POST", f"/boards/{accounts['id']}/items", {"name": "Acme"})
    return {**flow, "accounts": accounts["id"], "accounts_group": accounts["groups"][0]["id"],
            "acme": acme["id"], "member": member_of("member").user_id}


def when_done(flow, name: str, **extra) -> dict:
    return automation(flow, {"type": "status_changed_to", "config": {"column": "status", "label": "Done"}},
                      [{"type": name, "config": SCENARIOS[name].config(flow)}], **extra)


def task_for(flow, name: str) -> dict:
    return make_item(flow, status="Working", owner=[flow["api"].user_id], **SCENARIOS[name].values)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_each_action_does_its_work_end_to_end(name, crm, settle):
    if name == "create_item":  # the only one that writes another board: start it empty
        crm["api"].ok("DELETE", f"/items/{crm['acme']}")
    rule = when_done(crm, name)
    task = task_for(crm, name)
    crm["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"status": "Done"}})
    settle()
    [run] = runs(crm, rule["id"])
    assert run["status"] == "succeeded", run
    SCENARIOS[name].check(crm, task, run)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_each_action_previews_on_an_item_and_changes_nothing(name, crm):
    rule = when_done(crm, name, enabled=False)
    task = task_for(crm, name)
    before = item(crm, task["id"])
    result = crm["api"].ok("POST", f"/automations/{rule['id']}/test", {"item_id": task["id"]}, status=200)
    [step] = result["actions"]
    assert step["action"] == name and step.get("would") and "error" not in step, step
    assert item(crm, task["id"]) == before
    assert crm["api"].ok("GET", "/notifications") == []


def test_every_internal_action_has_an_end_to_end_scenario():
    from automations.registry import actions

    assert sorted(set(actions.names()) - set(SCENARIOS) - OUTBOUND) == []


def test_assigning_a_person_already_there_keeps_one(crm, settle):
    automation(crm, {"type": "status_changed_to", "config": {"column": "status", "label": "Done"}},
               [{"type": "assign_person", "config": {"column": "owner", "user_id": crm["api"].user_id}}])
    task = make_item(crm, status="Working", owner=[crm["api"].user_id])
    crm["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"status": "Done"}})
    settle()
    assert values_of(crm, task)["owner"] == [crm["api"].user_id]


def test_connecting_an_item_already_linked_keeps_one_link(crm, settle):
    when_done(crm, "connect_item")
    task = make_item(crm, status="Working", account=[crm["acme"]])
    crm["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"status": "Done"}})
    settle()
    assert values_of(crm, task)["account"] == [crm["acme"]]


def test_actions_on_a_sub_item_that_cannot_apply_say_so(crm, settle):
    rule = automation(crm, {"type": "subitem_created", "config": {}},
               [{"type": "create_subitem", "config": {"name": "Deeper"}},
                {"type": "move_to_group", "config": {"group_id": crm["done"]}}])
    parent = make_item(crm)
    sub = crm["api"].ok("POST", f"/boards/{crm['board']}/items", {"name": "Sub", "parent_id": parent["id"]})
    settle()
    [run] = runs(crm, rule["id"])
    assert run["status"] == "succeeded" and run["item_id"] == sub["id"]
    assert [c.get("skipped") for c in run["changes"]] == ["sub-items cannot have sub-items",
                                                         "a sub-item stays with its parent"]
    assert item(crm, sub["id"])["group_id"] == crm["todo"]

