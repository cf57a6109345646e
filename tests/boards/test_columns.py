"""Runtime schema changes: add, rename, reorder, hide, change type with conversion, trash."""
from __future__ import annotations

import pytest


@pytest.fixture
def add_column(admin_api, board):
    def add(title: str, type_name: str, settings: dict | None = None, **extra) -> dict:
        return admin_api.ok("POST", f"/boards/{board['id']}/columns",
                            {"title": title, "type": type_name, "settings": settings or {}, **extra})
    return add


@pytest.fixture
def add_item(admin_api, board):
    def add(name: str, **values) -> dict:
        return admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": name, "values": values})
    return add


def values_of(admin_api, item: dict) -> dict:
    return admin_api.ok("GET", f"/items/{item['id']}")["values"]


def test_keys_are_stable_slugs_that_survive_a_rename(admin_api, add_column):
    first = add_column("Deal value", "number")
    second = add_column("Deal value", "number")
    assert (first["key"], second["key"]) == ("deal_value", "deal_value_2")
    renamed = admin_api.ok("PATCH", f"/columns/{first['id']}", {"title": "Amount"})
    assert renamed["title"] == "Amount" and renamed["key"] == "deal_value"
    assert add_column("名字", "text")["key"].startswith("col")


def test_reserved_or_taken_explicit_keys_are_refused(admin_api, board, add_column):
    add_column("Stage", "text", key="stage")
    for key in ("stage", "name", "Bad Key", "1abc"):
        result = admin_api.post(f"/boards/{board['id']}/columns", {"title": "x", "type": "text", "key": key})
        assert result.status == 422 and "key" in result.error["details"], key


def test_unknown_type_and_bad_settings_name_the_field(admin_api, board):
    result = admin_api.post(f"/boards/{board['id']}/columns", {"title": "x", "type": "hologram"})
    assert result.status == 422 and "type" in result.error["details"]
    result = admin_api.post(f"/boards/{board['id']}/columns", {"title": "x", "type": "rating",
                                                                "settings": {"max": "lots"}})
    assert result.status == 422 and "settings" in result.error["details"]


def test_reorder_and_hide_columns(admin_api, board, add_column):
    a, b = add_column("A", "text"), add_column("B", "text")
    admin_api.ok("PATCH", f"/columns/{b['id']}", {"position": a["position"] - 1})
    admin_api.ok("PATCH", f"/columns/{a['id']}", {"hidden": True})
    columns = admin_api.ok("GET", f"/boards/{board['id']}")["columns"]
    assert [c["key"] for c in columns] == [b["key"], a["key"]]
    assert columns[1]["hidden"] is True


def test_text_to_number_converts_what_parses_and_reports_the_rest(admin_api, add_column, add_item):
    column = add_column("Amount", "text")
    good = add_item("good", amount="1,234.50")
    bad = add_item("bad", amount="call me")
    preview = admin_api.ok("POST", f"/columns/{column['id']}/type-change-preview", {"type": "number"},
                           status=200)
    assert (preview["converted"], preview["failed"], preview["failed_item_ids"]) == (1, 1, [bad["id"]])
    assert values_of(admin_api, bad)["amount"] == "call me", "a preview changes nothing"
    changed = admin_api.ok("PATCH", f"/columns/{column['id']}", {"type": "number"})
    assert changed["type"] == "number"
    assert changed["conversion"] == {"converted": 1, "failed": 1}
    assert values_of(admin_api, good)["amount"] == 1234.5
    assert "amount" not in values_of(admin_api, bad)
    kept = [a for a in admin_api.ok("GET", f"/items/{bad['id']}/activity") if a["kind"] == "value_not_converted"]
    assert kept and kept[0]["old"] == "call me", "the unconverted value is kept in activity"


def test_status_to_text_and_back_grows_the_labels(admin_api, add_column, add_item):
    column = add_column("Stage", "status", {"labels": [{"label": "New", "color": "#c4c4c4"},
                                                      {"label": "Won", "color": "#00c875"}]})
    item = add_item("x", stage="Won")
    admin_api.ok("PATCH", f"/columns/{column['id']}", {"type": "text"})
    assert values_of(admin_api, item)["stage"] == "Won"
    other = add_item("y", stage="Negotiation")
    back = admin_api.ok("PATCH", f"/columns/{column['id']}", {"type": "status"})
    assert {label["label"] for label in back["settings"]["labels"]} >= {"Won", "Negotiation"}
    assert back["conversion"] == {"converted": 2, "failed": 0}
    assert values_of(admin_api, other)["stage"] == "Negotiation"


def test_dropdown_to_tags_keeps_every_label(admin_api, add_column, add_item):
    column = add_column("Products", "dropdown", {"labels": ["CRM", "Support", "Billing"]})
    item = add_item("x", products=["CRM", "Billing"])
    admin_api.ok("PATCH", f"/columns/{column['id']}", {"type": "tags"})
    assert values_of(admin_api, item)["products"] == ["CRM", "Billing"]


def test_deleting_a_column_hides_its_values_and_restore_brings_them_back(admin_api, board, add_column, add_item):
    column = add_column("Notes", "text")
    item = add_item("x", notes="keep me")
    admin_api.ok("DELETE", f"/columns/{column['id']}")
    assert "notes" not in values_of(admin_api, item)
    assert [c["key"] for c in admin_api.ok("GET", f"/boards/{board['id']}")["columns"]] == []
    written = admin_api.patch(f"/items/{item['id']}", {"values": {"notes": "new"}})
    assert written.status == 422, "a trashed column takes no writes"
    admin_api.ok("POST", f"/trash/column/{column['id']}/restore", status=200)
    assert values_of(admin_api, item)["notes"] == "keep me"


def test_new_settings_are_read_back_even_when_checking_them_read_the_columns(admin_api, board, add_column):
    """A mirror's settings are checked against the board's columns (which caches them): the
    next read must still see the new settings, not the ones cached during the check."""
    link = add_column("Self", "connect_boards", {"board_ids": [board["id"]]})
    mirror = add_column("Count", "mirror", {"link_column": link["key"], "target_column": "name", "aggregate": "count"})
    admin_api.ok("PATCH", f"/columns/{mirror['id']}", {"settings": {**mirror["settings"], "aggregate": "latest"}})
    read = next(c for c in admin_api.ok("GET", f"/boards/{board['id']}")["columns"] if c["id"] == mirror["id"])
    assert read["settings"]["aggregate"] == "latest"
