"""The CRM template: its boards, links both ways, mirrored totals, saved views and deterministic
sample data, read back through the API as a user would."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from boards.models import Item
from gallery import data
from gallery.crm import COUNTS, build_crm
from tests.factories import ApiClient
from workspace.extensions import db
from workspace.models import Membership, Role, User

SCALE = 0.05  # 15 accounts, 50 contacts, 75 deals, 25 leads
TODAY = date(2026, 3, 15)
CHINESE = re.compile(r"[\u4e00-\u9fff]")
THAI = re.compile(r"[\u0e00-\u0e7f]")


@dataclass
class Crm:
    api: ApiClient
    workspace_id: int
    boards: dict[str, dict]  # by name, as GET /workspaces/{id}/boards answers

    def items(self, board: str, **params) -> list[dict]:
        """Every top-level item of the board, page by page."""
        query = "&".join(f"{k}={v}" for k, v in params.items())
        found, cursor = [], None
        while True:
            page = self.api.ok("GET", f"/boards/{self.boards[board]['id']}/items?limit=500&{query}"
                               + (f"&cursor={cursor}" if cursor else ""))
            found += page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                return found

    def columns(self, board: str) -> dict[str, dict]:
        return {c["key"]: c for c in self.boards[board]["columns"]}


@pytest.fixture(autouse=True)
def _pinned_today(app):
    app.config["BOARDHOUSE_TODAY"] = TODAY
    yield
    app.config.pop("BOARDHOUSE_TODAY")


@pytest.fixture
def build(app, make_user):
    """build(**kwargs) → a Crm built by build_crm for a new admin, read through the API as them."""
    def make(**kwargs) -> Crm:
        user_id, _email, token = make_user(name="Ada Admin")
        with app.app_context():
            workspace = build_crm(db.session.get(User, user_id), **{"scale": SCALE, **kwargs})
            db.session.commit()
            workspace_id = workspace.id
        api = ApiClient(app.test_client(), token, user_id)
        boards = {b["name"]: b for b in api.ok("GET", f"/workspaces/{workspace_id}/boards")}
        return Crm(api, workspace_id, boards)
    return make


@pytest.fixture
def crm(build) -> Crm:
    return build()


def test_the_four_boards_have_their_groups_and_columns(crm):
    assert set(crm.boards) == {"Leads", "Contacts", "Accounts", "Deals"}
    groups = {name: [g["name"] for g in board["groups"]] for name, board in crm.boards.items()}
    assert groups["Leads"] == ["New leads", "Working", "Lost"]
    assert groups["Deals"] == ["Open", "Won", "Lost"]
    types = {name: {key: (c["type"], c["scope"]) for key, c in crm.columns(name).items()} for name in crm.boards}
    assert types["Deals"] == {"stage": ("status", "item"), "owner": ("people", "item"), "value": ("number", "item"),
                              "close_date": ("date", "item"), "probability": ("number", "item"),
                              "account": ("connect_boards", "item"), "contact": ("connect_boards", "item")}
    assert {k: t for k, (t, _scope) in types["Leads"].items()} == {
        "company": "text", "email": "email", "phone": "phone", "source": "status", "country": "country"}
    accounts = crm.columns("Accounts")
    assert {k: accounts[k]["type"] for k in ("industry", "country", "location", "website", "contacts",
                                               "open_pipeline", "contact_count")} == {
        "industry": "status", "country": "country", "location": "location", "website": "link",
        "contacts": "connect_boards", "open_pipeline": "mirror", "contact_count": "mirror"}
    contacts = crm.columns("Contacts")
    assert [c["title"] for c in contacts.values() if c["type"] == "connect_boards"] == ["Account"]
    assert {k for k, (_t, scope) in types["Contacts"].items() if scope == "subitem"} == {"role", "colleague_email"}
    stage = crm.columns("Deals")["stage"]["settings"]
    assert [entry["label"] for entry in stage["labels"]] == [s for s, _c, _p in data.STAGES]
    assert stage["default"] == "New" and all(entry.get("color") for entry in stage["labels"])


def test_the_sample_counts_follow_the_scale(crm):
    for board, kind in (("Accounts", "accounts"), ("Contacts", "contacts"), ("Deals", "deals"), ("Leads", "leads")):
        assert len(crm.items(board)) == round(COUNTS[kind] * SCALE), board


def test_accounts_contacts_and_deals_are_linked_both_ways(crm):
    account_key = next(k for k, c in crm.columns("Contacts").items() if c["type"] == "connect_boards")
    deals_key = next(k for k, c in crm.columns("Accounts").items()
                     if c["type"] == "connect_boards" and c["key"] != "contacts")
    accounts = {a["id"]: a["values"] for a in crm.items("Accounts")}
    contacts = {c["id"]: c["values"] for c in crm.items("Contacts")}
    deals = crm.items("Deals")
    for contact_id, values in contacts.items():
        (account_id,) = values[account_key]
        assert contact_id in accounts[account_id]["contacts"]
    assert sum(len(a.get("contacts", [])) for a in accounts.values()) == len(contacts)
    assert all(a.get("contacts") for a in accounts.values()), "every account has someone to call"
    for deal in deals:
        (account_id,) = deal["values"]["account"]
        assert deal["id"] in accounts[account_id][deals_key]
        (contact_id,) = deal["values"]["contact"]
        assert contacts[contact_id][account_key] == [account_id], "a deal's contact works at its account"
    assert sum(len(a.get(deals_key, [])) for a in accounts.values()) == len(deals)


def test_the_open_pipeline_and_contact_count_mirror_the_linked_items(crm):
    deals = {d["id"]: d["values"] for d in crm.items("Deals")}
    deals_key = crm.columns("Accounts")["open_pipeline"]["settings"]["link_column"]
    checked = 0
    for account in crm.items("Accounts"):
        values = account["values"]
        linked = [deals[i] for i in values.get(deals_key, [])]
        expected = sum(d["value"] for d in linked if d["stage"] not in ("Won", "Lost"))
        assert (values.get("open_pipeline") or 0) == expected, account["name"]
        assert values["contact_count"] == len(values["contacts"])
        checked += expected > 0
    assert checked >= 5, "most accounts have open deals, so the sums are really compared"


def test_deals_are_spread_over_stages_owners_and_dates(crm, app):
    deals = crm.items("Deals")
    groups = {g["id"]: g["name"] for g in crm.boards["Deals"]["groups"]}
    probability = {stage: p for stage, _color, p in data.STAGES}
    for deal in deals:
        values = deal["values"]
        stage = values["stage"]
        assert groups[deal["group_id"]] == (stage if stage in ("Won", "Lost") else "Open")
        assert values["probability"] == probability[stage]
        assert -60 <= (date.fromisoformat(values["close_date"]) - TODAY).days <= 120
        assert values["value"] > 0
    assert len({d["values"]["stage"] for d in deals}) == len(data.STAGES)
    owners = {owner for d in deals for owner in d["values"]["owner"]}
    assert crm.api.user_id in owners and len(owners) == 4
    with app.app_context():
        roles = db.session.execute(select(User.name, Membership.role).join(Membership)
                                   .where(Membership.workspace_id == crm.workspace_id)).all()
    assert sorted(roles) == sorted([("Ada Admin", Role.admin), *((name, Role.member) for name, _h in data.TEAM)])


def test_names_are_english_with_some_chinese_and_thai(crm):
    names = [item["name"] for board in ("Contacts", "Leads", "Accounts") for item in crm.items(board)]
    chinese = sum(bool(CHINESE.search(n)) for n in names)
    thai = sum(bool(THAI.search(n)) for n in names)
    assert 0 < chinese < len(names) / 3 and 0 < thai < len(names) / 3
    emails = [i["values"]["email"] for board in ("Contacts", "Leads") for i in crm.items(board)]
    assert all(e.isascii() and e.endswith(".example") for e in emails)


def test_some_contacts_have_colleagues_as_sub_items(crm, app):
    with app.app_context():
        parents = db.session.scalars(select(Item.parent_id).where(
            Item.board_id == crm.boards["Contacts"]["id"], Item.parent_id.isnot(None)).distinct()).all()
    assert parents
    colleagues = crm.api.ok("GET", f"/items/{parents[0]}/subitems")
    assert colleagues and all(set(c["values"]) == {"role", "colleague_email"} for c in colleagues)


def _views(crm: Crm, board: str) -> dict[str, dict]:
    return {v["name"]: v for v in crm.api.ok("GET", f"/boards/{crm.boards[board]['id']}/views")}


def test_every_board_has_saved_views_whose_items_answer(crm):
    expected = {"Deals": {"Closing this month", "My open deals", "Pipeline"},
                "Accounts": {"Accounts map", "Biggest open pipeline"},
                "Contacts": {"Contacts A–Z"}, "Leads": {"Leads by source"}}
    for board, names in expected.items():
        views = _views(crm, board)
        assert set(views) == names
        for view in views.values():
            crm.api.ok("GET", f"/views/{view['id']}/items?count=true")
            if view["type"] == "kanban":
                crm.api.ok("GET", f"/views/{view['id']}/items?lanes=true")
    assert _views(crm, "Accounts")["Accounts map"]["settings"] == {"column": "location"}


def test_my_open_deals_are_the_viewers_deals_not_won_or_lost(crm):
    view = _views(crm, "Deals")["My open deals"]
    assert (view["type"], view["settings"]["column"]) == ("kanban", "stage")
    mine = crm.api.ok("GET", f"/views/{view['id']}/items?limit=500")["items"]
    expected = [d for d in crm.items("Deals")
                if d["values"]["owner"] == [crm.api.user_id] and d["values"]["stage"] not in ("Won", "Lost")]
    assert mine and sorted(d["id"] for d in mine) == sorted(d["id"] for d in expected)


def test_closing_this_month_lists_open_deals_of_the_next_30_days_soonest_first(crm):
    view = _views(crm, "Deals")["Closing this month"]
    found = crm.api.ok("GET", f"/views/{view['id']}/items?limit=500")["items"]
    dates = [d["values"]["close_date"] for d in found]
    assert found and dates == sorted(dates)
    soon = (TODAY.isoformat(), (TODAY + timedelta(days=30)).isoformat())
    expected = [d for d in crm.items("Deals")
                if soon[0] <= d["values"]["close_date"] <= soon[1] and d["values"]["stage"] not in ("Won", "Lost")]
    assert sorted(d["id"] for d in found) == sorted(d["id"] for d in expected)


def test_biggest_open_pipeline_sorts_accounts_by_the_mirror(crm):
    view = _views(crm, "Accounts")["Biggest open pipeline"]
    found = crm.api.ok("GET", f"/views/{view['id']}/items?limit=500")["items"]
    sums = [a["values"].get("open_pipeline") for a in found]
    present = [s for s in sums if s]
    assert present == sorted(present, reverse=True)


def _contents(crm: Crm, app) -> dict[str, list]:
    """Every board's items as names and values, with linked ids and people as names (ids differ
    between two builds)."""
    with app.app_context():
        people = dict(db.session.execute(select(User.id, User.name)).all())
    by_board = {board: crm.items(board) for board in crm.boards}
    names = {item["id"]: item["name"] for items in by_board.values() for item in items}

    def plain(kind: str, value):
        if kind == "connect_boards":
            return sorted(names[i] for i in value)
        return [people[i] for i in value] if kind == "people" else value

    out = {}
    for board, items in by_board.items():
        kinds = {key: c["type"] for key, c in crm.columns(board).items()}
        groups = {g["id"]: g["name"] for g in crm.boards[board]["groups"]}
        out[board] = [(i["name"], groups[i["group_id"]], {k: plain(kinds[k], v) for k, v in i["values"].items()})
                      for i in items]
    return out


def test_the_same_seed_builds_the_same_workspace_and_another_seed_another(build, app):
    first, second, other = build(), build(), build(seed=8)
    assert _contents(first, app) == _contents(second, app)
    assert _contents(first, app)["Accounts"] != _contents(other, app)["Accounts"]


def test_scale_zero_builds_the_boards_and_views_without_sample_data(build, app):
    empty = build(scale=0)
    assert set(empty.boards) == {"Leads", "Contacts", "Accounts", "Deals"}
    assert all(not empty.items(board) for board in empty.boards)
    assert set(_views(empty, "Deals")) == {"Closing this month", "My open deals", "Pipeline"}
    with app.app_context():
        members = db.session.scalar(select(func.count()).select_from(Membership)
                                    .where(Membership.workspace_id == empty.workspace_id))
    assert members == 1, "no sales team without sample deals to own"


def test_the_deals_board_has_three_working_automations(build, settle):
    crm = build()
    deals = crm.boards["Deals"]
    automations = crm.api.ok("GET", f"/boards/{deals['id']}/automations")
    assert len(automations) == 3 and all(a["enabled"] for a in automations)
    groups = {g["name"]: g["id"] for g in deals["groups"]}
    deal = next(d for d in crm.items("Deals") if d["values"].get("stage") == "Proposal")
    crm.api.ok("PATCH", f"/items/{deal['id']}", {"values": {"stage": "Won"}})
    settle()
    won = crm.api.ok("GET", f"/items/{deal['id']}")
    assert won["group_id"] == groups["Won"] and won["values"]["probability"] == 100
