"""/api/v1/workspaces and their members: create, list, rename, delete; add, change, remove members;
a workspace always keeps one admin."""
from __future__ import annotations

import pytest

from workspace.extensions import db
from workspace.models import User


@pytest.fixture
def email_of(app):
    def email(api) -> str:
        with app.app_context():
            return db.session.get(User, api.user_id).email
    return email


@pytest.fixture
def members_path(workspace) -> str:
    return f"/workspaces/{workspace['id']}/members"


def roles_in(api, workspace_id: int) -> dict[int, str]:
    return {m["user_id"]: m["role"] for m in api.ok("GET", f"/workspaces/{workspace_id}/members")}


def assert_error(result, status: int, code: str, *detail_keys: str) -> None:
    assert result.status == status, (result.status, result.json)
    assert set(result.error) == {"code", "message", "details"}, result.json
    assert result.error["code"] == code
    for key in detail_keys:
        assert key in result.error["details"], result.json


# -- workspaces ----------------------------------------------------------------------------
def test_creating_a_workspace_makes_the_creator_its_admin(admin_api):
    created = admin_api.ok("POST", "/workspaces", {"name": "  Sales  "})
    assert created == {"id": created["id"], "name": "Sales", "role": "admin"}
    assert roles_in(admin_api, created["id"]) == {admin_api.user_id: "admin"}
    assert admin_api.ok("GET", f"/workspaces/{created['id']}") == created


@pytest.mark.parametrize("body", [{}, {"name": ""}, {"name": "x" * 201}, {"name": 42}],
                         ids=["missing", "empty", "too long", "not a string"])
def test_creating_a_workspace_needs_a_valid_name(admin_api, body):
    assert_error(admin_api.post("/workspaces", body), 422, "invalid", "name")
    assert admin_api.ok("GET", "/workspaces") == []


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_a_blank_workspace_name_is_refused(admin_api, workspace, method):
    path = "/workspaces" if method == "POST" else f"/workspaces/{workspace['id']}"
    assert_error(admin_api.call(method, path, {"name": "   "}), 422, "invalid", "name")


def test_the_list_shows_only_my_workspaces_with_my_role(admin_api, make_api, email_of):
    other = make_api()
    mine = [admin_api.ok("POST", "/workspaces", {"name": name}) for name in ("Beta", "Alpha")]
    theirs = other.ok("POST", "/workspaces", {"name": "Theirs"})
    other.ok("POST", "/workspaces", {"name": "Private"})

    assert admin_api.ok("GET", "/workspaces") == sorted(mine, key=lambda w: w["name"])

    other.ok("POST", f"/workspaces/{theirs['id']}/members", {"email": email_of(admin_api), "role": "viewer"})
    listed = {w["name"]: w["role"] for w in admin_api.ok("GET", "/workspaces")}
    assert listed == {"Alpha": "admin", "Beta": "admin", "Theirs": "viewer"}


def test_an_admin_renames_the_workspace(admin_api, workspace):
    renamed = admin_api.ok("PATCH", f"/workspaces/{workspace['id']}", {"name": "Sales EMEA"})
    assert renamed == {"id": workspace["id"], "name": "Sales EMEA", "role": "admin"}
    assert admin_api.ok("GET", f"/workspaces/{workspace['id']}")["name"] == "Sales EMEA"


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_only_an_admin_renames_or_deletes_the_workspace(admin_api, workspace, member_of, role):
    api = member_of(role)
    path = f"/workspaces/{workspace['id']}"
    assert_error(api.patch(path, {"name": "Mine now"}), 403, "forbidden")
    assert_error(api.delete(path), 403, "forbidden")
    assert admin_api.ok("GET", path) == workspace
    assert api.ok("GET", path)["role"] == role


def test_deleting_a_workspace_hides_it_and_everything_in_it(admin_api, workspace, board, member_of):
    viewer = member_of("viewer")
    path = f"/workspaces/{workspace['id']}"
    assert admin_api.call("DELETE", path).status == 204
    for api in (admin_api, viewer):
        assert_error(api.get(path), 404, "not_found")
        assert_error(api.get(f"{path}/members"), 404, "not_found")
        assert_error(api.get(f"{path}/boards"), 404, "not_found")
        assert_error(api.get(f"/boards/{board['id']}"), 404, "not_found")
        assert api.ok("GET", "/workspaces") == []
    assert_error(admin_api.delete(path), 404, "not_found")


@pytest.mark.parametrize(("method", "path"), [("GET", ""), ("PATCH", ""), ("DELETE", ""), ("GET", "/members")])
def test_a_workspace_that_does_not_exist_answers_404(admin_api, workspace, method, path):
    result = admin_api.call(method, f"/workspaces/{workspace['id'] + 1000}{path}", {"name": "x"})
    assert_error(result, 404, "not_found")


# -- members -------------------------------------------------------------------------------
def test_the_member_list_names_each_member_and_role(admin_api, workspace, members_path, member_of, email_of):
    viewer = member_of("viewer")
    members = admin_api.ok("GET", members_path)
    assert {m["user_id"]: (m["email"], m["role"]) for m in members} == {
        admin_api.user_id: (email_of(admin_api), "admin"),
        viewer.user_id: (email_of(viewer), "viewer"),
    }
    assert all(set(m) == {"user_id", "email", "name", "role"} for m in members)
    assert viewer.ok("GET", members_path) == members


@pytest.mark.parametrize("role", ["admin", "member", "viewer"])
def test_an_admin_adds_a_member_by_email_with_a_role(admin_api, workspace, members_path, make_api, email_of, role):
    newcomer = make_api()
    added = admin_api.ok("POST", members_path, {"email": email_of(newcomer).upper(), "role": role})
    assert added["user_id"] == newcomer.user_id
    assert added["email"] == email_of(newcomer)
    assert added["role"] == role
    assert newcomer.ok("GET", f"/workspaces/{workspace['id']}")["role"] == role
    assert roles_in(admin_api, workspace["id"])[newcomer.user_id] == role


@pytest.mark.parametrize(("body", "field"), [
    ({"email": "nobody@example.com", "role": "viewer"}, "email"),
    ({"email": "not-an-email", "role": "viewer"}, "email"),
    ({"role": "viewer"}, "email"),
    ({"email": "{newcomer}", "role": "owner"}, "role"),
    ({"email": "{newcomer}"}, "role"),
], ids=["unknown e-mail", "malformed e-mail", "no e-mail", "bad role", "no role"])
def test_adding_a_member_with_a_bad_email_or_role_is_422_naming_the_field(admin_api, workspace, members_path,
                                                                         make_api, email_of, body, field):
    newcomer = make_api()
    body = {k: email_of(newcomer) if v == "{newcomer}" else v for k, v in body.items()}
    assert_error(admin_api.post(members_path, body), 422, "invalid", field)
    assert newcomer.user_id not in roles_in(admin_api, workspace["id"])


def test_adding_an_existing_member_is_a_conflict(admin_api, workspace, members_path, member_of, email_of):
    viewer = member_of("viewer")
    assert_error(admin_api.post(members_path, {"email": email_of(viewer), "role": "admin"}), 409, "conflict")
    assert roles_in(admin_api, workspace["id"])[viewer.user_id] == "viewer"


@pytest.mark.parametrize(("old", "new"), [("viewer", "member"), ("member", "admin"), ("admin", "viewer")])
def test_an_admin_changes_a_members_role(admin_api, workspace, members_path, member_of, old, new):
    other = member_of(old)
    changed = admin_api.ok("PATCH", f"{members_path}/{other.user_id}", {"role": new})
    assert (changed["user_id"], changed["role"]) == (other.user_id, new)
    assert other.ok("GET", f"/workspaces/{workspace['id']}")["role"] == new


def test_changing_to_a_bad_role_is_422(admin_api, workspace, members_path, member_of):
    viewer = member_of("viewer")
    assert_error(admin_api.patch(f"{members_path}/{viewer.user_id}", {"role": "boss"}), 422, "invalid", "role")
    assert roles_in(admin_api, workspace["id"])[viewer.user_id] == "viewer"


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
def test_changing_or_removing_someone_who_is_not_a_member_is_404(admin_api, members_path, make_api, method):
    stranger = make_api()
    assert_error(admin_api.call(method, f"{members_path}/{stranger.user_id}", {"role": "viewer"}), 404, "not_found")


def test_an_admin_removes_a_member_who_then_loses_access(admin_api, workspace, board, members_path, member_of):
    member = member_of("member")
    assert admin_api.call("DELETE", f"{members_path}/{member.user_id}").status == 204
    assert member.user_id not in roles_in(admin_api, workspace["id"])
    assert_error(member.get(f"/workspaces/{workspace['id']}"), 404, "not_found")
    assert_error(member.get(f"/boards/{board['id']}"), 404, "not_found")
    assert member.ok("GET", "/workspaces") == []


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_only_an_admin_manages_members(admin_api, workspace, members_path, member_of, make_api, email_of, role):
    api = member_of(role)
    target = member_of("viewer")
    before = roles_in(admin_api, workspace["id"])
    assert_error(api.post(members_path, {"email": email_of(make_api()), "role": "admin"}), 403, "forbidden")
    assert_error(api.patch(f"{members_path}/{target.user_id}", {"role": "admin"}), 403, "forbidden")
    assert_error(api.patch(f"{members_path}/{api.user_id}", {"role": "admin"}), 403, "forbidden")
    assert_error(api.delete(f"{members_path}/{target.user_id}"), 403, "forbidden")
    assert roles_in(admin_api, workspace["id"]) == before


# -- the last admin ------------------------------------------------------------------------
@pytest.mark.parametrize(("method", "body"), [("PATCH", {"role": "member"}), ("PATCH", {"role": "viewer"}),
                                              ("DELETE", None)], ids=["demote to member", "demote to viewer", "remove"])
def test_the_last_admin_cannot_be_demoted_or_removed(admin_api, workspace, members_path, member_of, method, body):
    member_of("member")
    member_of("viewer")
    result = admin_api.call(method, f"{members_path}/{admin_api.user_id}", body)
    assert_error(result, 409, "conflict")
    assert roles_in(admin_api, workspace["id"])[admin_api.user_id] == "admin"


def test_an_admin_can_step_down_while_another_admin_remains(admin_api, workspace, members_path, member_of):
    second = member_of("admin")
    admin_api.ok("PATCH", f"{members_path}/{admin_api.user_id}", {"role": "member"})
    assert roles_in(second, workspace["id"]) == {admin_api.user_id: "member", second.user_id: "admin"}
    # now `second` is the last admin
    assert_error(second.patch(f"{members_path}/{second.user_id}", {"role": "viewer"}), 409, "conflict")
    assert_error(second.delete(f"{members_path}/{second.user_id}"), 409, "conflict")
    assert roles_in(second, workspace["id"])[second.user_id] == "admin"


def test_an_admin_can_leave_while_another_admin_remains(admin_api, workspace, members_path, member_of):
    second = member_of("admin")
    assert admin_api.call("DELETE", f"{members_path}/{admin_api.user_id}").status == 204
    assert roles_in(second, workspace["id"]) == {second.user_id: "admin"}
    assert_error(admin_api.get(f"/workspaces/{workspace['id']}"), 404, "not_found")


def test_keeping_the_admin_role_is_not_a_demotion(admin_api, members_path):
    assert admin_api.ok("PATCH", f"{members_path}/{admin_api.user_id}", {"role": "admin"})["role"] == "admin"
