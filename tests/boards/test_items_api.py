"""Items through the API: the end-to-end walk of API.md, partial updates, moves, batches, trash."""
from __future__ import annotations

import pytest

from fields import column_types
from tests.fields.cases import BOARD_BOUND, CASES, UNKNOWN_MEMBER

WRITABLE_TYPES = [t.name for t in column_types if not t.read_only and t.name not in BOARD_BOUND]


@pytest.fixture
def full_board(admin_api, board):
    """The board with one column of every registered type; returns (board, {type: key})."""
    keys = {}
    for type_name in [name for name in column_types.names() if name not in BOARD_BOUND]:
        column = admin_api.ok("POST", f"/boards/{board['id']}/columns",
                              {"title": f"My {type_name}", "type": type_name,
                               "settings": CASES[type_name]["settings"]})
        keys[type_name] = column["key"]
    return board, keys


def _valid_value(type_name: str, admin_api):
    return [admin_api.user_id] if type_name == "people" else CASES[type_name]["valid"][0]


def test_the_api_walk_of_api_md_end_to_end(admin_api, make_api, app):
    # workspace → members
    ws = admin_api.ok("POST", "/workspaces", {"name": "Walk"})
    colleague = make_api(email="colleague@example.com")
    admin_api.ok("POST", f"/workspaces/{ws['id']}/members", {"email": "colleague@example.com", "role": "member"})
    members = admin_api.ok("GET", f"/workspaces/{ws['id']}/members")
    assert {m["email"] for m in members} >= {"colleague@example.com"}
    # board → groups
    board = admin_api.ok("POST", f"/workspaces/{ws['id']}/boards", {"name": "Pipeline", "description": "Q4"})
    first_group = board["groups"][0]["id"]
    second = admin_api.ok("POST", f"/boards/{board['id']}/groups", {"name": "Closed", "color": "#00c875"})
    # one column of every type
    keys = {}
    for type_name in [name for name in column_types.names() if name not in BOARD_BOUND]:
        column = admin_api.ok("POST", f"/boards/{board['id']}/columns",
                              {"title": f"The {type_name}", "type": type_name,
                               "settings": CASES[type_name]["settings"]})
        assert column["type"] == type_name
        keys[type_name] = column["key"]
    sub_column = admin_api.ok("POST", f"/boards/{board['id']}/columns",
                              {"title": "Task owner", "type": "people", "scope": "subitem"})
    fetched = admin_api.ok("GET", f"/boards/{board['id']}")
    assert [c["key"] for c in fetched["columns"]] == [*keys.values(), sub_column["key"]]
    # items with valid values of every writable type
    values = {keys[t]: _valid_value(t, admin_api) for t in WRITABLE_TYPES}
    values[keys["people"]] = [admin_api.user_id, colleague.user_id]
    item = colleague.ok("POST", f"/boards/{board['id']}/items", {"name": "Deal 1", "group_id": first_group,
                                                                 "values": values})
    for type_name in WRITABLE_TYPES:
        assert item["values"][keys[type_name]] is not None, type_name
    assert item["values"][keys["auto_number"]] == 1
    assert item["values"][keys["creation_log"]]["user_id"] == colleague.user_id
    other = colleague.ok("POST", f"/boards/{board['id']}/items", {"name": "Deal 2"})
    assert other["group_id"] == first_group and other["values"][keys["auto_number"]] == 2
    sub = colleague.ok("POST", f"/boards/{board['id']}/items",
                       {"name": "Call them", "parent_id": item["id"],
                        "values": {sub_column["key"]: [colleague.user_id]}})
    assert sub["parent_id"] == item["id"] and sub["values"][sub_column["key"]] == [colleague.user_id]
    assert [s["id"] for s in colleague.ok("GET", f"/items/{item['id']}/subitems")] == [sub["id"]]
    # partial update: only the given keys change; null clears
    patched = colleague.ok("PATCH", f"/items/{item['id']}", {"values": {keys["number"]: 42, keys["text"]: None}})
    assert patched["values"][keys["number"]] == 42
    assert keys["text"] not in patched["values"]
    assert patched["values"][keys["status"]] == item["values"][keys["status"]]
    # move across groups, before another item
    moved = colleague.ok("POST", f"/items/{item['id']}/move", {"group_id": second["id"]}, status=200)
    assert moved["group_id"] == second["id"]
    assert colleague.ok("GET", f"/items/{sub['id']}")["group_id"] == second["id"], "sub-items follow the parent"
    back = colleague.ok("POST", f"/items/{item['id']}/move", {"before_id": other["id"]}, status=200)
    assert back["group_id"] == first_group
    page = colleague.ok("GET", f"/boards/{board['id']}/items?group_id={first_group}")
    assert [i["id"] for i in page["items"]] == [item["id"], other["id"]]
    # delete → trash (sub-item follows) → restore (sub-item returns)
    assert colleague.delete(f"/items/{item['id']}").status == 204
    assert colleague.get(f"/items/{item['id']}").status == 404
    assert colleague.get(f"/items/{sub['id']}").status == 404
    colleague.ok("POST", f"/trash/item/{item['id']}/restore", status=200)
    assert colleague.ok("GET", f"/items/{sub['id']}")["parent_id"] == item["id"]
    # activity tells the whole story, newest first
    kinds = [a["kind"] for a in colleague.ok("GET", f"/items/{item['id']}/activity")]
    assert kinds[0] == "item_restored"
    assert {"item_created", "value_changed", "item_moved", "item_deleted"} <= set(kinds)
    changes = [a for a in colleague.ok("GET", f"/items/{item['id']}/activity") if a["kind"] == "value_changed"]
    number_change = next(a for a in changes if a["column_key"] == keys["number"])
    assert number_change["old"] == values[keys["number"]] and number_change["new"] == 42
    assert number_change["user_id"] == colleague.user_id


@pytest.mark.parametrize("type_name", WRITABLE_TYPES)
def test_every_type_rejects_bad_values_with_422_naming_the_column(type_name, admin_api, full_board):
    board, keys = full_board
    item = admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "Target"})
    invalid = CASES[type_name]["invalid"]
    assert len(invalid) >= 2
    for bad in invalid:
        result = admin_api.patch(f"/items/{item['id']}", {"values": {keys[type_name]: bad}})
        assert result.status == 422, (type_name, bad, result.json)
        assert keys[type_name] in result.error["details"], result.json
        assert result.error["details"][keys[type_name]], "the reason is given"
        created = admin_api.post(f"/boards/{board['id']}/items", {"name": "New", "values": {keys[type_name]: bad}})
        assert created.status == 422, (type_name, bad)
    assert admin_api.ok("GET", f"/items/{item['id']}")["values"].get(keys[type_name]) == \
        item["values"].get(keys[type_name]), "a rejected update changes nothing"
    page = admin_api.ok("GET", f"/boards/{board['id']}/items?count=true")
    assert page["total"] == 1, "a rejected create writes nothing"


def test_people_values_must_be_members_of_the_workspace(admin_api, full_board):
    board, keys = full_board
    result = admin_api.post(f"/boards/{board['id']}/items",
                            {"name": "x", "values": {keys["people"]: [UNKNOWN_MEMBER]}})
    assert result.status == 422 and keys["people"] in result.error["details"]


@pytest.mark.parametrize("type_name", [t.name for t in column_types if t.read_only and t.name not in BOARD_BOUND])
def test_read_only_columns_are_rejected_on_write(type_name, admin_api, full_board):
    board, keys = full_board
    result = admin_api.post(f"/boards/{board['id']}/items", {"name": "x", "values": {keys[type_name]: 5}})
    assert result.status == 422
    assert "read-only" in result.error["details"][keys[type_name]]


def test_unknown_column_key_is_a_422_naming_it(admin_api, board):
    result = admin_api.post(f"/boards/{board['id']}/items", {"name": "x", "values": {"nope": 1}})
    assert result.status == 422 and "nope" in result.error["details"]


def test_malformed_json_body_is_a_400(admin_api, board):
    response = admin_api.client.post(f"/api/v1/boards/{board['id']}/items", data="{not json",
                                     headers={"Authorization": f"Bearer {admin_api.token}",
                                              "Content-Type": "application/json"})
    assert response.status_code in (400, 422)
    assert "error" in response.get_json()


def test_writing_the_same_value_again_records_no_activity(admin_api, full_board):
    board, keys = full_board
    item = admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "x", "values": {keys["number"]: 5}})
    admin_api.ok("PATCH", f"/items/{item['id']}", {"values": {keys["number"]: 5}})
    kinds = [a["kind"] for a in admin_api.ok("GET", f"/items/{item['id']}/activity")]
    assert kinds == ["item_created"]


def test_batch_create_is_all_or_nothing_listing_each_bad_item(admin_api, full_board):
    board, keys = full_board
    result = admin_api.post(f"/boards/{board['id']}/items/batch", {"items": [
        {"name": "ok", "values": {keys["number"]: 1}},
        {"name": "bad", "values": {keys["number"]: "many"}},
        {"name": "", "values": {}},
    ]})
    assert result.status == 422
    assert set(result.error["details"]) == {"1", "2"}
    assert keys["number"] in result.error["details"]["1"]
    assert admin_api.ok("GET", f"/boards/{board['id']}/items?count=true")["total"] == 0
    created = admin_api.ok("POST", f"/boards/{board['id']}/items/batch",
                           {"items": [{"name": f"n{i}", "values": {keys["number"]: i}} for i in range(3)]})
    assert [i["values"][keys["number"]] for i in created["items"]] == [0, 1, 2]


def test_batch_update_changes_only_the_given_keys(admin_api, full_board):
    board, keys = full_board
    a = admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "a", "values": {keys["text"]: "keep"}})
    b = admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "b"})
    updated = admin_api.ok("PATCH", f"/boards/{board['id']}/items/batch", {"items": [
        {"id": a["id"], "values": {keys["number"]: 1}}, {"id": b["id"], "name": "bee"}]})
    assert updated["items"][0]["values"][keys["text"]] == "keep"
    assert updated["items"][0]["values"][keys["number"]] == 1
    assert updated["items"][1]["name"] == "bee"
    bad = admin_api.patch(f"/boards/{board['id']}/items/batch", {"items": [
        {"id": a["id"], "values": {keys["number"]: 2}}, {"id": b["id"], "values": {keys["number"]: "x"}}]})
    assert bad.status == 422 and "1" in bad.error["details"]
    assert admin_api.ok("GET", f"/items/{a['id']}")["values"][keys["number"]] == 1


def test_subitems_use_the_subitem_columns_only(admin_api, full_board):
    board, keys = full_board
    parent = admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "p"})
    result = admin_api.post(f"/boards/{board['id']}/items",
                            {"name": "s", "parent_id": parent["id"], "values": {keys["number"]: 1}})
    assert result.status == 422 and keys["number"] in result.error["details"]
    sub = admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "s", "parent_id": parent["id"]})
    nested = admin_api.post(f"/boards/{board['id']}/items", {"name": "ss", "parent_id": sub["id"]})
    assert nested.status == 422 and "parent_id" in nested.error["details"]


def test_group_trash_takes_its_items_and_restore_brings_them_back(admin_api, board):
    group = admin_api.ok("POST", f"/boards/{board['id']}/groups", {"name": "Doomed"})
    kept = admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "kept"})
    items = [admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": f"i{n}", "group_id": group["id"]})
             for n in range(3)]
    admin_api.ok("DELETE", f"/items/{items[0]['id']}")  # trashed on its own before the group
    admin_api.ok("DELETE", f"/groups/{group['id']}")
    assert [i["id"] for i in admin_api.ok("GET", f"/boards/{board['id']}/items")["items"]] == [kept["id"]]
    admin_api.ok("POST", f"/trash/group/{group['id']}/restore", status=200)
    listed = {i["id"] for i in admin_api.ok("GET", f"/boards/{board['id']}/items")["items"]}
    assert listed == {kept["id"], items[1]["id"], items[2]["id"]}, "the item trashed on its own stays trashed"


def test_restoring_something_not_in_the_trash_is_a_404(admin_api, board):
    item = admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "alive"})
    assert admin_api.post(f"/trash/item/{item['id']}/restore").status == 404
    assert admin_api.post(f"/trash/planet/{item['id']}/restore").status == 404


def test_board_trash_and_restore(admin_api, workspace, board):
    admin_api.ok("DELETE", f"/boards/{board['id']}")
    assert admin_api.get(f"/boards/{board['id']}").status == 404
    assert admin_api.ok("GET", f"/workspaces/{workspace['id']}/boards") == []
    admin_api.ok("POST", f"/trash/board/{board['id']}/restore", status=200)
    assert admin_api.ok("GET", f"/boards/{board['id']}")["name"] == "Deals"
