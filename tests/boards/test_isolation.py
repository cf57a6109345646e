"""Roles and workspace isolation, through every endpoint of the API.

Each endpoint that takes an id is one `Case`. The same cases are called
- by a stranger with another workspace's ids: 404 in the error shape, nothing changed;
- by that workspace's owner: success (so the stranger's 404 is isolation, not a bad request);
- by a viewer, a member and an admin of the workspace: 403 below the role the case needs.
A route added to the API without a case here fails `test_every_api_route_with_an_id_has_a_case`."""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from tests.factories import ApiResult
from workspace.models import Role

# Columns a request may change without changing anything a caller asked for.
VOLATILE_COLUMNS = {("api_tokens", "last_used_at")}
ERROR_KEYS = {"code", "message", "details"}
STATUS_LABELS = [{"label": "New", "color": "#c4c4c4"}, {"label": "Won", "color": "#00c875"}]


# -- the cases -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    method: str
    path: str  # placeholders {name} are ids of the world (see build_world)
    body: Any = None  # strings "{name}" anywhere in it become the world's values
    needs: Role = Role.viewer  # the lowest role that may do it
    status: int = 200  # the answer when it is allowed
    label: str = ""  # tells apart two cases of one route
    upload: bool = False  # sent as a multipart CSV upload instead of a JSON body

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}" + (f" ({self.label})" if self.label else "")


CASES = [
    # workspaces and members
    Case("GET", "/workspaces/{workspace}"),
    Case("PATCH", "/workspaces/{workspace}", {"name": "Renamed"}, Role.admin),
    Case("DELETE", "/workspaces/{workspace}", None, Role.admin, 204),
    Case("GET", "/workspaces/{workspace}/members"),
    Case("POST", "/workspaces/{workspace}/members", {"email": "{outsider_email}", "role": "viewer"}, Role.admin, 201),
    Case("PATCH", "/workspaces/{workspace}/members/{spare_user}", {"role": "member"}, Role.admin),
    Case("DELETE", "/workspaces/{workspace}/members/{spare_user}", None, Role.admin, 204),
    # boards
    Case("GET", "/workspaces/{workspace}/boards"),
    Case("POST", "/workspaces/{workspace}/boards", {"name": "Another board"}, Role.admin, 201),
    Case("GET", "/boards/{board}"),
    Case("PATCH", "/boards/{board}", {"name": "Renamed"}, Role.admin),
    Case("DELETE", "/boards/{board}", None, Role.admin, 204),
    # groups
    Case("POST", "/boards/{board}/groups", {"name": "Later"}, Role.admin, 201),
    Case("PATCH", "/groups/{group}", {"name": "Renamed", "color": "#e2445c"}, Role.admin),
    Case("DELETE", "/groups/{group}", None, Role.admin, 204),
    # columns
    Case("POST", "/boards/{board}/columns", {"title": "Notes 2", "type": "text"}, Role.admin, 201),
    Case("PATCH", "/columns/{column}", {"title": "Renamed"}, Role.admin),
    Case("DELETE", "/columns/{column}", None, Role.admin, 204),
    Case("POST", "/columns/{column}/type-change-preview", {"type": "number"}, Role.admin),
    # items
    Case("GET", "/boards/{board}/items"),
    Case("POST", "/boards/{board}/items", {"name": "New deal", "group_id": "{group}", "values": {"stage": "Won"}},
         Role.member, 201),
    Case("POST", "/boards/{board}/items/batch", {"items": [{"name": "One"}, {"name": "Two"}]}, Role.member, 201),
    Case("PATCH", "/boards/{board}/items/batch", {"items": [{"id": "{item}", "name": "Renamed"}]}, Role.member),
    Case("GET", "/items/{item}"),
    Case("PATCH", "/items/{item}", {"name": "Renamed", "values": {"notes": "changed"}}, Role.member),
    Case("DELETE", "/items/{item}", None, Role.member, 204),
    Case("POST", "/items/{item}/move", {"group_id": "{other_group}"}, Role.member),
    Case("GET", "/items/{item}/subitems"),
    Case("GET", "/items/{item}/activity"),
    Case("POST", "/items/{item}/buttons/approve", None, Role.member),
    # saved views: viewers may keep personal views; shared ones and card moves need a member
    Case("GET", "/boards/{board}/views"),
    Case("POST", "/boards/{board}/views", {"name": "Mine", "type": "table", "shared": False}, Role.viewer, 201,
         "personal"),
    Case("POST", "/boards/{board}/views", {"name": "Team", "type": "table", "shared": True}, Role.member, 201,
         "shared"),
    Case("GET", "/views/{view}"),
    Case("PATCH", "/views/{view}", {"name": "Renamed", "sort": [{"column": "name", "direction": "desc"}]},
         Role.member),
    Case("DELETE", "/views/{view}", None, Role.member, 204),
    Case("GET", "/views/{view}/items"),
    Case("POST", "/views/{view}/cards/{item}/move", {"lane": "Won"}, Role.member),
    # automations and their runs (members build them; viewers read them)
    Case("GET", "/boards/{board}/automations"),
    Case("POST", "/boards/{board}/automations", {"name": "Won", "trigger": {"type": "item_created"},
                                                 "actions": [{"type": "set_value",
                                                              "config": {"column": "stage", "value": "Won"}}]},
         Role.member, 201),
    Case("GET", "/automations/{automation}"),
    Case("PATCH", "/automations/{automation}", {"enabled": False}, Role.member),
    Case("DELETE", "/automations/{automation}", None, Role.member, 204),
    Case("GET", "/automations/{automation}/runs"),
    Case("POST", "/automations/{automation}/test", {"item_id": "{item}"}, Role.member),
    Case("GET", "/items/{item}/runs"),
    # the trash: one case per kind
    Case("POST", "/trash/board/{trashed_board}/restore", None, Role.admin),
    Case("POST", "/trash/group/{trashed_group}/restore", None, Role.admin),
    Case("POST", "/trash/column/{trashed_column}/restore", None, Role.admin),
    Case("POST", "/trash/item/{trashed_item}/restore", None, Role.member),
    # CSV export (anyone who reads the board) and import (members)
    Case("GET", "/boards/{board}/export.csv"),
    Case("POST", "/boards/{board}/imports", None, Role.member, 201, upload=True),
    Case("GET", "/boards/{board}/imports", None, Role.member),
    Case("GET", "/imports/{import}", None, Role.member),
    Case("PATCH", "/imports/{import}", {"delimiter": ","}, Role.member),
    Case("POST", "/imports/{import}/start", {"mapping": {"Name": {"target": "name"}}}, Role.member),
    Case("POST", "/imports/{import}/cancel", None, Role.member),
    Case("POST", "/imports/{finished_import}/undo", None, Role.member),
    Case("GET", "/imports/{finished_import}/errors.csv", None, Role.member),
    Case("GET", "/boards/{board}/import-mappings", None, Role.member),
    Case("POST", "/boards/{board}/import-mappings", {"name": "Next", "headers": ["Name"],
                                                      "mapping": {"Name": {"target": "name"}}}, Role.member, 201),
    Case("DELETE", "/import-mappings/{mapping}", None, Role.member, 204),
]
CASE_IDS = [case.id for case in CASES]
# Per-user objects: only their owner may touch them; anyone else gets 404, whatever their role.
PERSONAL_CASES = [Case("POST", "/notifications/{notification}/read")]
VIEWER_CASES = [case for case in CASES if case.needs is Role.viewer]


def fill(template: Any, ids: dict[str, Any]) -> Any:
    """The template with every "{name}" string replaced by ids[name], keeping the value's type."""
    if isinstance(template, dict):
        return {key: fill(value, ids) for key, value in template.items()}
    if isinstance(template, list):
        return [fill(value, ids) for value in template]
    if isinstance(template, str) and template.startswith("{") and template.endswith("}"):
        return ids[template[1:-1]]
    return template


def prepare(case: Case, ids: dict[str, Any]) -> None:
    """Makes the objects the case names that its world makes on demand (before any snapshot)."""
    case.path.format_map(ids)
    fill(case.body, ids)


def call(api, case: Case, ids: dict[str, Any]):
    if case.upload:
        return api.call(case.method, case.path.format_map(ids), data={"file": (io.BytesIO(b"Name\nAcme\n"), "a.csv")},
                        content_type="multipart/form-data")
    return api.call(case.method, case.path.format_map(ids), fill(case.body, ids))


@pytest.fixture(autouse=True)
def _cheap_password_hashes(monkeypatch):
    """Each test here makes several users; a real scrypt hash per user would be most of the run time."""
    from functools import partial

    from werkzeug.security import generate_password_hash

    monkeypatch.setattr("workspace.models.generate_password_hash",
                        partial(generate_password_hash, method="pbkdf2:sha256:1"))


# -- the worlds ----------------------------------------------------------------------------
@pytest.fixture
def build_world(app, make_api, make_user):
    """build_world(owner, workspace_id=None) → the ids of a workspace with a board, two groups,
    columns (text `notes`, status `stage`), an item with a sub-item, a shared kanban view on `stage`,
    a spare member, and one trashed board, group, column and item."""
    def build(owner, workspace_id: int | None = None) -> dict[str, Any]:
        if workspace_id is None:
            workspace_id = owner.ok("POST", "/workspaces", {"name": "Their workspace"})["id"]
        board = owner.ok("POST", f"/workspaces/{workspace_id}/boards", {"name": "Deals"})
        group_id = board["groups"][0]["id"]
        other_group = owner.ok("POST", f"/boards/{board['id']}/groups", {"name": "Closed"})
        column = owner.ok("POST", f"/boards/{board['id']}/columns", {"title": "Notes", "type": "text", "key": "notes"})
        owner.ok("POST", f"/boards/{board['id']}/columns",
                 {"title": "Stage", "type": "status", "key": "stage", "settings": {"labels": STATUS_LABELS}})
        owner.ok("POST", f"/boards/{board['id']}/columns", {"title": "Approve", "type": "button", "key": "approve"})
        item = owner.ok("POST", f"/boards/{board['id']}/items",
                        {"name": "Acme", "group_id": group_id, "values": {"notes": "first call", "stage": "New"}})
        subitem = owner.ok("POST", f"/boards/{board['id']}/items", {"name": "Send proposal", "parent_id": item["id"]})
        view = owner.ok("POST", f"/boards/{board['id']}/views",
                        {"name": "Pipeline", "type": "kanban", "settings": {"column": "stage"}})

        trashed_board = owner.ok("POST", f"/workspaces/{workspace_id}/boards", {"name": "Old board"})
        trashed_group = owner.ok("POST", f"/boards/{board['id']}/groups", {"name": "Old group"})
        trashed_column = owner.ok("POST", f"/boards/{board['id']}/columns", {"title": "Old column", "type": "text"})
        trashed_item = owner.ok("POST", f"/boards/{board['id']}/items", {"name": "Old item"})
        owner.ok("DELETE", f"/boards/{trashed_board['id']}")
        owner.ok("DELETE", f"/groups/{trashed_group['id']}")
        owner.ok("DELETE", f"/columns/{trashed_column['id']}")
        owner.ok("DELETE", f"/items/{trashed_item['id']}")

        automation = owner.ok("POST", f"/boards/{board['id']}/automations", {
            "name": "Note the stage", "trigger": {"type": "column_changed", "config": {"column": "stage"}},
            "actions": [{"type": "set_value", "config": {"column": "notes", "value": "now {item.stage}"}}]})
        spare_id, spare_email, _ = make_user()
        owner.ok("POST", f"/workspaces/{workspace_id}/members", {"email": spare_email, "role": "viewer"})
        _, outsider_email, _ = make_user()
        upload = Case("POST", "/boards/{board}/imports", upload=True)
        made_when_named = {  # only the cases that name them pay for them
            "import": lambda: call(owner, upload, {"board": board["id"]}).json["id"],
            "finished_import": lambda: _finished_import(app, owner, board["id"]),
            "mapping": lambda: owner.ok("POST", f"/boards/{board['id']}/import-mappings", {
                "name": "Deals", "headers": ["Name"], "mapping": {"Name": {"target": "name"}}})["id"]}
        return World(made_when_named, {
                "workspace": workspace_id, "owner": owner.user_id, "board": board["id"], "group": group_id,
                "other_group": other_group["id"], "column": column["id"], "item": item["id"],
                "subitem": subitem["id"], "view": view["id"], "spare_user": spare_id, "outsider_email": outsider_email,
                "trashed_board": trashed_board["id"], "trashed_group": trashed_group["id"],
                "trashed_column": trashed_column["id"], "trashed_item": trashed_item["id"],
                "automation": automation["id"], "notification": _notify(app, owner.user_id, workspace_id)})
    return build


class World(dict):
    """A world's ids; the costly ones are made the first time a case names them."""

    def __init__(self, makers: dict[str, Any], ids: dict[str, Any]):
        super().__init__(ids)
        self.makers = makers

    def __missing__(self, key: str) -> Any:
        if key not in self.makers:
            raise KeyError(key)
        self[key] = value = self.makers.pop(key)()
        return value


def _finished_import(app, owner, board_id: int) -> int:
    """An import that ran (in this process), so it can be undone and its errors read."""
    from flask import g

    from boards.imports import runner, service
    from workspace.extensions import db
    from workspace.models import User

    uploaded = call(owner, Case("POST", "/boards/{board}/imports", upload=True), {"board": board_id}).json
    with app.test_request_context():
        g.user = db.session.get(User, owner.user_id)
        service.start(service.get_import(uploaded["id"]), g.user, {"Name": {"target": "name"}}, {}, enqueue=False)
        db.session.commit()
        runner.run(uploaded["id"])
        db.session.remove()
    return uploaded["id"]


def _notify(app, user_id: int, workspace_id: int) -> int:
    from automations.models import Notification
    from workspace.extensions import db

    with app.app_context():
        row = Notification(workspace_id=workspace_id, user_id=user_id, message="Hello")
        db.session.add(row)
        db.session.commit()
        return row.id


@pytest.fixture
def world_a(build_world, admin_api, workspace) -> dict[str, Any]:
    """Workspace A: the `workspace` fixture, owned by admin_api."""
    return build_world(admin_api, workspace["id"])


@pytest.fixture
def owner_b(make_api):
    return make_api(name="Bea Other")


@pytest.fixture
def world_b(build_world, owner_b, world_a) -> dict[str, Any]:
    """Workspace B, owned by another user; built after A so its ids are all different from A's."""
    return build_world(owner_b)


# -- the database, whole -------------------------------------------------------------------
@pytest.fixture
def snapshot(app):
    """snapshot() → every row of every table (volatile columns left out), in primary-key order."""
    from workspace.extensions import db

    def take() -> dict[str, list[tuple]]:
        with app.app_context():
            try:
                state = {}
                for table in db.metadata.sorted_tables:
                    columns = [c for c in table.columns if (table.name, c.name) not in VOLATILE_COLUMNS]
                    rows = db.session.execute(select(*columns).order_by(*table.primary_key.columns)).all()
                    state[table.name] = [tuple(row) for row in rows]
                return state
            finally:
                db.session.remove()
    return take


def assert_unchanged(before: dict, after: dict) -> None:
    changed = [name for name in before if before[name] != after[name]]
    assert not changed, f"tables changed: {changed}"


def assert_error(result, status: int, code: str) -> None:
    assert result.status == status, (result.status, result.json)
    assert set(result.json) == {"error"}, result.json
    assert set(result.error) == ERROR_KEYS, result.json
    assert result.error["code"] == code
    assert isinstance(result.error["message"], str) and result.error["message"]
    assert isinstance(result.error["details"], dict)


# -- (a) isolation -------------------------------------------------------------------------
def test_worlds_share_no_ids(world_a, world_b):
    shared = {key for key, value in world_a.items() if isinstance(value, int) and world_b[key] == value}
    assert not shared


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_another_workspaces_ids_answer_404_and_change_nothing(case, admin_api, world_a, world_b, snapshot):
    prepare(case, world_b)
    before = snapshot()
    result = call(admin_api, case, world_b)
    assert_error(result, 404, "not_found")
    assert_unchanged(before, snapshot())


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_the_owner_of_those_ids_succeeds_with_the_same_request(case, owner_b, world_a, world_b):
    """The control: the stranger's 404 comes from isolation, not from a wrong path or body."""
    result = call(owner_b, case, world_b)
    assert result.status == case.status, (result.status, result.json)


def test_every_api_route_with_an_id_has_a_case(app, world_a):
    adapter = app.url_map.bind("localhost")
    covered = set()
    for case in CASES + PERSONAL_CASES:
        rule, _ = adapter.match("/api/v1" + case.path.format_map(world_a), method=case.method, return_rule=True)
        covered.add((rule.rule, case.method))
    needed = {(rule.rule, method) for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/v1/") and rule.arguments
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert needed - covered == set()


@pytest.mark.parametrize("case", PERSONAL_CASES, ids=[case.id for case in PERSONAL_CASES])
def test_another_users_personal_objects_answer_404_even_within_the_workspace(case, admin_api, member_of, world_a,
                                                                            world_b, snapshot):
    colleague = member_of("admin")
    before = snapshot()
    for stranger, world in ((admin_api, world_b), (colleague, world_a)):
        assert_error(call(stranger, case, world), 404, "not_found")
    assert_unchanged(before, snapshot())
    assert call(admin_api, case, world_a).status == 200


def test_every_trash_kind_has_a_case():
    from boards.api import RESTORERS

    covered = {case.path.split("/")[2] for case in CASES if case.path.startswith("/trash/")}
    assert covered == set(RESTORERS)


def cross(method: str, path: str, body: Any, status: int, *marks) -> Any:
    """A request on A's own objects that names B's ids ({b_...}) in its path or body."""
    return pytest.param(method, path, body, status, marks=marks, id=f"{method} {path} {body}")


CROSS_CASES = [
    cross("POST", "/boards/{board}/items", {"name": "x", "group_id": "{b_group}"}, 422),
    cross("POST", "/boards/{board}/items", {"name": "x", "parent_id": "{b_item}"}, 422),
    cross("POST", "/boards/{board}/items/batch", {"items": [{"name": "ok"}, {"name": "x", "group_id": "{b_group}"}]},
          422),
    cross("PATCH", "/boards/{board}/items/batch", {"items": [{"id": "{item}", "name": "ok"}, {"id": "{b_item}"}]}, 404),
    cross("PATCH", "/items/{item}", {"group_id": "{b_group}"}, 422),
    cross("POST", "/items/{item}/move", {"group_id": "{b_group}"}, 422),
    cross("POST", "/items/{item}/move", {"before_id": "{b_item}"}, 422),
    cross("POST", "/items/{item}/move", {"after_id": "{b_item}"}, 422),
    cross("POST", "/views/{view}/cards/{b_item}/move", {"lane": "Won"}, 404),
    cross("POST", "/views/{view}/cards/{item}/move", {"lane": "Won", "before_id": "{b_item}"}, 422),
    cross("POST", "/views/{view}/cards/{item}/move", {"after_id": "{b_item}"}, 422),
    cross("PATCH", "/workspaces/{workspace}/members/{b_owner}", {"role": "viewer"}, 404),
    cross("DELETE", "/workspaces/{workspace}/members/{b_owner}", None, 404),
    cross("POST", "/imports/{import}/start", {"mapping": {"Name": {"target": "name"}},
                                              "options": {"group_id": "{b_group}"}}, 422),
    cross("GET", "/boards/{board}/export.csv?view_id={b_view}", None, 404),
]


@pytest.mark.parametrize(("method", "path", "body", "status"), CROSS_CASES)
def test_another_workspaces_ids_in_my_own_request_are_refused(method, path, body, status, admin_api, world_a,
                                                              world_b, snapshot):
    ids = World({key: (lambda key=key: world_a[key]) for key in world_a.makers},
                {**world_a, **{f"b_{key}": value for key, value in world_b.items()}})
    path.format_map(ids)
    fill(body, ids)
    before = snapshot()
    result = admin_api.call(method, path.format_map(ids), fill(body, ids))
    assert_error(result, status, {404: "not_found", 422: "invalid"}[status])
    assert_unchanged(before, snapshot())


@pytest.mark.parametrize("query", [{"group_id": "b_group"}, {"parent_id": "b_item"}], ids=["group_id", "parent_id"])
def test_listing_my_board_by_another_workspaces_id_shows_none_of_its_items(query, admin_api, world_a, world_b):
    params = urlencode({name: world_b[key[2:]] for name, key in query.items()})
    page = admin_api.ok("GET", f"/boards/{world_a['board']}/items?{params}")
    assert page["items"] == []


# -- (b) roles -----------------------------------------------------------------------------
@pytest.fixture
def as_role(member_of, admin_api):
    """as_role(role) → an ApiClient with that role in workspace A (admin: the owner)."""
    return lambda role: admin_api if role is Role.admin else member_of(role.value)


ROLE_CASES = [(role, case) for role in Role for case in CASES]
ROLE_IDS = [f"{role.value}: {case.id}" for role, case in ROLE_CASES]


@pytest.mark.parametrize(("role", "case"), [(r, c) for r, c in ROLE_CASES if not r.allows(c.needs)],
                         ids=[i for i, (r, c) in zip(ROLE_IDS, ROLE_CASES, strict=True) if not r.allows(c.needs)])
def test_a_role_below_what_the_endpoint_needs_gets_403_and_changes_nothing(role, case, as_role, world_a, snapshot):
    api = as_role(role)
    prepare(case, world_a)
    before = snapshot()
    result = call(api, case, world_a)
    assert_error(result, 403, "forbidden")
    assert_unchanged(before, snapshot())


@pytest.mark.parametrize(("role", "case"), [(r, c) for r, c in ROLE_CASES if r.allows(c.needs)],
                         ids=[i for i, (r, c) in zip(ROLE_IDS, ROLE_CASES, strict=True) if r.allows(c.needs)])
def test_a_role_that_suffices_succeeds(role, case, as_role, world_a):
    result = call(as_role(role), case, world_a)
    assert result.status == case.status, (result.status, result.json)


def test_the_role_table_matches_the_brief():
    """Viewers only read (and export); members write items (and restore them), build automations and
    import CSV files; board design needs an admin."""
    member_paths = {case.id for case in CASES if case.needs is Role.member}
    assert member_paths == {
        "POST /boards/{board}/items", "POST /boards/{board}/items/batch", "PATCH /boards/{board}/items/batch",
        "PATCH /items/{item}", "DELETE /items/{item}", "POST /items/{item}/move", "POST /items/{item}/buttons/approve",
        "POST /trash/item/{trashed_item}/restore",
        "POST /boards/{board}/views (shared)", "PATCH /views/{view}", "DELETE /views/{view}",
        "POST /views/{view}/cards/{item}/move",
        "POST /boards/{board}/automations", "PATCH /automations/{automation}", "DELETE /automations/{automation}",
        "POST /automations/{automation}/test",
        "POST /boards/{board}/imports", "GET /boards/{board}/imports", "GET /imports/{import}",
        "PATCH /imports/{import}", "POST /imports/{import}/start", "POST /imports/{import}/cancel",
        "POST /imports/{finished_import}/undo", "GET /imports/{finished_import}/errors.csv",
        "GET /boards/{board}/import-mappings", "POST /boards/{board}/import-mappings",
        "DELETE /import-mappings/{mapping}",
    }
    assert {case.id for case in VIEWER_CASES if case.method != "GET"} == {"POST /boards/{board}/views (personal)"}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(("method", "path", "body"), [
    ("GET", "/views/{personal}", None), ("PATCH", "/views/{personal}", {"name": "Mine now"}),
    ("DELETE", "/views/{personal}", None), ("GET", "/views/{personal}/items", None),
], ids=["GET view", "PATCH view", "DELETE view", "GET items"])
def test_a_personal_view_is_hidden_from_everyone_else_in_the_workspace(role, method, path, body, as_role, member_of,
                                                                        world_a, snapshot):
    owner = member_of("viewer")
    ids = {"personal": owner.ok("POST", f"/boards/{world_a['board']}/views",
                                {"name": "Mine", "type": "table", "shared": False})["id"]}
    other = as_role(role)
    assert all(v["id"] != ids["personal"] for v in other.ok("GET", f"/boards/{world_a['board']}/views"))
    before = snapshot()
    assert_error(other.call(method, path.format_map(ids), body), 404, "not_found")
    assert_unchanged(before, snapshot())
    assert owner.call(method, path.format_map(ids), body).status in (200, 204)


# -- (c) authentication --------------------------------------------------------------------
AUTH_CASES = [Case("GET", "/workspaces"), Case("POST", "/workspaces", {"name": "Nope"}), *CASES, *PERSONAL_CASES]
PLACEHOLDER_IDS = {"workspace": 1, "owner": 1, "board": 1, "group": 1, "other_group": 2, "column": 1, "item": 1,
                   "subitem": 2, "view": 1, "spare_user": 2, "outsider_email": "nobody@example.com", "trashed_board": 2,
                   "trashed_group": 3, "trashed_column": 2, "trashed_item": 3, "automation": 1, "notification": 1,
                   "import": 1, "finished_import": 2, "mapping": 1}
BAD_HEADERS = {
    "no header": None,
    "unknown token": "Bearer bh_not-a-real-token",
    "empty bearer": "Bearer ",
    "another scheme": "Basic dXNlcjpwYXNz",
}


@pytest.mark.parametrize("header", list(BAD_HEADERS.values()), ids=list(BAD_HEADERS))
@pytest.mark.parametrize("case", AUTH_CASES, ids=[case.id for case in AUTH_CASES])
def test_a_missing_or_bad_token_answers_401(case, header, client):
    headers = {"Authorization": header} if header is not None else {}
    response = client.open("/api/v1" + case.path.format(**PLACEHOLDER_IDS), method=case.method,
                           json=fill(case.body, PLACEHOLDER_IDS), headers=headers)
    assert_error(ApiResult(response.status_code, response.get_json(silent=True)), 401, "unauthorized")


def test_a_bad_token_changes_nothing(client, world_a, snapshot):
    before = snapshot()
    response = client.post("/api/v1/workspaces", json={"name": "Nope"},
                           headers={"Authorization": "Bearer bh_not-a-real-token"})
    assert response.status_code == 401
    assert_unchanged(before, snapshot())
