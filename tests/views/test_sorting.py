"""Sorting every column type (and the item's own fields) both ways, against the oracle's order:
empty values last, ties by position then id; status by label order, people by name, numbers
numerically. Each order is read in one page and again in pages of three (keyset cursors)."""
from __future__ import annotations

import pytest

from fields import column_types
from tests.views import oracle
from tests.views.datasets import BUILTINS, SPECS, build


def _sortable():
    keys = [t.name for t in column_types if t.name in SPECS] + ["date_time", *BUILTINS]
    for key in keys:
        reason = KNOWN_SORT_BUGS.get(key)
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        yield pytest.param(key, id=key, marks=marks)


KNOWN_SORT_BUGS: dict[str, str] = {}


def read_pages(board, sort, size: int) -> list[int]:
    from views.service import ItemQuery, list_items

    ids, cursor = [], None
    for _ in range(200):
        page = list_items(board, ItemQuery(sort=sort), limit=size, cursor=cursor)
        ids += [item.id for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return ids
    raise AssertionError("paging does not end")


@pytest.mark.parametrize("spec_key", list(_sortable()))
def test_each_type_sorts_like_the_oracle(spec_key, app_context):
    built = build(spec_key)
    problems = []
    for direction in ("asc", "desc"):
        sort = [{"column": built.key, "direction": direction}]
        want = oracle.order(built.model, sort, built.rows)
        for size in (500, 3):
            got = read_pages(built.board, sort, size)
            if got != want:
                shown = {r.id: oracle.sort_value(built.model, built.key, r) for r in built.rows}
                problems.append(f"{direction}, pages of {size}:\n  got  {[shown[i] for i in got]}\n"
                                f"  want {[shown[i] for i in want]}")
    assert not problems, "\n".join(problems)


# -- through the API: cursors in URLs, and cursors that do not belong to the query ----------------
def _path(board_id: int, size: int, cursor: str | None = None, q: str | None = None, **params) -> str:
    """The items URL; filter and sort as URL-encoded JSON."""
    import json
    from urllib.parse import quote

    encoded = "".join(f"&{k}={quote(json.dumps(v))}" for k, v in params.items())
    return (f"/boards/{board_id}/items?limit={size}{encoded}" + (f"&q={quote(q)}" if q else "")
            + (f"&cursor={cursor}" if cursor else ""))


@pytest.fixture
def api_board(admin_api, board):
    for key, type_name in (("n", "number"), ("x", "text")):
        admin_api.ok("POST", f"/boards/{board['id']}/columns", {"title": key, "type": type_name, "key": key})
    items = [{"name": f"Item {k}", "values": {"n": [3, None, 1, 1, 2.5][k % 5], "x": ["b", "A", None, "a"][k % 4]}}
             for k in range(17)]
    created = admin_api.ok("POST", f"/boards/{board['id']}/items/batch", {"items": items})["items"]
    return board["id"], created


def test_paging_through_the_api_with_sort_filter_and_search(admin_api, api_board):
    board_id, created = api_board
    sort = [{"column": "x", "direction": "desc"}, {"column": "n", "direction": "asc"}]
    tree = {"column": "n", "operator": "not_equals", "value": 3}
    everything = admin_api.ok("GET", _path(board_id, 500, sort=sort, filter=tree, q="item"))["items"]
    seen, cursor = [], None
    while True:
        page = admin_api.ok("GET", _path(board_id, 4, cursor, sort=sort, filter=tree, q="item"))
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [i["id"] for i in seen] == [i["id"] for i in everything]
    assert len(everything) == len([c for c in created if c["values"].get("n") != 3])
    texts = [i["values"].get("x") for i in everything]
    present = [t.lower() for t in texts if t is not None]
    assert present == sorted(present, reverse=True) and texts[len(present):] == [None] * (len(texts) - len(present))


def _crafted(key: list) -> str:
    import base64
    import json

    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def test_a_cursor_from_another_sort_or_crafted_answers_400(admin_api, api_board):
    board_id, _ = api_board
    by_text = admin_api.ok("GET", _path(board_id, 2, sort=[{"column": "x", "direction": "asc"}]))["next_cursor"]
    cases = [(by_text, [{"column": "n", "direction": "asc"}]), (_crafted(["abc", "def"]), None),
             (_crafted([{"a": 1}, 2]), None), (_crafted([[1], 1.0, 2]), [{"column": "x", "direction": "asc"}])]
    answers = []
    for cursor, sort in cases:
        try:
            result = admin_api.get(_path(board_id, 2, cursor, **({"sort": sort} if sort else {})))
            answers.append((result.status, "cursor" in (result.error.get("details") or {})))
        except Exception as error:  # the view raised: a 500 outside tests
            answers.append((500, type(error).__name__))
    assert answers == [(400, True)] * len(cases), answers
