"""Benchmark of the automation engine on PostgreSQL + Redis with real `boardhouse worker`
processes; prints figures, asserts nothing.

    python bench/automations.py                        # bh_autobench on 127.0.0.1, Redis db 13
    python bench/automations.py --events 10000 --samples 300 --batch 1

One board, one automation: "when Status changes to Done, set Note to {today}".

- Latency, one worker: an item's status is set to Done through the boards service and committed,
  then we wait for the run. Measured from the update's commit (an after_commit hook that runs
  before the hand-off) to the commit of the run's transaction — a trigger on automation_runs
  sends a NOTIFY, which PostgreSQL delivers when that transaction commits. Both ends are read on
  this process's clock. p50 / p95 over --samples updates, one at a time.
- Throughput, two workers: --events items set to Done through the service, --batch updates per
  commit (1: each update is its own commit and hand-off, as when many people edit). This machine
  has two cores, so a producer running beside the workers would measure itself: the workers are
  paused (SIGSTOP) while the events are committed, then let go (SIGCONT), and
  runs/s = events / (let go → last run commit) — the rate at which the engine works off a
  backlog. --streaming instead commits while the workers run: events / (first commit → last run
  commit), bounded by how fast this process commits.
- rq's own figures from the same workers in the same run: a trivial job's latency (rq's
  enqueued_at → ended_at, one at a time, one worker) and jobs/s (--trivial jobs queued at once,
  first enqueued → last ended, two workers), so the engine's own cost is visible beside them.

The database is emptied first: use a database of its own (createdb -h 127.0.0.1 -U postgres
bh_autobench). The machine's other load shows in the figures: run it a few times.
"""
from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/bh_autobench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/13"
CHANNEL = "bh_bench_runs"


def trivial() -> None:
    """rq's trivial job (run by the same workers, imported by name)."""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--samples", type=int, default=300, help="latency samples (one worker)")
    parser.add_argument("--events", type=int, default=10_000, help="throughput events (two workers)")
    parser.add_argument("--batch", type=int, default=1, help="updates per commit in the throughput phase")
    parser.add_argument("--trivial", type=int, default=3000, help="trivial rq jobs for rq's jobs/s")
    parser.add_argument("--streaming", action="store_true", help="commit the throughput events while the "
                                                                    "workers run (default: a backlog, see above)")
    return parser.parse_args()


# -- set-up --------------------------------------------------------------------------------------
def make_app(database: str, redis: str):
    os.environ.setdefault("BOARDHOUSE_INSTANCE", tempfile.mkdtemp(prefix="bh-autobench-"))
    from workspace.app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": database, "REDIS_URL": redis, "WTF_CSRF_ENABLED": False})


def build(n_items: int) -> tuple[int, int, list[int]]:
    """An empty database with one board of n_items (status Working), the automation and the
    NOTIFY trigger; returns (board id, user id, item ids)."""
    from flask_migrate import upgrade
    from sqlalchemy import select, text, update

    from automations import engine
    from automations import service as automation_service
    from boards import columns, items, service
    from boards.models import Activity, Item
    from workspace import events
    from workspace import service as workspace_service
    from workspace.dbschema import drop_everything
    from workspace.extensions import db

    drop_everything(db)
    upgrade()
    user = workspace_service.create_user("bench@example.com", "bench-pass-1", "Bench")
    workspace = workspace_service.create_workspace("Bench", user)
    board = service.create_board(workspace.id, "Deals", user=user)
    columns.create_column(board, user, title="Status", type="status", key="status",
                          settings={"labels": [{"label": label} for label in ("Working", "Done", "Stuck")]})
    columns.create_column(board, user, title="Note", type="text", key="note")
    automation_service.create_automation(
        board, user, name="Done → note", actions=[{"type": "set_value", "config": {"column": "note",
                                                                                 "value": "done {today}"}}],
        trigger={"type": "status_changed_to", "config": {"column": "status", "label": "Done"}})
    db.session.commit()
    events.unsubscribe(engine.on_commit)  # the items' creation is not part of the benchmark
    try:
        for start in range(0, n_items, 500):
            for n in range(start, min(start + 500, n_items)):
                items.create_item(board, user, name=f"Deal {n}", values={"status": "Working"})
            db.session.commit()
        db.session.execute(update(Activity).values(processed_at=Activity.at))
        db.session.commit()
    finally:
        events.subscribe(engine.on_commit)
    db.session.execute(text(f"""
        CREATE OR REPLACE FUNCTION bh_bench_notify() RETURNS trigger AS $$
        BEGIN PERFORM pg_notify('{CHANNEL}', NEW.item_id::text); RETURN NEW; END $$ LANGUAGE plpgsql;
        CREATE TRIGGER bh_bench_notify AFTER INSERT ON automation_runs
            FOR EACH ROW EXECUTE FUNCTION bh_bench_notify();"""))
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    ids = list(db.session.scalars(select(Item.id).where(Item.board_id == board.id).order_by(Item.id)))
    return board.id, user.id, ids


class Runs:
    """Listens for the runs' commits (NOTIFY item_id) on a connection of its own."""

    def __init__(self, dsn: str):
        import psycopg

        self.seen: dict[int, float] = {}
        self.cond = threading.Condition()
        self.conn = psycopg.connect(dsn, autocommit=True)
        self.conn.execute(f"LISTEN {CHANNEL}")
        self.stop = False
        threading.Thread(target=self._listen, daemon=True).start()

    def _listen(self) -> None:
        while not self.stop:
            for note in self.conn.notifies(timeout=0.5):
                at = time.perf_counter()
                with self.cond:
                    self.seen.setdefault(int(note.payload), at)
                    self.cond.notify_all()

    def wait(self, predicate: Callable[[], bool], timeout: float) -> bool:
        with self.cond:
            return self.cond.wait_for(predicate, timeout)


class Workers:
    """`boardhouse worker` processes, as deployed (SimpleWorker, cron thread)."""

    def __init__(self, database: str, redis: str):
        self.env = {**os.environ, "DATABASE_URL": database, "REDIS_URL": redis, "PYTHONPATH": str(ROOT)}
        self.procs: list[subprocess.Popen] = []
        self.redis = redis

    def start(self, count: int) -> None:
        from redis import Redis
        from rq import Worker

        connection = Redis.from_url(self.redis)
        wanted = len(self.procs) + count
        for _ in range(count):
            self.procs.append(subprocess.Popen([str(Path(sys.executable).parent / "boardhouse"), "worker"],
                                               env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL))
        deadline = time.monotonic() + 60
        while len(Worker.all(connection=connection)) < wanted:
            if time.monotonic() > deadline:
                raise SystemExit("the workers did not start")
            time.sleep(0.1)
        time.sleep(1.0)  # let their first cron jobs (sweep, tick) run

    def pause(self) -> None:
        for proc in self.procs:
            proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        for proc in self.procs:
            proc.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        for proc in self.procs:
            proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.procs = []


# -- the measurements ----------------------------------------------------------------------------
def commit_stamps() -> list[float]:
    """Each top-level commit's time, taken before the hand-off to the engine (listeners run in order)."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from workspace.events import _in_savepoint

    stamps: list[float] = []

    def stamp(session) -> None:
        if not _in_savepoint(session):
            stamps.append(time.perf_counter())
    event.listen(Session, "after_commit", stamp, insert=True)
    return stamps


def set_done(item_ids: list[int], user_id: int, stamps: list[float]) -> float:
    """Sets the items to Done through the service in one commit; returns that commit's time."""
    from boards import items
    from boards.models import Item
    from workspace.extensions import db
    from workspace.models import User

    user = db.session.get(User, user_id)
    for item_id in item_ids:
        items.update_item(db.session.get(Item, item_id), user, values={"status": "Done"})
    db.session.commit()
    return stamps[-1]


def engine_latency(runs: Runs, ids: list[int], user_id: int, stamps: list[float]) -> list[float]:
    took = []
    for n, item_id in enumerate(ids):
        committed = set_done([item_id], user_id, stamps)
        if not runs.wait(lambda i=item_id: i in runs.seen, 10):
            raise SystemExit(f"no run for item {item_id} within 10 s")
        if n >= 10:  # the first ones warm the worker up
            took.append((runs.seen[item_id] - committed) * 1000)
    return took


def engine_throughput(runs: Runs, workers: Workers, ids: list[int], user_id: int, stamps: list[float],
                      batch: int, streaming: bool) -> dict:
    if not streaming:
        workers.pause()
    first = None
    for start in range(0, len(ids), batch):
        committed = set_done(ids[start:start + batch], user_id, stamps)
        first = first if first is not None else committed
    produced = time.perf_counter()
    if not streaming:
        workers.resume()
    wanted = set(ids)
    if not runs.wait(lambda: wanted <= runs.seen.keys(), 900):
        raise SystemExit(f"only {len(wanted & runs.seen.keys())} of {len(ids)} runs within 15 minutes")
    last = max(runs.seen[i] for i in ids)
    start = first if streaming else produced
    return {"runs_per_s": len(ids) / (last - start), "commits_per_s": len(ids) / batch / (produced - first),
            "seconds": last - start}


def rq_latency(redis: str, count: int) -> list[float]:
    from redis import Redis
    from rq import Queue

    from workspace.jobs import QUEUE_NAME

    queue = Queue(QUEUE_NAME, connection=Redis.from_url(redis))
    took = []
    for n in range(count):
        job = queue.enqueue("bench.automations.trivial")
        if job.latest_result(timeout=10) is None:
            raise SystemExit("a trivial job did not finish within 10 s")
        job.refresh()
        if n >= 10:
            took.append((job.ended_at - job.enqueued_at).total_seconds() * 1000)
    return took


def rq_throughput(redis: str, count: int) -> float:
    from redis import Redis
    from rq import Queue
    from rq.job import Job

    from workspace.jobs import QUEUE_NAME

    connection = Redis.from_url(redis)
    queue = Queue(QUEUE_NAME, connection=connection)
    jobs = queue.enqueue_many([Queue.prepare_data("bench.automations.trivial") for _ in range(count)])
    ids = [job.id for job in jobs]
    deadline = time.monotonic() + 300
    while True:
        done = [job for job in Job.fetch_many(ids, connection=connection) if job and job.ended_at]
        if len(done) == count:
            break
        if time.monotonic() > deadline:
            raise SystemExit("the trivial jobs did not finish within 5 minutes")
        time.sleep(0.2)
    return count / (max(j.ended_at for j in done) - min(j.enqueued_at for j in done)).total_seconds()


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    args = parse_args()
    from redis import Redis

    Redis.from_url(args.redis).flushdb()  # its own db: earlier runs' jobs and workers
    app = make_app(args.database, args.redis)
    workers = Workers(args.database, args.redis)
    with app.app_context():
        print(f"building the board: {args.samples + args.events:,} items ...", flush=True)
        board_id, user_id, ids = build(args.samples + args.events)
        latency_ids, throughput_ids = ids[:args.samples], ids[args.samples:]
        runs = Runs(args.database.replace("+psycopg", ""))
        stamps = commit_stamps()
        load = os.getloadavg()[0]
        try:
            workers.start(1)
            rq_took = rq_latency(args.redis, 210)
            took = engine_latency(runs, latency_ids, user_id, stamps)
            workers.start(1)
            figures = engine_throughput(runs, workers, throughput_ids, user_id, stamps, args.batch, args.streaming)
            rq_rate = rq_throughput(args.redis, args.trivial)
        finally:
            workers.stop()
            runs.stop = True
        from sqlalchemy import func, select

        from automations.models import AutomationRun
        from workspace.extensions import db

        by_status = dict(db.session.execute(select(AutomationRun.status, func.count()).group_by(AutomationRun.status))
                         .all())
    print(f"\nPostgreSQL + Redis, `boardhouse worker` (SimpleWorker); {os.cpu_count()} CPUs, "
          f"load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")
    print(f"runs: {by_status}")
    print("\n                                        engine            rq trivial job")
    print(f"latency, one worker  p50 (ms)      {pct(took, 50):10.1f}        {pct(rq_took, 50):10.1f}")
    print(f"                     p95 (ms)      {pct(took, 95):10.1f}        {pct(rq_took, 95):10.1f}")
    print(f"throughput, two workers (/s)       {figures['runs_per_s']:10.0f}        {rq_rate:10.0f}")
    print(f"\nengine latency: commit of the update → commit of the run, {len(took)} samples; rq: enqueued → ended")
    how = ("committed while the workers ran: first commit → last run" if args.streaming else
           "committed while the workers were paused: let go → last run")
    print(f"engine throughput: {len(throughput_ids):,} events, {args.batch} update(s) per commit, {how}, "
          f"{figures['seconds']:.1f} s (this process committed {figures['commits_per_s']:.0f} commits/s)")


if __name__ == "__main__":
    main()
