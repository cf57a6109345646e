"""The board page: table view with groups, counts, cells, paging by scroll, URL state."""
from __future__ import annotations

import json
import urllib.parse

import pytest

from tests.factories import web_client


@pytest.fixture
def logged_in(app, admin_api):
    return web_client(app, admin_api.user_id)


def test_the_board_page_shows_groups_counts_columns_and_values(logged_in, admin_api, board):
    key = admin_api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Deal value", "type": "number"})["key"]
    for n in range(3):
        admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": f"Deal {n}", "values": {key: n * 100}})
    html = logged_in.get(f"/boards/{board['id']}").get_data(as_text=True)
    assert "Deal value" in html and "Deal 2" in html and "200" in html
    assert "3 items" in html


def test_a_big_group_loads_the_rest_as_the_user_scrolls(logged_in, admin_api, board):
    admin_api.ok("POST", f"/boards/{board['id']}/items/batch", {"items": [{"name": f"n{n:03d}"} for n in range(60)]})
    html = logged_in.get(f"/boards/{board['id']}").get_data(as_text=True)
    assert "n049" in html and "n050" not in html
    more = html.split('class="more-rows" hx-get="')[1].split('"')[0].replace("&amp;", "&")
    rest = logged_in.get(more).get_data(as_text=True)
    assert "n050" in rest and "n059" in rest and "more-rows" not in rest


def test_the_url_holds_filter_sort_and_search(logged_in, admin_api, board):
    key = admin_api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Value", "type": "number"})["key"]
    for name, value in (("small", 1), ("big", 100), ("huge", 1000)):
        admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": name, "values": {key: value}})
    query = urllib.parse.urlencode({"filter": json.dumps({"and": [{"column": key, "operator": "greater_than",
                                                                    "value": 10}]}),
                                    "sort": json.dumps([{"column": key, "direction": "desc"}])})
    html = logged_in.get(f"/boards/{board['id']}?{query}").get_data(as_text=True)
    assert "small" not in html and html.index("huge") < html.index("big")
    searched = logged_in.get(f"/boards/{board['id']}?q=hug").get_data(as_text=True)
    assert "huge" in searched and "big<" not in searched


def test_a_bad_filter_in_the_url_shows_the_reason_and_the_whole_board(logged_in, admin_api, board):
    admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "kept"})
    bad = urllib.parse.quote(json.dumps({"and": [{"column": "nope", "operator": "equals", "value": 1}]}))
    response = logged_in.get(f"/boards/{board['id']}?filter={bad}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "nope" in html and "kept" in html


def test_names_are_escaped_on_the_board_page(logged_in, admin_api, board):
    admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "<img src=x onerror=alert(1)>"})
    html = logged_in.get(f"/boards/{board['id']}").get_data(as_text=True)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_save_as_view_and_save_changes_store_the_filter_and_sort_on_screen(logged_in, admin_api, board):
    key = admin_api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Value", "type": "number"})["key"]
    tree = {"and": [{"column": key, "operator": "greater_than", "value": 10}]}
    sort = [{"column": key, "direction": "desc"}]
    response = logged_in.post(f"/boards/{board['id']}/views", data={
        "name": "Big", "type": "table", "filter": json.dumps(tree), "sort": json.dumps(sort)})
    assert response.status_code == 302 and "view=" in response.location
    view = admin_api.ok("GET", f"/boards/{board['id']}/views")[0]
    assert (view["name"], view["filter"], view["sort"]) == ("Big", tree, sort)
    html = logged_in.get(response.location).get_data(as_text=True)
    assert "Big" in html and "Save changes" not in html, "nothing unsaved yet"
    changed = logged_in.get(f"/boards/{board['id']}?view={view['id']}&sort=" + urllib.parse.quote("[]"))
    assert "Save changes" in changed.get_data(as_text=True)
    logged_in.post(f"/views/{view['id']}/save", data={"filter": json.dumps(tree), "sort": "[]"})
    assert admin_api.ok("GET", f"/views/{view['id']}")["sort"] == []


def test_a_bad_view_is_not_saved_and_says_why(logged_in, admin_api, board):
    response = logged_in.post(f"/boards/{board['id']}/views", data={"name": "", "type": "table"},
                              follow_redirects=True)
    assert "not saved" in response.get_data(as_text=True)
    assert admin_api.ok("GET", f"/boards/{board['id']}/views") == []


def test_the_columns_menu_hides_columns_in_one_view_only(logged_in, admin_api, board):
    keys = [admin_api.ok("POST", f"/boards/{board['id']}/columns", {"title": t, "type": "text"})["key"]
            for t in ("Alpha", "Beta")]
    view = admin_api.ok("POST", f"/boards/{board['id']}/views", {"name": "Slim", "type": "table"})
    response = logged_in.post(f"/views/{view['id']}/columns", data={"shown": [keys[0]]})
    assert response.status_code == 302
    assert admin_api.ok("GET", f"/views/{view['id']}")["settings"]["hidden_columns"] == [keys[1]]
    slim = logged_in.get(f"/boards/{board['id']}?view={view['id']}").get_data(as_text=True)
    assert f'<th data-column-key="{keys[1]}"' not in slim and f'<th data-column-key="{keys[0]}"' in slim
    other = admin_api.ok("POST", f"/boards/{board['id']}/views", {"name": "Full", "type": "table"})
    full = logged_in.get(f"/boards/{board['id']}?view={other['id']}").get_data(as_text=True)
    assert f'<th data-column-key="{keys[1]}"' in full
