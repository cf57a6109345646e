"""The hand-off of committed events: boards records Activity rows, automations subscribes.

Activity rows flushed in a transaction are published, by id, only after that transaction
commits — a rolled-back change never triggers anything.
"""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session

Subscriber = Callable[[list[int]], None]
_subscribers: list[Subscriber] = []
_PENDING = "boardhouse_pending_events"


def subscribe(subscriber: Subscriber) -> None:
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)


def unsubscribe(subscriber: Subscriber) -> None:
    if subscriber in _subscribers:
        _subscribers.remove(subscriber)


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _context) -> None:
    pending = session.info.setdefault(_PENDING, [])
    # Primary keys are assigned by now, and the objects are not yet expired.
    pending.extend(obj.id for obj in session.new if getattr(obj, "__event__", False))


@event.listens_for(Session, "after_commit")
def _publish(session: Session) -> None:
    ids = session.info.pop(_PENDING, [])
    if not ids or not _subscribers:
        return
    for subscriber in list(_subscribers):
        subscriber(ids)


@event.listens_for(Session, "after_rollback")
def _discard(session: Session) -> None:
    session.info.pop(_PENDING, None)
