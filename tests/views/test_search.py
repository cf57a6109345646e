"""Search `q` through the API: case-insensitive over the item's name and its values, Chinese and
Thai substrings, LIKE wildcards taken literally, combined with a filter, and its length limit."""
from __future__ import annotations

import json
import os
from urllib.parse import quote

import pytest

ON_POSTGRES = (os.environ.get("DATABASE_URL") or "").startswith("postgresql")

COLUMNS = [("note", "text", {}), ("t", "tags", {}), ("e", "email", {}), ("lt", "long_text", {}),
           ("l", "link", {}), ("loc", "location", {}), ("n", "number", {}), ("ph", "phone", {}),
           ("s", "status", {"labels": [{"label": "New"}, {"label": "Won"}]})]

ITEMS = {
    "acme": {"name": "Acme Corp", "values": {"note": "Call back Tuesday", "t": ["vip", "Lead"],
                                             "e": "ada@example.com"}},
    "acme2": {"name": "ACME two", "values": {"s": "Won"}},
    "school": {"name": "國立台北科技大學", "values": {"note": "校園"}},
    "campus": {"name": "Campus", "values": {"t": ["新竹清華", "中文"]}},
    "diary": {"name": "Diary", "values": {"lt": "今天我在台北科技大學讀書\n第二行"}},
    "siam": {"name": "ร้านสยาม", "values": {}},
    "paragon": {"name": "Paragon", "values": {"note": "ศูนย์การค้าสยามพารากอน"}},
    "square": {"name": "Square", "values": {"t": ["เชียงใหม่สแควร์"]}},
    "pure": {"name": "100% Pure", "values": {"note": "discount 50%"}},
    "under": {"name": "under_score", "values": {"e": "bob_smith@corp.io"}},
    "slash": {"name": "Path", "values": {"note": "C:\\temp\\new"}},
    "plain": {"name": "Plain", "values": {"note": "nothing to see", "n": 1234.5}},
    "web": {"name": "Web", "values": {"l": {"url": "https://example.com/docs", "text": "Docs"},
                                      "loc": {"lat": 1, "lng": 2, "address": "Taipei 101"}}},
    "phone": {"name": "Phone", "values": {"ph": "+1 415 555 2671"}},
    "quiet": {"name": "Quiet", "values": {}},
}


@pytest.fixture
def search_board(admin_api, board):
    for key, type_name, settings in COLUMNS:
        admin_api.ok("POST", f"/boards/{board['id']}/columns",
                     {"title": key, "type": type_name, "settings": settings, "key": key})
    created = admin_api.ok("POST", f"/boards/{board['id']}/items/batch", {"items": list(ITEMS.values())})["items"]
    ids = {label: item["id"] for label, item in zip(ITEMS, created, strict=True)}
    return board["id"], ids


def found(admin_api, board_id: int, q: str, **params) -> set[int]:
    extra = "".join(f"&{k}={quote(json.dumps(v))}" for k, v in params.items())
    page = admin_api.ok("GET", f"/boards/{board_id}/items?limit=500&q={quote(q)}{extra}")
    return {item["id"] for item in page["items"]}


def check(admin_api, search_board, cases: dict[str, set[str]]) -> None:
    board_id, ids = search_board
    problems = []
    for q, labels in cases.items():
        got = {label for label, item_id in ids.items() if item_id in found(admin_api, board_id, q)}
        if got != labels:
            problems.append(f"q={q!r}: found {sorted(got)}, expected {sorted(labels)}")
    assert not problems, "\n".join(problems)


def test_search_is_case_insensitive_over_the_name(admin_api, search_board):
    check(admin_api, search_board, {"acme": {"acme", "acme2"}, "ACME CORP": {"acme"}, "aCmE c": {"acme"},
                                    "pLaIn": {"plain"}, "zzz": set()})


def test_search_reads_the_values(admin_api, search_board):
    check(admin_api, search_board, {
        "TUESDAY": {"acme"},              # text
        "VIP": {"acme"},                  # tags
        "lead": {"acme"},
        "ADA@EXAMPLE": {"acme"},          # email
        "bob_smith": {"under"},
        "see": {"plain"},
        "1234.5": {"plain"},              # number
        "example.com/DOCS": {"web"},      # link url
        "taipei 101": {"web"},            # location address
        "won": {"acme2"},                 # status
        "4155552671": {"phone"},          # phone, as normalised
    })


def test_search_finds_chinese_substrings(admin_api, search_board):
    # In the name, in the middle of a long text, in a text value.
    check(admin_api, search_board, {"台北科技": {"school", "diary"}, "科技大學": {"school", "diary"},
                                    "讀書": {"diary"}, "校園": {"school"}, "台南": set()})


def test_search_finds_thai_substrings(admin_api, search_board):
    check(admin_api, search_board, {"สยาม": {"siam", "paragon"}, "สยามพารากอน": {"paragon"}, "ร้าน": {"siam"},
                                    "กรุงเทพ": set()})




def test_search_finds_chinese_and_thai_inside_tags(admin_api, search_board):
    check(admin_api, search_board, {"新竹清華": {"campus"}, "清華": {"campus"}, "中文": {"campus"},
                                    "เชียงใหม่": {"square"}, "สแควร์": {"square"}})


def test_search_does_not_match_json_escapes(admin_api, search_board):
    check(admin_api, search_board, {"\\": {"slash"}, "u4e2d": set(), "\\u0e2a": set()})


def test_like_wildcards_in_the_query_are_taken_literally(admin_api, search_board):
    check(admin_api, search_board, {
        "%": {"pure"}, "50%": {"pure"}, "% pure": {"pure"}, "a%e": set(), "%%": set(),
        "_": {"under"}, "r_s": {"under"}, "a_m": set(), "__": set(),
        "\\temp": {"slash"}, "c:\\t": {"slash"},
    })


def test_blank_query_lists_everything(admin_api, search_board):
    board_id, ids = search_board
    assert found(admin_api, board_id, "   ") == set(ids.values())


def test_search_combines_with_a_filter_and_a_sort(admin_api, search_board):
    board_id, ids = search_board
    assert found(admin_api, board_id, "acme") == {ids["acme"], ids["acme2"]}
    won = {"column": "s", "operator": "equals", "value": "Won"}
    assert found(admin_api, board_id, "acme", filter=won) == {ids["acme2"]}
    assert found(admin_api, board_id, "plain", filter=won) == set()
    tagged = {"or": [{"column": "t", "operator": "is_not_empty"}, {"column": "name", "operator": "equals",
                                                                      "value": "100% pure"}]}
    assert found(admin_api, board_id, "%", filter=tagged) == {ids["pure"]}
    page = admin_api.ok("GET", f"/boards/{board_id}/items?q=a&count=true&limit=2&sort="
                        + quote(json.dumps([{"column": "name", "direction": "desc"}])))
    assert page["total"] == len(found(admin_api, board_id, "a"))
    assert len(page["items"]) == 2 and page["next_cursor"]


def test_query_longer_than_200_characters_answers_400(admin_api, search_board):
    board_id, _ = search_board
    result = admin_api.get(f"/boards/{board_id}/items?q=" + quote("a" * 201))
    assert result.status == 400, result.json
    assert "q" in result.error["details"]
    result = admin_api.get(f"/boards/{board_id}/items?q=" + quote("台" * 201))
    assert result.status == 400, result.json
    assert admin_api.get(f"/boards/{board_id}/items?q=" + quote("a" * 200)).status == 200
    assert admin_api.get(f"/boards/{board_id}/items?q=" + quote("  " + "a" * 200 + "  ")).status == 200


def test_search_is_case_insensitive_beyond_ascii(admin_api, board):
    admin_api.ok("POST", f"/boards/{board['id']}/items/batch",
                 {"items": [{"name": "ÜBER uns"}, {"name": "Ελλάδα ΑΘΗΝΑ"}, {"name": "plain"}]})
    for q, name in [("ÜBER", "ÜBER uns"), ("über", "ÜBER uns"), ("αθηνα", "Ελλάδα ΑΘΗΝΑ")]:
        page = admin_api.ok("GET", f"/boards/{board['id']}/items?q={quote(q)}")
        assert [item["name"] for item in page["items"]] == [name], q


def test_search_does_not_match_the_keys_of_object_values(admin_api, search_board):
    check(admin_api, search_board, {"url": set(), "address": set(), "lng": set()})


def test_search_does_not_match_across_fields(admin_api, search_board):
    check(admin_api, search_board, {"corp ada@": set(), "corp call": set()})
