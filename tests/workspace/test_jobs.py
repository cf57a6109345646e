"""Jobs run in-process without Redis and through a real rq worker on real Redis with it."""
from __future__ import annotations

import pytest

from tests.workspace.jobs_probe import rename_workspace
from workspace import jobs, service
from workspace.extensions import db
from workspace.models import Workspace


@pytest.fixture
def a_workspace(app_context):
    user = service.create_user("jobs@example.com", "pw-123456")
    workspace = service.create_workspace("Before", user)
    db.session.commit()
    return workspace.id


def test_without_redis_a_job_runs_in_process(app, a_workspace, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", None)
    jobs.enqueue(rename_workspace, a_workspace, "In-process")
    db.session.expire_all()
    assert db.session.get(Workspace, a_workspace).name == "In-process"


def test_with_redis_a_job_waits_for_the_worker_then_runs(app, a_workspace):
    url = app.config["REDIS_URL"]
    if not url:
        pytest.skip("REDIS_URL is not set (CI sets it, and then this test must pass)")
    from rq import Queue

    connection = jobs.redis_connection(url)
    Queue(jobs.QUEUE_NAME, connection=connection).empty()
    jobs.enqueue(rename_workspace, a_workspace, "Via rq")
    db.session.expire_all()
    assert db.session.get(Workspace, a_workspace).name == "Before", "nothing runs before a worker takes it"
    db.session.remove()
    jobs.run_worker(app, burst=True)
    db.session.expire_all()
    assert db.session.get(Workspace, a_workspace).name == "Via rq"


def test_without_a_worker_the_app_runs_the_periodic_jobs_itself(app, monkeypatch):
    import threading

    ran = threading.Event()
    monkeypatch.setattr(jobs, "_periodic", [])
    jobs.every(1)(ran.set)
    stop = jobs.start_in_process_periodic(app)
    try:
        assert ran.wait(timeout=10)
    finally:
        stop.set()


def test_the_worker_registers_the_periodic_jobs_with_rqs_cron_scheduler(app, monkeypatch):
    from automations import engine, schedule

    registered = {func for func, _seconds in jobs.periodic_jobs()}
    assert {engine.sweep, schedule.tick} <= registered
