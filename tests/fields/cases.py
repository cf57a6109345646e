"""Example values for every column type, shared by the contract test in this package and the
API tests (`from tests.fields.cases import CASES`).

Each entry: the column `settings`, `valid` values (accepted, perhaps normalised), `invalid` values
(each must be refused — by the API with a 422), and `parse` pairs of typed text and the value it
reads as. Everything is plain JSON. People ids depend on the workspace, so `valid` for people is
empty (the API test uses its own members) and 999999 stands for a non-member; the people
`parse` pairs assume the members of FakeContext below.
"""
from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

TODAY = date(2024, 6, 15)
MEMBERS = {1: ("ada@example.com", "Ada Lovelace"), 2: ("grace@example.com", "Grace Hopper")}
UNKNOWN_MEMBER = 999999


class FakeContext:
    """A FieldContext with two members and a fixed today."""

    def member_ids(self) -> set[int]:
        return set(MEMBERS)

    def find_member(self, text: str) -> int | None:
        wanted = text.strip().casefold()
        return next((i for i, names in MEMBERS.items() if wanted in {n.casefold() for n in names}), None)

    def today(self) -> date:
        return TODAY


def fake_item(**overrides: Any) -> SimpleNamespace:
    """The item attributes read-only columns read."""
    return SimpleNamespace(**{
        "number": 7,
        "created_by_id": 1,
        "created_at": datetime(2024, 3, 5, 14, 30),
        "updated_by_id": 2,
        "updated_at": datetime(2024, 6, 1, 9, 15, 30, 250000),
        **overrides,
    })


STATUS_LABELS = [
    {"label": "New", "color": "#579bfc"},
    {"label": "Won", "color": "#00c875"},
    {"label": "Lost", "color": "#e2445c"},
]
LOG_INVALID: list[Any] = [{"user_id": 1, "at": "2024-01-01T00:00:00.000000Z"}, "2024-01-01", 1]

# Types whose settings name other boards and columns: the per-type API tests, which make a
# column from CASES' settings alone, leave them to tests/boards/test_links.py and test_mirrors.py.
BOARD_BOUND = {"connect_boards", "mirror"}

CASES: dict[str, dict[str, Any]] = {
    "text": {
        "settings": {},
        "valid": ["Acme", "  padded  ", "ünïcode ✓ 中文 ไทย", "x" * 2000],
        "invalid": [5, True, ["Acme"], {"text": "Acme"}, "two\nlines", "x" * 2001],
        "parse": [("  Acme  ", "Acme"), ("中文", "中文")],
    },
    "long_text": {
        "settings": {},
        "valid": ["Line 1\nLine 2", "one line", "x" * 5000],
        "invalid": [5, False, ["a"], {"text": "a"}, "x" * 100_001],
        "parse": [("a\r\nb", "a\nb"), ("  a  ", "a")],
    },
    "number": {
        "settings": {"unit": "€", "decimals": 2},
        "valid": [0, 5, -5, 1234.5, 0.001, -0.5, 10**15],
        "invalid": ["5", True, [5], {"n": 5}, 10**16, -(10**16)],
        "parse": [
            ("1,234.50", 1234.5), ("€1.234,50", 1234.5), ("$ 1 234", 1234), ("-5", -5),
            ("(1,234)", -1234), ("12%", 12), ("\u22127.5", -7.5), ("1\u00a0234", 1234),
            ("1.234,5", 1234.5), ("1,5", 1.5), ("1,234", 1234), ("1234.5", 1234.5), ("12 €", 12),
        ],
    },
    "status": {
        "settings": {"labels": STATUS_LABELS, "default": "New"},
        "valid": ["New", "won", " Lost "],
        "invalid": ["Maybe", 1, True, ["New"], {"label": "New"}],
        "parse": [("won", "Won"), ("NEW", "New"), ("Lost", "Lost")],
    },
    "dropdown": {
        "settings": {"labels": ["Red", "Green", "Blue"]},
        "valid": [["Red"], ["red", "Blue", "RED"], ["Green", "Blue"], []],
        "invalid": ["Red", [1], ["Purple"], ["Red", "Purple"], [["Red"]], {"Red": True}],
        "parse": [("red, blue", ["Red", "Blue"]), ("Green; Red", ["Green", "Red"]), ("blue,BLUE", ["Blue"])],
    },
    "checkbox": {
        "settings": {},
        "valid": [True, False],
        "invalid": ["yes", 1, 0, "true", [True], {"checked": True}],
        "parse": [
            ("yes", True), ("No", False), ("TRUE", True), ("0", False), ("x", True), ("✓", True),
            ("off", False), ("checked", True), ("是", True), ("否", False), ("ใช่", True), ("ไม่", False),
        ],
    },
    "rating": {
        "settings": {"max": 5},
        "valid": [0, 3, 5],
        "invalid": [6, -1, 2.5, "3", True, [3]],
        "parse": [("4", 4), ("4/5", 4), ("★★★★", 4), ("★★★☆☆", 3), ("8/10", 4), ("0", 0)],
    },
    "date": {
        "settings": {},
        "valid": ["2024-03-05", "2024-02-29", "1999-12-31"],
        "invalid": [
            "2024-02-30", "2023-02-29", "03/05/2024", "2024-03-05T14:30", "2024-3-5", "tomorrow",
            20240305, ["2024-03-05"],
        ],
        "parse": [
            ("2024-03-05", "2024-03-05"), ("03/04/2024", "2024-03-04"), ("13/04/2024", "2024-04-13"),
            ("05.03.2024", "2024-03-05"), ("2024-3-5", "2024-03-05"), ("5 Mar 2024", "2024-03-05"),
            ("March 5, 2024", "2024-03-05"), ("2024-03-05 14:30", "2024-03-05"),
        ],
    },
    "timeline": {
        "settings": {},
        "valid": [{"from": "2024-01-01", "to": "2024-02-01"}, {"from": "2024-01-01", "to": "2024-01-01"}],
        "invalid": [
            {"from": "2024-02-01", "to": "2024-01-01"}, {"from": "2024-01-01"}, "2024-01-01",
            {"from": "2024-01-01", "to": "2024-02-30"}, {"from": 1, "to": 2},
            {"from": "2024-01-01", "to": "2024-02-01", "days": 31},
        ],
        "parse": [
            ("2024-01-01 - 2024-02-01", {"from": "2024-01-01", "to": "2024-02-01"}),
            ("2024-01-01 to 2024-02-01", {"from": "2024-01-01", "to": "2024-02-01"}),
            ("2024-01-01/2024-02-01", {"from": "2024-01-01", "to": "2024-02-01"}),
            ("2024-01-01–2024-02-01", {"from": "2024-01-01", "to": "2024-02-01"}),
            ("2024-01-05", {"from": "2024-01-05", "to": "2024-01-05"}),
        ],
    },
    "people": {
        "settings": {},
        "valid": [],
        "invalid": [[UNKNOWN_MEMBER], "1", 1, [0], [-1], ["ada@example.com"], [True]],
        "parse": [("1, 2", [1, 2]), ("ada@example.com", [1]), ("Grace Hopper; 1", [2, 1]), ("2,2", [2])],
    },
    "email": {
        "settings": {},
        "valid": ["ada@example.com", "Ada.Lovelace+crm@Example.COM", "mailto:grace@example.com"],
        "invalid": ["foo@", "foo", "a b@example.com", "ada@example", 5, ["ada@example.com"],
                    "x" * 250 + "@example.com"],
        "parse": [
            ("ADA@EXAMPLE.COM", "ADA@example.com"), ("mailto:ada@example.com", "ada@example.com"),
            ("Ada Lovelace <ada@example.com>", "ada@example.com"),
        ],
    },
    "phone": {
        "settings": {"default_country": "US"},
        "valid": ["+1 415 555 2671", "(415) 555-2671", "+66 2 123 4567", "123-456"],
        "invalid": ["abc", "12345", "call +1 415 555 2671", 14155552671, ["+14155552671"], "1" * 25],
        "parse": [
            ("+1 415 555 2671", "+14155552671"), ("(415) 555-2671", "+14155552671"),
            ("+66 2 123 4567", "+6621234567"), ("tel:+14155552671", "+14155552671"),
        ],
    },
    "link": {
        "settings": {},
        "valid": [
            {"url": "https://example.com"},
            {"url": "http://example.com/a?b=1#c", "text": "Docs"},
            {"url": "https://example.com", "text": "https://example.com"},
        ],
        "invalid": [
            {"url": "javascript:alert(1)"}, {"url": "ftp://example.com"}, {"url": "data:text/html,hi"},
            "https://example.com", {"text": "no url"}, {"url": "https://"},
            {"url": "https://example.com", "title": "x"}, {"url": "https://example.com/" + "a" * 2000},
        ],
        "parse": [
            ("https://example.com", {"url": "https://example.com"}),
            ("Docs (https://example.com/docs)", {"url": "https://example.com/docs", "text": "Docs"}),
            ("example.com", {"url": "https://example.com"}),
        ],
    },
    "tags": {
        "settings": {},
        "valid": [["vip", "Lead"], ["a", "A", " b "], []],
        "invalid": ["vip", [1], ["a,b"], ["x" * 101], [["vip"]], {"vip": True}],
        "parse": [("vip, lead; VIP", ["vip", "lead"]), ("one", ["one"])],
    },
    "country": {
        "settings": {},
        "valid": ["TW", "th", "US"],
        "invalid": ["XX", "TWN", "Taiwan", 158, ["TW"], {"code": "TW"}],
        "parse": [
            ("tw", "TW"), ("TH", "TH"), ("THA", "TH"), ("Taiwan", "TW"), ("Thailand", "TH"),
            ("United States", "US"), ("USA", "US"), ("UK", "GB"), ("South Korea", "KR"),
            ("Vietnam", "VN"), ("Ivory Coast", "CI"),
        ],
    },
    "location": {
        "settings": {},
        "valid": [
            {"lat": 25.0339, "lng": 121.5645},
            {"lat": -33.8568, "lng": 151.2153, "address": "Sydney Opera House"},
            {"lat": 90, "lng": -180},
        ],
        "invalid": [
            {"lat": 91, "lng": 0}, {"lat": 0, "lng": 181}, {"lat": "25", "lng": "121"}, {"lat": 25},
            "25.03, 121.56", {"lat": 0, "lng": 0, "zoom": 3}, {"lat": True, "lng": 0},
        ],
        "parse": [
            ("25.03, 121.56", {"lat": 25.03, "lng": 121.56}),
            ("25.03,121.56 (Taipei 101)", {"lat": 25.03, "lng": 121.56, "address": "Taipei 101"}),
            ("Taipei 101 | 25.03, 121.56", {"lat": 25.03, "lng": 121.56, "address": "Taipei 101"}),
        ],
    },
    "auto_number": {"settings": {}, "valid": [], "invalid": [1, "1", [1]], "parse": []},
    "button": {"settings": {"label": "Approve"}, "valid": [], "invalid": [1, "1", True], "parse": []},
    # Shapes only: whether the ids are items of the linked boards is checked in boards/links.py.
    "connect_boards": {
        "settings": {"board_ids": [1], "two_way": False},
        "valid": [[1], [3, 2]],
        "invalid": [1, "1", ["1"], [0], [1.5], {"id": 1}],
        "parse": [("1, 2", [1, 2]), ("7", [7])],
    },
    "mirror": {"settings": {"link_column": "account", "target_column": "value", "aggregate": "sum"},
               "valid": [], "invalid": [1, "1", [1]], "parse": []},
    "creation_log": {"settings": {}, "valid": [], "invalid": LOG_INVALID, "parse": []},
    "last_updated": {"settings": {}, "valid": [], "invalid": LOG_INVALID, "parse": []},
}
