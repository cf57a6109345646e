"""Mirror columns: every aggregate, with and without a filter over the linked items, equals a
plain-Python computation over the linked items; mirrors filter and sort in views, stay current
after any change on the linked side, and their settings are checked against the boards."""
from __future__ import annotations

import json
import random
import statistics
from urllib.parse import quote

import pytest

STAGES = ["New", "Proposal", "Won", "Lost"]
OPEN = {"and": [{"column": "stage", "operator": "not_any_of", "value": ["Won", "Lost"]}]}


@pytest.fixture
def crm(admin_api, workspace):
    """Accounts ← two-way → Deals, with deterministic deals: some without a value or a date,
    some linked to two accounts, some to none, one in the trash."""
    ws = workspace["id"]
    accounts = admin_api.ok("POST", f"/workspaces/{ws}/boards", {"name": "Accounts"})
    deals = admin_api.ok("POST", f"/workspaces/{ws}/boards", {"name": "Deals"})
    board = deals["id"]
    admin_api.ok("POST", f"/boards/{board}/columns", {"title": "Value", "type": "number", "key": "value"})
    admin_api.ok("POST", f"/boards/{board}/columns", {"title": "Close", "type": "date", "key": "close"})
    admin_api.ok("POST", f"/boards/{board}/columns", {
        "title": "Stage", "type": "status", "key": "stage",
        "settings": {"labels": [{"label": s, "color": "#579bfc"} for s in STAGES]}})
    admin_api.ok("POST", f"/boards/{board}/columns", {"title": "Tags", "type": "tags", "key": "tags"})
    link = admin_api.ok("POST", f"/boards/{board}/columns", {
        "title": "Account", "type": "connect_boards", "key": "account",
        "settings": {"board_ids": [accounts["id"]], "two_way": True}})
    reverse_id = link["settings"]["reverse_column_id"]
    reverse = next(c for c in admin_api.ok("GET", f"/boards/{accounts['id']}")["columns"] if c["id"] == reverse_id)
    account_ids = [admin_api.ok("POST", f"/boards/{accounts['id']}/items", {"name": f"Account {n}"})["id"]
                   for n in range(6)]
    rng = random.Random(5)
    deal_rows = []
    for n in range(30):
        values = {"stage": rng.choice(STAGES), "tags": rng.sample(["a", "b", "c"], rng.randrange(0, 3)) or None}
        if rng.random() < 0.8:
            values["value"] = rng.choice([100, 250, 250, 1000, 1500.5, 0, -50])
        if rng.random() < 0.8:
            values["close"] = f"2024-0{rng.randrange(1, 10)}-1{rng.randrange(0, 10)}"
        linked = rng.sample(account_ids[:5], rng.choice([0, 1, 1, 1, 2]))  # the 6th account stays unlinked
        if linked:
            values["account"] = linked
        deal = admin_api.ok("POST", f"/boards/{board}/items", {"name": f"Deal {n:02}",
                                                                 "values": {k: v for k, v in values.items() if v}})
        deal_rows.append(deal)
    admin_api.ok("DELETE", f"/items/{deal_rows[0]['id']}")  # trashed: never counted
    return {"accounts": accounts, "deals": deals, "reverse": reverse["key"], "account_ids": account_ids,
            "api": admin_api}


def add_mirror(crm, key: str, **settings) -> dict:
    return crm["api"].ok("POST", f"/boards/{crm['accounts']['id']}/columns", {
        "title": key, "type": "mirror", "key": key, "settings": {"link_column": crm["reverse"], **settings}})


def live_deals(crm) -> list[dict]:
    """Read once per test: the oracle's tests do not change deals after the fixture."""
    if "live_deals" not in crm:
        crm["live_deals"] = crm["api"].ok("GET", f"/boards/{crm['deals']['id']}/items?limit=500")["items"]
    return crm["live_deals"]


def linked_deals(crm, account_id: int, only_open: bool = False) -> list[dict]:
    """The oracle's view: live deals linking to the account, in the order they were linked."""
    deals = [d for d in live_deals(crm) if account_id in d["values"].get("account", [])]
    deals.sort(key=lambda d: d["id"])  # each deal was linked once, when it was created
    if only_open:
        deals = [d for d in deals if d["values"].get("stage") not in ("Won", "Lost")]
    return deals


def expected(aggregate: str, deals: list[dict], target: str = "value"):
    values = [d["values"][target] for d in deals if target in d["values"]]
    if aggregate == "none":
        return values or None
    if aggregate == "count":
        return len(values)
    if aggregate == "count_distinct":
        return len({json.dumps(v) for v in values})
    if not values:
        return None
    if aggregate == "sum":
        return sum(values)
    if aggregate == "avg":
        return statistics.fmean(values)
    if aggregate == "min":
        return min(values)
    if aggregate == "max":
        return max(values)
    raise AssertionError(aggregate)


def mirror_values(crm, key: str) -> dict[int, object]:
    body = crm["api"].ok("GET", f"/boards/{crm['accounts']['id']}/items?limit=500")
    return {item["id"]: item["values"].get(key) for item in body["items"]}


AGGREGATES = ["none", "sum", "avg", "min", "max", "count", "count_distinct"]


def test_each_aggregate_with_and_without_a_filter_equals_python_over_the_linked_items(crm):
    # One board, fourteen mirrors: each aggregate over all linked deals and over the open ones.
    for aggregate in AGGREGATES:
        add_mirror(crm, f"all_{aggregate}", target_column="value", aggregate=aggregate)
        add_mirror(crm, f"open_{aggregate}", target_column="value", aggregate=aggregate, filter=OPEN)
    for aggregate in AGGREGATES:
        for prefix, only_open in (("all", False), ("open", True)):
            got = mirror_values(crm, f"{prefix}_{aggregate}")
            for account_id in crm["account_ids"]:
                want = expected(aggregate, linked_deals(crm, account_id, only_open))
                assert got[account_id] == pytest.approx(want), (account_id, aggregate, prefix)


def test_a_list_mirror_shows_the_linked_values_in_link_order(crm):
    for target in ("stage", "tags", "close", "name"):
        add_mirror(crm, f"m_{target}", target_column=target)
    for target in ("stage", "tags", "close", "name"):
        got = mirror_values(crm, f"m_{target}")
        for account_id in crm["account_ids"]:
            deals = linked_deals(crm, account_id)
            want = [d["name"] for d in deals] if target == "name" else expected("none", deals, target)
            assert got[account_id] == (want or None), target


def test_counts_count_linked_items_with_a_value(crm):
    add_mirror(crm, "n", target_column="name", aggregate="count")
    add_mirror(crm, "c", target_column="close", aggregate="count")
    add_mirror(crm, "d", target_column="stage", aggregate="count_distinct")
    names, closes, stages = (mirror_values(crm, k) for k in ("n", "c", "d"))
    for account_id in crm["account_ids"]:
        deals = linked_deals(crm, account_id)
        assert names[account_id] == len(deals)
        assert closes[account_id] == expected("count", deals, "close")
        assert stages[account_id] == expected("count_distinct", deals, "stage")


def test_latest_takes_the_value_of_the_linked_item_with_the_latest_date(crm):
    add_mirror(crm, "m", target_column="stage", aggregate="latest", latest_by="close")
    got = mirror_values(crm, "m")
    for account_id in crm["account_ids"]:
        deals = linked_deals(crm, account_id)
        dated = sorted((d for d in deals if "close" in d["values"]), key=lambda d: (d["values"]["close"], d["id"]))
        undated = sorted((d for d in deals if "close" not in d["values"]), key=lambda d: d["id"])
        ranked = list(reversed(dated)) + list(reversed(undated))
        want = ranked[0]["values"].get("stage") if ranked else None
        assert got[account_id] == want


def test_min_and_max_of_dates_are_dates(crm):
    for aggregate in ("min", "max"):
        add_mirror(crm, aggregate, target_column="close", aggregate=aggregate)
        got = mirror_values(crm, aggregate)
        for account_id in crm["account_ids"]:
            assert got[account_id] == expected(aggregate, linked_deals(crm, account_id), "close")


def test_a_change_to_a_deal_is_visible_in_the_account_mirror_on_the_next_read(crm):
    add_mirror(crm, "pipeline", target_column="value", aggregate="sum", filter=OPEN)
    api = crm["api"]
    account = crm["account_ids"][5]  # no deals yet
    deal = api.ok("POST", f"/boards/{crm['deals']['id']}/items",
                  {"name": "New one", "values": {"value": 700, "stage": "New", "account": [account]}})
    assert mirror_values(crm, "pipeline")[account] == 700
    api.ok("PATCH", f"/items/{deal['id']}", {"values": {"value": 900}})
    assert api.ok("GET", f"/items/{account}")["values"]["pipeline"] == 900
    api.ok("PATCH", f"/items/{deal['id']}", {"values": {"stage": "Won"}})
    assert api.ok("GET", f"/items/{account}")["values"].get("pipeline") is None
    api.ok("PATCH", f"/items/{deal['id']}", {"values": {"stage": "Proposal"}})
    api.ok("DELETE", f"/items/{deal['id']}")
    assert api.ok("GET", f"/items/{account}")["values"].get("pipeline") is None
    api.ok("POST", f"/trash/item/{deal['id']}/restore", status=200)
    assert api.ok("GET", f"/items/{account}")["values"]["pipeline"] == 900
    api.ok("PATCH", f"/items/{account}", {"values": {crm["reverse"]: None}})  # unlinked from the account side
    assert api.ok("GET", f"/items/{account}")["values"].get("pipeline") is None


def _listed(crm, query: str) -> list[int]:
    ids, cursor = [], None
    while True:
        url = f"/boards/{crm['accounts']['id']}/items?limit=2&{query}" + (f"&cursor={cursor}" if cursor else "")
        body = crm["api"].ok("GET", url)
        ids += [i["id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            return ids


def test_sorting_by_a_mirror_sum_orders_accounts_by_the_python_sum_paged(crm):
    add_mirror(crm, "pipeline", target_column="value", aggregate="sum", filter=OPEN)
    sums = {a: expected("sum", linked_deals(crm, a, True)) for a in crm["account_ids"]}
    empty = sorted(a for a in sums if sums[a] is None)  # empty sums last in either direction
    for direction, sign in (("asc", 1), ("desc", -1)):
        present = sorted((a for a in sums if sums[a] is not None), key=lambda a: (sign * sums[a], a))
        sort = quote(json.dumps([{"column": "pipeline", "direction": direction}]))
        assert _listed(crm, f"sort={sort}") == present + empty, direction


SUM_RULES = [
    ("greater_than", 200, lambda s: s is not None and s > 200),
    ("lower_than_or_equal", 250, lambda s: s is not None and s <= 250),
    ("between", [0, 1000], lambda s: s is not None and 0 <= s <= 1000),
    ("is_empty", None, lambda s: s is None),
    ("is_not_empty", None, lambda s: s is not None),
    ("not_equals", 250, lambda s: s != 250),
]


def _filtered(crm, rule: dict) -> list[int]:
    return sorted(_listed(crm, "filter=" + quote(json.dumps({"and": [rule]}))))


def test_filtering_by_a_mirror_sum_matches_python(crm):
    add_mirror(crm, "pipeline", target_column="value", aggregate="sum", filter=OPEN)
    sums = {a: expected("sum", linked_deals(crm, a, True)) for a in crm["account_ids"]}
    for operator, value, check in SUM_RULES:
        rule = {"column": "pipeline", "operator": operator, **({"value": value} if value is not None else {})}
        assert _filtered(crm, rule) == sorted(a for a, s in sums.items() if check(s)), operator


def test_filtering_by_a_count_treats_no_links_as_zero(crm):
    add_mirror(crm, "deal_count", target_column="name", aggregate="count")
    rule = {"column": "deal_count", "operator": "equals", "value": 0}
    assert _filtered(crm, rule) == sorted(a for a in crm["account_ids"] if not linked_deals(crm, a))


def test_filtering_a_list_mirror_matches_any_linked_value(crm):
    add_mirror(crm, "stages", target_column="stage")

    def stages(a):
        return {d["values"].get("stage") for d in linked_deals(crm, a)} - {None}
    checks = {"any_of": lambda a: "Won" in stages(a), "not_any_of": lambda a: "Won" not in stages(a),
              "is_empty": lambda a: not stages(a)}
    for operator, value in (("any_of", ["Won"]), ("not_any_of", ["Won"]), ("is_empty", None)):
        rule = {"column": "stages", "operator": operator, **({"value": value} if value is not None else {})}
        assert _filtered(crm, rule) == sorted(a for a in crm["account_ids"] if checks[operator](a)), operator


def test_a_list_mirror_refuses_an_operator_its_target_does_not_take(crm):
    add_mirror(crm, "stages", target_column="stage")
    rule = {"column": "stages", "operator": "greater_than", "value": 1}
    result = crm["api"].get(f"/boards/{crm['accounts']['id']}/items?filter=" + quote(json.dumps({"and": [rule]})))
    assert result.status == 400 and result.error["details"]["column"] == "stages"


def test_a_mirror_is_read_only(crm):
    add_mirror(crm, "m", target_column="value", aggregate="sum")
    result = crm["api"].patch(f"/items/{crm['account_ids'][0]}", {"values": {"m": 5}})
    assert result.status == 422 and "read-only" in result.error["details"]["m"]


@pytest.mark.parametrize(("settings", "reason"), [
    ({"link_column": "nope", "target_column": "value"}, "link column"),
    ({"target_column": "nope"}, "target column"),
    ({"target_column": "stage", "aggregate": "sum"}, "does not apply"),
    ({"target_column": "close", "aggregate": "avg"}, "does not apply"),
    ({"target_column": "stage", "aggregate": "latest", "latest_by": "stage"}, "latest_by"),
    ({"target_column": "value", "filter": {"and": [{"column": "nope", "operator": "is_empty"}]}}, "filter"),
    ({"target_column": "value", "aggregate": "median"}, "settings"),
])
def test_bad_mirror_settings_are_refused_with_the_reason(crm, settings, reason):
    body = {"link_column": crm["reverse"], **settings}
    result = crm["api"].post(f"/boards/{crm['accounts']['id']}/columns",
                             {"title": "M", "type": "mirror", "settings": body})
    assert result.status == 422 and reason in result.error["details"]["settings"]


def test_a_mirror_whose_link_column_is_trashed_reads_empty_and_comes_back(crm):
    add_mirror(crm, "pipeline", target_column="value", aggregate="sum")
    before = mirror_values(crm, "pipeline")
    link_id = next(c["id"] for c in crm["api"].ok("GET", f"/boards/{crm['accounts']['id']}")["columns"]
                   if c["key"] == crm["reverse"])
    crm["api"].ok("DELETE", f"/columns/{link_id}")
    assert set(mirror_values(crm, "pipeline").values()) == {None}
    crm["api"].ok("POST", f"/trash/column/{link_id}/restore", status=200)
    assert mirror_values(crm, "pipeline") == before


def test_a_people_filter_of_me_is_the_user_looking(admin_api, make_api, workspace, member_of):
    board = admin_api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Deals"})
    admin_api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Owner", "type": "people", "key": "owner"})
    other = member_of("member")
    items = f"/boards/{board['id']}/items"
    mine = admin_api.ok("POST", items, {"name": "mine", "values": {"owner": [admin_api.user_id]}})
    theirs = admin_api.ok("POST", items, {"name": "theirs", "values": {"owner": [other.user_id]}})
    query = "filter=" + quote(json.dumps({"and": [{"column": "owner", "operator": "any_of", "value": ["me"]}]}))
    assert [i["id"] for i in admin_api.ok("GET", f"/boards/{board['id']}/items?{query}")["items"]] == [mine["id"]]
    assert [i["id"] for i in other.ok("GET", f"/boards/{board['id']}/items?{query}")["items"]] == [theirs["id"]]
