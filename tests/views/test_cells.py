"""Cells of the table through the browser's routes: show, edit, save, reject, rename, add, undo."""
from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_datetime

from fields import column_types
from tests.fields.cases import BOARD_BOUND, CASES

WRITABLE_TYPES = [t.name for t in column_types if not t.read_only and t.name not in BOARD_BOUND]
READ_ONLY_TYPES = [t.name for t in column_types if t.read_only and t.name not in BOARD_BOUND]
PARSED_TYPES = [name for name in WRITABLE_TYPES if CASES[name]["parse"] and name != "people"]
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def admin_web(web_login, admin_api):
    return web_login(admin_api)


def add_column(api, board, type_name, settings=None, title=None) -> str:
    settings = CASES[type_name]["settings"] if settings is None else settings
    return api.ok("POST", f"/boards/{board['id']}/columns",
                  {"title": title or f"My {type_name}", "type": type_name, "settings": settings})["key"]


def add_item(api, board, name="Deal", values=None) -> int:
    return api.ok("POST", f"/boards/{board['id']}/items", {"name": name, "values": values or {}})["id"]


def valid_value(type_name, api):
    """A valid value other than the column's default (a new item already holds that one)."""
    if type_name == "people":
        return [api.user_id]
    default = CASES[type_name]["settings"].get("default")
    return next(v for v in CASES[type_name]["valid"] if v != default)


def normalised(app, type_name, value, member_id):
    class Members:
        def member_ids(self):
            return {member_id}

        def find_member(self, text):
            return None

        def today(self):
            return datetime.now(UTC).date()

    with app.app_context():
        return column_types.get(type_name)(CASES[type_name]["settings"]).validate(value, Members())


def trigger(response, event="boardhouse:changed"):
    return json.loads(response.headers["HX-Trigger"])[event]


def stored(api, item_id, key):
    return api.ok("GET", f"/items/{item_id}")["values"].get(key)


# -- every writable type -------------------------------------------------------------------------
@pytest.mark.parametrize("type_name", WRITABLE_TYPES)
def test_every_writable_type_has_an_editor_that_saves_a_valid_value(app, admin_web, admin_api, board, type_name):
    key = add_column(admin_api, board, type_name)
    item_id = add_item(admin_api, board)
    editor = admin_web.get(f"/items/{item_id}/cells/{key}/edit")
    html = editor.get_data(as_text=True)
    assert editor.status_code == 200
    assert 'class="cell-editor' in html and f'hx-post="/items/{item_id}/cells/{key}"' in html
    assert 'name="csrf_token"' in html and "autofocus" in html and "cell-cancel" in html

    value = valid_value(type_name, admin_api)
    response = admin_web.post(f"/items/{item_id}/cells/{key}", data={"json": json.dumps(value)})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_data(as_text=True).strip(), "the saved value shows in the cell"
    assert trigger(response)["undo_url"].startswith("/activity/")
    assert stored(admin_api, item_id, key) == normalised(app, type_name, value, admin_api.user_id)


@pytest.mark.parametrize("type_name", PARSED_TYPES)
def test_typed_text_is_read_by_the_column_type(admin_web, admin_api, board, type_name):
    key = add_column(admin_api, board, type_name)
    item_id = add_item(admin_api, board)
    text, expected = CASES[type_name]["parse"][0]
    response = admin_web.post(f"/items/{item_id}/cells/{key}", data={"text": text})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert stored(admin_api, item_id, key) == expected


def test_a_number_typed_with_grouping_is_saved_and_shown(admin_web, admin_api, board):
    key = add_column(admin_api, board, "number", {"decimals": 1})
    item_id = add_item(admin_api, board)
    response = admin_web.post(f"/items/{item_id}/cells/{key}", data={"text": "1,234.5"})
    assert response.status_code == 200
    assert "1,234.5" in response.get_data(as_text=True)
    assert stored(admin_api, item_id, key) == 1234.5


def test_an_empty_editor_clears_the_value(admin_web, admin_api, board):
    key = add_column(admin_api, board, "text")
    item_id = add_item(admin_api, board, values={key: "Acme"})
    assert admin_web.post(f"/items/{item_id}/cells/{key}", data={"text": "  "}).status_code == 200
    assert stored(admin_api, item_id, key) is None
    assert admin_web.post(f"/items/{item_id}/cells/{key}", data={"json": ""}).status_code == 200


def test_saving_the_same_value_records_nothing_and_offers_no_undo(admin_web, admin_api, board):
    key = add_column(admin_api, board, "text")
    item_id = add_item(admin_api, board, values={key: "Acme"})
    response = admin_web.post(f"/items/{item_id}/cells/{key}", data={"text": "Acme"})
    assert response.status_code == 200 and "HX-Trigger" not in response.headers


@pytest.mark.parametrize("type_name", READ_ONLY_TYPES)
def test_read_only_columns_show_but_cannot_be_edited(admin_web, admin_api, board, type_name):
    key = add_column(admin_api, board, type_name)
    item_id = add_item(admin_api, board)
    shown = admin_web.get(f"/items/{item_id}/cells/{key}")
    assert shown.status_code == 200 and shown.get_data(as_text=True).strip()
    assert admin_web.get(f"/items/{item_id}/cells/{key}/edit").status_code == 403
    assert admin_web.post(f"/items/{item_id}/cells/{key}", data={"text": "1"}).status_code == 403
    page = admin_web.get(f"/boards/{board['id']}").get_data(as_text=True)
    td = re.search(rf'<td class="cell" data-column-key="{key}" data-item-id="{item_id}"[^>]*>', page)
    assert td and "data-editable" not in td[0]


# -- rejected values ------------------------------------------------------------------------------
def test_a_rejected_value_answers_422_with_the_reason_and_keeps_the_typed_text(admin_web, admin_api, board):
    key = add_column(admin_api, board, "email")
    item_id = add_item(admin_api, board, values={key: "ada@example.com"})
    response = admin_web.post(f"/items/{item_id}/cells/{key}", data={"text": "ada@nowhere"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "not a valid e-mail address" in html and 'role="alert"' in html
    assert 'value="ada@nowhere"' in html and 'class="cell-editor' in html
    assert stored(admin_api, item_id, key) == "ada@example.com"


def test_a_rejected_structured_value_keeps_what_was_entered(admin_web, admin_api, board):
    key = add_column(admin_api, board, "location")
    item_id = add_item(admin_api, board)
    sent = {"address": "Taipei 101", "lat": 125, "lng": 121.56}
    response = admin_web.post(f"/items/{item_id}/cells/{key}", data={"json": json.dumps(sent)})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "latitude must be between -90 and 90" in html
    assert 'value="Taipei 101"' in html and 'value="125"' in html
    assert stored(admin_api, item_id, key) is None


@pytest.mark.parametrize("type_name, sent", [("location", {"address": "Taipei 101", "lng": 121.56}),
                                              ("timeline", {"from": "2024-01-01"}), ("link", ["not", "a", "link"])])
def test_a_value_of_the_wrong_shape_is_refused_in_place_not_a_server_error(admin_web, admin_api, board,
                                                                           type_name, sent):
    key = add_column(admin_api, board, type_name)
    item_id = add_item(admin_api, board)
    response = admin_web.post(f"/items/{item_id}/cells/{key}", data={"json": json.dumps(sent)})
    assert response.status_code == 422
    assert stored(admin_api, item_id, key) is None


@pytest.mark.parametrize(("type_name", "sent", "reason"), [
    ("rating", 9, "rating must be between 0 and 5"),
    ("link", {"url": "javascript:alert(1)"}, "only http and https links are allowed"),
    ("status", "Maybe", "is not one of the labels"),
    ("timeline", {"from": "2024-02-01", "to": "2024-01-01"}, "before it starts"),
])
def test_rejected_json_values_show_the_columns_reason(admin_web, admin_api, board, type_name, sent, reason):
    key = add_column(admin_api, board, type_name)
    item_id = add_item(admin_api, board)
    response = admin_web.post(f"/items/{item_id}/cells/{key}", data={"json": json.dumps(sent)})
    assert response.status_code == 422 and reason in response.get_data(as_text=True)


def test_text_that_does_not_parse_shows_the_reason(admin_web, admin_api, board):
    key = add_column(admin_api, board, "number")
    item_id = add_item(admin_api, board)
    response = admin_web.post(f"/items/{item_id}/cells/{key}", data={"text": "twelve"})
    assert response.status_code == 422
    assert "not a number" in response.get_data(as_text=True) and 'value="twelve"' in response.get_data(as_text=True)


# -- who may do what ------------------------------------------------------------------------------
def test_a_viewer_reads_cells_but_cannot_edit_them(web_login, admin_api, member_of, board):
    key = add_column(admin_api, board, "text")
    item_id = add_item(admin_api, board, values={key: "Acme"})
    viewer = web_login(member_of("viewer"))
    assert "Acme" in viewer.get(f"/items/{item_id}/cells/{key}").get_data(as_text=True)
    assert viewer.get(f"/items/{item_id}/cells/{key}/edit").status_code == 403
    assert viewer.post(f"/items/{item_id}/cells/{key}", data={"text": "Changed"}).status_code == 403
    assert viewer.get(f"/items/{item_id}/rename").status_code == 403
    assert viewer.post(f"/items/{item_id}/rename", data={"name": "Changed"}).status_code == 403
    group_id = board["groups"][0]["id"]
    assert viewer.post(f"/boards/{board['id']}/groups/{group_id}/items", data={"name": "New"}).status_code == 403
    page = viewer.get(f"/boards/{board['id']}").get_data(as_text=True)
    assert "data-editable" not in page and 'class="add-item"' not in page
    assert stored(admin_api, item_id, key) == "Acme"


def test_a_member_edits_cells(web_login, admin_api, member_of, board):
    key = add_column(admin_api, board, "text")
    item_id = add_item(admin_api, board)
    member = web_login(member_of("member"))
    assert member.post(f"/items/{item_id}/cells/{key}", data={"text": "Mine"}).status_code == 200
    assert stored(admin_api, item_id, key) == "Mine"


def test_a_viewer_cannot_undo(web_login, admin_web, admin_api, member_of, board):
    key = add_column(admin_api, board, "text")
    item_id = add_item(admin_api, board)
    undo_url = trigger(admin_web.post(f"/items/{item_id}/cells/{key}", data={"text": "x"}))["undo_url"]
    viewer = web_login(member_of("viewer"))
    assert viewer.post(undo_url).status_code == 403
    assert stored(admin_api, item_id, key) == "x"


def test_another_workspaces_items_do_not_exist(web_login, make_api, admin_web, admin_api, board):
    stranger = make_api()
    their_ws = stranger.ok("POST", "/workspaces", {"name": "Theirs"})
    their_board = stranger.ok("POST", f"/workspaces/{their_ws['id']}/boards", {"name": "Secret"})
    key = add_column(stranger, their_board, "text")
    their_item = add_item(stranger, their_board, values={key: "hidden"})
    undo_url = trigger(web_login(stranger).post(f"/items/{their_item}/cells/{key}", data={"text": "x"}))["undo_url"]
    group_id = their_board["groups"][0]["id"]
    for method, url, data in [
        ("get", f"/items/{their_item}/cells/{key}", None),
        ("get", f"/items/{their_item}/cells/{key}/edit", None),
        ("post", f"/items/{their_item}/cells/{key}", {"text": "mine"}),
        ("get", f"/items/{their_item}/rename", None),
        ("post", f"/items/{their_item}/rename", {"name": "mine"}),
        ("post", f"/boards/{their_board['id']}/groups/{group_id}/items", {"name": "mine"}),
        ("post", f"/boards/{board['id']}/groups/{group_id}/items", {"name": "mine"}),
        ("post", undo_url, None),
    ]:
        response = getattr(admin_web, method)(url, data=data)
        assert response.status_code == 404, (method, url, response.status_code)
    assert stored(stranger, their_item, key) == "x"


def test_an_unknown_column_key_is_404(admin_web, admin_api, board):
    item_id = add_item(admin_api, board)
    assert admin_web.get(f"/items/{item_id}/cells/nope").status_code == 404
    assert admin_web.post(f"/items/{item_id}/cells/nope", data={"text": "x"}).status_code == 404


# -- rename and add -------------------------------------------------------------------------------
def test_rename_an_item_inline(admin_web, admin_api, board):
    item_id = add_item(admin_api, board, name="Old name")
    form = admin_web.get(f"/items/{item_id}/rename").get_data(as_text=True)
    assert 'value="Old name"' in form and f'hx-post="/items/{item_id}/rename"' in form
    response = admin_web.post(f"/items/{item_id}/rename", data={"name": "  New name "})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'class="item-name"' in html and ">New name</a>" in html
    assert "renamed" in trigger(response)["message"]
    assert admin_api.ok("GET", f"/items/{item_id}")["name"] == "New name"
    assert ">New name</a>" in admin_web.get(f"/items/{item_id}/name").get_data(as_text=True)


def test_a_blank_name_is_refused_and_the_form_stays(admin_web, admin_api, board):
    item_id = add_item(admin_api, board, name="Kept")
    response = admin_web.post(f"/items/{item_id}/rename", data={"name": "   "})
    assert response.status_code == 422 and "must be a non-empty string" in response.get_data(as_text=True)
    assert 'class="rename-form' in response.get_data(as_text=True)
    assert admin_api.ok("GET", f"/items/{item_id}")["name"] == "Kept"


def test_add_an_item_at_the_end_of_a_group(admin_web, admin_api, board):
    key = add_column(admin_api, board, "status")
    second = admin_api.ok("POST", f"/boards/{board['id']}/groups", {"name": "Later"})
    add_item(admin_api, board, name="First")
    page = admin_web.get(f"/boards/{board['id']}").get_data(as_text=True)
    assert f"tbody[data-group-id='{second['id']}']" in page and 'class="add-item"' in page
    response = admin_web.post(f"/boards/{board['id']}/groups/{second['id']}/items", data={"name": "Fresh"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and '<tr class="item-row"' in html and "Fresh" in html
    assert f'data-column-key="{key}"' in html and "New</span>" in html, "the row shows the column's default"
    assert "added" in trigger(response)["message"]
    items = admin_api.ok("GET", f"/boards/{board['id']}/items?group_id={second['id']}")["items"]
    assert [i["name"] for i in items] == ["Fresh"]
    admin_web.post(f"/boards/{board['id']}/groups/{second['id']}/items", data={"name": "Fresher"})
    items = admin_api.ok("GET", f"/boards/{board['id']}/items?group_id={second['id']}")["items"]
    assert [i["name"] for i in items] == ["Fresh", "Fresher"]


def test_a_blank_new_item_shows_the_reason_next_to_the_form(admin_web, board):
    group_id = board["groups"][0]["id"]
    response = admin_web.post(f"/boards/{board['id']}/groups/{group_id}/items", data={"name": " "})
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == f"#add-item-error-{group_id}"
    assert "must be a non-empty string" in response.get_data(as_text=True)


def test_the_new_row_follows_the_views_hidden_columns(admin_web, admin_api, board):
    shown = add_column(admin_api, board, "text", title="Shown")
    hidden = add_column(admin_api, board, "number", title="Hidden")
    view = admin_api.ok("POST", f"/boards/{board['id']}/views",
                        {"name": "Slim", "type": "table", "settings": {"hidden_columns": [hidden]}})
    group_id = board["groups"][0]["id"]
    html = admin_web.post(f"/boards/{board['id']}/groups/{group_id}/items?view={view['id']}",
                          data={"name": "Row"}).get_data(as_text=True)
    assert f'data-column-key="{shown}"' in html and f'data-column-key="{hidden}"' not in html


# -- undo -----------------------------------------------------------------------------------------
def test_undo_a_value_change(admin_web, admin_api, board):
    key = add_column(admin_api, board, "status")
    item_id = add_item(admin_api, board, values={key: "Won"})
    changed = admin_web.post(f"/items/{item_id}/cells/{key}", data={"json": json.dumps("Lost")})
    undo_url = trigger(changed)["undo_url"]
    response = admin_web.post(undo_url)
    assert response.status_code == 200 and "boardhouse:board-changed" in response.headers["HX-Trigger"]
    assert stored(admin_api, item_id, key) == "Won"
    history = admin_api.ok("GET", f"/items/{item_id}/activity")
    assert [(a["kind"], a["old"], a["new"]) for a in history[:2]] == [
        ("value_changed", "Lost", "Won"), ("value_changed", "Won", "Lost")], "the undo is itself recorded"


def test_undo_a_value_that_was_empty_clears_it(admin_web, admin_api, board):
    key = add_column(admin_api, board, "tags")
    item_id = add_item(admin_api, board)
    changed = admin_web.post(f"/items/{item_id}/cells/{key}", data={"json": json.dumps(["vip"])})
    assert admin_web.post(trigger(changed)["undo_url"]).status_code == 200
    assert stored(admin_api, item_id, key) is None


def test_undo_a_rename(admin_web, admin_api, board):
    item_id = add_item(admin_api, board, name="Before")
    renamed = admin_web.post(f"/items/{item_id}/rename", data={"name": "After"})
    assert admin_web.post(trigger(renamed)["undo_url"]).status_code == 200
    assert admin_api.ok("GET", f"/items/{item_id}")["name"] == "Before"


def test_undo_a_creation_trashes_the_item(admin_web, admin_api, board):
    group_id = board["groups"][0]["id"]
    created = admin_web.post(f"/boards/{board['id']}/groups/{group_id}/items", data={"name": "Oops"})
    undo_url = trigger(created)["undo_url"]
    assert admin_web.post(undo_url).status_code == 200
    assert admin_api.ok("GET", f"/boards/{board['id']}/items")["items"] == []
    assert admin_web.post(undo_url).status_code == 409, "a second undo finds it already trashed"


def test_undo_after_a_later_change_is_refused(admin_web, admin_api, board):
    key = add_column(admin_api, board, "number")
    item_id = add_item(admin_api, board)
    first = admin_web.post(f"/items/{item_id}/cells/{key}", data={"text": "1"})
    admin_web.post(f"/items/{item_id}/cells/{key}", data={"text": "2"})
    response = admin_web.post(trigger(first)["undo_url"], headers={"HX-Request": "true"})
    assert response.status_code == 409 and "changed since" in response.get_json()["error"]["message"]
    assert stored(admin_api, item_id, key) == 2
    renamed = admin_web.post(f"/items/{item_id}/rename", data={"name": "A"})
    admin_api.ok("PATCH", f"/items/{item_id}", {"name": "B"})
    assert admin_web.post(trigger(renamed)["undo_url"]).status_code == 409


def test_the_undo_url_is_the_newest_change_of_that_save(admin_web, admin_api, board):
    key = add_column(admin_api, board, "text")
    item_id = add_item(admin_api, board)
    undo_url = trigger(admin_web.post(f"/items/{item_id}/cells/{key}", data={"text": "x"}))["undo_url"]
    newest = admin_api.ok("GET", f"/items/{item_id}/activity")[0]
    assert undo_url == f"/activity/{newest['id']}/undo" and newest["kind"] == "value_changed"


# -- what cells show ------------------------------------------------------------------------------
def test_values_are_escaped_in_cells_and_editors(admin_web, admin_api, board):
    text = add_column(admin_api, board, "text")
    link = add_column(admin_api, board, "link")
    tags = add_column(admin_api, board, "tags")
    item_id = add_item(admin_api, board, name=XSS, values={
        text: XSS, link: {"url": "https://example.com/?q=<b>", "text": XSS}, tags: [XSS]})
    for url in (f"/items/{item_id}/cells/{text}", f"/items/{item_id}/cells/{text}/edit",
                f"/items/{item_id}/cells/{link}", f"/items/{item_id}/cells/{link}/edit",
                f"/items/{item_id}/cells/{tags}", f"/items/{item_id}/cells/{tags}/edit",
                f"/items/{item_id}/rename", f"/items/{item_id}/name", f"/boards/{board['id']}"):
        html = admin_web.get(url).get_data(as_text=True)
        assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html, url
    saved = admin_web.post(f"/items/{item_id}/cells/{text}", data={"text": XSS + "!"}).get_data(as_text=True)
    assert "<img" not in saved


def test_a_link_opens_safely_in_a_new_tab(admin_web, admin_api, board):
    key = add_column(admin_api, board, "link")
    item_id = add_item(admin_api, board, values={key: {"url": "https://example.com/docs", "text": "Docs"}})
    html = admin_web.get(f"/items/{item_id}/cells/{key}").get_data(as_text=True)
    assert 'href="https://example.com/docs"' in html and 'rel="noopener noreferrer"' in html
    assert 'target="_blank"' in html and ">Docs</a>" in html


def test_cells_show_people_status_colours_countries_and_stars(admin_web, admin_api, board):
    people = add_column(admin_api, board, "people")
    status = add_column(admin_api, board, "status")
    country = add_column(admin_api, board, "country")
    rating = add_column(admin_api, board, "rating")
    timeline = add_column(admin_api, board, "timeline")
    location = add_column(admin_api, board, "location")
    item_id = add_item(admin_api, board, values={
        people: [admin_api.user_id], status: "Won", country: "TW", rating: 3,
        timeline: {"from": "2024-01-01", "to": "2024-02-01"}, location: {"lat": 25.03, "lng": 121.56}})

    def cell(key):
        return admin_web.get(f"/items/{item_id}/cells/{key}").get_data(as_text=True)

    assert "Ada Admin" in cell(people) and ">AA<" in cell(people)
    assert "--pill: #00c875" in cell(status) and ">Won<" in cell(status)
    assert "🇹🇼" in cell(country) and "Taiwan" in cell(country)
    assert cell(rating).count("star on") == 3 and cell(rating).count('class="star"') == 2
    assert "2024-01-01</time> – <time" in cell(timeline)
    assert "25.03, 121.56" in cell(location)


def test_the_people_picker_lists_the_workspaces_members(admin_web, admin_api, member_of, board):
    colleague = member_of("member")
    key = add_column(admin_api, board, "people")
    item_id = add_item(admin_api, board, values={key: [colleague.user_id]})
    html = admin_web.get(f"/items/{item_id}/cells/{key}/edit").get_data(as_text=True)
    assert f'value="{admin_api.user_id}"' in html and "Ada Admin" in html
    assert f'value="{colleague.user_id}" checked' in html


def test_log_columns_show_the_time_in_the_users_time_zone(app, admin_web, admin_api, board):
    from workspace.extensions import db
    from workspace.models import User

    key = add_column(admin_api, board, "creation_log")
    item = admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "Timed"})
    with app.app_context():
        db.session.get(User, admin_api.user_id).timezone = "Asia/Taipei"
        db.session.commit()
    at = datetime.fromisoformat(item["values"][key]["at"].replace("Z", "+00:00"))
    expected = format_datetime(at, "short", tzinfo=ZoneInfo("Asia/Taipei"), locale="en")
    html = admin_web.get(f"/items/{item['id']}/cells/{key}").get_data(as_text=True)
    assert expected in html and "Ada Admin" in html


def test_pressing_a_button_cell_records_the_event_and_viewers_cannot(admin_web, admin_api, web_login, member_of,
                                                                      board):
    key = add_column(admin_api, board, "button", {"label": "Approve"})
    item_id = add_item(admin_api, board)
    page = admin_web.get(f"/boards/{board['id']}").get_data(as_text=True)
    assert f'hx-post="/items/{item_id}/buttons/{key}"' in page and ">Approve</button>" in page
    response = admin_web.post(f"/items/{item_id}/buttons/{key}")
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "boardhouse:board-changed"
    history = admin_api.ok("GET", f"/items/{item_id}/activity")
    assert (history[0]["kind"], history[0]["column_key"]) == ("button_clicked", key)
    viewer = web_login(member_of("viewer"))
    assert viewer.post(f"/items/{item_id}/buttons/{key}").status_code == 403
    assert admin_web.post(f"/items/{item_id}/buttons/nope").status_code == 404
