"""Boards with a spread of values for every column type, built through the service layer, and
the operator values to probe them with. Shared by the filter, sort and property tests.

`P(n)` stands for the n-th member of the board's workspace (people values), `G(n)` for the n-th
group of the board; both are resolved when the board is built.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tests.fields.cases import CASES
from tests.views import oracle

_seq = itertools.count(1)

UNKNOWN_ID = 999999
PEOPLE_NAMES = ("ada", "Bob", "carol", "Dave")


@dataclass(frozen=True)
class P:
    index: int


@dataclass(frozen=True)
class G:
    index: int


@dataclass
class Spec:
    """A column type (or built-in field) with the values its board holds and its probes.

    probes: "text" (text operators and equals for text-like types), "scalar" (equals and the
    comparisons), "pair" (between), "list" (any_of), "days" (within_the_next/last)."""

    type: str
    settings: dict = field(default_factory=dict)
    values: list = field(default_factory=list)
    probes: dict[str, list] = field(default_factory=dict)
    # For the item's own fields: names and timestamps (default: plain names, spread stamps).
    names: list[str] | None = None


def _stamp(*parts: int) -> datetime:
    return datetime(*parts)


# Around the pinned today (2024-06-15): its edges, the day before and after, a week either way.
STAMPS = [
    _stamp(2024, 6, 15, 0, 0, 0), _stamp(2024, 6, 15, 23, 59, 59, 999999), _stamp(2024, 6, 14, 23, 59, 59, 999999),
    _stamp(2024, 6, 16, 0, 0, 0), _stamp(2024, 6, 16, 0, 0, 0, 1), _stamp(2024, 6, 22, 12, 0),
    _stamp(2024, 6, 23, 0, 0, 1), _stamp(2024, 6, 8, 0, 0), _stamp(2024, 6, 7, 23, 59, 59),
    _stamp(2024, 5, 1, 10, 30), _stamp(2025, 1, 1), _stamp(1999, 12, 31, 23, 59), _stamp(2024, 6, 15, 12, 0),
    _stamp(2024, 6, 1, 0, 0), _stamp(2024, 6, 30, 23, 59),
]

TEXTS = ["Acme", "acme", "ACME Corp", "Beta", "beta max", "100% pure", "100 pure", "x_y", "xay", "back\\slash",
         "中文 ไทย", "ünïcode ✓ 中文 ไทย", "  padded  ", "a", "A", "Ends with me", "%", "_", "x" * 2000, "", None]
TEXT_NEEDLES = ["acme", "ACME", "Acme Corp", "me", "a", "A", "%", "_", "x_y", "100%", "% pure", "\\", "back\\slash",
                "中文", "ไทย", "ü", "padded", "zzz", "x" * 2000, "e", "ends WITH me"]

DATE_PROBES = {
    "scalar": ["2024-06-15", "2024-06-14", "2024-06-16", "2024-06-01", "2024-06-15T10:00", "1999-12-31",
               "2030-01-01", "2024-06-22", "2024-06-08"],
    "pair": [["2024-06-14", "2024-06-16"], ["2024-06-15", "2024-06-15"], ["2024-01-01", "2024-12-31"],
             ["2024-06-16", "2024-06-22"], ["2024-06-15T08:00", "2024-06-15T09:00"]],
    "days": [{"days": 0}, {"days": 1}, {"days": 7}, {"days": 8}, {"days": 30}],
}
NUMBER_PROBES = {
    "scalar": [0, 5, -5, 5.0, 3, 1234.5, 0.001, 10**15, -0.5, 2.5, 4, -(10**15), 1e16],
    "pair": [[-5, 5], [0, 0], [5, 1234.5], [-1e16, 1e16], [0.001, 0.001], [3, 3], [2.5, 7]],
}
NAMES = [t for t in TEXTS if t and t.strip() and len(t) <= 500]  # item names are at most 500 characters

SPECS: dict[str, Spec] = {
    "text": Spec("text", CASES["text"]["settings"], [*CASES["text"]["valid"], *TEXTS],
                 {"text": TEXT_NEEDLES}),
    "long_text": Spec("long_text", CASES["long_text"]["settings"],
                      [*CASES["long_text"]["valid"], "LINE 3", "multi\nline\ntext", "50% off_now", "50 off now",
                       "\r\nwindows\r\nline\r\n", "", None],
                      {"text": ["line", "LINE 2", "1\nline", "\n", "one line", "%", "_", "off_", "x" * 10, "zzz",
                                "Line 1\nLine 2", "windows\nline"]}),
    "email": Spec("email", CASES["email"]["settings"],
                  [*CASES["email"]["valid"], "bob_smith@corp.io", "bobxsmith@corp.io", "100%real@corp.io",
                   "GRACE@EXAMPLE.ORG", "", None],
                  {"text": ["ada", "ADA@EXAMPLE.COM", "example.com", "@corp.io", "bob_", "_", "%", "grace@example.org",
                            "lovelace+crm", ".io", "zzz", "a", "Ada.Lovelace+crm@example.com"]}),
    "phone": Spec("phone", CASES["phone"]["settings"], [*CASES["phone"]["valid"], "+44 20 7946 0958", "", None],
                  {"text": ["+1", "415", "2671", "+14155552671", "123-456", "-", "+66", "zzz", "4", "+442079460958"]}),
    "link": Spec("link", CASES["link"]["settings"],
                 [*CASES["link"]["valid"], {"url": "https://EXAMPLE.com/Path_x"}, {"url": "https://test.org/100%25"},
                  {"url": "HTTPS://Upper.org"}, {"url": "https://test.org/pathxx"}, None],
                 {"text": ["example", "EXAMPLE.COM", "https://", "http://", "http", ".com", "_x", "%", "path", "docs",
                           "https://example.com", "zzz", "#c", "upper.org"]}),
    "location": Spec("location", CASES["location"]["settings"],
                     [*CASES["location"]["valid"], {"lat": 25.03, "lng": 121.56, "address": "Taipei 101"},
                      {"lat": 0, "lng": 0, "address": "100% Café_x"}, {"lat": 1, "lng": 1, "address": "sydney harbour"},
                      {"lat": 2, "lng": 2, "address": "100 Cafe x"}, None],
                     {"text": ["sydney", "OPERA", "101", "%", "_", "zzz", "taipei 101", "é", "café"]}),
    "number": Spec("number", CASES["number"]["settings"],
                   [*CASES["number"]["valid"], 5.0, 3, 3, 7, 2.5, -(10**15), 100, 99.99, 4, None, None],
                   NUMBER_PROBES),
    "auto_number": Spec("auto_number", values=[None] * 12,
                        probes={"scalar": [1, 6, 12, 0, 13, 6.5, -1], "pair": [[3, 7], [1, 1], [12, 100], [0, 0],
                                                                                [2.5, 4.5]]}),
    "rating": Spec("rating", CASES["rating"]["settings"], [*CASES["rating"]["valid"], 1, 2, 3, 4, 0, 5, None, None],
                   {"scalar": [0, 3, 5, 2.5, 1, 6], "pair": [[1, 3], [0, 0], [4, 5], [0, 5]],
                    "list": [[3], [0, 5], [1], [4, 5], [2]]}),
    "status": Spec("status", CASES["status"]["settings"], [*CASES["status"]["valid"], "Won", "New", None, None],
                   {"scalar": ["Won", "won", "New", "Lost", "LOST"],
                    "list": [["Won"], ["won", "Lost"], ["New", "Won", "Lost"], ["new"]]}),
    "country": Spec("country", CASES["country"]["settings"], [*CASES["country"]["valid"], "GB", "us", "", None],
                    {"scalar": ["TW", "tw", "TH", "FR", "us"], "list": [["TW", "US"], ["th"], ["FR"], ["gb", "TW"]]}),
    "checkbox": Spec("checkbox", CASES["checkbox"]["settings"], [*CASES["checkbox"]["valid"], True, False, None, True],
                     {"scalar": [True, False], "list": [[True], [False], [True, False]]}),
    "dropdown": Spec("dropdown", CASES["dropdown"]["settings"],
                     [*CASES["dropdown"]["valid"], ["Red"], ["Blue"], ["Green"], None, ["Blue", "Red"]],
                     {"list": [["Red"], ["red"], ["Green", "Red"], ["Blue"], ["GREEN"]]}),
    "tags": Spec("tags", CASES["tags"]["settings"],
                 [["vip", "Lead"], ["Lead"], ["a", "b"], ["中文"], ["x_y"], ["cold"], [], None, ["vip"], [" b "],
                  ["x%y"]],
                 {"list": [["vip"], ["Lead"], ["b", "cold"], ["x_y"], ["中文"], ["nope"], ["a", "vip"], ["x%y"],
                           [" b "]]}),
    "people": Spec("people", CASES["people"]["settings"],
                   [[P(0)], [P(0), P(1)], [P(2)], [P(1), P(3)], None, [P(3)], [], [P(3), P(0)]],
                   {"list": [[P(0)], [P(1), P(2)], [P(3)], [UNKNOWN_ID]]}),
    "date": Spec("date", CASES["date"]["settings"],
                 [*CASES["date"]["valid"], "2024-06-15", "2024-06-14", "2024-06-16", "2024-06-01", "2024-06-30",
                  "2024-06-22", "2024-06-08", "2024-06-23", "2024-06-07", "2025-01-01", "2024-06-15", "", None],
                 DATE_PROBES),
    "date_time": Spec("date", {"include_time": True},
                      ["2024-06-15T00:00", "2024-06-15T23:59", "2024-06-14T23:59", "2024-06-16T00:00", "2024-06-15",
                       "2024-06-22T12:00", "2024-06-22", "2024-06-23T00:00", "2024-06-08T00:00", "2024-06-07T23:59",
                       "2024-06-01T09:30", "2024-06-15T09:00", "1999-12-31T23:59", None],
                      DATE_PROBES),
    "timeline": Spec("timeline", CASES["timeline"]["settings"],
                     [*CASES["timeline"]["valid"],
                      {"from": "2024-06-10", "to": "2024-06-14"}, {"from": "2024-06-14", "to": "2024-06-16"},
                      {"from": "2024-06-15", "to": "2024-06-15"}, {"from": "2024-06-16", "to": "2024-06-20"},
                      {"from": "2024-06-01", "to": "2024-06-30"}, {"from": "2024-06-22", "to": "2024-06-25"},
                      {"from": "2024-06-23", "to": "2024-06-25"}, {"from": "2024-06-05", "to": "2024-06-08"},
                      {"from": "2024-06-05", "to": "2024-06-07"}, {"from": "2023-01-01", "to": "2023-12-31"},
                      {"from": "2024-06-15", "to": "2024-06-22"}, None],
                     DATE_PROBES),
    "button": Spec("button", values=[None] * 3),  # no value, no operators: nothing to filter
    "creation_log": Spec("creation_log", values=[None] * len(STAMPS), probes=DATE_PROBES),
    "last_updated": Spec("last_updated", values=[None] * len(STAMPS), probes=DATE_PROBES),
    # The item's own fields.
    "name": Spec("name", values=[None] * len(NAMES), probes={"text": TEXT_NEEDLES}, names=NAMES),
    "group": Spec("group", values=[None] * 9,
                  probes={"scalar": [G(0), G(1), G(2), UNKNOWN_ID], "list": [[G(0)], [G(1), G(2)], [UNKNOWN_ID],
                                                                             [G(0), G(1), G(2)]]}),
    "created_at": Spec("created_at", values=[None] * len(STAMPS), probes=DATE_PROBES),
    "updated_at": Spec("updated_at", values=[None] * len(STAMPS), probes=DATE_PROBES),
}
BUILTINS = ("name", "group", "created_at", "updated_at")


def probe_kind(spec_type: str, operator: str) -> str | None:
    """Which probe list an operator takes its values from (None: it takes no value)."""
    if operator in ("is_empty", "is_not_empty", "is_today", "is_overdue"):
        return None
    if operator in ("contains_text", "not_contains_text", "starts_with", "ends_with"):
        return "text"
    if operator in ("equals", "not_equals"):
        return "text" if spec_type in oracle.TEXT_TYPES | {"link", "location"} else "scalar"
    if operator == "between":
        return "pair"
    if operator in ("any_of", "not_any_of"):
        return "list"
    if operator in ("within_the_next", "within_the_last"):
        return "days"
    return "scalar"


# -- building -------------------------------------------------------------------------------------
@dataclass
class Built:
    board: Any  # boards.models.Board
    key: str
    rows: list[oracle.Row]
    model: oracle.Board
    members: list[int]
    groups: list[int]
    user: Any

    def resolve(self, value: Any) -> Any:
        if isinstance(value, P):
            return self.members[value.index]
        if isinstance(value, G):
            return self.groups[value.index]
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if isinstance(value, dict):
            return {k: self.resolve(v) for k, v in value.items()}
        return value

    def name_of(self, item_id: int) -> str:
        row = next(r for r in self.rows if r.id == item_id)
        return f"#{row.id} {row.name[:20]!r}"


def new_board(n_groups: int = 3, people: tuple[str, ...] = PEOPLE_NAMES):
    """A user, a workspace with `people` as members, a board with n groups (no commit)."""
    from boards.service import create_board, create_group
    from workspace.extensions import db
    from workspace.models import Membership, Role, User
    from workspace.service import create_workspace

    n = next(_seq)
    # Users are made directly: hashing a password per test would cost more than the test.
    owner = User(email=f"owner{n}@views.test", name="Owner", password_hash="-")
    db.session.add(owner)
    db.session.flush()
    workspace = create_workspace(f"W{n}", owner)
    members = []
    for index, name in enumerate(people):
        user = User(email=f"p{n}_{index}@views.test", name=name, password_hash="-")
        db.session.add(user)
        db.session.flush()
        db.session.add(Membership(workspace_id=workspace.id, user_id=user.id, role=Role.member))
        members.append(user)
    db.session.flush()
    board = create_board(workspace.id, "Board", user=owner)
    from boards.service import groups_of

    groups = groups_of(board)
    while len(groups) < n_groups:
        create_group(board, f"G{len(groups)}")
        groups = groups_of(board)
    return owner, board, members, groups


def to_row(item) -> oracle.Row:
    return oracle.Row(id=item.id, name=item.name, group_id=item.group_id, number=item.number,
                      position=item.position, created_at=item.created_at, updated_at=item.updated_at,
                      values=dict(item.values or {}))


def set_stamps(item, created_at: datetime, updated_at: datetime) -> None:
    from sqlalchemy import update

    from boards.models import Item
    from workspace.extensions import db

    db.session.execute(update(Item).where(Item.id == item.id).values(created_at=created_at, updated_at=updated_at)
                       .execution_options(synchronize_session=False))
    item.created_at, item.updated_at = created_at, updated_at


def build(spec_key: str) -> Built:
    """A board holding one column of the spec's type (key "c") and one item per spec value."""
    from boards.columns import create_column
    from boards.items import create_item

    spec = SPECS[spec_key]
    owner, board, members, groups = new_board()
    built = Built(board=board, key="c", rows=[], model=oracle.Board(columns={}), user=owner,
                  members=[m.id for m in members], groups=[g.id for g in groups])
    built.model.people = {m.id: m.name for m in members}
    if spec.type in BUILTINS:
        built.key = spec.type
    else:
        create_column(board, owner, title="Column", type=spec.type, settings=spec.settings, key="c")
        built.model.columns["c"] = oracle.Col("c", spec.type, dict(spec.settings))
        from boards.service import columns_of

        built.model.columns["c"].settings = columns_of(board)[0].settings
    names = spec.names or [f"item {n:02d}" for n in range(len(spec.values))]
    for index, value in enumerate(spec.values):
        values = {} if spec.type in BUILTINS or spec.type in ("auto_number", "button", "creation_log", "last_updated") \
            else {"c": built.resolve(value)}
        item = create_item(board, owner, name=names[index % len(names)], group_id=built.groups[index % 3],
                           values=values)
        if spec.type in ("created_at", "updated_at", "creation_log", "last_updated"):
            # The other stamp runs backwards, so reading the wrong one shows.
            set_stamps(item, STAMPS[index % len(STAMPS)], STAMPS[-1 - index % len(STAMPS)]) \
                if spec.type in ("created_at", "creation_log") else \
                set_stamps(item, STAMPS[-1 - index % len(STAMPS)], STAMPS[index % len(STAMPS)])
        built.rows.append(to_row(item))
    return built


def listed_ids(board, spec=None, *, limit: int = 500) -> list[int]:
    from views.service import ItemQuery, list_items

    result = list_items(board, spec or ItemQuery(), limit=limit)
    assert result["next_cursor"] is None, "the whole board fits one page"
    return [item.id for item in result["items"]]
