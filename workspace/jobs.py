"""rq on Redis when REDIS_URL is set; in-process otherwise (the embedded default)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app

QUEUE_NAME = "boardhouse"


def redis_connection(url: str):
    from redis import Redis

    return Redis.from_url(url)


def enqueue(func: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Runs func in a worker when Redis is configured, else right away in this process."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        func(*args, **kwargs)
        return
    from rq import Queue

    Queue(QUEUE_NAME, connection=redis_connection(url)).enqueue(func, *args, **kwargs)


def run_worker(app: Flask, *, burst: bool = False) -> None:
    from rq import Queue, SimpleWorker

    url = app.config.get("REDIS_URL")
    if not url:
        raise SystemExit("boardhouse worker needs REDIS_URL (without it, jobs run in the web process)")
    connection = redis_connection(url)
    with app.app_context():
        # SimpleWorker: no fork per job (a fork costs ~15 ms; jobs share the app and its pool).
        SimpleWorker([Queue(QUEUE_NAME, connection=connection)], connection=connection).work(
            burst=burst, with_scheduler=True)
