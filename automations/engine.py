"""The engine: committed events in, runs out — at most once per (automation, event), chains cut
at MAX_DEPTH, automations that keep failing paused.

Events are Activity rows. After a commit their ids go to `process_events`, in batches drained by
rq workers when REDIS_URL is set (automations/handoff.py) or in this process otherwise; the
sweeper sends again whatever was committed but never processed (Redis down, a worker killed), so
nothing is lost. A batch claims its runs in one INSERT and records their outcomes in one UPDATE.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from automations import handoff
from automations.context import Event, RunContext
from automations.models import Automation, AutomationRun, Notification
from automations.registry import actions, triggers
from boards.filtertree import BadQuery
from boards.models import Activity, Board, Item
from workspace import events, jobs
from workspace.cause import caused_by
from workspace.clock import today
from workspace.extensions import db
from workspace.models import User
from workspace.timeutil import utcnow

log = logging.getLogger(__name__)
MAX_DEPTH = 5
MAX_FAILURES = 10
SWEEP_AFTER = timedelta(seconds=30)
SWEEP_BATCH = 1000


# -- the hand-off after commit ---------------------------------------------------------------
def on_commit(activity_ids: list[int]) -> None:
    """Subscribed to workspace/events.py. On Redis the ids join the coalesced hand-off (a few jobs
    for a burst of commits: automations/handoff.py). A failed hand-off is left to the sweeper."""
    try:
        if current_app.config.get("REDIS_URL"):
            handoff.push(activity_ids)
        else:
            jobs.enqueue(process_events, activity_ids)
    except Exception:  # noqa: BLE001 — the events are committed; the sweeper will send them again
        log.warning("could not hand %d events to the automation engine; the sweeper will", len(activity_ids),
                    exc_info=True)


def process_events(activity_ids: list[int]) -> None:
    """Runs the automations the events trigger, then marks the events processed."""
    rows = list(db.session.scalars(select(Activity).where(Activity.id.in_(activity_ids),
                                                           Activity.processed_at.is_(None))
                                   .order_by(Activity.id)))
    by_board: dict[int, list[Automation]] = {}
    matched: list[tuple[Automation, Event]] = []
    for row in rows:
        if row.item_id is not None:
            if row.board_id not in by_board:
                by_board[row.board_id] = _listening(row.board_id)
            event = event_of(row)
            # An automation reacts to changes made after it exists, even when an older event is
            # processed late (a backlog after a Redis outage, a template's own sample data).
            matched += [(automation, event) for automation in by_board[row.board_id]
                        if row.at >= automation.created_at and trigger_of(automation).matches(event)]
    held = _read_for_runs(matched)
    _run_batch(matched)
    del held  # referenced until here, so the runs find them in the session
    if rows:
        db.session.execute(update(Activity).where(Activity.id.in_([r.id for r in rows]),
                                                  Activity.processed_at.is_(None))
                           .values(processed_at=utcnow()).execution_options(synchronize_session=False))
    db.session.commit()


def _read_for_runs(matched: list[tuple[Automation, Event]]) -> list[Any]:
    """The runs' boards, owners and items in three queries, for the session to keep while the job
    lasts: its identity map holds objects only while they are referenced, so each run would
    otherwise read them again."""
    if not matched:
        return []
    board_ids = {automation.board_id for automation, _ in matched}
    owner_ids = {automation.owner_id for automation, _ in matched if automation.owner_id}
    item_ids = {event.item_id for _, event in matched if event.item_id}
    return [*db.session.scalars(select(Board).where(Board.id.in_(board_ids))),
            *db.session.scalars(select(User).where(User.id.in_(owner_ids))),
            *db.session.scalars(select(Item).where(Item.id.in_(item_ids)))]


def _listening(board_id: int) -> list[Automation]:
    return list(db.session.scalars(select(Automation).where(
        Automation.board_id == board_id, Automation.enabled.is_(True), Automation.deleted_at.is_(None))
        .order_by(Automation.id)))


def event_of(row: Activity) -> Event:
    return Event(key=f"activity:{row.id}", kind=row.kind, board_id=row.board_id, item_id=row.item_id,
                 user_id=row.user_id, column_key=row.column_key, old=row.old, new=row.new, depth=row.depth or 0,
                 activity_id=row.id)


def trigger_of(automation: Automation):
    return triggers.get(automation.trigger["type"])(automation.trigger.get("config"))


# -- runs --------------------------------------------------------------------------------------
@dataclass
class Outcome:
    """What a run came to; written to its row with the rest of its batch in one UPDATE."""

    run_id: int
    status: str
    started_at: datetime
    error: str | None = None
    changes: list[dict[str, Any]] = field(default_factory=list)
    finished_at: datetime = field(default_factory=utcnow)


def run(automation: Automation, event: Event) -> AutomationRun | None:
    """Runs once per (automation, event): a second delivery finds the run and does nothing."""
    run_id = _claim([(automation, event)]).get((automation.id, event.key))
    if run_id is None:
        return None  # delivered before: at most once
    _write([execute(automation, event, run_id)])
    return db.session.get(AutomationRun, run_id)


def _run_batch(matched: list[tuple[Automation, Event]]) -> None:
    """The batch's runs: claimed in one INSERT, their outcomes written in one UPDATE."""
    claimed = _claim(matched)
    outcomes, unclaimed = [], []
    for automation, event in matched:
        run_id = claimed.get((automation.id, event.key))
        if run_id is None:
            continue  # delivered before: at most once
        if automation.enabled:
            outcomes.append(execute(automation, event, run_id))
        else:
            unclaimed.append(run_id)  # paused by an earlier run of this batch: as if it had not matched
    if unclaimed:
        db.session.execute(delete(AutomationRun.__table__).where(AutomationRun.__table__.c.id.in_(unclaimed)))
    _write(outcomes)


def execute(automation: Automation, event: Event, run_id: int) -> Outcome:
    """One claimed run: the checks, the conditions, then the actions in a savepoint (a failing
    action undoes the run's changes and fails the run, not the batch)."""
    started = utcnow()
    depth = event.depth + 1
    if depth > MAX_DEPTH:
        return Outcome(run_id, "skipped", started, f"stopped: a chain of automations reached depth {MAX_DEPTH}")
    board = db.session.get(Board, automation.board_id)
    item = db.session.get(Item, event.item_id) if event.item_id else None
    if item is not None and item.deleted_at is not None:
        return Outcome(run_id, "skipped", started, "the item is in the trash")
    try:
        met = conditions_hold(automation, board, item)
    except BadQuery as error:  # they name a column since trashed: this run fails, not the whole batch
        _count_failure(automation)
        return Outcome(run_id, "failed", started, _reason(error))
    if not met:
        return Outcome(run_id, "skipped", started, "conditions not met")
    actor = db.session.get(User, automation.owner_id) if automation.owner_id else None
    ctx = RunContext(automation.id, board, item, actor, event, today(), run_id=run_id)
    inner = db.session.begin_nested()
    changes: list[dict[str, Any]] = []
    try:
        with caused_by(automation.id, depth):
            for spec in automation.actions:
                action = actions.get(spec["type"])(spec.get("config"))
                if action.needs_item and ctx.refresh_item() is None:
                    raise RuntimeError("this action needs an item")
                changes.append({"action": spec["type"], **(action.run(ctx) or {})})
        inner.commit()
    except Exception as error:  # noqa: BLE001 — any failure is the run's error, shown in the log
        inner.rollback()
        _count_failure(automation)
        return Outcome(run_id, "failed", started, _reason(error))
    automation.failures_in_a_row = 0
    for work in ctx.follow_ups:
        events.after_commit(work)  # the outer commit: only then is the run row visible to a worker
    return Outcome(run_id, "succeeded", started, changes=changes)


def _claim(pairs: list[tuple[Automation, Event]]) -> dict[tuple[int, str], int]:
    """Inserts the runs' rows in one statement; returns the new ones' ids by (automation id, event
    key). A pair that has a row already is left out (ON CONFLICT DO NOTHING): at most once."""
    if not pairs:
        return {}
    now = utcnow()
    rows = [{"workspace_id": automation.workspace_id, "automation_id": automation.id, "event_key": event.key,
             "activity_id": event.activity_id, "item_id": event.item_id, "status": "running", "attempts": 1,
             "depth": event.depth + 1, "changes": [], "created_at": now, "started_at": now}
            for automation, event in pairs]
    # One order for everyone: two workers claiming the same runs wait for each other, never deadlock.
    rows.sort(key=lambda row: (row["automation_id"], row["event_key"]))
    table = AutomationRun.__table__
    insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    claimed = db.session.execute(insert(table).values(rows)
                                 .on_conflict_do_nothing(index_elements=["automation_id", "event_key"])
                                 .returning(table.c.id, table.c.automation_id, table.c.event_key))
    return {(automation_id, key): run_id for run_id, automation_id, key in claimed}


def _write(outcomes: list[Outcome]) -> None:
    if not outcomes:
        return
    table = AutomationRun.__table__
    db.session.execute(
        update(table).where(table.c.id == bindparam("run_id")).values(
            status=bindparam("status_"), error=bindparam("error_"), started_at=bindparam("started_at_"),
            finished_at=bindparam("finished_at_"), changes=bindparam("changes_", type_=table.c.changes.type)),
        [{"run_id": o.run_id, "status_": o.status, "error_": o.error, "started_at_": o.started_at,
          "finished_at_": o.finished_at, "changes_": o.changes} for o in outcomes])


def _reason(error: Exception) -> str:
    reason = getattr(error, "reason", None) or getattr(error, "message", None) or str(error) or type(error).__name__
    details = getattr(error, "details", None)
    return f"{reason} {details}" if details else str(reason)


def _count_failure(automation: Automation) -> None:
    automation.failures_in_a_row = (automation.failures_in_a_row or 0) + 1
    if automation.failures_in_a_row >= MAX_FAILURES and automation.enabled:
        automation.enabled = False
        automation.paused_reason = f"paused after {MAX_FAILURES} failed runs in a row"
        if automation.owner_id:
            db.session.add(Notification(workspace_id=automation.workspace_id, user_id=automation.owner_id,
                                        board_id=automation.board_id, automation_id=automation.id,
                                        message=f"Automation “{automation.name}” was paused after "
                                                f"{MAX_FAILURES} failed runs in a row."))


def conditions_hold(automation: Automation, board: Board, item: Item | None) -> bool:
    """The conditions (a views filter tree), evaluated in SQL against the triggering item."""
    if not automation.conditions or item is None:
        return True
    from views.service import ItemQuery, build

    spec = ItemQuery(filter=automation.conditions, parent_id=item.parent_id,
                     extra_clauses=[Item.id == item.id])
    query, _keys = build(board, spec)
    return db.session.execute(query.with_only_columns(Item.id).limit(1)).first() is not None


# -- the sweeper -------------------------------------------------------------------------------
def sweep(older_than: timedelta = SWEEP_AFTER) -> int:
    """Sends again the events committed more than `older_than` ago and never processed."""
    cutoff = utcnow() - older_than
    ids = list(db.session.scalars(select(Activity.id).where(Activity.processed_at.is_(None), Activity.at < cutoff)
                                  .order_by(Activity.id).limit(SWEEP_BATCH)))
    db.session.rollback()
    if current_app.config.get("REDIS_URL"):
        # Through the hand-off: behind a backlog they wait their turn (and are no-ops by then)
        # instead of racing the drains for the same rows.
        if ids:
            handoff.push(ids)
        handoff.heal()  # ids a lost drain left on the list
        return len(ids)
    for start in range(0, len(ids), 100):
        jobs.enqueue(process_events, ids[start:start + 100])
    return len(ids)


def describe(automation: Automation) -> dict[str, Any]:
    return {"trigger": automation.trigger, "actions": automation.actions}
