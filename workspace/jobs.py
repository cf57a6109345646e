"""rq on Redis when REDIS_URL is set; in-process otherwise (the embedded default).

Every job runs in an app context of its own, so it has its own database session: in-process,
a job started from a commit hook must not share the session that is committing, and on a
worker one job's failure must not leave a broken session to the next.
"""
from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app

QUEUE_NAME = "boardhouse"
_worker_app: Flask | None = None


@functools.cache
def redis_connection(url: str):
    """One client (with its connection pool) per URL for the process: a new one per call costs a
    TCP connection for every job enqueued."""
    from redis import Redis

    return Redis.from_url(url)


def queue():
    from rq import Queue

    return Queue(QUEUE_NAME, connection=redis_connection(current_app.config["REDIS_URL"]))


def enqueue(func: Callable[..., Any], *args: Any, job_options: dict | None = None, **kwargs: Any) -> None:
    """Runs func in a worker when Redis is configured, else right away in this process.
    `job_options` go to rq's enqueue (retry=Retry(...), job_id=..., ...)."""
    if not current_app.config.get("REDIS_URL"):
        with current_app.app_context():
            func(*args, **kwargs)
        return
    queue().enqueue(run_in_app, f"{func.__module__}:{func.__qualname__}", args, kwargs, **(job_options or {}))


_background: list[Any] = []  # in-process long jobs still running (threads), for wait_for_background()


def enqueue_long(func: Callable[..., Any], *args: Any, job_options: dict | None = None) -> None:
    """A long job (an import): on a worker when Redis is configured, else in a thread of this
    process with an app context of its own, so the request that started it answers at once."""
    if current_app.config.get("REDIS_URL"):
        queue().enqueue(run_in_app, f"{func.__module__}:{func.__qualname__}", args, {}, **(job_options or {}))
        return
    import threading

    app = current_app._get_current_object()

    def run() -> None:
        with app.app_context():
            func(*args)
    thread = threading.Thread(target=run, name=f"boardhouse-{func.__name__}", daemon=True)
    _background[:] = [t for t in _background if t.is_alive()] + [thread]
    thread.start()


def wait_for_background(timeout: float = 60.0) -> None:
    """Waits for the in-process long jobs to end (tests, and `boardhouse run` on exit)."""
    for thread in list(_background):
        thread.join(timeout)
    _background[:] = [t for t in _background if t.is_alive()]


def run_in_app(func_path: str, args: tuple, kwargs: dict) -> Any:
    """The job rq runs: the function, in a fresh app context of the worker's app."""
    module, _, name = func_path.partition(":")
    func = getattr(importlib.import_module(module), name)
    app = _worker_app or _app_for_job()
    with app.app_context():
        return func(*args, **kwargs)


def _app_for_job() -> Flask:
    global _worker_app
    from workspace.app import create_app

    _worker_app = create_app()
    return _worker_app


# -- periodic work (the sweeper, time triggers), run by `boardhouse worker` ----------------------
_periodic: list[tuple[Callable[[], Any], int]] = []


def every(seconds: int) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Registers a function for the worker to enqueue every `seconds` (rq's cron scheduler)."""
    def register(func: Callable[[], Any]) -> Callable[[], Any]:
        if all(existing is not func for existing, _ in _periodic):
            _periodic.append((func, seconds))
        return func
    return register


def periodic_jobs() -> list[tuple[Callable[[], Any], int]]:
    return list(_periodic)


def run_worker(app: Flask, *, burst: bool = False) -> None:
    from rq import Queue, SimpleWorker

    global _worker_app
    url = app.config.get("REDIS_URL")
    if not url:
        raise SystemExit("boardhouse worker needs REDIS_URL (without it, jobs run in the web process)")
    _worker_app = app
    connection = redis_connection(url)
    stop = None if burst else _start_cron(app, connection)
    try:
        # SimpleWorker: no fork per job (a fork costs ~15 ms; jobs share the app and its pool).
        SimpleWorker([Queue(QUEUE_NAME, connection=connection)], connection=connection).work(
            burst=burst, with_scheduler=True)
    finally:
        if stop is not None:
            stop.set()


def _start_cron(app: Flask, connection):
    """rq's cron scheduler, stepped in a thread of the worker: it enqueues the periodic jobs."""
    import threading

    scheduler = cron_scheduler(connection)
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            scheduler.enqueue_jobs()
            stop.wait(max(1.0, min(scheduler.calculate_sleep_interval(), 30.0)))
    threading.Thread(target=loop, name="boardhouse-cron", daemon=True).start()
    return stop


def cron_scheduler(connection):
    """rq's cron scheduler with every periodic job registered (each runs through run_in_app)."""
    from rq.cron import CronScheduler

    scheduler = CronScheduler(connection=connection)
    for func, seconds in _periodic:
        scheduler.register(run_in_app, QUEUE_NAME, args=(f"{func.__module__}:{func.__qualname__}", (), {}),
                           interval=seconds, name=f"{func.__module__}.{func.__qualname__}")
    return scheduler


def start_in_process_periodic(app: Flask):
    """Without Redis (the embedded default) `boardhouse run` does the periodic work itself, in a
    thread: the sweeper and the time triggers still run. Returns the event that stops it."""
    import logging
    import threading
    import time

    stop = threading.Event()
    last_run: dict[Callable[[], Any], float] = {}

    def loop() -> None:
        while not stop.wait(1.0):
            now = time.monotonic()
            for func, seconds in _periodic:
                if now - last_run.get(func, 0.0) < seconds:
                    continue
                last_run[func] = now
                try:
                    with app.app_context():
                        func()
                except Exception:  # noqa: BLE001 — keep ticking; the next round tries again
                    logging.getLogger(__name__).exception("periodic job %s failed", func.__qualname__)
    threading.Thread(target=loop, name="boardhouse-periodic", daemon=True).start()
    return stop
