"""The engine end to end through the API: triggers fire on real differences, once; conditions
in SQL; at most once per (automation, event); chains stop at depth 5; failures pause; nothing
is lost when the hand-off fails (the sweeper runs it later)."""
from __future__ import annotations

from datetime import timedelta

from tests.automations.conftest import automation

MOVE_WHEN_DONE = ({"type": "status_changed_to", "config": {"column": "status", "label": "Done"}},
                  lambda flow: [{"type": "move_to_group", "config": {"group_id": flow["done"]}}])


def make_item(flow, **values) -> dict:
    return flow["api"].ok("POST", f"/boards/{flow['board']}/items", {"name": "Task", "values": values})


def item(flow, item_id: int) -> dict:
    return flow["api"].ok("GET", f"/items/{item_id}")


def runs(flow, automation_id: int) -> list[dict]:
    return flow["api"].ok("GET", f"/automations/{automation_id}/runs")


def test_status_changed_to_moves_the_item(flow, settle):
    trigger, actions = MOVE_WHEN_DONE
    rule = automation(flow, trigger, actions(flow))
    task = make_item(flow, status="Working")
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"status": "Done"}})
    settle()
    assert item(flow, task["id"])["group_id"] == flow["done"]
    [run] = runs(flow, rule["id"])
    assert run["status"] == "succeeded" and run["changes"] == [{"action": "move_to_group", "group_id": flow["done"]}]


def test_writing_the_same_value_again_fires_nothing(flow, settle):
    rule = automation(flow, {"type": "column_changed", "config": {"column": "points"}},
                      [{"type": "increase_number", "config": {"column": "points", "by": 0}}])
    task = make_item(flow, points=3)
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"points": 3}})
    settle()
    assert runs(flow, rule["id"]) == []
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"points": 4}})
    settle()
    assert len(runs(flow, rule["id"])) == 1


def test_item_created_fires_once_with_its_values_in(flow, settle):
    rule = automation(flow, {"type": "item_created", "config": {}},
                      [{"type": "set_value", "config": {"column": "note", "value": "{item.name}: {item.points} pts"}}])
    task = flow["api"].ok("POST", f"/boards/{flow['board']}/items", {"name": "Write docs", "values": {"points": 5}})
    settle()
    assert item(flow, task["id"])["values"]["note"] == "Write docs: 5 pts"
    assert len(runs(flow, rule["id"])) == 1


def test_old_and_new_tokens_carry_the_change(flow, settle):
    automation(flow, {"type": "column_changed", "config": {"column": "status"}},
               [{"type": "set_value", "config": {"column": "note", "value": "{old.status} → {new.status}"}}])
    task = make_item(flow, status="Working")
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"status": "Stuck"}})
    settle()
    assert item(flow, task["id"])["values"]["note"] == "Working → Stuck"


def test_conditions_are_checked_against_the_item(flow, settle):
    rule = automation(flow, {"type": "column_changed", "config": {"column": "status"}},
                      [{"type": "set_value", "config": {"column": "note", "value": "big"}}],
                      conditions={"and": [{"column": "points", "operator": "greater_than", "value": 10}]})
    small, big = make_item(flow, points=1), make_item(flow, points=20)
    for task in (small, big):
        flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"status": "Done"}})
    settle()
    assert "note" not in item(flow, small["id"])["values"]
    assert item(flow, big["id"])["values"]["note"] == "big"
    statuses = sorted(r["status"] for r in runs(flow, rule["id"]))
    assert statuses == ["skipped", "succeeded"]


def test_a_job_delivered_twice_applies_once(flow, settle, app):
    from sqlalchemy import update

    from automations import engine
    from boards.models import Activity
    from workspace.extensions import db

    rule = automation(flow, {"type": "column_changed", "config": {"column": "status"}},
                      [{"type": "increase_number", "config": {"column": "points", "by": 1}}])
    task = make_item(flow, points=0)
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"status": "Done"}})
    settle()
    with app.app_context():
        ids = list(db.session.scalars(db.select(Activity.id)))
        # The same events again, as a second delivery would bring them (and not yet marked processed).
        db.session.execute(update(Activity).values(processed_at=None))
        db.session.commit()
        engine.process_events(ids)
        engine.process_events(ids)
    assert item(flow, task["id"])["values"]["points"] == 1
    assert len(runs(flow, rule["id"])) == 1


def test_a_loop_between_two_automations_stops_at_depth_five_and_says_so(flow, settle):
    ping = automation(flow, {"type": "column_changed", "config": {"column": "points"}},
                      [{"type": "set_value", "config": {"column": "note", "value": "ping {item.points}"}}], name="Ping")
    pong = automation(flow, {"type": "column_changed", "config": {"column": "note"}},
                      [{"type": "increase_number", "config": {"column": "points", "by": 1}}], name="Pong")
    task = make_item(flow, points=0)
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"points": 1}})
    settle()
    all_runs = runs(flow, ping["id"]) + runs(flow, pong["id"])
    assert sorted(r["depth"] for r in all_runs) == [1, 2, 3, 4, 5, 6]
    [stopped] = [r for r in all_runs if r["status"] == "skipped"]
    assert stopped["depth"] == 6 and "depth 5" in stopped["error"]
    assert item(flow, task["id"])["values"]["points"] == 3  # 1 by hand, then +1 at depths 2 and 4


def test_changes_by_an_automation_say_so_in_the_item_history(flow, settle):
    trigger, actions = MOVE_WHEN_DONE
    rule = automation(flow, trigger, actions(flow))
    task = make_item(flow, status="Working")
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"status": "Done"}})
    settle()
    history = flow["api"].ok("GET", f"/items/{task['id']}/activity")
    moved = next(a for a in history if a["kind"] == "item_moved")
    assert moved["automation_id"] == rule["id"]


def test_an_automation_failing_ten_times_in_a_row_is_paused_and_its_owner_notified(flow, settle, app):
    rule = automation(flow, {"type": "column_changed", "config": {"column": "points"}},
                      [{"type": "set_value", "config": {"column": "status", "value": "{item.note}"}}])
    task = make_item(flow, note="not a label")  # the rendered value is not a label: each run fails
    for points in range(1, 12):
        flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"points": points}})
    settle()
    body = flow["api"].ok("GET", f"/automations/{rule['id']}")
    assert body["enabled"] is False and "10 failed runs" in body["paused_reason"]
    assert [r["status"] for r in runs(flow, rule["id"])] == ["failed"] * 10
    assert "not one of the labels" in runs(flow, rule["id"])[0]["error"]
    notes = flow["api"].ok("GET", "/notifications")
    assert any("paused" in n["message"] for n in notes)


def test_nothing_is_lost_when_the_hand_off_fails_the_sweeper_runs_it_later(flow, settle, app, monkeypatch):
    from automations import engine
    from workspace import jobs

    trigger, actions = MOVE_WHEN_DONE
    automation(flow, trigger, actions(flow))
    task = make_item(flow, status="Working")

    def redis_is_down(*args, **kwargs):
        raise ConnectionError("Redis is down")
    monkeypatch.setattr(jobs, "enqueue", redis_is_down)
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"status": "Done"}})
    assert item(flow, task["id"])["group_id"] == flow["todo"]  # committed, not yet run
    monkeypatch.undo()
    with app.app_context():
        assert engine.sweep(older_than=timedelta(0)) >= 1
    settle()
    assert item(flow, task["id"])["group_id"] == flow["done"]


def test_a_bad_definition_is_refused_naming_the_part(flow):
    api, board = flow["api"], flow["board"]

    def refused(body) -> dict:
        result = api.post(f"/boards/{board}/automations", {"name": "X", **body})
        assert result.status == 422, result.json
        return result.error["details"]
    move = [{"type": "move_to_group", "config": {"group_id": flow["done"]}}]
    assert "trigger" in refused({"trigger": {"type": "nope"}, "actions": move})
    assert "not a label" in refused({"trigger": {"type": "status_changed_to",
                                                 "config": {"column": "status", "label": "Maybe"}},
                                     "actions": move})["trigger"]
    assert "no column 'missing'" in refused({"trigger": {"type": "item_created"}, "actions": [
        {"type": "set_value", "config": {"column": "note", "value": "{item.missing}"}}]})["actions.0"]
    assert "carry a change" in refused({"trigger": {"type": "item_created"}, "actions": [
        {"type": "set_value", "config": {"column": "note", "value": "{old.note}"}}]})["actions.0"]
    assert "actions.0" in refused({"trigger": {"type": "item_created"}, "actions": [
        {"type": "set_value", "config": {"column": "status", "value": "Maybe"}}]})
    assert "conditions" in refused({"trigger": {"type": "item_created"}, "actions": move,
                                    "conditions": {"and": [{"column": "nope", "operator": "is_empty"}]}})


def test_test_on_an_item_says_what_would_happen_and_changes_nothing(flow):
    rule = automation(flow, {"type": "item_created", "config": {}},
                      [{"type": "set_value", "config": {"column": "note", "value": "Hi {item.name}"}},
                       {"type": "move_to_group", "config": {"group_id": flow["done"]}}], enabled=False)
    task = flow["api"].ok("POST", f"/boards/{flow['board']}/items", {"name": "Later"})
    result = flow["api"].ok("POST", f"/automations/{rule['id']}/test", {"item_id": task["id"]}, status=200)
    assert result["conditions_met"] is True
    assert [a["would"] for a in result["actions"]] == ["set Note to 'Hi Later'", "move to group Done"]
    assert item(flow, task["id"])["group_id"] == flow["todo"]


def test_an_automation_ignores_changes_made_before_it_existed_even_when_processed_late(flow, settle, app,
                                                                                         monkeypatch):
    from automations import engine
    from workspace import jobs

    task = make_item(flow, status="Working")
    monkeypatch.setattr(jobs, "enqueue", lambda *args, **kwargs: None)  # the hand-off is lost
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"status": "Done"}})
    monkeypatch.undo()
    trigger, actions = MOVE_WHEN_DONE
    rule = automation(flow, trigger, actions(flow))
    with app.app_context():
        engine.sweep(older_than=timedelta(0))
    settle()
    assert item(flow, task["id"])["group_id"] == flow["todo"]
    assert runs(flow, rule["id"]) == []
