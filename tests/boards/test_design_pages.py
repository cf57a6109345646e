"""Board design in place (boards/design_pages.py): each route makes its change through the services,
design needs the admin role, moving rows the member role, and other workspaces do not exist."""
from __future__ import annotations

import re

import pytest

from fields import column_types
from tests.fields.cases import BOARD_BOUND

HX = {"HX-Request": "true"}


@pytest.fixture
def admin(web_login, admin_api):
    return web_login(admin_api)


def columns(api, board) -> dict[str, dict]:
    return {c["title"]: c for c in api.ok("GET", f"/boards/{board['id']}")["columns"]}


def groups(api, board) -> list[dict]:
    return api.ok("GET", f"/boards/{board['id']}")["groups"]


def add_column(api, board, title="Notes", type="text", **extra) -> dict:
    return api.ok("POST", f"/boards/{board['id']}/columns", {"title": title, "type": type, **extra})


def changed(response) -> None:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["HX-Trigger"] == "boardhouse:board-changed"


# -- columns -------------------------------------------------------------------------------
def test_the_picker_offers_every_registered_type(admin, board):
    html = admin.get(f"/boards/{board['id']}/columns/new", headers=HX).get_data(as_text=True)
    for type_cls in column_types:
        assert f'value="{type_cls.name}" data-type="{type_cls.name}"' in html


# What the setup step of a type that names boards and columns is filled in with (the board
# links to itself: the only board there is; the mirror counts the items linked through it).
SETUP_FORMS = {
    "connect_boards": lambda board, _columns: {"board_ids": [board["id"]]},
    "mirror": lambda _board, by_title: {"link_column": by_title["My connect_boards"]["key"], "target_column": "name",
                                        "aggregate": "count"},
}


def test_a_column_of_every_type_can_be_added(admin, admin_api, board):
    assert set(SETUP_FORMS) == BOARD_BOUND
    for type_cls in column_types:  # in registry order: connect_boards comes before mirror
        data = {"title": f"My {type_cls.name}", "type": type_cls.name}
        response = admin.post(f"/boards/{board['id']}/columns", data=data, headers=HX)
        if type_cls.name in SETUP_FORMS:
            html = response.get_data(as_text=True)
            assert response.status_code == 200 and "HX-Trigger" not in response.headers, "a setup step first"
            assert f'name="setup" value="{type_cls.name}"' in html and f'value="My {type_cls.name}"' in html
            data = {**data, "setup": type_cls.name, **SETUP_FORMS[type_cls.name](board, columns(admin_api, board))}
            response = admin.post(f"/boards/{board['id']}/columns", data=data, headers=HX)
        changed(response)
    by_title = columns(admin_api, board)
    assert {by_title[f"My {t.name}"]["type"] for t in column_types} == set(column_types.names())


# -- the setup step of connect and mirror columns ----------------------------------------------
@pytest.fixture
def accounts(admin_api, workspace) -> dict:
    board = admin_api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Accounts"})
    labels = [{"label": "Gold"}, {"label": "Silver"}]
    admin_api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Tier", "type": "status", "key": "tier",
                                                            "settings": {"labels": labels}})
    admin_api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Revenue", "type": "number", "key": "revenue"})
    return board


def setup_post(admin, board, type_name, **fields):
    return admin.post(f"/boards/{board['id']}/columns", data={"title": fields.pop("title", "Linked"),
                                                              "type": type_name, "setup": type_name, **fields},
                      headers=HX)


def test_the_connect_setup_offers_the_workspaces_boards_and_makes_a_two_way_link(admin, admin_api, board, accounts):
    html = admin.post(f"/boards/{board['id']}/columns", data={"title": "Account", "type": "connect_boards"},
                      headers=HX).get_data(as_text=True)
    assert f'name="board_ids" value="{accounts["id"]}"' in html and "Accounts" in html
    assert 'name="two_way"' in html
    changed(setup_post(admin, board, "connect_boards", title="Account", board_ids=accounts["id"], two_way="1"))
    link = columns(admin_api, board)["Account"]
    assert link["settings"]["board_ids"] == [accounts["id"]] and link["settings"]["two_way"] is True
    assert columns(admin_api, accounts)["Deals"]["type"] == "connect_boards", "the twin on the linked board"


def test_connect_setup_errors_come_back_in_place(admin, admin_api, board, accounts):
    response = setup_post(admin, board, "connect_boards")
    assert response.status_code == 422 and "Choose the board" in response.get_data(as_text=True)
    response = setup_post(admin, board, "connect_boards", board_ids=[accounts["id"], board["id"]], two_way="1")
    assert response.status_code == 422 and "exactly one board" in response.get_data(as_text=True)
    assert "Linked" not in columns(admin_api, board)


def test_a_mirror_needs_a_connect_column_first(admin, board):
    html = admin.post(f"/boards/{board['id']}/columns", data={"title": "Total", "type": "mirror"},
                      headers=HX).get_data(as_text=True)
    assert "no Connect boards column yet" in html and "setup-submit" not in html
    response = setup_post(admin, board, "mirror")
    assert response.status_code == 422


@pytest.fixture
def linked(admin_api, board, accounts) -> dict:
    return admin_api.ok("POST", f"/boards/{board['id']}/columns", {
        "title": "Account", "type": "connect_boards", "key": "account", "settings": {"board_ids": [accounts["id"]]}})


def test_the_mirror_setup_offers_the_linked_boards_columns_and_the_aggregates_that_fit(admin, board, linked):
    url = f"/boards/{board['id']}/columns/setup?type=mirror&setup=mirror&link_column=account"
    html = admin.get(url + "&target_column=revenue", headers=HX).get_data(as_text=True)
    assert '<option value="account" selected>Account</option>' in html
    assert '<option value="revenue" selected>Revenue</option>' in html and ">Name</option>" in html
    assert all(f'value="{a}"' in html for a in ("none", "sum", "avg", "min", "max", "count", "count_distinct",
                                                  "latest"))
    html = admin.get(url + "&target_column=tier", headers=HX).get_data(as_text=True)
    assert 'value="none"' in html and 'value="count"' in html and 'value="sum"' not in html
    html = admin.get(url + "&target_column=tier&filter_column=tier", headers=HX).get_data(as_text=True)
    assert 'name="filter_operator"' in html and ">is any of</option>" in html and 'name="filter_value"' in html


def test_a_mirror_with_an_aggregate_and_a_filter_is_made_from_the_setup(admin, admin_api, board, linked):
    changed(setup_post(admin, board, "mirror", title="Gold revenue", link_column="account",
                       target_column="revenue", aggregate="sum", filter_column="tier", filter_operator="any_of",
                       filter_value="gold"))
    assert columns(admin_api, board)["Gold revenue"]["settings"] == {
        "link_column": "account", "target_column": "revenue", "aggregate": "sum",
        "filter": {"and": [{"column": "tier", "operator": "any_of", "value": ["Gold"]}]}}


@pytest.mark.parametrize(("fields", "reason"), [
    ({"target_column": "tier", "aggregate": "sum"}, "does not apply"),
    ({"target_column": "revenue", "filter_column": "revenue", "filter_operator": "greater_than",
      "filter_value": "lots"}, "filter: not a number"),
    ({"target_column": "revenue", "filter_column": "tier", "filter_operator": "any_of", "filter_value": "Bronze"},
     "filter:"),
    ({"target_column": "revenue", "filter_column": "tier", "filter_operator": "any_of"}, "value is missing"),
])
def test_mirror_setup_errors_come_back_in_place(admin, admin_api, board, linked, fields, reason):
    response = setup_post(admin, board, "mirror", link_column="account", **fields)
    assert response.status_code == 422 and reason in response.get_data(as_text=True)
    assert "HX-Trigger" not in response.headers and "Linked" not in columns(admin_api, board)


def test_the_settings_of_a_connect_column_name_its_boards(admin, admin_api, board, accounts):
    two_way = admin_api.ok("POST", f"/boards/{board['id']}/columns", {
        "title": "Account", "type": "connect_boards", "settings": {"board_ids": [accounts["id"]], "two_way": True}})
    html = admin.get(f"/columns/{two_way['id']}/settings", headers=HX).get_data(as_text=True)
    assert "Accounts" in html and "both ways" in html and "“Deals”" in html
    assert 'name="board_ids"' not in html and "setup-submit" not in html, "a two-way link's board is fixed"
    one_way = admin_api.ok("POST", f"/boards/{board['id']}/columns", {
        "title": "Refs", "type": "connect_boards", "settings": {"board_ids": [accounts["id"]]}})
    html = admin.get(f"/columns/{one_way['id']}/settings", headers=HX).get_data(as_text=True)
    assert f'name="board_ids" value="{accounts["id"]}" checked' in html
    changed(admin.post(f"/columns/{one_way['id']}/settings", data={"setup": "connect_boards",
                                                                  "board_ids": [accounts["id"], board["id"]]},
                       headers=HX))
    assert columns(admin_api, board)["Refs"]["settings"]["board_ids"] == [accounts["id"], board["id"]]


def test_the_settings_of_a_mirror_show_its_choices_and_change_its_aggregate_and_filter(admin, admin_api, board,
                                                                                       linked):
    mirror = admin_api.ok("POST", f"/boards/{board['id']}/columns", {
        "title": "Revenue", "type": "mirror",
        "settings": {"link_column": "account", "target_column": "revenue", "aggregate": "sum"}})
    html = admin.get(f"/columns/{mirror['id']}/settings", headers=HX).get_data(as_text=True)
    assert '<option value="account" selected>Account</option>' in html
    assert '<option value="revenue" selected>Revenue</option>' in html and '<option value="sum" selected>' in html
    changed(admin.post(f"/columns/{mirror['id']}/settings", data={
        "setup": "mirror", "link_column": "account", "target_column": "revenue", "aggregate": "avg",
        "filter_column": "tier", "filter_operator": "is_not_empty"}, headers=HX))
    settings = columns(admin_api, board)["Revenue"]["settings"]
    assert settings["aggregate"] == "avg"
    assert settings["filter"] == {"and": [{"column": "tier", "operator": "is_not_empty"}]}
    html = admin.get(f"/columns/{mirror['id']}/settings", headers=HX).get_data(as_text=True)
    assert '<option value="tier" selected>Tier</option>' in html and '<option value="is_not_empty" selected>' in html


def test_a_filter_the_form_cannot_show_is_kept_unless_replaced(admin, admin_api, board, linked):
    tree = {"or": [{"column": "tier", "operator": "is_empty"}, {"column": "revenue", "operator": "greater_than",
                                                                "value": 10}]}
    mirror = admin_api.ok("POST", f"/boards/{board['id']}/columns", {
        "title": "Revenue", "type": "mirror",
        "settings": {"link_column": "account", "target_column": "revenue", "aggregate": "sum", "filter": tree}})
    html = admin.get(f"/columns/{mirror['id']}/settings", headers=HX).get_data(as_text=True)
    assert '<option value="__keep__" selected>' in html
    changed(admin.post(f"/columns/{mirror['id']}/settings", data={
        "setup": "mirror", "link_column": "account", "target_column": "revenue", "aggregate": "max",
        "filter_column": "__keep__"}, headers=HX))
    assert columns(admin_api, board)["Revenue"]["settings"]["filter"] == tree


def test_a_column_without_a_title_is_named_after_its_type(admin, admin_api, board):
    changed(admin.post(f"/boards/{board['id']}/columns", data={"title": " ", "type": "status"}, headers=HX))
    assert columns(admin_api, board)["Status"]["type"] == "status"


def test_an_unknown_type_is_refused_in_place_with_the_reason(admin, admin_api, board):
    response = admin.post(f"/boards/{board['id']}/columns", data={"title": "X", "type": "nope"}, headers=HX)
    assert response.status_code == 422
    assert "unknown column type" in response.get_data(as_text=True) and "HX-Trigger" not in response.headers
    assert "X" not in columns(admin_api, board)


def test_a_plain_form_post_is_redirected_to_the_board(admin, board):
    response = admin.post(f"/boards/{board['id']}/columns", data={"title": "Notes", "type": "text"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/boards/{board['id']}")


def test_the_column_menu_offers_rename_settings_type_change_hide_and_delete(admin, admin_api, board):
    column = add_column(admin_api, board)
    html = admin.get(f"/columns/{column['id']}/menu", headers=HX).get_data(as_text=True)
    for path in ("rename", "settings", "type-change", "hide", "delete"):
        assert f"/columns/{column['id']}/{path}" in html
    assert 'name="csrf_token"' in html


def test_rename_a_column(admin, admin_api, board):
    column = add_column(admin_api, board)
    changed(admin.post(f"/columns/{column['id']}/rename", data={"title": "Remarks"}, headers=HX))
    renamed = columns(admin_api, board)["Remarks"]
    assert renamed["id"] == column["id"] and renamed["key"] == column["key"], "the key never changes"


def test_a_blank_title_is_refused_in_place(admin, admin_api, board):
    column = add_column(admin_api, board)
    response = admin.post(f"/columns/{column['id']}/rename", data={"title": "  "}, headers=HX)
    assert response.status_code == 422 and "must not be empty" in response.get_data(as_text=True)
    assert "Notes" in columns(admin_api, board)


def test_status_labels_and_colours_are_edited(admin, admin_api, board):
    column = add_column(admin_api, board, "Stage", "status")
    form = admin.get(f"/columns/{column['id']}/settings", headers=HX).get_data(as_text=True)
    assert 'value="Working on it"' in form and 'type="color"' in form and "data-add-row" in form
    data = {"s-labels-label": ["New", "Won", "Lost"], "s-labels-color": ["#579bfc", "#00C875", "#e2445c"],
            "s-default": "New"}
    changed(admin.post(f"/columns/{column['id']}/settings", data=data, headers=HX))
    settings = columns(admin_api, board)["Stage"]["settings"]
    assert settings["labels"] == [{"label": "New", "color": "#579bfc"}, {"label": "Won", "color": "#00c875"},
                                  {"label": "Lost", "color": "#e2445c"}]
    assert settings["default"] == "New"


def test_a_label_given_twice_is_refused_with_the_reason(admin, admin_api, board):
    column = add_column(admin_api, board, "Stage", "status")
    data = {"s-labels-label": ["Won", "won"], "s-labels-color": ["#579bfc", "#00c875"]}
    response = admin.post(f"/columns/{column['id']}/settings", data=data, headers=HX)
    assert response.status_code == 422 and "given twice" in response.get_data(as_text=True)
    assert len(columns(admin_api, board)["Stage"]["settings"]["labels"]) == 3


@pytest.mark.parametrize(("type_name", "data", "expected"), [
    ("dropdown", {"s-labels": ["Red", " ", "Blue"]}, {"labels": ["Red", "Blue"]}),
    ("number", {"s-unit": "€", "s-decimals": "2"}, {"unit": "€", "decimals": 2}),
    ("rating", {"s-max": "10"}, {"max": 10}),
    ("date", {"s-include_time": "1"}, {"include_time": True}),
])
def test_settings_of_each_type_are_edited(admin, admin_api, board, type_name, data, expected):
    column = add_column(admin_api, board, "Field", type_name)
    changed(admin.post(f"/columns/{column['id']}/settings", data=data, headers=HX))
    settings = columns(admin_api, board)["Field"]["settings"]
    assert {key: settings.get(key) for key in expected} == expected


def test_a_blank_unit_is_removed_and_a_bad_number_refused(admin, admin_api, board):
    column = add_column(admin_api, board, "Value", "number", settings={"unit": "kg"})
    changed(admin.post(f"/columns/{column['id']}/settings", data={"s-unit": "", "s-decimals": ""}, headers=HX))
    assert columns(admin_api, board)["Value"]["settings"] == {}
    response = admin.post(f"/columns/{column['id']}/settings", data={"s-decimals": "two"}, headers=HX)
    assert response.status_code == 422 and "whole number" in response.get_data(as_text=True)


def test_a_type_without_settings_says_so(admin, admin_api, board):
    column = add_column(admin_api, board, "Mail", "email")
    html = admin.get(f"/columns/{column['id']}/settings", headers=HX).get_data(as_text=True)
    assert "no settings" in html


def test_a_type_change_shows_what_will_not_convert_before_it_is_confirmed(admin, admin_api, board):
    column = add_column(admin_api, board, "Amount", "text")
    items = [admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": n, "values": {column["key"]: v}})
             for n, v in (("a", "12"), ("b", "lots"), ("c", "7.5"), ("d", "n/a"))]
    html = admin.get(f"/columns/{column['id']}/type-change?type=number", headers=HX).get_data(as_text=True)
    assert "2 values will not convert" in html and "2 values will convert" in html and 'data-failed="2"' in html
    assert columns(admin_api, board)["Amount"]["type"] == "text", "a preview changes nothing"
    response = admin.post(f"/columns/{column['id']}/type", data={"type": "number"}, headers=HX)
    changed(response)
    assert "2 values converted" in response.get_data(as_text=True)
    assert columns(admin_api, board)["Amount"]["type"] == "number"
    values = [admin_api.ok("GET", f"/items/{item['id']}")["values"].get(column["key"]) for item in items]
    assert values == [12, None, 7.5, None]


def test_hide_and_show_a_column(admin, admin_api, board):
    column = add_column(admin_api, board)
    changed(admin.post(f"/columns/{column['id']}/hide", headers=HX))
    assert columns(admin_api, board)["Notes"]["hidden"] is True
    assert "Notes" in admin.get(f"/boards/{board['id']}/columns/new", headers=HX).get_data(as_text=True)
    changed(admin.post(f"/columns/{column['id']}/hide", data={"hidden": "0"}, headers=HX))
    assert columns(admin_api, board)["Notes"]["hidden"] is False


def test_delete_a_column_to_the_trash_and_restore_it(admin, admin_api, board, workspace):
    column = add_column(admin_api, board)
    item = admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "a", "values": {column["key"]: "kept"}})
    changed(admin.post(f"/columns/{column['id']}/delete", headers=HX))
    assert "Notes" not in columns(admin_api, board)
    trash = admin.get(f"/workspaces/{workspace['id']}/trash").get_data(as_text=True)
    assert f'data-kind="column" data-id="{column["id"]}"' in trash
    response = admin.post(f"/trash/column/{column['id']}/restore")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/workspaces/{workspace['id']}/trash")
    assert "Notes" in columns(admin_api, board)
    assert admin_api.ok("GET", f"/items/{item['id']}")["values"][column["key"]] == "kept"


def test_reorder_columns_keeps_hidden_ones_in_place(admin, admin_api, board):
    a, b, c, d = (add_column(admin_api, board, title) for title in "ABCD")
    admin_api.ok("PATCH", f"/columns/{b['id']}", {"hidden": True})
    changed(admin.post(f"/boards/{board['id']}/columns/order", data={"ids": [d["id"], a["id"], c["id"]]},
                       headers=HX))
    order = [column["title"] for column in admin_api.ok("GET", f"/boards/{board['id']}")["columns"]]
    assert order == ["D", "B", "A", "C"]


def test_reordering_with_a_column_of_another_board_is_refused(admin, admin_api, board, workspace):
    other = admin_api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Other"})
    mine, theirs = add_column(admin_api, board), add_column(admin_api, other)
    response = admin.post(f"/boards/{board['id']}/columns/order", data={"ids": [theirs["id"], mine["id"]]},
                          headers=HX)
    assert response.status_code == 422


# -- groups --------------------------------------------------------------------------------
def test_add_rename_recolour_collapse_and_delete_a_group(admin, admin_api, board):
    changed(admin.post(f"/boards/{board['id']}/groups", data={"name": "Won deals"}, headers=HX))
    group = next(g for g in groups(admin_api, board) if g["name"] == "Won deals")
    menu = admin.get(f"/groups/{group['id']}/menu", headers=HX).get_data(as_text=True)
    assert f"/groups/{group['id']}/rename" in menu and f"/groups/{group['id']}/color" in menu
    changed(admin.post(f"/groups/{group['id']}/rename", data={"name": "Closed"}, headers=HX))
    changed(admin.post(f"/groups/{group['id']}/color", data={"color": "#A25DDC"}, headers=HX))
    changed(admin.post(f"/groups/{group['id']}/collapse", data={"collapsed": "1"}, headers=HX))
    group = next(g for g in groups(admin_api, board) if g["id"] == group["id"])
    assert (group["name"], group["color"], group["collapsed"]) == ("Closed", "#a25ddc", True)
    changed(admin.post(f"/groups/{group['id']}/collapse", headers=HX))
    assert next(g for g in groups(admin_api, board) if g["id"] == group["id"])["collapsed"] is False
    changed(admin.post(f"/groups/{group['id']}/delete", headers=HX))
    assert group["id"] not in {g["id"] for g in groups(admin_api, board)}


def test_a_bad_colour_is_refused(admin, admin_api, board):
    group = groups(admin_api, board)[0]
    response = admin.post(f"/groups/{group['id']}/color", data={"color": "red; x: y"}, headers=HX)
    assert response.status_code == 422 and "colour" in response.get_data(as_text=True)


def test_a_collapsed_group_is_marked_on_the_board(admin, admin_api, board):
    group = groups(admin_api, board)[0]
    admin_api.ok("PATCH", f"/groups/{group['id']}", {"collapsed": True})
    assert 'data-group-collapsed="true"' in admin.get(f"/boards/{board['id']}").get_data(as_text=True)


def test_reorder_groups(admin, admin_api, board):
    first = groups(admin_api, board)[0]
    second = admin_api.ok("POST", f"/boards/{board['id']}/groups", {"name": "Second"})
    third = admin_api.ok("POST", f"/boards/{board['id']}/groups", {"name": "Third"})
    ids = f"{third['id']},{first['id']},{second['id']}"  # one comma-separated value works too
    changed(admin.post(f"/boards/{board['id']}/groups/order", data={"ids": ids}, headers=HX))
    assert [g["id"] for g in groups(admin_api, board)] == [third["id"], first["id"], second["id"]]


# -- moving rows ---------------------------------------------------------------------------
def test_a_member_drags_a_row_into_another_group_before_an_item(web_login, member_of, admin_api, board):
    member = web_login(member_of("member"))
    first = groups(admin_api, board)[0]
    other = admin_api.ok("POST", f"/boards/{board['id']}/groups", {"name": "Other"})
    moving = admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "moving", "group_id": first["id"]})
    admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "x", "group_id": other["id"]})
    y = admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "y", "group_id": other["id"]})
    changed(member.post(f"/items/{moving['id']}/move", data={"group_id": other["id"], "before_id": y["id"]},
                        headers=HX))
    items = admin_api.ok("GET", f"/boards/{board['id']}/items")["items"]
    in_other = [i["name"] for i in sorted(items, key=lambda i: i["position"]) if i["group_id"] == other["id"]]
    assert in_other == ["x", "moving", "y"]
    changed(member.post(f"/items/{moving['id']}/move", data={"after_id": y["id"]}, headers=HX))
    position = {i["name"]: i["position"] for i in admin_api.ok("GET", f"/boards/{board['id']}/items")["items"]}
    assert position["x"] < position["y"] < position["moving"]


def test_a_move_to_a_group_of_another_board_is_refused(admin, admin_api, board, workspace):
    other_board = admin_api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Other"})
    item = admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "a"})
    response = admin.post(f"/items/{item['id']}/move", data={"group_id": groups(admin_api, other_board)[0]["id"]},
                          headers=HX)
    assert response.status_code == 422


def test_a_viewer_cannot_move_rows(web_login, member_of, admin_api, board):
    viewer = web_login(member_of("viewer"))
    item = admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "a"})
    assert viewer.post(f"/items/{item['id']}/move", data={"group_id": item["group_id"]}, headers=HX).status_code == 403


def design_requests(board: dict, column: dict, group: dict) -> list[tuple[str, str, dict]]:
    b, c, g = board["id"], column["id"], group["id"]
    return [
        ("GET", f"/boards/{b}/columns/new", {}), ("POST", f"/boards/{b}/columns", {"title": "T", "type": "text"}),
        ("POST", f"/boards/{b}/columns", {"title": "T", "type": "mirror"}),
        ("GET", f"/boards/{b}/columns/setup?type=connect_boards", {}),
        ("GET", f"/columns/{c}/menu", {}), ("POST", f"/columns/{c}/rename", {"title": "T"}),
        ("GET", f"/columns/{c}/settings", {}), ("POST", f"/columns/{c}/settings", {}),
        ("GET", f"/columns/{c}/type-change?type=number", {}), ("POST", f"/columns/{c}/type", {"type": "number"}),
        ("POST", f"/columns/{c}/hide", {}), ("POST", f"/columns/{c}/delete", {}),
        ("POST", f"/boards/{b}/columns/order", {"ids": c}), ("GET", f"/groups/{g}/menu", {}),
        ("POST", f"/boards/{b}/groups", {"name": "G"}), ("POST", f"/groups/{g}/rename", {"name": "G"}),
        ("POST", f"/groups/{g}/color", {"color": "#000000"}), ("POST", f"/groups/{g}/collapse", {}),
        ("POST", f"/groups/{g}/delete", {}), ("POST", f"/boards/{b}/groups/order", {"ids": g}),
        ("POST", f"/workspaces/{board['workspace_id']}/boards", {"name": "B"}),
        ("POST", f"/boards/{b}/rename", {"name": "B"}), ("POST", f"/boards/{b}/delete", {}),
    ]


def test_a_member_may_not_design(web_login, member_of, admin_api, board):
    member = web_login(member_of("member"))
    column, group = add_column(admin_api, board), groups(admin_api, board)[0]
    for method, path, data in design_requests(board, column, group):
        response = member.open(path, method=method, data=data, headers=HX)
        assert response.status_code == 403, (method, path, response.status_code)
    assert columns(admin_api, board)["Notes"]["title"] == "Notes"


def test_another_workspace_does_not_exist(web_login, make_api, admin_api, board, workspace):
    stranger_api = make_api()
    stranger_api.ok("POST", "/workspaces", {"name": "Theirs"})
    stranger = web_login(stranger_api)
    column, group = add_column(admin_api, board), groups(admin_api, board)[0]
    item = admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "a"})
    ws = workspace["id"]
    requests = [*design_requests(board, column, group), ("POST", f"/items/{item['id']}/move", {}),
                ("GET", f"/workspaces/{ws}/trash", {}), ("GET", f"/workspaces/{ws}/actions", {}),
                ("POST", f"/trash/column/{column['id']}/restore", {})]
    for method, path, data in requests:
        response = stranger.open(path, method=method, data=data, headers=HX)
        assert response.status_code == 404, (method, path, response.status_code)


def test_design_needs_a_login(client, board):
    response = client.post(f"/boards/{board['id']}/columns", data={"title": "T", "type": "text"})
    assert response.status_code in (302, 401)
    assert response.status_code == 401 or "/login" in response.headers["Location"]


# -- boards, sidebar actions and the trash ---------------------------------------------------
def test_create_rename_and_delete_a_board(admin, admin_api, workspace):
    response = admin.post(f"/workspaces/{workspace['id']}/boards", data={"name": "Leads"})
    assert response.status_code == 302
    board_id = int(re.search(r"/boards/(\d+)$", response.headers["Location"]).group(1))
    assert admin_api.ok("GET", f"/boards/{board_id}")["name"] == "Leads"
    assert admin.post(f"/boards/{board_id}/rename", data={"name": "Hot leads"}).status_code == 302
    assert admin_api.ok("GET", f"/boards/{board_id}")["name"] == "Hot leads"
    response = admin.post(f"/boards/{board_id}/delete")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert admin_api.get(f"/boards/{board_id}").status == 404
    trash = admin.get(f"/workspaces/{workspace['id']}/trash").get_data(as_text=True)
    assert "Hot leads" in trash
    admin.post(f"/trash/board/{board_id}/restore")
    assert admin_api.ok("GET", f"/boards/{board_id}")["name"] == "Hot leads"


def test_a_blank_board_name_is_flashed_back(admin, workspace):
    response = admin.post(f"/workspaces/{workspace['id']}/boards", data={"name": " ", "next": "/"},
                          follow_redirects=True)
    assert response.status_code == 200 and "must not be empty" in response.get_data(as_text=True)


def test_a_redirect_never_leaves_the_site(admin, workspace):
    response = admin.post(f"/workspaces/{workspace['id']}/boards", data={"name": " ", "next": "//evil.example"})
    assert response.headers["Location"] == "/"


def test_an_htmx_board_creation_redirects_the_whole_page(admin, workspace):
    response = admin.post(f"/workspaces/{workspace['id']}/boards", data={"name": "Leads"}, headers=HX)
    assert response.status_code == 200 and re.fullmatch(r"/boards/\d+", response.headers["HX-Redirect"])


def test_workspace_actions_follow_the_role(admin, web_login, member_of, board, workspace):
    html = admin.get(f"/workspaces/{workspace['id']}/actions?board={board['id']}", headers=HX).get_data(as_text=True)
    assert f"/workspaces/{workspace['id']}/boards" in html and f"/boards/{board['id']}/rename" in html
    assert f"/boards/{board['id']}/delete" in html and f"/workspaces/{workspace['id']}/trash" in html
    assert "<html" not in html
    page = admin.get(f"/workspaces/{workspace['id']}/actions").get_data(as_text=True)
    assert "<html" in page and f"/boards/{board['id']}/rename" not in page
    member = web_login(member_of("member"))
    html = member.get(f"/workspaces/{workspace['id']}/actions?board={board['id']}", headers=HX).get_data(as_text=True)
    assert "/rename" not in html and "/boards\"" not in html and f"/workspaces/{workspace['id']}/trash" in html


@pytest.mark.parametrize("with_page", [True, False])
def test_the_actions_partial_can_be_included_in_the_sidebar_or_the_home_page(app, board, workspace, with_page):
    """The include the sidebar (with `page`) and the home page (without) can add, in their loop."""
    from types import SimpleNamespace

    from flask import render_template_string

    from workspace.models import Role

    loop = ('{% for workspace, role, boards in sidebar %}'
            '{% include "boards/design/_workspace_actions.html" ignore missing %}{% endfor %}')
    ws = SimpleNamespace(id=workspace["id"], name="Sales")
    page = SimpleNamespace(board=SimpleNamespace(id=board["id"], workspace_id=workspace["id"], name="Deals"))
    with app.test_request_context():
        html = render_template_string(loop, sidebar=[(ws, Role.admin, [])], **({"page": page} if with_page else {}))
    assert f"/workspaces/{workspace['id']}/boards" in html and f"/workspaces/{workspace['id']}/trash" in html
    assert (f"/boards/{board['id']}/rename" in html) is with_page


def test_the_add_group_form_can_be_included_after_the_groups(app, board):
    from types import SimpleNamespace

    from flask import render_template_string

    page = SimpleNamespace(board=SimpleNamespace(id=board["id"]))
    with app.test_request_context():
        html = render_template_string('{% include "boards/design/_add_group.html" %}', page=page)
    assert f'hx-post="/boards/{board["id"]}/groups"' in html and 'name="csrf_token"' in html


def test_the_trash_lists_newest_first_and_restores(admin, admin_api, board, workspace, web_login, member_of):
    group = admin_api.ok("POST", f"/boards/{board['id']}/groups", {"name": "Old group"})
    admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "went with its group", "group_id": group["id"]})
    item = admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "Lone item"})
    admin_api.ok("DELETE", f"/groups/{group['id']}")
    admin_api.ok("DELETE", f"/items/{item['id']}")
    html = admin.get(f"/workspaces/{workspace['id']}/trash").get_data(as_text=True)
    assert html.index("Lone item") < html.index("Old group"), "newest first"
    assert "went with its group" not in html, "it comes back with its group"
    assert html.count("Restore</button>") == 2
    member_html = web_login(member_of("member")).get(f"/workspaces/{workspace['id']}/trash").get_data(as_text=True)
    assert member_html.count("Restore</button>") == 1, "a member restores items only"
    response = admin.post(f"/trash/group/{group['id']}/restore", follow_redirects=True)
    assert "Restored" in response.get_data(as_text=True)
    names = {i["name"] for i in admin_api.ok("GET", f"/boards/{board['id']}/items")["items"]}
    assert "went with its group" in names
    admin.post(f"/trash/item/{item['id']}/restore")
    assert admin_api.ok("GET", f"/items/{item['id']}")["name"] == "Lone item"
    assert "The trash is empty" in admin.get(f"/workspaces/{workspace['id']}/trash").get_data(as_text=True)


def test_restoring_what_is_not_in_the_trash_is_not_found(admin, admin_api, board):
    column = add_column(admin_api, board)
    assert admin.post(f"/trash/column/{column['id']}/restore").status_code == 404
    assert admin.post(f"/trash/planet/{column['id']}/restore").status_code == 404


def test_a_viewer_cannot_open_the_trash(web_login, member_of, workspace):
    assert web_login(member_of("viewer")).get(f"/workspaces/{workspace['id']}/trash").status_code == 403


# -- escaping ------------------------------------------------------------------------------
def test_names_are_escaped_everywhere_in_design(admin, admin_api, board, workspace):
    evil = "<img src=x onerror=alert(1)>"
    column = add_column(admin_api, board, evil)
    group = admin_api.ok("POST", f"/boards/{board['id']}/groups", {"name": evil})
    pages = [admin.get(f"/boards/{board['id']}"), admin.get(f"/columns/{column['id']}/menu", headers=HX),
             admin.get(f"/columns/{column['id']}/settings", headers=HX),
             admin.get(f"/columns/{column['id']}/type-change?type=number", headers=HX),
             admin.get(f"/groups/{group['id']}/menu", headers=HX)]
    admin_api.ok("DELETE", f"/columns/{column['id']}")
    pages.append(admin.get(f"/workspaces/{workspace['id']}/trash"))
    for response in pages:
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
