"""Factories as fixtures: users with tokens, workspaces with members, and an API client."""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import pytest

_seq = itertools.count(1)


@dataclass
class ApiResult:
    status: int
    json: Any

    @property
    def error(self) -> dict:
        return (self.json or {}).get("error", {})


class ApiClient:
    """Calls /api/v1 as one user, with a real bearer token."""

    def __init__(self, client, token: str, user_id: int):
        self.client = client
        self.token = token
        self.user_id = user_id

    def call(self, method: str, path: str, json: Any = None, **kwargs) -> ApiResult:
        response = self.client.open("/api/v1" + path, method=method, json=json,
                                    headers={"Authorization": f"Bearer {self.token}"}, **kwargs)
        return ApiResult(response.status_code, response.get_json(silent=True))

    def get(self, path: str, **kwargs) -> ApiResult:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, json: Any = None) -> ApiResult:
        return self.call("POST", path, json)

    def patch(self, path: str, json: Any = None) -> ApiResult:
        return self.call("PATCH", path, json)

    def delete(self, path: str) -> ApiResult:
        return self.call("DELETE", path)

    def ok(self, method: str, path: str, json: Any = None, status: int | None = None) -> Any:
        """Calls and asserts success; returns the JSON body."""
        result = self.call(method, path, json)
        expected = status or {"POST": 201, "DELETE": 204}.get(method, 200)
        assert result.status == expected, (method, path, result.status, result.json)
        return result.json


@pytest.fixture
def make_user(app):
    from workspace import service
    from workspace.extensions import db

    def make(email: str | None = None, name: str | None = None, password: str = "Secret-pass-1"):
        with app.app_context():
            user = service.create_user(email or f"user{next(_seq)}@example.com", password, name)
            token = service.issue_token(user)
            db.session.commit()
            return user.id, user.email, token
    return make


@pytest.fixture
def make_api(app, client, make_user):
    """make_api() → an ApiClient for a new user; make_api(email=...) for a named one."""
    def make(**kwargs) -> ApiClient:
        user_id, _email, token = make_user(**kwargs)
        return ApiClient(app.test_client(), token, user_id)
    return make


@pytest.fixture
def admin_api(make_api) -> ApiClient:
    return make_api(name="Ada Admin")


@pytest.fixture
def workspace(admin_api) -> dict:
    return admin_api.ok("POST", "/workspaces", {"name": "Sales"})


@pytest.fixture
def member_of(workspace, admin_api, make_api, app):
    """member_of(role) → an ApiClient for a new user with that role in `workspace`."""
    from workspace.extensions import db
    from workspace.models import User

    def make(role: str) -> ApiClient:
        other = make_api()
        with app.app_context():
            email = db.session.get(User, other.user_id).email
        admin_api.ok("POST", f"/workspaces/{workspace['id']}/members", {"email": email, "role": role})
        return other
    return make


@pytest.fixture
def board(admin_api, workspace) -> dict:
    return admin_api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Deals"})


def web_client(app, user_id: int, password: str = "Secret-pass-1"):
    """A test client logged in to the pages (through the login form) as that user."""
    from workspace.extensions import db
    from workspace.models import User

    client = app.test_client()
    with app.app_context():
        email = db.session.get(User, user_id).email
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.status_code
    return client


@pytest.fixture
def web_login(app):
    """web_login(api_client) → a test client logged in to the pages as that API client's user."""
    return lambda api: web_client(app, api.user_id)


# -- jobs -------------------------------------------------------------------------------------
def run_jobs(app) -> None:
    """Runs every queued job to the end on Redis (a real rq worker in burst mode); without Redis,
    jobs ran in-process when they were enqueued."""
    if app.config.get("REDIS_URL"):
        from workspace import jobs

        jobs.run_worker(app, burst=True)


@pytest.fixture
def settle(app):
    """settle() → runs every queued job to the end (on Redis); in-process runs are already done."""
    from workspace import jobs

    url = app.config.get("REDIS_URL")
    if url:
        from rq import Queue

        Queue(jobs.QUEUE_NAME, connection=jobs.redis_connection(url)).empty()  # earlier tests' jobs

    def run() -> None:
        if url:
            jobs.run_worker(app, burst=True)
    return run


@pytest.fixture
def tick(app, settle, monkeypatch):
    """tick(day, now=None) → the time triggers' tick at `now` (default noon UTC) with today pinned to
    `day`, through the job queue like any job (a real worker on Redis): nothing sleeps."""
    from datetime import date, datetime, time, timedelta

    from automations import schedule
    from workspace import jobs

    def run(day: date, now: datetime | None = None) -> None:
        monkeypatch.setitem(app.config, "BOARDHOUSE_TODAY", day.isoformat())
        with app.app_context():
            jobs.enqueue(schedule.tick, now or datetime.combine(day, time()) + timedelta(hours=12))
        settle()
    return run
