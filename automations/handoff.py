"""The hand-off of committed events to the engine on Redis, coalesced: a commit pushes its activity
ids onto one Redis list and makes sure a drain job is queued; a drain takes up to BATCH ids off the
list and runs `engine.process_events` on them. A burst of commits therefore costs a few jobs, not
one each — rq spends ~3 ms on a job, so a job per edit would cap the engine near rq's own
~330 jobs/s on two workers (bench/automations.py).

At most one drain waits in the queue: its job id names the list's current generation, and rq
refuses a second job with the same id (`unique`). A drain starting moves the generation on in the
same transaction as it takes its ids, so a push after that queues the next drain — which another
worker can take while this one works. Nothing is stranded:
- a push before a drain's take is in what it takes, or in what it leaves — and a drain that leaves
  ids queues the next drain before it starts working;
- a drain job thrown away (a queue emptied) frees its id, so the next push queues it again;
- a drain lost with its ids (a worker killed) leaves its events unprocessed in the database: the
  sweeper sends them again, and calls `heal()` for whatever is left on the list.
"""
from __future__ import annotations

import logging
from contextlib import suppress

from flask import current_app

from workspace import jobs
from workspace.extensions import db

log = logging.getLogger(__name__)

PENDING = "boardhouse:automations:pending"
GENERATION = "boardhouse:automations:generation"
BATCH = 200


def _redis():
    return jobs.redis_connection(current_app.config["REDIS_URL"])


def push(activity_ids: list[int]) -> None:
    """Queues the ids for the engine (called after commit); raises when Redis is unreachable."""
    with _redis().pipeline() as pipe:  # MULTI: the push and the generation it belongs to
        pipe.rpush(PENDING, *activity_ids)
        pipe.get(GENERATION)
        _length, generation = pipe.execute()
    _queue_drain(generation)


def drain() -> None:
    """The job: takes a batch off the list and processes it; queues the next drain first if
    anything is left, so a second worker can take it meanwhile."""
    from automations.engine import process_events  # the engine hands off through this module

    with _redis().pipeline() as pipe:
        pipe.lpop(PENDING, BATCH)
        pipe.llen(PENDING)
        pipe.incr(GENERATION)
        taken, left, generation = pipe.execute()
    if left:
        _queue_drain(generation)
    ids = [int(activity_id) for activity_id in taken or []]
    if not ids:
        return
    try:
        process_events(ids)
    except Exception:  # noqa: BLE001 — one bad event must not hold back the others of its batch
        db.session.rollback()
        log.warning("a batch of %d events failed; processing them one by one", len(ids), exc_info=True)
        for activity_id in ids:
            try:
                process_events([activity_id])
            except Exception:  # noqa: BLE001 — left unprocessed: the sweeper sends it again
                db.session.rollback()
                log.exception("event %s failed in the automation engine", activity_id)


def heal() -> None:
    """Queues a drain if ids wait on the list (the sweeper calls it: a drain may have been lost)."""
    connection = _redis()
    if connection.llen(PENDING):
        _queue_drain(connection.get(GENERATION))


def _queue_drain(generation: bytes | int | None) -> None:
    from rq.exceptions import DuplicateJobError

    # A duplicate: that drain is queued, or running and will queue the next one for what it leaves.
    with suppress(DuplicateJobError):
        jobs.enqueue(drain, job_options={"job_id": f"boardhouse-automations-drain-{int(generation or 0)}",
                                         "unique": True, "result_ttl": 0})
