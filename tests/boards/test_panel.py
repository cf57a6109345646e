"""The item panel: values, sub-items, the updates thread and the activity log of one item."""
from __future__ import annotations

import re
from datetime import datetime

import pytest

from tests.browser.conftest import PASSWORD
from tests.factories import web_client

HX = {"HX-Request": "true"}


def _log_in(app, user_id: int):
    return web_client(app, user_id, PASSWORD)


@pytest.fixture
def logged_in(app, admin_api):
    return _log_in(app, admin_api.user_id)


@pytest.fixture
def deal(admin_api, board) -> dict:
    """An item with a status and a number value, a sub-item column and one sub-item."""
    b = board["id"]
    stage = admin_api.ok("POST", f"/boards/{b}/columns", {
        "title": "Stage", "type": "status",
        "settings": {"labels": [{"label": "New"}, {"label": "Won"}]}})["key"]
    amount = admin_api.ok("POST", f"/boards/{b}/columns", {"title": "Amount", "type": "number"})["key"]
    owner = admin_api.ok("POST", f"/boards/{b}/columns", {"title": "Task owner", "type": "text",
                                                          "scope": "subitem"})["key"]
    item = admin_api.ok("POST", f"/boards/{b}/items", {"name": "Acme renewal", "values": {stage: "New", amount: 1200}})
    admin_api.ok("PATCH", f"/items/{item['id']}", {"values": {stage: "Won"}})
    sub = admin_api.ok("POST", f"/boards/{b}/items", {"name": "Send contract", "parent_id": item["id"],
                                                       "values": {owner: "Grace"}})
    return {"board": b, "item": item["id"], "sub": sub["id"], "stage": stage, "amount": amount, "owner": owner}


@pytest.fixture
def bea(admin_api, make_api, workspace, app):
    """A member named with a space, to be @-mentioned."""
    from workspace.extensions import db
    from workspace.models import User

    api = make_api(name="Bea Member")
    with app.app_context():
        email = db.session.get(User, api.user_id).email
    admin_api.ok("POST", f"/workspaces/{workspace['id']}/members", {"email": email, "role": "member"})
    return api


def _panel(client, item_id: int) -> str:
    response = client.get(f"/items/{item_id}/panel", headers=HX)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def test_the_panel_shows_values_subitems_updates_and_activity(logged_in, deal, bea):
    logged_in.post(f"/items/{deal['item']}/updates", data={"body": "Signed! @Bea Member please invoice"}, headers=HX)
    html = _panel(logged_in, deal["item"])
    assert "Acme renewal" in html and 'data-panel-close' in html
    assert f'hx-push-url="/boards/{deal["board"]}"' in html, "closing puts the board's URL back"
    # every item column with its value, in the table's editable cell markup
    for title, key, shown in (("Stage", deal["stage"], "Won"), ("Amount", deal["amount"], "1,?200")):
        assert title in html and re.search(shown, html)
        assert re.search(rf'<td class="cell" data-column-key="{key}" data-item-id="{deal["item"]}"[^>]*'
                         r'data-editable="true"', html)
    # the sub-items table with its own columns and an add row
    assert "Send contract" in html and "Task owner" in html and "Grace" in html
    assert f'data-column-key="{deal["owner"]}" data-item-id="{deal["sub"]}"' in html
    assert f'hx-post="/items/{deal["item"]}/subitems"' in html
    # the thread, with the mention highlighted
    assert f'<span class="mention" data-user-id="{bea.user_id}">@Bea Member</span>' in html
    # the activity log as sentences, with who did it
    assert "changed Stage from New to Won" in html and "Ada Admin" in html
    assert "created the item" in html and "posted an update" in html and "added the sub-item Send contract" in html


def test_opening_the_panel_url_by_hand_goes_to_the_item_on_its_board(logged_in, deal):
    response = logged_in.get(f"/items/{deal['item']}/panel")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/boards/{deal['board']}/items/{deal['item']}")


def test_the_deep_link_opens_the_board_with_the_panel_loading(logged_in, deal):
    html = logged_in.get(f"/boards/{deal['board']}/items/{deal['item']}").get_data(as_text=True)
    assert f'hx-get="/items/{deal["item"]}/panel" hx-trigger="load"' in html


def test_add_a_subitem_from_the_panel(logged_in, deal, app):
    from boards.models import Item
    from workspace.extensions import db

    response = logged_in.post(f"/items/{deal['item']}/subitems", data={"name": "  Book kickoff  "}, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Book kickoff" in html and "Send contract" in html
    assert "boardhouse:board-changed" in response.headers["HX-Trigger"]
    with app.app_context():
        sub = db.session.scalars(db.select(Item).where(Item.name == "Book kickoff")).one()
        assert sub.parent_id == deal["item"]
    refused = logged_in.post(f"/items/{deal['item']}/subitems", data={"name": "   "}, headers=HX)
    assert refused.status_code == 422 and "A sub-item needs a name." in refused.get_data(as_text=True)


def test_post_an_update_mentioning_a_member(logged_in, deal, bea, app):
    from boards.models import Update
    from workspace.extensions import db

    response = logged_in.post(f"/items/{deal['item']}/updates",
                              data={"body": "@bea member can you check?\nThanks"}, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "boardhouse:item-changed"
    assert f'<span class="mention" data-user-id="{bea.user_id}">@bea member</span> can you check?<br>Thanks' in html
    with app.app_context():
        assert db.session.scalars(db.select(Update.mentions)).one() == [bea.user_id]
    second = logged_in.post(f"/items/{deal['item']}/updates", data={"body": "newer"}, headers=HX)
    text = second.get_data(as_text=True)
    assert text.index("newer") < text.index("can you check?"), "newest first"


def test_an_empty_update_is_refused_and_the_form_says_why(logged_in, deal):
    response = logged_in.post(f"/items/{deal['item']}/updates", data={"body": "  "}, headers=HX)
    assert response.status_code == 422 and "An update cannot be empty." in response.get_data(as_text=True)
    too_long = logged_in.post(f"/items/{deal['item']}/updates", data={"body": "x" * 10_001}, headers=HX)
    assert too_long.status_code == 422 and "at most 10,000 characters" in too_long.get_data(as_text=True)


def test_a_viewer_reads_the_panel_but_edits_and_posts_nothing(app, deal, member_of, logged_in):
    logged_in.post(f"/items/{deal['item']}/updates", data={"body": "for everyone's eyes"}, headers=HX)
    viewer = _log_in(app, member_of("viewer").user_id)
    html = _panel(viewer, deal["item"])
    assert "Acme renewal" in html and "Won" in html and "Send contract" in html and "for everyone&#39;s eyes" in html
    assert 'data-editable' not in html and "update-form" not in html and "add-subitem" not in html
    assert viewer.post(f"/items/{deal['item']}/updates", data={"body": "hi"}, headers=HX).status_code == 403
    assert viewer.post(f"/items/{deal['item']}/subitems", data={"name": "x"}, headers=HX).status_code == 403


def test_another_workspaces_item_is_not_found(app, deal, make_api):
    outsider = make_api()
    client = _log_in(app, outsider.user_id)
    outsider.ok("POST", "/workspaces", {"name": "Elsewhere"})
    for response in (client.get(f"/items/{deal['item']}/panel", headers=HX),
                     client.get(f"/items/{deal['item']}/panel/activity", headers=HX),
                     client.post(f"/items/{deal['item']}/updates", data={"body": "hi"}, headers=HX),
                     client.post(f"/items/{deal['item']}/subitems", data={"name": "x"}, headers=HX)):
        assert response.status_code == 404


def test_a_comment_is_shown_as_text_never_as_markup(logged_in, deal):
    logged_in.post(f"/items/{deal['item']}/updates", data={"body": "<img src=x onerror=alert(1)>\n<script>x</script>"},
                   headers=HX)
    html = _panel(logged_in, deal["item"])
    assert "<img src=x" not in html and "<script>x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;<br>&lt;script&gt;x&lt;/script&gt;" in html


def test_times_are_shown_in_the_users_time_zone(logged_in, deal, admin_api, app):
    from boards.models import Update
    from workspace.extensions import db
    from workspace.models import User

    logged_in.post(f"/items/{deal['item']}/updates", data={"body": "late night"}, headers=HX)
    with app.app_context():
        db.session.get(User, admin_api.user_id).timezone = "Asia/Tokyo"
        db.session.scalars(db.select(Update)).one().created_at = datetime(2026, 1, 1, 23, 30)  # naive UTC
        db.session.commit()
    html = _panel(logged_in, deal["item"])
    assert re.search(r'datetime="2026-01-01T23:30:00Z"[^>]*>1/2/26, 8:30\s?AM<', html)


def test_a_subitems_panel_links_back_to_its_parent(logged_in, deal):
    html = _panel(logged_in, deal["sub"])
    assert "Sub-item of" in html and f'hx-get="/items/{deal["item"]}/panel"' in html
    assert "Task owner" in html and "Grace" in html and 'id="panel-subitems"' not in html


def test_the_activity_log_and_close_are_partials(logged_in, deal):
    activity = logged_in.get(f"/items/{deal['item']}/panel/activity", headers=HX).get_data(as_text=True)
    assert activity.lstrip().startswith("<section id=\"panel-activity\"") and "changed Stage" in activity
    closed = logged_in.get(f"/items/{deal['item']}/panel/close", headers=HX)
    assert closed.status_code == 200 and closed.get_data(as_text=True) == ""
