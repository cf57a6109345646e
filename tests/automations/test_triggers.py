"""Every registered trigger runs its automation end to end through the API: the same notify
action behind each, the thing that should fire it done once (and the near miss that should not),
then exactly one succeeded run on the right item. A trigger without a scenario here fails the
contract test."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

from tests.automations.conftest import automation
from tests.automations.test_engine import make_item, runs

D = date.today() + timedelta(days=400)  # after the automations' creation, for the time triggers


@dataclass
class Scenario:
    config: Callable[[dict], dict]
    # Does what should fire the trigger once, after a near miss that should not; returns the
    # item the run should be on (None for item-less runs).
    provoke: Callable[[dict, Callable], int | None]


def _subitem(flow, tick):
    parent = make_item(flow)
    flow["api"].ok("PATCH", f"/items/{parent['id']}", {"name": "Renamed"})  # not a sub-item
    return flow["api"].ok("POST", f"/boards/{flow['board']}/items", {"name": "Sub", "parent_id": parent["id"]})["id"]


def _changed(flow, tick):
    task = make_item(flow, points=1)
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"note": "other column"}})
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"points": 2}})
    return task["id"]


def _status(flow, tick):
    task = make_item(flow, status="Working")
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"status": "Stuck"}})
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"status": "Done"}})
    return task["id"]


def _moved(flow, tick):
    task = make_item(flow)
    other = flow["api"].ok("POST", f"/boards/{flow['board']}/groups", {"name": "Elsewhere"})["id"]
    flow["api"].ok("POST", f"/items/{task['id']}/move", {"group_id": other}, status=200)
    flow["api"].ok("POST", f"/items/{task['id']}/move", {"group_id": flow["done"]}, status=200)
    return task["id"]


def _date_column(flow) -> dict:
    flow["api"].ok("POST", f"/boards/{flow['board']}/columns", {"title": "Due", "type": "date", "key": "due"})
    return {"column": "due", "offset_days": -1}


def _date(flow, tick):
    make_item(flow, due=(D + timedelta(days=2)).isoformat())  # not yet: fires on D + 1
    task = make_item(flow, due=(D + timedelta(days=1)).isoformat())
    tick(D)
    return task["id"]


def _period(flow, tick):
    tick(D, on_d("07:59"))
    tick(D, on_d("08:00"))
    return None


def _button_column(flow) -> dict:
    flow["api"].ok("POST", f"/boards/{flow['board']}/columns", {"title": "Approve", "type": "button", "key": "approve"})
    flow["api"].ok("POST", f"/boards/{flow['board']}/columns", {"title": "Reject", "type": "button", "key": "reject"})
    return {"column": "approve"}


def _pressed(flow, tick):
    task = make_item(flow)
    flow["api"].ok("POST", f"/items/{task['id']}/buttons/reject", status=200)  # another button
    flow["api"].ok("POST", f"/items/{task['id']}/buttons/approve", status=200)
    return task["id"]


def on_d(hh_mm: str) -> datetime:
    return datetime.fromisoformat(f"{D.isoformat()}T{hh_mm}")


SCENARIOS: dict[str, Scenario] = {
    "item_created": Scenario(lambda flow: {}, lambda flow, tick: make_item(flow)["id"]),
    "subitem_created": Scenario(lambda flow: {}, _subitem),
    "column_changed": Scenario(lambda flow: {"column": "points"}, _changed),
    "status_changed_to": Scenario(lambda flow: {"column": "status", "label": "Done"}, _status),
    "item_moved_to_group": Scenario(lambda flow: {"group_id": flow["done"]}, _moved),
    "date_arrived": Scenario(_date_column, _date),
    "every_period": Scenario(lambda flow: {"every": "day", "at": "08:00"}, _period),
    "button_clicked": Scenario(_button_column, _pressed),
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_each_trigger_runs_its_automation_once_end_to_end(name, flow, settle, tick):
    scenario = SCENARIOS[name]
    rule = automation(flow, {"type": name, "config": scenario.config(flow)},
                      [{"type": "notify", "config": {"user_ids": [flow["api"].user_id], "message": f"{name} fired"}}])
    item_id = scenario.provoke(flow, tick)
    settle()
    [run] = runs(flow, rule["id"])
    assert (run["status"], run["item_id"]) == ("succeeded", item_id), run
    assert [n["message"] for n in flow["api"].ok("GET", "/notifications")] == [f"{name} fired"]


def test_every_registered_trigger_has_an_end_to_end_scenario():
    from automations.registry import triggers

    assert sorted(set(triggers.names()) - set(SCENARIOS)) == []


def test_a_sub_item_moved_with_its_parent_does_not_fire_item_moved(flow, settle):
    rule = automation(flow, {"type": "item_moved_to_group", "config": {"group_id": flow["done"]}},
                      [{"type": "set_value", "config": {"column": "note", "value": "moved"}}])
    parent = make_item(flow)
    flow["api"].ok("POST", f"/boards/{flow['board']}/items", {"name": "Sub", "parent_id": parent["id"]})
    flow["api"].ok("POST", f"/items/{parent['id']}/move", {"group_id": flow["done"]}, status=200)
    settle()
    assert [r["item_id"] for r in runs(flow, rule["id"])] == [parent["id"]]
