"""The board's item list: position order, filters by group and parent, keyset paging, counts."""
from __future__ import annotations


def test_paging_yields_every_item_once_in_position_order(admin_api, board):
    created = admin_api.ok("POST", f"/boards/{board['id']}/items/batch",
                           {"items": [{"name": f"item {n:02d}"} for n in range(23)]})["items"]
    seen, cursor = [], None
    while True:
        query = f"/boards/{board['id']}/items?limit=5" + (f"&cursor={cursor}" if cursor else "")
        page = admin_api.ok("GET", query)
        assert "total" not in page, "counts only when asked for"
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [i["id"] for i in created]


def test_a_move_between_pages_neither_repeats_nor_skips_the_rest(admin_api, board):
    created = admin_api.ok("POST", f"/boards/{board['id']}/items/batch",
                           {"items": [{"name": f"n{n}"} for n in range(6)]})["items"]
    first = admin_api.ok("GET", f"/boards/{board['id']}/items?limit=3")
    admin_api.ok("POST", f"/items/{created[5]['id']}/move", {"before_id": created[0]["id"]}, status=200)
    rest = admin_api.ok("GET", f"/boards/{board['id']}/items?limit=10&cursor={first['next_cursor']}")
    assert [i["id"] for i in rest["items"]] == [c["id"] for c in created[3:5]]


def test_count_group_and_parent_filters(admin_api, board):
    other = admin_api.ok("POST", f"/boards/{board['id']}/groups", {"name": "Other"})
    parent = admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "p"})
    admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "q", "group_id": other["id"]})
    sub = admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "s", "parent_id": parent["id"]})
    assert admin_api.ok("GET", f"/boards/{board['id']}/items?count=true")["total"] == 2
    in_other = admin_api.ok("GET", f"/boards/{board['id']}/items?group_id={other['id']}")
    assert [i["name"] for i in in_other["items"]] == ["q"]
    subs = admin_api.ok("GET", f"/boards/{board['id']}/items?parent_id={parent['id']}")
    assert [i["id"] for i in subs["items"]] == [sub["id"]]


def test_bad_cursor_and_limit_answer_400_or_422_naming_the_parameter(admin_api, board):
    result = admin_api.get(f"/boards/{board['id']}/items?cursor=garbage!")
    assert result.status == 400 and "cursor" in result.error["details"]
    result = admin_api.get(f"/boards/{board['id']}/items?limit=501")
    assert result.status == 422 and "limit" in result.error["details"]
