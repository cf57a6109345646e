"""Fixtures for CSV imports: upload a file through the API, run the import to its end (a real rq
worker on Redis, the in-process thread otherwise), and read the board back."""
from __future__ import annotations

import io
from typing import Any

import pytest

from tests.factories import ApiClient, ApiResult


@pytest.fixture(autouse=True)
def _multipart_bodies_in_memory(monkeypatch):
    """werkzeug's test client spills a multipart body over 500 KB to a temporary file that nothing
    closes (a ResourceWarning, an error here); uploads in tests stay in memory instead."""
    import werkzeug.test

    encode = werkzeug.test.stream_encode_multipart
    monkeypatch.setattr(werkzeug.test, "stream_encode_multipart",
                        lambda data, use_tempfile=True, threshold=0, boundary=None: encode(
                            data, use_tempfile=False, boundary=boundary))


def csv_bytes(content: str | bytes, encoding: str = "utf-8") -> bytes:
    return content if isinstance(content, bytes) else content.encode(encoding)


@pytest.fixture
def upload(admin_api: ApiClient, board):
    """upload(content, filename=..., api=..., board_id=..., **form) → ApiResult of the upload."""
    def send(content: str | bytes, filename: str = "deals.csv", *, api: ApiClient | None = None,
             board_id: int | None = None, **form: Any) -> ApiResult:
        data = {"file": (io.BytesIO(csv_bytes(content)), filename), **{k: str(v) for k, v in form.items()}}
        return (api or admin_api).call("POST", f"/boards/{board_id or board['id']}/imports", data=data,
                                       content_type="multipart/form-data")
    return send


@pytest.fixture
def finish(app, settle):
    """finish() → runs the queued import jobs to their end."""
    from workspace import jobs

    def run() -> None:
        settle()
        jobs.wait_for_background()
    return run


@pytest.fixture
def run_import(admin_api: ApiClient, finish):
    """run_import(upload_json, mapping=None, **options) → the finished import's JSON. The mapping
    given replaces the suggested entries it names; the suggested options are kept unless given."""
    def run(uploaded: dict, mapping: dict | None = None, *, api: ApiClient | None = None, **options: Any) -> dict:
        api = api or admin_api
        chosen = {**uploaded["suggested_mapping"], **(mapping or {})}
        started = api.ok("POST", f"/imports/{uploaded['id']}/start",
                         {"mapping": chosen, "options": {**uploaded["suggested_options"], **options}}, status=200)
        assert started["status"] in ("pending", "running", "succeeded"), started
        finish()
        return api.ok("GET", f"/imports/{uploaded['id']}")
    return run


@pytest.fixture
def board_items(admin_api: ApiClient):
    """board_items(board_id, parent_id=None) → every live item of the board (or an item's sub-items)."""
    def read(board_id: int, parent_id: int | None = None) -> list[dict]:
        if parent_id is not None:
            return admin_api.ok("GET", f"/items/{parent_id}/subitems")
        items, cursor = [], None
        while True:
            path = f"/boards/{board_id}/items?limit=500" + (f"&cursor={cursor}" if cursor else "")
            page = admin_api.ok("GET", path)
            items += page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                return items
    return read


@pytest.fixture
def columns_of(admin_api: ApiClient):
    """columns_of(board_id) → {title: column} of the board's columns."""
    def read(board_id: int) -> dict[str, dict]:
        return {c["title"]: c for c in admin_api.ok("GET", f"/boards/{board_id}")["columns"]}
    return read


def by_name(items: list[dict]) -> dict[str, dict]:
    return {item["name"]: item for item in items}
