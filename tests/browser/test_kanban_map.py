"""The kanban and map views in a real browser: drag a card to another lane (checked on the server),
then see the items on the map — with nothing fetched from outside the app."""
from __future__ import annotations

import json

from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD

STAGES = [{"label": "Working on it", "color": "#fdab3d"}, {"label": "Stuck", "color": "#e2445c"},
          {"label": "Done", "color": "#00c875"}]
DEALS = [("Acme", "Done", {"lat": 25.034, "lng": 121.5645, "address": "Taipei 101"}, "TW"),
         ("Globex", "Done", {"lat": 38.7223, "lng": -9.1393}, "PT"),
         ("Initech", "Stuck", {"lat": -33.8688, "lng": 151.2093}, "FJ"),
         ("Hooli", "Working on it", None, "SG")]  # Singapore is too small for the 1:110m basemap


def lane(page, value):
    return page.locator(f".kanban-lane[data-lane='{json.dumps(value)}']")


def drag(page, source, target) -> None:
    """Sortable (fallback mode) follows pointer events: press, move a little, glide, release."""
    start, end = source.bounding_box(), target.bounding_box()
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 8, y + 8, steps=4)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] * 0.75, steps=25)
    page.wait_for_timeout(200)  # Sortable's animation settles on the new spot
    page.mouse.up()


def test_drag_a_card_to_another_lane_then_see_the_map(page, live_server, login, make_api, screenshot):
    api = make_api(email="kanban@example.com")
    workspace = api.ok("POST", "/workspaces", {"name": "Sales"})
    board = api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Deals"})
    stage = api.ok("POST", f"/boards/{board['id']}/columns",
                   {"title": "Stage", "type": "status", "settings": {"labels": STAGES}})["key"]
    place = api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Place", "type": "location"})["key"]
    country = api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Country", "type": "country"})["key"]
    items = {}
    for name, status, location, code in DEALS:
        values = {stage: status, country: code, **({place: location} if location else {})}
        items[name] = api.ok("POST", f"/boards/{board['id']}/items", {"name": name, "values": values})
    api.ok("POST", f"/boards/{board['id']}/views", {"name": "Pipeline", "type": "kanban",
                                                    "settings": {"column": stage, "card_columns": [place]}})
    api.ok("POST", f"/boards/{board['id']}/views", {"name": "Places", "type": "map", "settings": {"column": place}})
    api.ok("POST", f"/boards/{board['id']}/views", {"name": "Countries", "type": "map",
                                                    "settings": {"column": country}})

    requested: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 1400, "height": 900})
    login("kanban@example.com", PASSWORD)
    page.goto(f"{live_server}/boards/{board['id']}")

    page.click(".view-tabs a:has-text('Pipeline')")
    expect(lane(page, "Done").locator(".kanban-card")).to_have_count(2)  # loaded when the lane is seen
    expect(lane(page, "Stuck").locator(".lane-count")).to_have_text("1")
    acme = lane(page, "Done").locator(".kanban-card", has_text="Acme")
    with page.expect_response(lambda r: r.url.endswith(f"/cards/{items['Acme']['id']}/move")) as moved:
        drag(page, acme, lane(page, "Stuck").locator(".kanban-card", has_text="Initech"))
    assert moved.value.status == 200, moved.value.text()
    assert api.ok("GET", f"/items/{items['Acme']['id']}")["values"][stage] == "Stuck"
    expect(lane(page, "Stuck").locator(".lane-count")).to_have_text("2")
    expect(lane(page, "Done").locator(".lane-count")).to_have_text("1")
    expect(lane(page, "Stuck").locator(".card-name")).to_have_text(["Initech", "Acme"])
    screenshot("kanban")

    # Into an empty lane, then the order survives a reload (this view's manual card order).
    with page.expect_response(lambda r: "/move" in r.url) as moved:
        drag(page, lane(page, "Done").locator(".kanban-card", has_text="Globex"),
             lane(page, "Working on it").locator(".kanban-card", has_text="Hooli"))
    assert moved.value.status == 200
    assert api.ok("GET", f"/items/{items['Globex']['id']}")["values"][stage] == "Working on it"
    page.reload()
    expect(lane(page, "Working on it").locator(".card-name")).to_have_text(["Hooli", "Globex"])
    expect(lane(page, "Done").locator(".lane-count")).to_have_text("0")

    # Searching swaps the body in again (htmx): lanes and counts follow, dragging still works.
    page.fill("input[name=q]", "Acme")
    expect(lane(page, "Working on it").locator(".lane-count")).to_have_text("0")
    expect(lane(page, "Stuck").locator(".card-name")).to_have_text(["Acme"])
    with page.expect_response(lambda r: "/move" in r.url) as moved:
        drag(page, lane(page, "Stuck").locator(".kanban-card"), lane(page, "Done").locator(".lane-cards"))
    assert moved.value.status == 200
    expect(lane(page, "Done").locator(".lane-count")).to_have_text("1")
    assert api.ok("GET", f"/items/{items['Acme']['id']}")["values"][stage] == "Done"

    page.click(".view-tabs a:has-text('Places')")
    page.wait_for_selector(".leaflet-marker-icon")
    page.wait_for_function("() => document.querySelector('[data-map]')?.dataset.markerCount === '3'")
    expect(page.locator(".leaflet-overlay-pane path, .leaflet-basemap-pane path").first).to_be_attached()
    screenshot("map")
    # Lisbon is far from the others, so not in a cluster: a click opens the item's panel.
    with page.expect_request(lambda r: r.url.endswith(f"/items/{items['Globex']['id']}/panel")):
        page.locator(".leaflet-marker-icon[title='Globex']").click()
    page.fill("input[name=q]", "Globex")  # the search narrows the map too
    page.wait_for_function("() => document.querySelector('[data-map]')?.dataset.markerCount === '1'")

    # A country column: markers at the centre of each country's shape (Fiji straddles 180°).
    page.click(".view-tabs a:has-text('Countries')")
    page.wait_for_function("() => document.querySelector('[data-map]')?.dataset.markerCount === '3'")
    expect(page.locator("[data-map-status]")).to_contain_text("Hooli")  # not on the basemap: said so
    centres = page.evaluate("""() => {
        const found = {};
        document.querySelectorAll('.leaflet-marker-icon[title]').forEach((icon) => { found[icon.title] = true; });
        return found;
    }""")
    assert set(centres) <= {"Acme", "Globex", "Initech"}
    screenshot("map_countries")

    outside = [url for url in requested if not url.startswith(live_server) and not url.startswith("data:")]
    assert outside == [], "the page fetched something from outside the app"
    assert errors == []
