"""Checking a mapping and its options before anything is written: every bad entry is named, with
its reason, and nothing is created."""
from __future__ import annotations

import pytest


@pytest.fixture
def uploaded(upload):
    return upload("Name,Stage,Amount,Parent\nAcme,Won,5,\n").json


def start(admin_api, uploaded, mapping, options=None):
    return admin_api.call("POST", f"/imports/{uploaded['id']}/start", {"mapping": mapping, "options": options or {}})


@pytest.mark.parametrize(("entry", "reason"), [
    ({"target": "nowhere"}, "target"),
    ({"target": "column", "column_key": "missing"}, "no column"),
    ({"target": "new_column", "title": "", "type": "text"}, "title"),
    ({"target": "new_column", "title": "Amount", "type": "hologram"}, "unknown column type"),
    ({"target": "new_column", "title": "Amount", "type": "mirror", "settings": {}}, "cannot be filled"),
    ({"target": "new_column", "title": "Amount", "type": "number", "settings": {"unit": 5}}, "settings"),
    ({"target": "new_column", "title": "Amount", "type": "number", "format": {"date_format": "DD/MM/YYYY"}},
     "format"),
    ({"target": "new_column", "title": "Amount", "type": "number", "format": {"decimal": ";"}}, "decimal"),
    ("name", "target"),
])
def test_a_bad_entry_is_named_by_its_header_with_the_reason(admin_api, board, uploaded, columns_of, entry, reason):
    result = start(admin_api, uploaded, {"Name": {"target": "name"}, "Amount": entry})
    assert result.status == 422
    assert reason in result.error["details"]["mapping"]["Amount"]
    assert columns_of(board["id"]) == {}


def test_headers_the_file_lacks_and_two_headers_for_one_target_are_refused(admin_api, uploaded):
    result = start(admin_api, uploaded, {"Name": {"target": "name"}, "Stage": {"target": "name"},
                                         "Nope": {"target": "skip"}})
    details = result.error["details"]["mapping"]
    assert result.status == 422 and "already goes to the name" in details["Stage"] and "no column" in details["Nope"]


def test_read_only_columns_cannot_be_filled(admin_api, board, uploaded):
    column = admin_api.ok("POST", f"/boards/{board['id']}/columns", {"title": "No.", "type": "auto_number"})
    result = start(admin_api, uploaded, {"Name": {"target": "name"},
                                         "Amount": {"target": "column", "column_key": column["key"]}})
    assert result.status == 422 and "read-only" in result.error["details"]["mapping"]["Amount"]


def test_an_import_needs_a_name_unless_it_only_updates_by_key(admin_api, uploaded):
    result = start(admin_api, uploaded, {"Stage": {"target": "skip"}})
    assert result.status == 422 and "name" in result.error["details"]["mapping"]


@pytest.mark.parametrize(("options", "field", "reason"), [
    ({"key_column": "Nope"}, "options.key_column", "no column"),
    ({"key_column": "Parent"}, "options.key_column", "must go to the name or to a column"),
    ({"parent_key_column": "Name", "key_column": "Name"}, "options.parent_key_column", "differ"),
    ({"blank": "sometimes"}, "options.blank", "leave or clear"),
    ({"group_id": 999999}, "options.group_id", "no such group"),
])
def test_bad_options_are_named_with_the_reason(admin_api, uploaded, options, field, reason):
    mapping = {"Name": {"target": "name"}, "Parent": {"target": "skip"}}
    result = start(admin_api, uploaded, mapping, options)
    assert result.status == 422 and reason in result.error["details"][field]


def test_a_key_column_must_hold_text_or_numbers(admin_api, uploaded):
    mapping = {"Name": {"target": "name"},
               "Stage": {"target": "new_column", "title": "Tags", "type": "tags"}}
    result = start(admin_api, uploaded, mapping, {"key_column": "Stage"})
    assert result.status == 422 and "text or number" in result.error["details"]["options.key_column"]
