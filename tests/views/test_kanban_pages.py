"""The kanban view of the board page: lanes in label order with counts, each lane's cards paged by
scroll under the page's filter and search, no dragging for viewers, nothing across workspaces."""
from __future__ import annotations

import html
import json
import re
import urllib.parse

import pytest

from tests.factories import web_client

STAGES = [{"label": "Working on it", "color": "#fdab3d"}, {"label": "Stuck", "color": "#e2445c"},
          {"label": "Done", "color": "#00c875"}]


def log_in(app, api) -> object:
    """A test client with the session cookie of the user behind `api`."""
    return web_client(app, api.user_id)


@pytest.fixture
def kanban(admin_api, board):
    """A board with a status and a number column, items in some lanes, and a kanban view."""
    status = admin_api.ok("POST", f"/boards/{board['id']}/columns",
                          {"title": "Stage", "type": "status", "settings": {"labels": STAGES}})["key"]
    amount = admin_api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Amount", "type": "number"})["key"]
    items = {}
    for name, stage, value in [("Acme", "Done", 100), ("Globex", "Done", 250), ("Initech", "Stuck", 5),
                               ("Hooli", None, 7)]:
        values = {amount: value, **({status: stage} if stage else {})}
        items[name] = admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": name, "values": values})
    view = admin_api.ok("POST", f"/boards/{board['id']}/views", {
        "name": "Pipeline", "type": "kanban", "settings": {"column": status, "card_columns": [amount]}})
    return {"board": board, "status": status, "amount": amount, "items": items, "view": view}


def lanes_of(page_html: str) -> list[tuple]:
    """(lane value, count) in the order the page shows them."""
    found = re.findall(r'<section class="kanban-lane" data-lane="([^"]*)".*?data-lane-count[^>]*>(\d+)<',
                       page_html, re.S)
    return [(json.loads(html.unescape(value)), int(count)) for value, count in found]


def lane_url(page_html: str, lane) -> str:
    for value, url in re.findall(r'data-lane="([^"]*)".*?data-lane-cards hx-get="([^"]*)"', page_html, re.S):
        if json.loads(html.unescape(value)) == lane:
            return html.unescape(url)
    raise AssertionError(f"no lane {lane!r}")


def card_names(cards_html: str) -> list[str]:
    return [html.unescape(n) for n in re.findall(r'class="card-name item-name"[^>]*>([^<]*)</a>', cards_html)]


def test_lanes_come_in_label_order_with_their_counts_and_load_their_cards_lazily(app, admin_api, kanban):
    client = log_in(app, admin_api)
    page = client.get(f"/boards/{kanban['board']['id']}?view={kanban['view']['id']}").get_data(as_text=True)
    assert lanes_of(page) == [("Working on it", 0), ("Stuck", 1), ("Done", 2), (None, 1)]
    assert "--lane-color: #00c875" in page  # the status label's colour
    assert "Acme" not in page, "cards load when their lane is seen, not with the page"
    assert 'hx-trigger="intersect once"' in page
    assert "vendor/sortable-1.15.7.min.js" in page and 'data-can-edit="true"' in page

    done = client.get(lane_url(page, "Done")).get_data(as_text=True)
    assert card_names(done) == ["Acme", "Globex"]
    assert "Amount" in done and "250" in done, "cards show the view's card_columns"
    assert 'hx-get="/items/' in done and 'hx-target="#item-panel"' in done
    assert "drag-handle" in done
    empty_lane = client.get(lane_url(page, None)).get_data(as_text=True)
    assert card_names(empty_lane) == ["Hooli"]
    nothing = client.get(lane_url(page, "Working on it")).get_data(as_text=True)
    assert card_names(nothing) == [] and "lane-empty" in nothing


def test_a_lane_pages_its_cards_as_it_scrolls_and_keeps_the_manual_order(app, admin_api, kanban):
    board, status = kanban["board"], kanban["status"]
    admin_api.ok("POST", f"/boards/{board['id']}/items/batch",
                 {"items": [{"name": f"deal {n:02d}", "values": {status: "Stuck"}} for n in range(30)]})
    client = log_in(app, admin_api)
    page = client.get(f"/boards/{board['id']}?view={kanban['view']['id']}").get_data(as_text=True)
    assert dict(lanes_of(page))["Stuck"] == 31
    first = client.get(lane_url(page, "Stuck")).get_data(as_text=True)
    names = card_names(first)
    assert len(names) == 25 and names[0] == "Initech"
    more = html.unescape(re.search(r'class="lane-more" hx-get="([^"]*)"', first).group(1))
    rest = client.get(more).get_data(as_text=True)
    assert card_names(rest) == [f"deal {n:02d}" for n in range(24, 30)] and "lane-more" not in rest
    assert "lane-empty" not in rest, "a later page never says the lane is empty"

    # A card dropped at the top of its lane stays there (views/lanes.py place_card).
    last = admin_api.ok("GET", f"/views/{kanban['view']['id']}/items?lane=%22Stuck%22&limit=100")["items"][-1]
    admin_api.ok("POST", f"/views/{kanban['view']['id']}/cards/{last['id']}/move",
                 {"before_id": kanban["items"]["Initech"]["id"], "after_id": None}, status=200)
    assert card_names(client.get(lane_url(page, "Stuck")).get_data(as_text=True))[:2] == ["deal 29", "Initech"]


def test_a_drop_into_another_lane_changes_the_value_and_the_counts(app, admin_api, kanban):
    view_id, acme = kanban["view"]["id"], kanban["items"]["Acme"]
    admin_api.ok("POST", f"/views/{view_id}/cards/{acme['id']}/move",
                 {"lane": "Stuck", "from_lane": "Done", "before_id": None,
                  "after_id": kanban["items"]["Initech"]["id"]}, status=200)
    assert admin_api.ok("GET", f"/items/{acme['id']}")["values"][kanban["status"]] == "Stuck"
    page = log_in(app, admin_api).get(f"/boards/{kanban['board']['id']}?view={view_id}").get_data(as_text=True)
    assert lanes_of(page) == [("Working on it", 0), ("Stuck", 2), ("Done", 1), (None, 1)]
    counts_url = html.unescape(re.search(r'data-counts-url="([^"]*)"', page).group(1))
    assert counts_url.startswith("/api/v1/views/") and "lanes=true" in counts_url
    move_url = html.unescape(re.search(r'data-move-url="([^"]*)"', page).group(1))
    assert move_url == f"/api/v1/views/{view_id}/cards/0/move"


def test_the_page_filter_and_search_narrow_the_lanes_and_their_cards(app, admin_api, kanban):
    board, view = kanban["board"], kanban["view"]
    client = log_in(app, admin_api)
    rule = {"and": [{"column": kanban["amount"], "operator": "greater_than", "value": 150}]}
    query = urllib.parse.urlencode({"view": view["id"], "filter": json.dumps(rule)})
    page = client.get(f"/boards/{board['id']}?{query}").get_data(as_text=True)
    assert lanes_of(page) == [("Working on it", 0), ("Stuck", 0), ("Done", 1), (None, 0)]
    assert card_names(client.get(lane_url(page, "Done")).get_data(as_text=True)) == ["Globex"]
    counts_url = html.unescape(re.search(r'data-counts-url="([^"]*)"', page).group(1))
    assert json.loads(urllib.parse.parse_qs(urllib.parse.urlparse(counts_url).query)["filter"][0]) == rule

    searched = client.get(f"/boards/{board['id']}?view={view['id']}&q=acm").get_data(as_text=True)
    assert dict(lanes_of(searched))["Done"] == 1
    assert card_names(client.get(lane_url(searched, "Done")).get_data(as_text=True)) == ["Acme"]

    by_amount = json.dumps([{"column": kanban["amount"], "direction": "desc"}])
    sorted_page = client.get(f"/boards/{board['id']}?view={view['id']}&sort={urllib.parse.quote(by_amount)}")
    done = client.get(lane_url(sorted_page.get_data(as_text=True), "Done")).get_data(as_text=True)
    assert card_names(done) == ["Globex", "Acme"]


def test_a_viewer_sees_the_lanes_but_cannot_drag(app, kanban, member_of):
    viewer = log_in(app, member_of("viewer"))
    page = viewer.get(f"/boards/{kanban['board']['id']}?view={kanban['view']['id']}").get_data(as_text=True)
    assert lanes_of(page)[2] == ("Done", 2)
    assert 'data-can-edit="false"' in page and "sortable-1.15.7" not in page
    cards = viewer.get(lane_url(page, "Done")).get_data(as_text=True)
    assert card_names(cards) == ["Acme", "Globex"]
    assert "drag-handle" not in cards and "can-drag" not in cards


def test_another_workspace_gets_404(app, kanban, make_api):
    outsider = log_in(app, make_api())
    board_id, view_id = kanban["board"]["id"], kanban["view"]["id"]
    assert outsider.get(f"/boards/{board_id}?view={view_id}").status_code == 404
    lane = urllib.parse.quote(json.dumps("Done"))
    assert outsider.get(f"/boards/{board_id}/kanban/cards?view={view_id}&lane={lane}").status_code == 404


def test_the_lane_route_wants_a_kanban_view_and_a_json_lane(app, admin_api, kanban):
    client = log_in(app, admin_api)
    board_id, view_id = kanban["board"]["id"], kanban["view"]["id"]
    table = admin_api.ok("POST", f"/boards/{board_id}/views", {"name": "All", "type": "table"})
    lane = urllib.parse.quote(json.dumps("Done"))
    assert client.get(f"/boards/{board_id}/kanban/cards?view={table['id']}&lane={lane}").status_code == 404
    assert client.get(f"/boards/{board_id}/kanban/cards?lane={lane}").status_code == 404
    assert client.get(f"/boards/{board_id}/kanban/cards?view={view_id}&lane=Done").status_code == 400
    assert client.get(f"/boards/{board_id}/kanban/cards?view={view_id}").status_code == 400
    assert client.get(f"/boards/{board_id}/kanban/cards?view={view_id}&lane={lane}&cursor=nope").status_code == 400


def test_card_names_are_escaped(app, admin_api, kanban):
    admin_api.ok("POST", f"/boards/{kanban['board']['id']}/items",
                 {"name": "<img src=x onerror=alert(1)>", "values": {kanban["status"]: "Done"}})
    client = log_in(app, admin_api)
    page = client.get(f"/boards/{kanban['board']['id']}?view={kanban['view']['id']}").get_data(as_text=True)
    cards = client.get(lane_url(page, "Done")).get_data(as_text=True)
    assert "<img src=x" not in cards and "&lt;img src=x onerror=alert(1)&gt;" in cards


def test_a_kanban_whose_lane_column_was_deleted_says_so(app, admin_api, kanban):
    board = admin_api.ok("GET", f"/boards/{kanban['board']['id']}")
    column = next(c for c in board["columns"] if c["key"] == kanban["status"])
    admin_api.ok("DELETE", f"/columns/{column['id']}")
    page = log_in(app, admin_api).get(f"/boards/{board['id']}?view={kanban['view']['id']}")
    assert page.status_code == 200 and "kanban-missing" in page.get_data(as_text=True)


@pytest.mark.parametrize(("type_name", "values", "lanes"), [
    ("tags", [["vip", "smb"], ["smb"], None], [("smb", 2), ("vip", 1), (None, 1)]),
    ("checkbox", [True, False, None], [(True, 1), (False, 1), (None, 1)]),
])
def test_lanes_of_list_and_yes_no_columns(app, admin_api, board, type_name, values, lanes):
    key = admin_api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Lane", "type": type_name})["key"]
    for n, value in enumerate(values):
        admin_api.ok("POST", f"/boards/{board['id']}/items",
                     {"name": f"card {n}", "values": {key: value} if value is not None else {}})
    view = admin_api.ok("POST", f"/boards/{board['id']}/views",
                        {"name": "Lanes", "type": "kanban", "settings": {"column": key}})
    client = log_in(app, admin_api)
    page = client.get(f"/boards/{board['id']}?view={view['id']}").get_data(as_text=True)
    assert lanes_of(page) == lanes
    first_lane, count = lanes[0]
    assert len(card_names(client.get(lane_url(page, first_lane)).get_data(as_text=True))) == count
    assert card_names(client.get(lane_url(page, None)).get_data(as_text=True)) == ["card 2"]


def test_a_lane_of_a_value_that_is_no_longer_a_label_still_lists_its_cards(app, admin_api, board):
    column = admin_api.ok("POST", f"/boards/{board['id']}/columns", {
        "title": "Stage", "type": "status", "settings": {"labels": [{"label": "New"}, {"label": "Old"}]}})
    admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "legacy", "values": {column["key"]: "Old"}})
    admin_api.ok("PATCH", f"/columns/{column['id']}", {"settings": {"labels": [{"label": "New"}]}})
    view = admin_api.ok("POST", f"/boards/{board['id']}/views",
                        {"name": "Lanes", "type": "kanban", "settings": {"column": column["key"]}})
    client = log_in(app, admin_api)
    page = client.get(f"/boards/{board['id']}?view={view['id']}").get_data(as_text=True)
    assert lanes_of(page) == [("New", 0), ("Old", 1), (None, 0)]
    response = client.get(lane_url(page, "Old"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "legacy" in html and "lane-problem" not in html
    api_lane = admin_api.ok("GET", f"/views/{view['id']}/items?lane=" + '"Old"')
    assert [item["name"] for item in api_lane["items"]] == ["legacy"]
