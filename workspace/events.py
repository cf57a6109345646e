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
_AFTER_COMMIT = "boardhouse_after_commit"


def subscribe(subscriber: Subscriber) -> None:
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)


def unsubscribe(subscriber: Subscriber) -> None:
    if subscriber in _subscribers:
        _subscribers.remove(subscriber)


def after_commit(work: Callable[[], None]) -> None:
    """Runs `work` once the current session's outer transaction commits; a rollback drops it.
    The committing session cannot be used by it: work that needs the database opens an app
    context of its own (as jobs.enqueue does)."""
    from workspace.extensions import db

    db.session.info.setdefault(_AFTER_COMMIT, []).append(work)


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _context) -> None:
    pending = session.info.setdefault(_PENDING, [])
    # Primary keys are assigned by now, and the objects are not yet expired.
    pending.extend(obj.id for obj in session.new if getattr(obj, "__event__", False))


@event.listens_for(Session, "after_commit")
def _publish(session: Session) -> None:
    if _in_savepoint(session):
        return  # a savepoint was released: the outer transaction may still roll back
    ids = session.info.pop(_PENDING, [])
    if ids:
        for subscriber in list(_subscribers):
            subscriber(ids)
    for work in session.info.pop(_AFTER_COMMIT, []):
        work()


@event.listens_for(Session, "after_rollback")
def _discard(session: Session) -> None:
    # Back to a savepoint, the outer transaction goes on: its events stay pending (ids of rows the
    # savepoint undid are simply not found by the subscriber).
    if not _in_savepoint(session):
        session.info.pop(_PENDING, None)
        session.info.pop(_AFTER_COMMIT, None)


def _in_savepoint(session: Session) -> bool:
    """Whether the commit or rollback being reported is a savepoint's (SQLAlchemy reports both)."""
    transaction = session._transaction  # the innermost; no public accessor gives it during the event
    return transaction is not None and transaction.nested
