"""Time triggers: `tick()` runs every minute on `boardhouse worker` (rq's cron scheduler) and asks
each enabled automation with a time trigger which events are due now.

The clock is injectable: `tick(now=...)` takes the moment (UTC) and the day comes from
workspace.clock.today(), which tests pin with BOARDHOUSE_TODAY — nothing sleeps. A due event
carries a key (`date:<item>:<day>:<offset>`, `period:<slot>`) that is the run's at-most-once key,
so ticking twice, or on two workers at once, runs each once.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, date, datetime

from sqlalchemy import select

from automations import engine
from automations.context import Event
from automations.models import Automation
from automations.registry import Trigger, triggers
from boards.models import Board
from workspace.clock import today
from workspace.extensions import db
from workspace.timeutil import utcnow

log = logging.getLogger(__name__)
TICK_EVERY_SECONDS = 60


class TimeTrigger(Trigger):
    """A trigger started by the clock rather than by a change; it never matches an Activity event."""

    kinds = ()

    def due(self, automation: Automation, now: datetime, day: date) -> Iterable[Event]:
        """The events due at `now` (naive UTC) on `day` that have not run yet (a due event that
        already ran is only refused again by the run's unique key)."""
        raise NotImplementedError


def tick(now: datetime | None = None) -> int:
    """Runs every time trigger that is due; returns how many runs it made. Each run is committed
    on its own, so a long tick never holds one big transaction and a crash loses nothing done."""
    now = _naive_utc(now) if now is not None else utcnow()
    day = today()
    names = [trigger.name for trigger in triggers if issubclass(trigger, TimeTrigger)]
    ids = list(db.session.scalars(
        select(Automation.id).join(Board, Board.id == Automation.board_id)
        .where(Automation.enabled.is_(True), Automation.deleted_at.is_(None), Board.deleted_at.is_(None),
               Automation.trigger["type"].as_string().in_(names))
        .order_by(Automation.id)))
    made = 0
    for automation_id in ids:
        automation = db.session.get(Automation, automation_id)
        try:
            events = list(engine.trigger_of(automation).due(automation, now, day))
        except Exception:  # noqa: BLE001 — one broken definition must not stop the others
            db.session.rollback()
            log.exception("time trigger of automation %s failed", automation_id)
            continue
        for event in events:
            if engine.run(automation, event) is not None:
                made += 1
            db.session.commit()
            if not automation.enabled:  # paused by its failures: the rest waits for a fresh start
                break
    db.session.commit()
    return made


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
