"""The coalesced hand-off on Redis: a burst of commits waits as one drain job, batches bigger than
BATCH chain drains, and a drain thrown away or lost is queued again (by the next push, or by the
sweeper's heal) — no event is stranded. Without Redis the engine runs in-process: nothing to test."""
from __future__ import annotations

import pytest

from tests.automations.conftest import automation
from tests.automations.test_engine import make_item, runs


@pytest.fixture
def queue(app):
    url = app.config.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set (CI sets it, and then these tests must pass)")
    from rq import Queue

    from workspace import jobs

    return Queue(jobs.QUEUE_NAME, connection=jobs.redis_connection(url))


def points_rule(flow) -> dict:
    return automation(flow, {"type": "column_changed", "config": {"column": "points"}},
                      [{"type": "set_value", "config": {"column": "note", "value": "{item.points}"}}])


def test_a_burst_of_commits_waits_as_one_drain_job(flow, settle, queue):
    rule = points_rule(flow)
    tasks = [make_item(flow) for _ in range(5)]
    for n, task in enumerate(tasks * 4):
        flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"points": n}})
    assert [job.args[0] for job in queue.jobs] == ["automations.handoff:drain"]
    settle()
    assert len(runs(flow, rule["id"])) == 20


def test_more_than_a_batch_chains_drains(flow, settle, queue, monkeypatch):
    from automations import handoff

    monkeypatch.setattr(handoff, "BATCH", 3)
    rule = points_rule(flow)
    task = make_item(flow)
    for n in range(1, 11):
        flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"points": n}})
    settle()
    assert len(runs(flow, rule["id"])) == 10


def test_a_drain_thrown_away_is_queued_again_by_the_next_commit(flow, settle, queue):
    rule = points_rule(flow)
    task = make_item(flow)
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"points": 1}})
    queue.empty()
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"points": 2}})
    settle()
    assert len(runs(flow, rule["id"])) == 2


def test_the_sweeper_heals_ids_left_on_the_list(flow, settle, queue, app):
    from datetime import timedelta

    from automations import engine

    rule = points_rule(flow)
    task = make_item(flow)
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"points": 1}})
    queue.empty()  # the drain is lost; the events are too recent for the sweeper to send again
    with app.app_context():
        assert engine.sweep(older_than=timedelta(hours=1)) == 0
    assert [job.args[0] for job in queue.jobs] == ["automations.handoff:drain"]
    settle()
    assert len(runs(flow, rule["id"])) == 1


def test_an_event_that_breaks_the_engine_does_not_hold_back_its_batch(flow, settle, queue, app, monkeypatch):
    from sqlalchemy import select

    from automations import engine
    from boards.models import Activity
    from workspace.extensions import db

    rule = points_rule(flow)
    bad, good = make_item(flow), make_item(flow)
    real_execute = engine.execute

    def execute(automation, event, run_id):
        if event.item_id == bad["id"]:
            raise RuntimeError("a bug")
        return real_execute(automation, event, run_id)
    monkeypatch.setattr(engine, "execute", execute)
    for task in (bad, good):
        flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"points": 1}})
    settle()
    assert [r["item_id"] for r in runs(flow, rule["id"])] == [good["id"]]
    with app.app_context():  # left for the sweeper, which will send it again
        assert db.session.scalar(select(Activity.item_id).where(Activity.processed_at.is_(None))) == bad["id"]



def test_conditions_naming_a_trashed_column_fail_that_run_and_the_others_go_on(flow, settle):
    done = [{"type": "set_value", "config": {"column": "status", "value": "Done"}}]
    on_points = {"type": "column_changed", "config": {"column": "points"}}
    broken = automation(flow, on_points, done, conditions={"and": [{"column": "note", "operator": "is_not_empty"}]})
    fine = automation(flow, on_points, done)
    note = next(c for c in flow["api"].ok("GET", f"/boards/{flow['board']}")["columns"] if c["key"] == "note")
    flow["api"].ok("DELETE", f"/columns/{note['id']}")
    task = make_item(flow)
    flow["api"].ok("PATCH", f"/items/{task['id']}", {"values": {"points": 1}})
    settle()
    [failed] = runs(flow, broken["id"])
    assert failed["status"] == "failed" and "note" in failed["error"], failed
    assert [r["status"] for r in runs(flow, fine["id"])] == ["succeeded"]
