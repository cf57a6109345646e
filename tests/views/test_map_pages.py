"""The map view: markers of items with a location or a country, under the page's filter and search,
capped; a basemap that needs no internet; nothing across workspaces."""
from __future__ import annotations

import html
import json
import re
import urllib.parse

import pytest

from tests.views.test_kanban_pages import log_in

PLACES = [("Taipei 101", {"lat": 25.0340, "lng": 121.5645, "address": "Xinyi, Taipei"}, "TW", 10),
          ("Chiang Mai office", {"lat": 18.7883, "lng": 98.9853}, "TH", 20),
          ("Lisbon", {"lat": 38.7223, "lng": -9.1393}, "PT", 30),
          ("Nowhere yet", None, None, 40)]


@pytest.fixture
def places(admin_api, board):
    """A board with a location, a country and a number column, four items (one without a place),
    and a map view on each place column."""
    keys = {}
    for title, type_name in (("Place", "location"), ("Country", "country"), ("Score", "number")):
        keys[type_name] = admin_api.ok("POST", f"/boards/{board['id']}/columns",
                                       {"title": title, "type": type_name})["key"]
    items = {}
    for name, place, country, score in PLACES:
        values = {keys["number"]: score}
        if place:
            values.update({keys["location"]: place, keys["country"]: country})
        items[name] = admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": name, "values": values})
    views = {kind: admin_api.ok("POST", f"/boards/{board['id']}/views", {
        "name": f"By {kind}", "type": "map", "settings": {"column": keys[kind]}}) for kind in ("location", "country")}
    return {"board": board, "keys": keys, "items": items, "views": views}


def markers_url(page_html: str) -> str:
    return html.unescape(re.search(r'data-markers-url="([^"]*)"', page_html).group(1))


def test_the_map_page_draws_from_vendored_files_only(app, admin_api, places):
    client = log_in(app, admin_api)
    page = client.get(f"/boards/{places['board']['id']}?view={places['views']['location']['id']}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "data-map" in text
    for path in ("vendor/leaflet-1.9.4/leaflet.js", "vendor/leaflet-1.9.4/leaflet.css",
                 "vendor/leaflet.markercluster-1.5.3/leaflet.markercluster.js",
                 "vendor/leaflet.markercluster-1.5.3/MarkerCluster.Default.css",
                 "vendor/topojson-client-3.1.0.min.js", "vendor/world-atlas-2.0.2/countries-110m.json"):
        assert f"/static/{path}" in text
        response = client.get(f"/static/{path}")
        response.close()  # a static file is streamed: close it, or its file handle leaks
        assert response.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]*)"', text)
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))], "nothing from the internet"
    assert "data-tile-url" not in text
    assert markers_url(text).startswith(f"/boards/{places['board']['id']}/map/markers.json?view=")


def test_a_tile_url_from_config_is_added_over_the_basemap(app, admin_api, places):
    app.config["MAP_TILE_URL"] = "https://tiles.example.org/{z}/{x}/{y}.png"
    try:
        page = log_in(app, admin_api).get(f"/boards/{places['board']['id']}?view={places['views']['location']['id']}")
    finally:
        app.config["MAP_TILE_URL"] = None
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in page.get_data(as_text=True)


def test_markers_of_a_location_column(app, admin_api, places):
    client = log_in(app, admin_api)
    board_id, view_id = places["board"]["id"], places["views"]["location"]["id"]
    data = client.get(f"/boards/{board_id}/map/markers.json?view={view_id}").get_json()
    assert data["truncated"] is False and data["limit"] == 5000
    taipei = places["items"]["Taipei 101"]["id"]
    assert data["markers"][0] == {"id": taipei, "name": "Taipei 101", "lat": 25.034, "lng": 121.5645,
                                  "address": "Xinyi, Taipei"}
    assert [m["name"] for m in data["markers"]] == ["Taipei 101", "Chiang Mai office", "Lisbon"]
    assert "address" not in data["markers"][1]


def test_markers_of_a_country_column_carry_the_iso_codes_of_the_basemap(app, admin_api, places):
    client = log_in(app, admin_api)
    board_id, view_id = places["board"]["id"], places["views"]["country"]["id"]
    data = client.get(f"/boards/{board_id}/map/markers.json?view={view_id}").get_json()
    assert [(m["name"], m["country"], m["numeric"]) for m in data["markers"]] == [
        ("Taipei 101", "TW", "158"), ("Chiang Mai office", "TH", "764"), ("Lisbon", "PT", "620")]
    assert "lat" not in data["markers"][0]
    # The numeric code is the id of the country's shape in the vendored world-atlas.
    response = client.get("/static/vendor/world-atlas-2.0.2/countries-110m.json")
    atlas = json.loads(response.get_data())
    response.close()
    ids = {g.get("id") for g in atlas["objects"]["countries"]["geometries"]}
    assert {"158", "764", "620"} <= ids


def test_markers_honour_the_page_filter_and_search(app, admin_api, places):
    client = log_in(app, admin_api)
    board_id, view_id = places["board"]["id"], places["views"]["location"]["id"]
    rule = {"and": [{"column": places["keys"]["number"], "operator": "greater_than", "value": 15}]}
    page = client.get(f"/boards/{board_id}?" + urllib.parse.urlencode({"view": view_id, "filter": json.dumps(rule)}))
    data = client.get(markers_url(page.get_data(as_text=True))).get_json()
    assert [m["name"] for m in data["markers"]] == ["Chiang Mai office", "Lisbon"]
    searched = client.get(f"/boards/{board_id}?view={view_id}&q=lisb").get_data(as_text=True)
    assert [m["name"] for m in client.get(markers_url(searched)).get_json()["markers"]] == ["Lisbon"]


def test_the_view_filter_applies_too(app, admin_api, places):
    view = places["views"]["location"]
    admin_api.ok("PATCH", f"/views/{view['id']}", {"filter": {"and": [
        {"column": "name", "operator": "contains_text", "value": "office"}]}})
    client = log_in(app, admin_api)
    data = client.get(f"/boards/{places['board']['id']}/map/markers.json?view={view['id']}").get_json()
    assert [m["name"] for m in data["markers"]] == ["Chiang Mai office"]


def test_markers_are_capped_and_say_so(app, admin_api, places, monkeypatch):
    import views.map_pages

    monkeypatch.setattr(views.map_pages, "MAX_MARKERS", 2)
    client = log_in(app, admin_api)
    board_id, view_id = places["board"]["id"], places["views"]["location"]["id"]
    data = client.get(f"/boards/{board_id}/map/markers.json?view={view_id}").get_json()
    assert len(data["markers"]) == 2 and data["truncated"] is True and data["limit"] == 2


def test_only_top_level_items_are_markers(app, admin_api, places):
    parent = places["items"]["Lisbon"]
    admin_api.ok("POST", f"/boards/{places['board']['id']}/items", {"name": "a sub-item", "parent_id": parent["id"]})
    client = log_in(app, admin_api)
    data = client.get(f"/boards/{places['board']['id']}/map/markers.json?view={places['views']['location']['id']}")
    assert "a sub-item" not in {m["name"] for m in data.get_json()["markers"]}


def test_markers_need_a_map_view_of_the_board_and_are_404_across_workspaces(app, admin_api, places, make_api):
    board_id, view_id = places["board"]["id"], places["views"]["location"]["id"]
    table = admin_api.ok("POST", f"/boards/{board_id}/views", {"name": "All", "type": "table"})
    client = log_in(app, admin_api)
    assert client.get(f"/boards/{board_id}/map/markers.json?view={table['id']}").status_code == 404
    assert client.get(f"/boards/{board_id}/map/markers.json").status_code == 404
    outsider = log_in(app, make_api())
    assert outsider.get(f"/boards/{board_id}/map/markers.json?view={view_id}").status_code == 404
    assert outsider.get(f"/boards/{board_id}?view={view_id}").status_code == 404


def test_a_viewer_sees_the_markers(app, places, member_of):
    viewer = log_in(app, member_of("viewer"))
    board_id, view_id = places["board"]["id"], places["views"]["country"]["id"]
    assert len(viewer.get(f"/boards/{board_id}/map/markers.json?view={view_id}").get_json()["markers"]) == 3


def test_names_in_markers_are_plain_json_strings(app, admin_api, places):
    admin_api.ok("POST", f"/boards/{places['board']['id']}/items", {
        "name": "<script>alert(1)</script>", "values": {places["keys"]["location"]: {"lat": 1, "lng": 2}}})
    client = log_in(app, admin_api)
    response = client.get(f"/boards/{places['board']['id']}/map/markers.json?view={places['views']['location']['id']}")
    assert response.mimetype == "application/json"
    assert "<script>alert(1)</script>" in {m["name"] for m in response.get_json()["markers"]}
