"""Time triggers end to end: date_arrived fires once per item per date value (a changed date fires
again), offsets, trashed items skipped; every_period once per slot, in the owner's time zone;
rq's cron scheduler enqueues the tick. The clock is injected — tick(now) and a pinned today —
and each tick goes through jobs.enqueue + settle(), so on Redis it runs on a real rq worker."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.automations.conftest import automation
from tests.automations.test_engine import item, make_item, runs

# Far enough ahead that every day and slot here comes after the automations were created.
D = date.today() + timedelta(days=400)


@pytest.fixture
def dated(flow):
    flow["api"].ok("POST", f"/boards/{flow['board']}/columns", {"title": "Due", "type": "date", "key": "due"})
    flow["api"].ok("POST", f"/boards/{flow['board']}/columns", {
        "title": "Meeting", "type": "date", "key": "meeting", "settings": {"include_time": True}})
    return flow


def on(day: date) -> str:
    return day.isoformat()


def at(day: date, hh_mm: str) -> datetime:
    return datetime.fromisoformat(f"{day.isoformat()}T{hh_mm}")


def keys(flow, rule) -> list[str]:
    return sorted(r["event"] for r in runs(flow, rule["id"]))


def date_rule(flow, offset: int | None = None, column: str = "due") -> dict:
    config = {"column": column} if offset is None else {"column": column, "offset_days": offset}
    return automation(flow, {"type": "date_arrived", "config": config},
                      [{"type": "increase_number", "config": {"column": "points", "by": 1}}])


# -- date_arrived -----------------------------------------------------------------------------------
def test_date_arrived_fires_once_per_item_per_date_value(dated, tick):
    rule = date_rule(dated)
    due, later, undated = make_item(dated, due=on(D)), make_item(dated, due=on(D + timedelta(days=1))), make_item(dated)
    tick(D)
    tick(D)  # again the same day: nothing new
    assert keys(dated, rule) == [f"date:{due['id']}:{on(D)}:0"]
    assert item(dated, due["id"])["values"]["points"] == 1
    tick(D + timedelta(days=1))
    assert len(runs(dated, rule["id"])) == 2 and item(dated, later["id"])["values"]["points"] == 1
    # A changed date fires again when it arrives — and only then.
    dated["api"].ok("PATCH", f"/items/{due['id']}", {"values": {"due": on(D + timedelta(days=5))}})
    tick(D + timedelta(days=4))
    assert item(dated, due["id"])["values"]["points"] == 1
    tick(D + timedelta(days=5))
    tick(D + timedelta(days=5))
    assert item(dated, due["id"])["values"]["points"] == 2
    assert "points" not in item(dated, undated["id"])["values"]
    assert {r["status"] for r in runs(dated, rule["id"])} == {"succeeded"}


def test_a_negative_offset_fires_days_before_the_date(dated, tick):
    rule = date_rule(dated, offset=-3)
    soon, today, far = (make_item(dated, due=on(D + timedelta(days=n))) for n in (3, 0, 4))
    tick(D)
    assert keys(dated, rule) == [f"date:{soon['id']}:{on(D + timedelta(days=3))}:-3"]
    assert "points" not in item(dated, today["id"])["values"] and "points" not in item(dated, far["id"])["values"]


def test_a_positive_offset_fires_days_after_the_date(dated, tick):
    rule = date_rule(dated, offset=2)
    overdue = make_item(dated, due=on(D - timedelta(days=2)))
    make_item(dated, due=on(D))
    tick(D)
    assert keys(dated, rule) == [f"date:{overdue['id']}:{on(D - timedelta(days=2))}:2"]


def test_a_date_with_a_time_arrives_on_its_day(dated, tick):
    rule = date_rule(dated, column="meeting")
    meeting = make_item(dated, meeting=f"{on(D)}T16:30")
    tick(D)
    assert keys(dated, rule) == [f"date:{meeting['id']}:{on(D)}:0"]


def test_trashed_items_are_skipped(dated, tick):
    rule = date_rule(dated)
    gone = make_item(dated, due=on(D))
    dated["api"].ok("DELETE", f"/items/{gone['id']}")
    tick(D)
    assert runs(dated, rule["id"]) == []


def test_a_missed_day_is_caught_up_once_but_not_older_dates_nor_dates_before_the_automation(dated, tick, app):
    from automations.models import Automation
    from workspace.extensions import db

    rule = date_rule(dated)
    with app.app_context():  # as if it had been created on D - 1
        db.session.get(Automation, rule["id"]).created_at = at(D - timedelta(days=1), "12:00")
        db.session.commit()
    yesterday = make_item(dated, due=on(D - timedelta(days=1)))
    make_item(dated, due=on(D - timedelta(days=2)))  # before the automation existed
    tick(D)
    assert keys(dated, rule) == [f"date:{yesterday['id']}:{on(D - timedelta(days=1))}:0"]
    tick(D + timedelta(days=3))  # too old by now for anything else
    assert len(runs(dated, rule["id"])) == 1


def test_a_trashed_date_column_fires_nothing_and_other_automations_still_run(dated, tick):
    broken = date_rule(dated)
    other = automation(dated, {"type": "date_arrived", "config": {"column": "meeting"}},
                       [{"type": "set_value", "config": {"column": "note", "value": "meeting {today}"}}])
    task = make_item(dated, due=on(D), meeting=on(D) + "T09:00")
    column = next(c for c in dated["api"].ok("GET", f"/boards/{dated['board']}")["columns"] if c["key"] == "due")
    dated["api"].ok("DELETE", f"/columns/{column['id']}")
    tick(D)
    assert runs(dated, broken["id"]) == []
    assert item(dated, task["id"])["values"]["note"] == f"meeting {on(D)}"
    assert len(runs(dated, other["id"])) == 1


# -- every_period -----------------------------------------------------------------------------------
def standup_rule(flow, **config) -> dict:
    return automation(flow, {"type": "every_period", "config": config},
                      [{"type": "create_item", "config": {"board_id": flow["board"], "name": "Standup {today}"}},
                       {"type": "notify", "config": {"user_ids": [flow["api"].user_id], "message": "Standup!"}}])


def standups(flow) -> list[str]:
    listed = flow["api"].ok("GET", f"/boards/{flow['board']}/items")["items"]
    return sorted(i["name"] for i in listed if i["name"].startswith("Standup"))


def test_every_day_fires_once_per_day_without_an_item(flow, tick):
    rule = standup_rule(flow, every="day", at="09:00")
    tick(D, at(D, "08:59"))
    assert runs(flow, rule["id"]) == []
    tick(D, at(D, "09:00"))
    tick(D, at(D, "09:45"))
    [run] = runs(flow, rule["id"])
    assert run["status"] == "succeeded" and run["item_id"] is None and run["event"] == f"period:day:{on(D)}T09:00"
    assert standups(flow) == [f"Standup {on(D)}"]
    assert [n["message"] for n in flow["api"].ok("GET", "/notifications")] == ["Standup!"]
    tick(D + timedelta(days=1), at(D + timedelta(days=1), "09:01"))
    assert standups(flow) == [f"Standup {on(D)}", f"Standup {on(D + timedelta(days=1))}"]


def test_every_week_fires_once_on_its_weekday(flow, tick):
    wednesday = D + timedelta(days=(2 - D.weekday()) % 7)
    rule = standup_rule(flow, every="week", weekday="Wednesday", at="10:00")
    tick(wednesday, at(wednesday - timedelta(days=1), "10:00"))  # Tuesday: last Wednesday is long gone
    assert runs(flow, rule["id"]) == []
    tick(wednesday, at(wednesday, "10:00"))
    tick(wednesday, at(wednesday, "18:00"))
    next_week = wednesday + timedelta(days=7)
    tick(next_week, at(next_week, "10:01"))
    assert keys(flow, rule) == [f"period:week:{on(wednesday)}T10:00", f"period:week:{on(next_week)}T10:00"]


def test_every_month_fires_once_and_a_short_month_uses_its_last_day(flow, tick):
    rule = standup_rule(flow, every="month", day_of_month=31, at="07:30")
    year = D.year + 1
    feb_end = date(year, 3, 1) - timedelta(days=1)
    tick(feb_end, at(feb_end, "07:29"))
    assert runs(flow, rule["id"]) == []  # January's 31st is a month ago
    tick(feb_end, at(feb_end, "07:30"))
    tick(feb_end, at(feb_end, "23:00"))
    tick(date(year, 3, 31), at(date(year, 3, 31), "08:00"))
    assert keys(flow, rule) == [f"period:month:{on(feb_end)}T07:30", f"period:month:{year}-03-31T07:30"]


def test_a_period_is_in_its_owners_time_zone(flow, tick, app):
    from workspace.extensions import db
    from workspace.models import User

    with app.app_context():
        db.session.get(User, flow["api"].user_id).timezone = "Asia/Taipei"  # UTC+8
        db.session.commit()
    rule = standup_rule(flow, every="day", at="09:00")
    tick(D, datetime(D.year, D.month, D.day, 0, 59, tzinfo=UTC))
    assert runs(flow, rule["id"]) == []
    tick(D, datetime(D.year, D.month, D.day, 1, 0, 30, tzinfo=UTC))  # 09:00:30 in Taipei
    assert keys(flow, rule) == [f"period:day:{on(D)}T09:00"]


def test_a_slot_missed_for_longer_than_the_catch_up_does_not_run_late(flow, tick):
    rule = standup_rule(flow, every="day", at="06:00")
    tick(D, at(D, "19:00"))
    assert runs(flow, rule["id"]) == []
    tick(D, at(D, "17:00"))  # the worker came back within 12 hours: late, once
    assert len(runs(flow, rule["id"])) == 1


# -- checks on save ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("config", "reason"), [
    ({"column": "note"}, "must be a date column"),
    ({"column": "nope"}, "no column 'nope'"),
    ({"column": "due", "offset_days": 1000}, "offset_days"),
])
def test_a_bad_date_arrived_is_refused(dated, config, reason):
    result = dated["api"].post(f"/boards/{dated['board']}/automations", {
        "name": "X", "trigger": {"type": "date_arrived", "config": config},
        "actions": [{"type": "clear_value", "config": {"column": "note"}}]})
    assert result.status == 422 and reason in result.error["details"]["trigger"], result.json


@pytest.mark.parametrize(("config", "reason"), [
    ({"every": "day", "at": "25:00"}, "HH:MM"),
    ({"every": "day", "at": "9:00"}, "HH:MM"),
    ({"every": "week", "at": "09:00", "weekday": "someday"}, "weekday"),
    ({"every": "week", "at": "09:00", "weekday": 7}, "weekday"),
    ({"every": "day", "at": "09:00", "weekday": 1}, "only for every: week"),
    ({"every": "week", "at": "09:00", "day_of_month": 3}, "only for every: month"),
    ({"every": "hour", "at": "09:00"}, "every"),
])
def test_a_bad_every_period_is_refused(flow, config, reason):
    result = flow["api"].post(f"/boards/{flow['board']}/automations", {
        "name": "X", "trigger": {"type": "every_period", "config": config},
        "actions": [{"type": "notify", "config": {"user_ids": [flow["api"].user_id], "message": "hi"}}]})
    assert result.status == 422 and reason in result.error["details"]["trigger"], result.json


def test_every_period_refuses_actions_that_need_an_item(flow):
    result = flow["api"].post(f"/boards/{flow['board']}/automations", {
        "name": "X", "trigger": {"type": "every_period", "config": {"every": "day", "at": "09:00"}},
        "actions": [{"type": "notify", "config": {"user_ids": [flow["api"].user_id], "message": "hi"}},
                    {"type": "set_value", "config": {"column": "note", "value": "x"}}]})
    assert result.status == 422 and list(result.error["details"]) == ["actions.1"]
    assert "needs an item" in result.error["details"]["actions.1"]


@pytest.mark.parametrize("weekday", [0, 6, "monday", "Sun", "THURSDAY"])
def test_weekdays_by_number_or_name_are_accepted(flow, weekday):
    standup_rule(flow, every="week", weekday=weekday, at="00:00")


# -- the periodic job -------------------------------------------------------------------------------
def test_tick_is_a_periodic_job_that_rq_cron_enqueues_and_a_worker_runs(app, dated, settle, monkeypatch):
    from rq import Queue

    from automations import schedule
    from workspace import jobs

    assert (schedule.tick, schedule.TICK_EVERY_SECONDS) in jobs.periodic_jobs()
    url = app.config.get("REDIS_URL")
    if not url:
        return  # embedded (no Redis): nothing schedules jobs; the registration is what there is to check
    rule = date_rule(dated)
    task = make_item(dated, due=on(date.today()))
    monkeypatch.setitem(app.config, "BOARDHOUSE_TODAY", None)  # the real clock, as on a worker
    enqueued = jobs.cron_scheduler(jobs.redis_connection(url)).enqueue_jobs()
    assert "automations.schedule.tick" in [job.name for job in enqueued]
    queued = Queue(jobs.QUEUE_NAME, connection=jobs.redis_connection(url)).jobs
    assert ("automations.schedule:tick", (), {}) in [job.args for job in queued]
    settle()
    assert keys(dated, rule) == [f"date:{task['id']}:{on(date.today())}:0"]
