"""Saved views: CRUD, settings checked against the board, personal vs shared, applying a view."""
from __future__ import annotations

import json
import urllib.parse

import pytest

STAGES = [{"label": s} for s in ("New", "Won", "Lost")]


@pytest.fixture
def crm(admin_api, board):
    """A board with a stage, a value, tags and a location, and five items."""
    cols = {}
    for title, type_name, settings in [("Stage", "status", {"labels": STAGES}), ("Value", "number", {}),
                                       ("Tags", "tags", {}), ("Place", "location", {}), ("Note", "text", {})]:
        cols[type_name] = admin_api.ok("POST", f"/boards/{board['id']}/columns",
                                       {"title": title, "type": type_name, "settings": settings})["key"]
    rows = [("a", "New", 10, ["vip"]), ("b", "Won", 50, ["vip", "smb"]), ("c", "Won", 30, ["smb"]),
            ("d", "Lost", None, []), ("e", None, 20, ["vip"])]
    items = {}
    for name, stage, value, tags in rows:
        values = {cols["status"]: stage, cols["number"]: value, cols["tags"]: tags or None}
        items[name] = admin_api.ok("POST", f"/boards/{board['id']}/items",
                                   {"name": name, "values": {k: v for k, v in values.items() if v is not None}})
    return board, cols, items


def names(page: dict) -> list[str]:
    return [i["name"] for i in page["items"]]


def test_view_crud_and_applying_its_filter_and_sort(admin_api, crm):
    board, cols, _ = crm
    view = admin_api.ok("POST", f"/boards/{board['id']}/views", {
        "name": "Open, biggest first", "type": "table",
        "filter": {"and": [{"column": cols["status"], "operator": "not_any_of", "value": ["Lost"]}]},
        "sort": [{"column": cols["number"], "direction": "desc"}],
        "settings": {"hidden_columns": [cols["tags"]], "column_widths": {cols["number"]: 120}}})
    assert names(admin_api.ok("GET", f"/views/{view['id']}/items")) == ["b", "c", "e", "a"]
    narrowed = admin_api.ok("GET", f"/views/{view['id']}/items?q=a")
    assert names(narrowed) == ["a"]
    assert [v["id"] for v in admin_api.ok("GET", f"/boards/{board['id']}/views")] == [view["id"]]
    renamed = admin_api.ok("PATCH", f"/views/{view['id']}", {"name": "Renamed", "sort": []})
    assert renamed["name"] == "Renamed"
    assert names(admin_api.ok("GET", f"/views/{view['id']}/items")) == ["a", "b", "c", "e"]
    admin_api.ok("DELETE", f"/views/{view['id']}")
    assert admin_api.get(f"/views/{view['id']}").status == 404


@pytest.mark.parametrize(("body", "field"), [
    ({"name": "x", "type": "gantt"}, "type"),
    ({"name": "x", "type": "table", "settings": {"hidden_columns": ["nope"]}}, "settings"),
    ({"name": "x", "type": "table", "settings": {"colour": "red"}}, "settings"),
    ({"name": "x", "type": "kanban", "settings": {}}, "settings"),
    ({"name": "x", "type": "kanban", "settings": {"column": "NOTE"}}, "settings"),
    ({"name": "x", "type": "map", "settings": {"column": "STATUS"}}, "settings"),
    ({"name": "x", "type": "table", "filter": {"and": [{"column": "nope", "operator": "equals", "value": 1}]}},
     "filter"),
    ({"name": "x", "type": "table", "sort": [{"column": "nope"}]}, "sort"),
])
def test_bad_views_are_refused_naming_the_field(admin_api, crm, body, field):
    board, cols, _ = crm
    text = json.dumps(body).replace("NOTE", cols["text"]).replace("STATUS", cols["status"])
    result = admin_api.post(f"/boards/{board['id']}/views", json.loads(text))
    assert result.status == 422, result.json
    assert field in result.error["details"]


def test_kanban_lanes_come_in_label_order_with_counts_and_the_empty_lane_last(admin_api, crm):
    board, cols, _ = crm
    view = admin_api.ok("POST", f"/boards/{board['id']}/views",
                        {"name": "Pipeline", "type": "kanban", "settings": {"column": cols["status"]}})
    lanes = admin_api.ok("GET", f"/views/{view['id']}/items?lanes=true")["lanes"]
    assert lanes == [{"value": "New", "count": 1}, {"value": "Won", "count": 2}, {"value": "Lost", "count": 1},
                     {"value": None, "count": 1}]
    filtered = admin_api.ok("GET", f"/views/{view['id']}/items?lanes=true&q=c")["lanes"]
    assert [lane["count"] for lane in filtered] == [0, 1, 0, 0]
    won = admin_api.ok("GET", f"/views/{view['id']}/items?lane=" + urllib.parse.quote('"Won"'))
    assert names(won) == ["b", "c"]
    empty = admin_api.ok("GET", f"/views/{view['id']}/items?lane=null")
    assert names(empty) == ["e"]


def test_kanban_lanes_of_a_list_column_count_each_element(admin_api, crm):
    board, cols, _ = crm
    view = admin_api.ok("POST", f"/boards/{board['id']}/views",
                        {"name": "By tag", "type": "kanban", "settings": {"column": cols["tags"]}})
    lanes = admin_api.ok("GET", f"/views/{view['id']}/items?lanes=true")["lanes"]
    assert lanes == [{"value": "smb", "count": 2}, {"value": "vip", "count": 3}, {"value": None, "count": 1}]


def test_dragging_a_card_changes_its_lane_through_the_item_service_and_keeps_its_place(admin_api, crm):
    board, cols, items = crm
    view = admin_api.ok("POST", f"/boards/{board['id']}/views",
                        {"name": "Pipeline", "type": "kanban", "settings": {"column": cols["status"]}})
    won = "?lane=" + urllib.parse.quote('"Won"')
    moved = admin_api.ok("POST", f"/views/{view['id']}/cards/{items['a']['id']}/move",
                         {"lane": "Won", "before_id": items["c"]["id"], "after_id": items["b"]["id"]}, status=200)
    assert moved["values"][cols["status"]] == "Won"
    assert names(admin_api.ok("GET", f"/views/{view['id']}/items{won}")) == ["b", "a", "c"]
    activity = admin_api.ok("GET", f"/items/{items['a']['id']}/activity")
    assert activity[0]["kind"] == "value_changed" and activity[0]["new"] == "Won"
    # Reordering inside the lane changes no value, and the order survives a reload.
    admin_api.ok("POST", f"/views/{view['id']}/cards/{items['c']['id']}/move",
                 {"before_id": items["b"]["id"]}, status=200)
    assert names(admin_api.ok("GET", f"/views/{view['id']}/items{won}")) == ["c", "b", "a"]


def test_dragging_a_tag_card_swaps_only_the_lane_it_left(admin_api, crm):
    board, cols, items = crm
    view = admin_api.ok("POST", f"/boards/{board['id']}/views",
                        {"name": "By tag", "type": "kanban", "settings": {"column": cols["tags"]}})
    moved = admin_api.ok("POST", f"/views/{view['id']}/cards/{items['b']['id']}/move",
                         {"lane": "partner", "from_lane": "vip"}, status=200)
    assert moved["values"][cols["tags"]] == ["smb", "partner"]


def test_personal_views_are_only_their_owners_and_viewers_may_keep_personal_ones(admin_api, crm, member_of):
    board, cols, _ = crm
    viewer = member_of("viewer")
    mine = viewer.ok("POST", f"/boards/{board['id']}/views", {"name": "Mine", "type": "table", "shared": False})
    refused = viewer.post(f"/boards/{board['id']}/views", {"name": "Everyone's", "type": "table"})
    assert refused.status == 403
    assert admin_api.get(f"/views/{mine['id']}").status == 404
    assert [v["name"] for v in admin_api.ok("GET", f"/boards/{board['id']}/views")] == []
    viewer.ok("PATCH", f"/views/{mine['id']}", {"name": "Still mine"})
    shared = admin_api.ok("POST", f"/boards/{board['id']}/views", {"name": "Team", "type": "table"})
    assert viewer.patch(f"/views/{shared['id']}", {"name": "Hijack"}).status == 403


def test_kanban_lanes_of_a_checkbox_are_true_false_and_empty(admin_api, board):
    key = admin_api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Done", "type": "checkbox"})["key"]
    for name, done in (("a", True), ("b", False), ("c", True), ("d", None)):
        values = {} if done is None else {key: done}
        admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": name, "values": values})
    view = admin_api.ok("POST", f"/boards/{board['id']}/views",
                        {"name": "Done?", "type": "kanban", "settings": {"column": key}})
    lanes = admin_api.ok("GET", f"/views/{view['id']}/items?lanes=true")["lanes"]
    assert lanes == [{"value": True, "count": 2}, {"value": False, "count": 1}, {"value": None, "count": 1}]
