"""Who is behind the changes being made in this context: a person, or an automation run.

The automation engine sets the cause around the actions it runs; boards/activity.py stamps it
on every Activity row, so an item's history can say "changed by automation X" and chains of
automations triggering automations can be cut at a fixed depth.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Cause:
    automation_id: int | None = None
    depth: int = 0  # 0: a person; n: the n-th automation in a chain
    import_id: int | None = None  # a CSV import (boards/imports/), which undo can revert


PERSON = Cause()
_current: ContextVar[Cause | None] = ContextVar("boardhouse_cause", default=None)


def current_cause() -> Cause:
    return _current.get() or PERSON


@contextmanager
def caused_by(automation_id: int, depth: int) -> Iterator[None]:
    token = _current.set(Cause(automation_id, depth))
    try:
        yield
    finally:
        _current.reset(token)


@contextmanager
def caused_by_import(import_id: int) -> Iterator[None]:
    token = _current.set(Cause(import_id=import_id))
    try:
        yield
    finally:
        _current.reset(token)
