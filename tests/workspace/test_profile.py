"""The profile page: a user sets their own name, time zone and language."""
from __future__ import annotations

from tests.factories import web_client
from workspace.extensions import db
from workspace.models import User


def test_a_user_sets_name_time_zone_and_language(app, admin_api):
    client = web_client(app, admin_api.user_id)
    assert "Asia/Taipei" in client.get("/profile").get_data(as_text=True)
    response = client.post("/profile", data={"name": "Ada 林", "timezone": "Asia/Bangkok", "locale": "th"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, admin_api.user_id)
        assert (user.name, user.timezone, user.locale) == ("Ada 林", "Asia/Bangkok", "th")


def test_a_bad_profile_is_refused_naming_the_field_and_changes_nothing(app, admin_api):
    client = web_client(app, admin_api.user_id)
    response = client.post("/profile", data={"name": "Ada", "timezone": "Mars/Olympus", "locale": "en"})
    assert response.status_code == 422 and "timezone" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, admin_api.user_id).timezone == "UTC"


def test_the_profile_needs_a_login(client):
    assert client.get("/profile").status_code == 302
