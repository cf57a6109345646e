"""Every day, week or month at a time of day, in the automation owner's time zone (UTC when the
owner has none or is gone). The run has no item: it is for actions that need none (a summary).

Once per slot: the run's key is `period:<every>:<local date>T<HH:MM>` of the latest occurrence,
so a tick every minute runs it once. An occurrence missed by up to CATCH_UP (the worker was
down) still runs; one older than that, or from before the automation existed, never does.
"""
from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from automations.context import Event
from automations.models import Automation
from automations.pickers import Picker
from automations.registry import InvalidConfig, triggers
from automations.schedule import TimeTrigger
from workspace.extensions import db
from workspace.models import User

CATCH_UP = timedelta(hours=12)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_AT = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


def weekday_number(value: Any) -> int:
    """0 (Monday) to 6, or a day's name ("monday", "Mon"); raises InvalidConfig otherwise."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
        return value
    if isinstance(value, str):
        name = value.strip().lower()
        for number, day in enumerate(WEEKDAYS):
            if name == day or (len(name) >= 3 and day.startswith(name)):
                return number
    raise InvalidConfig(_("weekday must be 0 (Monday) to 6 (Sunday) or a day's name, not %(value)r", value=value))


@triggers.register
class EveryPeriod(TimeTrigger):
    name = "every_period"
    title = _l("Every day, week or month")
    phrase = _l("Every {every}{weekday}{day_of_month} at {at}")
    pickers = (Picker("every", "choice", choices=(("day", _l("day")), ("week", _l("week")), ("month", _l("month")))),
               Picker("weekday", "choice", label=_l("Weekday"), only_if=("every", ("week",)),
                      choices=tuple(enumerate((_l("on Monday"), _l("on Tuesday"), _l("on Wednesday"),
                                               _l("on Thursday"), _l("on Friday"), _l("on Saturday"),
                                               _l("on Sunday"))))),
               Picker("day_of_month", "choice", label=_l("Day of the month"), only_if=("every", ("month",)),
                      choices=tuple((day, _l("on day %(day)s", day=day)) for day in range(1, 32))),
               Picker("at", "time"))
    config_schema = {"type": "object", "properties": {
        "every": {"enum": ["day", "week", "month"]},
        "at": {"type": "string"},
        "weekday": {"type": ["integer", "string"]},
        "day_of_month": {"type": "integer", "minimum": 1, "maximum": 31}},
        "required": ["every", "at"], "additionalProperties": False}
    gives_item = False

    def clean(self) -> None:
        super().clean()
        if _AT.fullmatch(self.config["at"]) is None:
            raise InvalidConfig(_("at must be a time of day HH:MM (00:00 to 23:59), not %(value)r",
                                  value=self.config["at"]))
        every = self.config["every"]
        if "weekday" in self.config:
            if every != "week":
                raise InvalidConfig(_("weekday is only for every: week"))
            weekday_number(self.config["weekday"])
        if "day_of_month" in self.config and every != "month":
            raise InvalidConfig(_("day_of_month is only for every: month"))

    def latest(self, local: datetime) -> datetime:
        """The latest occurrence at or before `local` (naive, in the owner's zone). A week is on
        Monday unless `weekday` says otherwise; a month on day 1 unless `day_of_month` does (the
        last day of a shorter month stands in for 29-31)."""
        hour, minute = (int(part) for part in self.config["at"].split(":"))
        at = time(hour, minute)
        every = self.config["every"]
        if every == "day":
            occurrence = datetime.combine(local.date(), at)
            return occurrence if occurrence <= local else occurrence - timedelta(days=1)
        if every == "week":
            weekday = weekday_number(self.config.get("weekday", 0))
            occurrence = datetime.combine(local.date() - timedelta(days=(local.weekday() - weekday) % 7), at)
            return occurrence if occurrence <= local else occurrence - timedelta(days=7)
        occurrence = self._in_month(local.year, local.month, at)
        if occurrence <= local:
            return occurrence
        year, month = (local.year, local.month - 1) if local.month > 1 else (local.year - 1, 12)
        return self._in_month(year, month, at)

    def _in_month(self, year: int, month: int, at: time) -> datetime:
        day = min(self.config.get("day_of_month", 1), calendar.monthrange(year, month)[1])
        return datetime.combine(date(year, month, day), at)

    def due(self, automation: Automation, now: datetime, day: date) -> list[Event]:
        zone = owner_zone(automation)
        occurrence = self.latest(now.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None))
        occurred_at = occurrence.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)
        if occurred_at < automation.created_at or now - occurred_at > CATCH_UP:
            return []
        slot = f"{self.config['every']}:{occurrence:%Y-%m-%dT%H:%M}"
        return [Event(key=f"period:{slot}", kind=self.name, board_id=automation.board_id, item_id=None)]


def owner_zone(automation: Automation) -> ZoneInfo:
    owner = db.session.get(User, automation.owner_id) if automation.owner_id else None
    try:
        return ZoneInfo(owner.timezone) if owner and owner.timezone else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
