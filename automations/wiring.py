"""Connects the engine to the rest of the app (called once by create_app): committed events go
to the engine; the worker runs the sweeper and the time triggers' tick periodically."""
from __future__ import annotations

from automations import actions as _actions  # noqa: F401  (registers the actions)
from automations import engine, schedule
from automations import triggers as _triggers  # noqa: F401  (registers the triggers)
from workspace import events, jobs

SWEEP_EVERY_SECONDS = 30


def connect() -> None:
    events.subscribe(engine.on_commit)
    jobs.every(SWEEP_EVERY_SECONDS)(engine.sweep)
    jobs.every(schedule.TICK_EVERY_SECONDS)(schedule.tick)
