"""The import job: batches committed with their progress, a killed worker's import resumed from its
last committed batch with every row exactly once, leases that keep two runs from writing,
cancelling, and the planner's statistics refreshed after a big import."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from boards.imports import runner, service
from boards.imports.models import Import
from boards.models import Item
from tests.conftest import TEST_DATABASE_URL, TEST_REDIS_URL
from workspace.extensions import db

ROWS = 8_000
CONSOLE_SCRIPT = Path(sys.executable).parent / "boardhouse"


def big_csv(rows: int = ROWS) -> str:
    return "Code,Name,Amount\n" + "".join(f"C{i:06},Deal {i},{i}\n" for i in range(rows))


def worker_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": TEST_DATABASE_URL, "IMPORT_BATCH_ROWS": "50",
           "IMPORT_LEASE_SECONDS": "2", **extra}
    if TEST_REDIS_URL:
        env["REDIS_URL"] = TEST_REDIS_URL
    else:
        env.pop("REDIS_URL", None)
    return env


def import_row(app, import_id: int) -> Import:
    with app.app_context():
        imp = db.session.get(Import, import_id)
        db.session.expunge(imp)
        return imp


def wait_until(condition, timeout: float = 60.0, every: float = 0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(every)
    raise AssertionError("timed out waiting")


def start_killable_run(app, admin_api, board, upload, tmp_path) -> tuple[int, subprocess.Popen]:
    """An import of ROWS rows running in another process: an rq worker with Redis, else the CLI."""
    if TEST_REDIS_URL:
        uploaded = upload(big_csv()).json
        admin_api.ok("POST", f"/imports/{uploaded['id']}/start",
                     {"mapping": uploaded["suggested_mapping"], "options": {"key_column": "Code"}}, status=200)
        process = subprocess.Popen([str(CONSOLE_SCRIPT), "worker"], env=worker_env(), start_new_session=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return uploaded["id"], process
    path = tmp_path / "deals.csv"
    path.write_text(big_csv())
    process = subprocess.Popen([str(CONSOLE_SCRIPT), "import-csv", str(path), "--board", str(board["id"]),
                                "--key-column", "Code"], env=worker_env(), start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return wait_until(lambda: started_import(app)), process


def started_import(app) -> int | None:
    """Each look in a session of its own: a session kept open would hold SQLite's read lock, and
    the run in the other process could not commit."""
    with app.app_context():
        return db.session.scalar(select(Import.id).where(Import.started_at.isnot(None)))


def test_a_killed_worker_s_import_resumes_from_its_last_batch_with_each_row_once(
        app, admin_api, board, upload, tmp_path, monkeypatch, settle):
    monkeypatch.setitem(app.config, "IMPORT_LEASE_SECONDS", 2)
    import_id, process = start_killable_run(app, admin_api, board, upload, tmp_path)
    try:
        wait_until(lambda: import_row(app, import_id).processed >= 500)
    finally:  # the whole process group, as a crashed machine would: rq's scheduler is a child of the worker
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)
    stopped = import_row(app, import_id)
    assert stopped.status == "running" and 500 <= stopped.processed < ROWS, "killed mid-import"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Item)) == stopped.processed

    time.sleep(2.2)  # the dead run's lease runs out
    with app.app_context():
        runner.resume_stalled()  # the sweeper, as `boardhouse worker` and `boardhouse run` call it
    settle()
    from workspace import jobs

    jobs.wait_for_background()

    done = import_row(app, import_id)
    assert (done.status, done.processed, done.created, done.failed) == ("succeeded", ROWS, ROWS, 0)
    with app.app_context():
        names = db.session.execute(select(Item.name, func.count()).group_by(Item.name)).all()
        numbers = db.session.scalars(select(Item.number).order_by(Item.number)).all()
    assert len(names) == ROWS and all(count == 1 for _name, count in names)
    assert numbers == list(range(1, ROWS + 1))


def test_a_run_that_lost_its_lease_writes_nothing(app, admin_api, board, upload, monkeypatch):
    uploaded = upload("Name\nA\nB\n").json
    with app.app_context():
        from flask import g

        from workspace.models import User

        g.user = db.session.get(User, admin_api.user_id)
        imp = service.get_import(uploaded["id"])
        service.start(imp, g.user, uploaded["suggested_mapping"], {}, enqueue=False)
        db.session.commit()
        old = runner._claim(uploaded["id"])
        db.session.execute(Import.__table__.update().values(lease_until=None))  # as if it ran out
        db.session.commit()
        new = runner._claim(uploaded["id"])
        assert old and new and old != new
        with pytest.raises(runner.LeaseLost):
            runner._commit_progress(uploaded["id"], old, 2, runner.Counts(created=2))
        db.session.rollback()
        assert db.session.get(Import, uploaded["id"]).processed == 0
        assert runner._claim(uploaded["id"]) is None  # the live run holds it


def test_cancelling_stops_after_the_batch_being_written(app, admin_api, board, upload, monkeypatch, board_items):
    monkeypatch.setitem(app.config, "IMPORT_BATCH_ROWS", 10)
    uploaded = upload(big_csv(50)).json
    with app.app_context():
        from flask import g

        from workspace.models import User

        g.user = db.session.get(User, admin_api.user_id)
        service.start(service.get_import(uploaded["id"]), g.user, uploaded["suggested_mapping"], {}, enqueue=False)
        db.session.commit()

        def cancel_after_first_batch(imp: Import) -> None:
            if imp.processed == 10:
                service.cancel(imp)
                db.session.commit()
        runner.run(uploaded["id"], cancel_after_first_batch)
    done = admin_api.ok("GET", f"/imports/{uploaded['id']}")
    assert (done["status"], done["processed"], done["created"]) == ("cancelled", 10, 10)
    assert len(board_items(board["id"])) == 10


def test_cancelling_an_import_no_run_has_taken_ends_it_at_once(admin_api, upload, app):
    uploaded = upload("Name\nA\n").json
    with app.app_context():
        from flask import g

        from workspace.models import User

        g.user = db.session.get(User, admin_api.user_id)
        service.start(service.get_import(uploaded["id"]), g.user, uploaded["suggested_mapping"], {}, enqueue=False)
        db.session.commit()
    cancelled = admin_api.ok("POST", f"/imports/{uploaded['id']}/cancel", status=200)
    assert cancelled["status"] == "cancelled"
    with app.app_context():
        runner.run(uploaded["id"])  # a late job finds nothing to do
    assert admin_api.ok("GET", f"/imports/{uploaded['id']}")["created"] == 0
    assert admin_api.call("POST", f"/imports/{uploaded['id']}/cancel").status == 409


def _last_analysed(app):
    from sqlalchemy import text

    with app.app_context():
        db.session.execute(text("SELECT pg_stat_clear_snapshot()"))  # the stats as of now, not as first read
        return db.session.scalar(text("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'items'"))


def _run_import(app, admin_api, upload, content: str) -> None:
    uploaded = upload(content).json
    with app.app_context():
        from flask import g

        from workspace.models import User

        g.user = db.session.get(User, admin_api.user_id)
        service.start(service.get_import(uploaded["id"]), g.user, uploaded["suggested_mapping"], {}, enqueue=False)
        db.session.commit()
        runner.run(uploaded["id"])
        assert db.session.get(Import, uploaded["id"]).status == "succeeded"


def test_a_big_import_refreshes_the_planner_s_statistics_of_items_and_a_small_one_does_not(
        app, admin_api, board, upload, monkeypatch):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("planner statistics are PostgreSQL's (SQLite plans by heuristics)")
    monkeypatch.setattr(runner, "ANALYZE_AFTER_ROWS", 30)
    before = _last_analysed(app)
    _run_import(app, admin_api, upload, big_csv(29))
    assert _last_analysed(app) == before
    _run_import(app, admin_api, upload, big_csv(30))
    after = _last_analysed(app)
    assert after is not None and (before is None or after > before)
