"""The imports API: who may do what, other workspaces' ids, request shapes, saved mappings."""
from __future__ import annotations

import io

import pytest

ROUTES = [("GET", "/imports/{id}", None), ("PATCH", "/imports/{id}", {"delimiter": ","}),
          ("POST", "/imports/{id}/start", {"mapping": {}, "options": {}}), ("POST", "/imports/{id}/cancel", None),
          ("POST", "/imports/{id}/undo", None), ("GET", "/imports/{id}/errors.csv", None)]


def test_a_viewer_may_not_import(member_of, upload, board):
    viewer = member_of("viewer")
    result = upload("Name\nA\n", api=viewer)
    assert result.status == 403 and "member" in result.error["message"]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_another_workspace_s_import_answers_404(make_api, upload, method, path, body):
    uploaded = upload("Name\nA\n").json
    assert make_api().call(method, path.format(id=uploaded["id"]), body).status == 404


def test_another_workspace_s_board_answers_404_on_upload(make_api, upload):
    assert upload("Name\nA\n", api=make_api()).status == 404


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_a_viewer_gets_403_on_an_import(member_of, upload, method, path, body):
    uploaded = upload("Name\nA\n").json
    assert member_of("viewer").call(method, path.format(id=uploaded["id"]), body).status == 403


def test_a_member_imports_into_existing_columns_but_may_not_add_columns(admin_api, member_of, board, upload,
                                                                       run_import, board_items):
    admin_api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Amount", "type": "number"})
    member = member_of("member")
    uploaded = upload("Name,Amount,Extra\nA,5,x\n", api=member).json
    assert uploaded["suggested_mapping"]["Extra"]["target"] == "skip"
    assert "admin" in uploaded["suggested_mapping"]["Extra"]["note"]
    refused = member.call("POST", f"/imports/{uploaded['id']}/start", {"mapping": {
        **uploaded["suggested_mapping"], "Extra": {"target": "new_column", "title": "Extra", "type": "text"}}})
    assert refused.status == 403 and "Extra" in refused.error["message"]
    done = run_import(uploaded, api=member)
    assert done["created"] == 1
    assert [list(item["values"].values()) for item in board_items(board["id"])] == [[5]]


def test_the_upload_needs_a_file_field(admin_api, board):
    result = admin_api.call("POST", f"/boards/{board['id']}/imports", data={"other": (io.BytesIO(b"x"), "x.csv")},
                            content_type="multipart/form-data")
    assert result.status == 422 and "file" in result.error["details"]


def test_a_declared_body_over_the_limit_is_refused_before_it_is_read(app, admin_api, board, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 10)
    result = admin_api.call("POST", f"/boards/{board['id']}/imports",
                            data={"file": (io.BytesIO(b"Name\n" + b"x" * (100 * 1024)), "big.csv")},
                            content_type="multipart/form-data")
    assert result.status == 413 and result.error["code"] == "too_large"


def test_an_import_runs_once_for_real(admin_api, upload, run_import):
    uploaded = upload("Name\nA\n").json
    run_import(uploaded)
    again = admin_api.call("POST", f"/imports/{uploaded['id']}/start", {"mapping": uploaded["suggested_mapping"]})
    assert again.status == 409


def test_the_board_lists_its_imports_newest_first(admin_api, board, upload):
    first, second = upload("Name\nA\n").json, upload("Name\nB\n", "b.csv").json
    listed = admin_api.ok("GET", f"/boards/{board['id']}/imports")
    assert [i["id"] for i in listed] == [second["id"], first["id"]]
    assert listed[0]["filename"] == "b.csv" and listed[0]["status"] == "pending"


def test_mappings_are_saved_listed_replaced_and_deleted(admin_api, board):
    body = {"name": "HubSpot", "headers": ["Deal", "Stage"],
            "mapping": {"Deal": {"target": "name"}, "Stage": {"target": "skip"}}}
    saved = admin_api.ok("POST", f"/boards/{board['id']}/import-mappings", body)
    replaced = admin_api.ok("POST", f"/boards/{board['id']}/import-mappings",
                            {**body, "mapping": {"Deal": {"target": "name"}, "Stage": {"target": "group"}}})
    listed = admin_api.ok("GET", f"/boards/{board['id']}/import-mappings")
    assert [m["id"] for m in listed] == [saved["id"]] == [replaced["id"]]
    assert listed[0]["mapping"]["Stage"] == {"target": "group"}
    bad = admin_api.call("POST", f"/boards/{board['id']}/import-mappings",
                         {**body, "mapping": {"Deal": {"target": "nowhere"}}})
    assert bad.status == 422 and "Deal" in bad.error["details"]["mapping"]
    admin_api.ok("DELETE", f"/import-mappings/{saved['id']}")
    assert admin_api.ok("GET", f"/boards/{board['id']}/import-mappings") == []


def test_the_openapi_document_lists_the_import_routes(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/api/v1/boards/{board_id}/imports", "/api/v1/imports/{import_id}/start",
                 "/api/v1/imports/{import_id}", "/api/v1/imports/{import_id}/errors.csv"):
        assert path in paths
