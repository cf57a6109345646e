"""Every (column type, operator) pair the registry declares, against the oracle of oracle.py.

One board per type (datasets.py), with one column of the type and a spread of values (CASES plus
the edges: values equal to the probes, empty ones, case differences, several-element lists,
dates with and without a time); for each operator the type declares, each probe value's rule
must select exactly the items the oracle selects (a failure lists every differing pair and
value). Then the edges of the language, and the filters the API must refuse with a 400 naming the column and operator.
"""
from __future__ import annotations

import json
import os
from urllib.parse import quote

import pytest

from fields import column_types
from tests.fields.cases import BOARD_BOUND
from tests.views import oracle
from tests.views.datasets import BUILTINS, SPECS, build, listed_ids, probe_kind

ON_POSTGRES = (os.environ.get("DATABASE_URL") or "").startswith("postgresql")


def operators_of(spec_key: str) -> tuple[str, ...]:
    kind = SPECS[spec_key].type
    if kind == "name":
        return column_types.get("text").operators
    if kind == "group":
        from boards.filtertree import GroupType

        return GroupType.operators
    if kind in ("created_at", "updated_at"):
        return column_types.get("creation_log" if kind == "created_at" else "last_updated").operators
    return column_types.get(kind).operators




SPEC_KEYS = [t.name for t in column_types if t.name in SPECS] + ["date_time", *BUILTINS]
# Every pair the registry declares, for the record (and the count check below).
PAIRS = [(key, operator) for key in SPEC_KEYS for operator in operators_of(key)]


@pytest.fixture
def pinned_today(app, monkeypatch):
    monkeypatch.setitem(app.config, "BOARDHOUSE_TODAY", oracle.TODAY.isoformat())


def test_every_type_has_a_dataset():
    # Links and mirrors have their own oracle tests (tests/boards/test_links.py, test_mirrors.py).
    assert set(column_types.names()) - BOARD_BOUND <= set(SPECS), "add a dataset to tests/views/datasets.py"
    assert len(PAIRS) > 150


def rule_for(key: str, operator: str, value) -> dict:
    rule = {"column": key, "operator": operator}
    if value is not None:
        rule["value"] = value
    return rule


def mismatches(built, rules: list[dict]) -> list[str]:
    """Each rule whose SQL answer differs from the oracle's, described."""
    from boards.filtertree import BadQuery
    from views.service import ItemQuery

    problems = []
    for rule in rules:
        try:
            got = listed_ids(built.board, ItemQuery(filter=rule))
        except BadQuery as error:
            problems.append(f"{rule['operator']} {rule.get('value')!r}: refused with 400: {error.message}")
            continue
        assert len(got) == len(set(got)), f"{rule}: an item is listed twice"
        want = oracle.select(built.model, rule, built.rows)
        if set(got) != want:
            missing = [built.name_of(i) + f" = {_value_of(built, i)!r}" for i in sorted(want - set(got))]
            extra = [built.name_of(i) + f" = {_value_of(built, i)!r}" for i in sorted(set(got) - want)]
            problems.append(f"{rule['operator']} {rule.get('value')!r}: missing {missing}, unexpected {extra}")
    return problems


def _value_of(built, item_id):
    row = next(r for r in built.rows if r.id == item_id)
    kind, _ = oracle.field_of(built.model, built.key)
    value = oracle.raw_value(row, built.key, kind)
    return value[:40] if isinstance(value, str) else value


def check_pairs(spec_key: str, operators: list[str]) -> list[str]:
    """Builds the spec's board once and probes each operator with each of its values."""
    spec = SPECS[spec_key]
    built = build(spec_key)
    problems = []
    for operator in operators:
        kind = probe_kind(spec.type, operator)
        values = [None] if kind is None else spec.probes[kind]
        assert values, f"no probe values for {spec_key} {operator}"
        rules = [rule_for(built.key, operator, built.resolve(value)) for value in values]
        problems += [f"{spec_key} {problem}" for problem in mismatches(built, rules)]
        if operator in oracle.NEGATIVE and not problems:
            # The negation and its positive partition the board.
            positive = {"not_equals": "equals", "not_any_of": "any_of", "not_contains_text": "contains_text"}[operator]
            everything = sorted(r.id for r in built.rows)
            for rule in rules:
                both = listed_ids(built.board, _query({"or": [rule, {**rule, "operator": positive}]}))
                if sorted(both) != everything:
                    problems.append(f"{spec_key} {operator} {rule.get('value')!r} or its positive misses items")
    return problems


@pytest.mark.parametrize("spec_key", SPEC_KEYS)
def test_filter_selects_what_the_oracle_selects(spec_key, app_context, pinned_today):
    """Each operator the type declares, with each probe value."""
    operators = operators_of(spec_key)
    problems = check_pairs(spec_key, operators)
    assert not problems, "\n".join(problems)


def _query(tree):
    from views.service import ItemQuery

    return ItemQuery(filter=tree)


# -- the edges the shared datasets leave out ------------------------------------------------------
def _one_column_board(type_name: str, settings: dict, values: list):
    from boards.columns import create_column
    from boards.items import create_item
    from tests.views.datasets import new_board, to_row

    owner, board, _members, _groups = new_board(1)
    create_column(board, owner, title="C", type=type_name, settings=settings, key="c")
    rows = [to_row(create_item(board, owner, name=f"i{n}", values={"c": v})) for n, v in enumerate(values)]
    model = oracle.Board(columns={"c": oracle.Col("c", type_name, settings)})
    return board, rows, model


NON_ASCII = ["ÜBER", "über", "Ünïcode", "ΑΘΗΝΑ", "αθηνα", "ЖУРНАЛ", "журнал", "Café", "CAFÉ"]


@pytest.mark.parametrize("operator", ["equals", "contains_text", "starts_with", "not_equals"])
def test_text_comparison_is_case_insensitive_beyond_ascii(operator, app_context, pinned_today):
    board, rows, model = _one_column_board("text", {}, NON_ASCII)
    for needle in NON_ASCII:
        rule = rule_for("c", operator, needle)
        got = set(listed_ids(board, _query(rule)))
        assert got == oracle.select(model, rule, rows), rule


@pytest.mark.parametrize("operator", ["any_of", "not_any_of"])
def test_tags_match_exactly_as_stored(operator, app_context, pinned_today):
    board, rows, model = _one_column_board("tags", {}, [["vip"], ["VIP", "lead"], ["Lead"], ["other"], None])
    for wanted in (["vip"], ["LEAD"], ["Vip", "OTHER"]):
        rule = rule_for("c", operator, wanted)
        assert set(listed_ids(board, _query(rule))) == oracle.select(model, rule, rows), rule


def test_trees_combine_rules_and_nest(app_context, pinned_today):
    from boards.columns import create_column
    from boards.items import create_item
    from tests.views.datasets import new_board, to_row

    owner, board, _members, groups = new_board(2)
    create_column(board, owner, title="N", type="number", key="n")
    create_column(board, owner, title="S", type="status", settings=CASES_STATUS, key="s")
    create_column(board, owner, title="D", type="date", key="d")
    rows = []
    for n in range(24):
        values = {"n": [None, 1, 2, 3][n % 4], "s": [None, "New", "Won", "Lost", "Won", "New"][n % 6],
                  "d": [None, "2024-06-14", "2024-06-15", "2024-06-20", "2024-01-01"][n % 5]}
        rows.append(to_row(create_item(board, owner, name=f"Deal {n}", group_id=groups[n % 2].id, values=values)))
    model = oracle.Board(columns={"n": oracle.Col("n", "number"), "d": oracle.Col("d", "date"),
                                  "s": oracle.Col("s", "status", {"labels": CASES_STATUS["labels"]})})
    trees = [
        {"and": [{"column": "n", "operator": "greater_than", "value": 1},
                 {"column": "s", "operator": "equals", "value": "won"}]},
        {"or": [{"column": "n", "operator": "is_empty"}, {"column": "d", "operator": "is_overdue"}]},
        {"and": [{"or": [{"column": "s", "operator": "not_equals", "value": "New"},
                         {"column": "name", "operator": "ends_with", "value": "1"}]},
                 {"and": [{"column": "d", "operator": "within_the_next", "value": {"days": 5}}]},
                 {"column": "group", "operator": "equals", "value": groups[0].id}]},
        {"and": []},
        {},
        {"or": [{"and": [{"or": [{"column": "n", "operator": "between", "value": [2, 3]}]}]}]},
    ]
    for tree in trees:
        assert set(listed_ids(board, _query(tree))) == oracle.select(model, tree, rows), tree


CASES_STATUS = {"labels": [{"label": "New", "color": "#579bfc"}, {"label": "Won", "color": "#00c875"},
                           {"label": "Lost", "color": "#e2445c"}]}


# -- through the API ------------------------------------------------------------------------------
def _items_path(board_id: int, *, count: bool = False, **params) -> str:
    """The items URL with each parameter as URL-encoded JSON."""
    encoded = "".join(f"&{k}={quote(json.dumps(v))}" for k, v in params.items())
    return f"/boards/{board_id}/items?limit=500{encoded}" + ("&count=true" if count else "")


@pytest.fixture
def api_board(admin_api, board, app, monkeypatch):
    monkeypatch.setitem(app.config, "BOARDHOUSE_TODAY", oracle.TODAY.isoformat())
    columns = {}
    for key, type_name, settings in [("n", "number", {}), ("s", "status", CASES_STATUS), ("t", "tags", {}),
                                     ("d", "date", {"include_time": True}), ("txt", "text", {}),
                                     ("tl", "timeline", {}), ("dd", "dropdown", {"labels": ["Red", "Blue"]}),
                                     ("p", "people", {}), ("cb", "checkbox", {}), ("co", "country", {})]:
        admin_api.ok("POST", f"/boards/{board['id']}/columns",
                     {"title": key, "type": type_name, "settings": settings, "key": key})
        columns[key] = oracle.Col(key, type_name, settings)
    return board, columns


def test_filters_through_the_api_match_the_oracle(admin_api, api_board):
    board, columns = api_board
    me = admin_api.user_id
    items = [
        {"name": "Acme 100%", "values": {"n": 5, "s": "Won", "t": ["vip", "lead"], "d": "2024-06-15T10:30",
                                         "txt": "Hello & welcome", "tl": {"from": "2024-06-10", "to": "2024-06-20"},
                                         "dd": ["Red"], "p": [me], "cb": True, "co": "TW"}},
        {"name": "beta_x", "values": {"n": -1.5, "s": "Lost", "t": ["cold"], "d": "2024-06-16", "txt": "a+b=c",
                                      "dd": ["Blue", "Red"], "cb": False, "co": "th"}},
        {"name": "Gamma", "values": {"s": None, "d": "2024-06-14T23:59", "txt": "100%"}},
        {"name": "台北科技", "values": {"n": 0, "t": ["中文"], "txt": "สยาม",
                                    "tl": {"from": "2024-06-16", "to": "2024-06-16"}}},
    ]
    created = admin_api.ok("POST", f"/boards/{board['id']}/items/batch", {"items": items})["items"]
    model = oracle.Board(columns=columns, people={me: "Ada Admin"})
    from datetime import datetime

    rows = [oracle.Row(id=i["id"], name=i["name"], group_id=i["group_id"], number=0, position=i["position"],
                       created_at=datetime(2024, 1, 1), updated_at=datetime(2024, 1, 1), values=i["values"])
            for i in created]
    rules = [
        {"column": "n", "operator": "greater_than_or_equals", "value": 0},
        {"column": "n", "operator": "lower_than", "value": -1.4},
        {"column": "s", "operator": "equals", "value": "WON"},
        {"column": "s", "operator": "not_equals", "value": "Won"},
        {"column": "t", "operator": "any_of", "value": ["lead", "中文"]},
        {"column": "t", "operator": "not_any_of", "value": ["vip"]},
        {"column": "d", "operator": "equals", "value": "2024-06-15"},
        {"column": "d", "operator": "within_the_last", "value": {"days": 1}},
        {"column": "d", "operator": "greater_than", "value": "2024-06-15"},
        {"column": "txt", "operator": "contains_text", "value": "&"},
        {"column": "txt", "operator": "contains_text", "value": "+b="},
        {"column": "txt", "operator": "equals", "value": "สยาม"},
        {"column": "txt", "operator": "contains_text", "value": "%"},
        {"column": "name", "operator": "starts_with", "value": "台北"},
        {"column": "name", "operator": "contains_text", "value": "_"},
        {"column": "tl", "operator": "is_today"},
        {"column": "tl", "operator": "greater_than", "value": "2024-06-15"},
        {"column": "dd", "operator": "any_of", "value": ["blue"]},
        {"column": "p", "operator": "any_of", "value": [me]},
        {"column": "p", "operator": "is_empty"},
        {"column": "cb", "operator": "equals", "value": False},
        {"column": "cb", "operator": "not_equals", "value": True},
        {"column": "co", "operator": "any_of", "value": ["tw", "TH"]},
        {"column": "group", "operator": "any_of", "value": [created[0]["group_id"]]},
        {"or": [{"column": "n", "operator": "is_empty"}, {"column": "s", "operator": "equals", "value": "Lost"}]},
    ]
    for rule in rules:
        page = admin_api.ok("GET", _items_path(board["id"], filter=rule, count=True))
        got = {item["id"] for item in page["items"]}
        assert got == oracle.select(model, rule, rows), rule
        assert page["total"] == len(got), rule


# -- what the API refuses -------------------------------------------------------------------------
BAD_RULES = [
    ({"column": "nope", "operator": "equals", "value": 1}, {"column": "nope"}),
    ({"column": "n", "operator": "contains_text", "value": "5"}, {"column": "n", "operator": "contains_text"}),
    ({"column": "n", "operator": "sounds_like", "value": 5}, {"column": "n", "operator": "sounds_like"}),
    ({"column": "n", "operator": "greater_than", "value": "abc"}, {"column": "n", "operator": "greater_than"}),
    ({"column": "n", "operator": "greater_than", "value": "5"}, {"column": "n", "operator": "greater_than"}),
    ({"column": "n", "operator": "equals", "value": True}, {"column": "n", "operator": "equals"}),
    ({"column": "n", "operator": "greater_than"}, {"column": "n", "operator": "greater_than"}),
    ({"column": "n", "operator": "between", "value": [1]}, {"column": "n", "operator": "between"}),
    ({"column": "n", "operator": "between", "value": [1, 2, 3]}, {"column": "n", "operator": "between"}),
    ({"column": "n", "operator": "between", "value": [5, 1]}, {"column": "n", "operator": "between"}),
    ({"column": "n", "operator": "between", "value": "1,5"}, {"column": "n", "operator": "between"}),
    ({"column": "t", "operator": "any_of", "value": "x"}, {"column": "t", "operator": "any_of"}),
    ({"column": "t", "operator": "any_of", "value": []}, {"column": "t", "operator": "any_of"}),
    ({"column": "t", "operator": "any_of", "value": [5]}, {"column": "t", "operator": "any_of"}),
    ({"column": "t", "operator": "equals", "value": "vip"}, {"column": "t", "operator": "equals"}),
    ({"column": "dd", "operator": "any_of", "value": ["Purple"]}, {"column": "dd", "operator": "any_of"}),
    ({"column": "p", "operator": "any_of", "value": ["ada"]}, {"column": "p", "operator": "any_of"}),
    ({"column": "p", "operator": "any_of", "value": [0]}, {"column": "p", "operator": "any_of"}),
    ({"column": "s", "operator": "equals", "value": ["Won"]}, {"column": "s", "operator": "equals"}),
    ({"column": "s", "operator": "greater_than", "value": "Won"}, {"column": "s", "operator": "greater_than"}),
    ({"column": "co", "operator": "equals", "value": "XX"}, {"column": "co", "operator": "equals"}),
    ({"column": "cb", "operator": "equals", "value": "yes"}, {"column": "cb", "operator": "equals"}),
    ({"column": "d", "operator": "within_the_next", "value": {"days": -1}},
     {"column": "d", "operator": "within_the_next"}),
    ({"column": "d", "operator": "within_the_last", "value": {"days": "3"}},
     {"column": "d", "operator": "within_the_last"}),
    ({"column": "d", "operator": "within_the_next", "value": 3}, {"column": "d", "operator": "within_the_next"}),
    ({"column": "d", "operator": "within_the_next", "value": {"days": True}},
     {"column": "d", "operator": "within_the_next"}),
    ({"column": "d", "operator": "equals", "value": "2024-13-40"}, {"column": "d", "operator": "equals"}),
    ({"column": "d", "operator": "greater_than", "value": "2024-02-30"}, {"column": "d", "operator": "greater_than"}),
    ({"column": "d", "operator": "equals", "value": "15/06/2024"}, {"column": "d", "operator": "equals"}),
    ({"column": "d", "operator": "between", "value": ["2024-06-20", "2024-06-01"]},
     {"column": "d", "operator": "between"}),
    ({"column": "d", "operator": "contains_text", "value": "2024"}, {"column": "d", "operator": "contains_text"}),
    ({"column": "tl", "operator": "between", "value": ["2024-01-01"]}, {"column": "tl", "operator": "between"}),
    ({"column": "tl", "operator": "equals", "value": {"from": "2024-01-01", "to": "2024-01-02"}},
     {"column": "tl", "operator": "equals"}),
    ({"column": "txt", "operator": "equals", "value": ""}, {"column": "txt", "operator": "equals"}),
    ({"column": "txt", "operator": "contains_text", "value": 5}, {"column": "txt", "operator": "contains_text"}),
    ({"column": "txt", "operator": "greater_than", "value": "a"}, {"column": "txt", "operator": "greater_than"}),
    ({"column": "name", "operator": "any_of", "value": ["a"]}, {"column": "name", "operator": "any_of"}),
    ({"column": "group", "operator": "equals", "value": "abc"}, {"column": "group", "operator": "equals"}),
    ({"column": "created_at", "operator": "equals", "value": "yesterday"}, {"column": "created_at",
                                                                            "operator": "equals"}),
    ({"column": "n", "operator": "equals", "value": 1, "extra": True}, {"column": "n", "operator": "equals"}),
    ({"column": "n", "value": 1}, {"column": "n"}),
    ({"column": 5, "operator": "equals", "value": 1}, {"column": "5"}),
]


def _refusals(admin_api, board_id: int, param: str, cases: list, expect_key) -> list[str]:
    """Each case the API does not refuse with a 400 whose details hold what `expect_key` names."""
    problems = []
    for case in cases:
        result = admin_api.get(_items_path(board_id, **{param: case}))
        if result.status != 400:
            problems.append(f"{param}={json.dumps(case)[:120]}: {result.status} {str(result.json)[:200]}")
            continue
        problem = expect_key(case, result.error.get("details") or {})
        if problem:
            problems.append(f"{param}={json.dumps(case)[:120]}: {problem}")
    return problems


def test_bad_rules_answer_400_naming_column_and_operator(admin_api, api_board):
    board, _ = api_board
    named = {json.dumps(rule): expected for rule, expected in BAD_RULES}

    def names_them(tree, details):
        rule = tree if "column" in tree else tree["and"][0]["or"][0]
        wrong = {k: (details.get(k), v) for k, v in named[json.dumps(rule)].items() if str(details.get(k)) != str(v)}
        return f"details {details} do not name {wrong}" if wrong else None

    rules = [rule for rule, _ in BAD_RULES]
    nested = [{"and": [{"or": [rule]}]} for rule in rules]  # deep inside a tree too
    problems = _refusals(admin_api, board["id"], "filter", rules + nested, names_them)
    assert not problems, "\n".join(problems)


def _deep(levels: int) -> dict:
    tree: dict = {"column": "n", "operator": "is_empty"}
    for _ in range(levels):
        tree = {"and": [tree]}
    return tree


MALFORMED_TREES = [
    {"xor": []}, {"and": [], "or": []}, {"and": "x"}, {"and": [5]}, {"or": [{"xor": [1]}]}, _deep(12),
    {"and": [{"column": "n", "operator": "is_empty"}] * 101}, 5, "and", [{"column": "n", "operator": "is_empty"}],
    {"and": [{"column": "n", "operator": "is_empty"}], "column": "n"},
]


def test_malformed_trees_answer_400_naming_the_filter(admin_api, api_board):
    board, _ = api_board
    problems = _refusals(admin_api, board["id"], "filter", MALFORMED_TREES,
                         lambda tree, details: None if "filter" in details or "column" in details
                         else f"details {details} do not name the filter")
    assert not problems, "\n".join(problems)


def test_nesting_up_to_the_limit_is_accepted(admin_api, api_board):
    board, _ = api_board
    assert admin_api.get(_items_path(board["id"], filter=_deep(4))).status == 200


def test_falsy_filters_that_are_not_trees_answer_400(admin_api, api_board):
    board, _ = api_board
    problems = _refusals(admin_api, board["id"], "filter", [[], 0, False, ""], lambda tree, details: None)
    assert not problems, "\n".join(problems)


def test_non_json_filter_or_sort_answers_naming_the_parameter(admin_api, api_board):
    board, _ = api_board
    for param in ("filter", "sort"):
        result = admin_api.get(f"/boards/{board['id']}/items?{param}=" + quote("{column: n"))
        assert result.status in (400, 422), (param, result.json)
        assert param in result.error["details"], (param, result.json)


BAD_SORTS = [
    ([{"column": "nope", "direction": "asc"}], "column"),
    ([{"column": "n", "direction": "up"}], "direction"),
    ([{"column": "n", "direction": "ASC"}], "direction"),
    ([{"column": "n", "order": "asc"}], "sort"),
    ({"column": "n"}, "sort"),
    (["n"], "sort"),
    ([{"column": "n"}] * 6, "sort"),
    ([{"direction": "asc"}], "column"),
]


def test_bad_sorts_answer_400(admin_api, api_board):
    board, _ = api_board
    named = {json.dumps(sort): key for sort, key in BAD_SORTS}
    problems = _refusals(admin_api, board["id"], "sort", [sort for sort, _ in BAD_SORTS],
                         lambda sort, details: None if named[json.dumps(sort)] in details
                         else f"details {details} do not name {named[json.dumps(sort)]!r}")
    assert not problems, "\n".join(problems)


# -- values at the edges of what the types hold: an answer (or a 400), never a 500 --------------------
def _status_of(admin_api, board_id: int, rule: dict) -> int | str:
    """The API's status for a filter; an exception escaping the view (a 500 outside tests) is
    returned as its name."""
    try:
        return admin_api.get(_items_path(board_id, filter=rule)).status
    except Exception as error:  # the point is to report it
        return f"500 ({type(error).__name__}: {str(error)[:80]})"


def test_filters_on_the_last_calendar_day(app_context, pinned_today):
    board, rows, model = _one_column_board("date", {}, ["9999-12-31", "9999-12-30", "2024-06-15", None])
    for operator, value in [("equals", "9999-12-31"), ("not_equals", "9999-12-31"), ("greater_than", "9999-12-31"),
                            ("lower_than_or_equal", "9999-12-31"), ("between", ["2024-01-01", "9999-12-31"])]:
        rule = rule_for("c", operator, value)
        assert set(listed_ids(board, _query(rule))) == oracle.select(model, rule, rows), rule


OUT_OF_RANGE = [
    ({"column": "d", "operator": "within_the_next", "value": {"days": 10**9}}, "timedelta overflow"),
    ({"column": "d", "operator": "within_the_last", "value": {"days": 10**6}}, "date before year 1"),
    ({"column": "tl", "operator": "within_the_next", "value": {"days": 10**10}}, "int too large for C"),
    ({"column": "n", "operator": "greater_than", "value": 10**30}, "beyond 64-bit integers"),
    ({"column": "n", "operator": "between", "value": [-(10**30), 10**30]}, "beyond 64-bit integers"),
    ({"column": "created_at", "operator": "lower_than", "value": "9999-12-31"}, "last calendar day"),
]


def test_out_of_range_values_answer_400_or_200_never_500(admin_api, api_board):
    board, _ = api_board
    answers = {f"{rule} ({why})": _status_of(admin_api, board["id"], rule) for rule, why in OUT_OF_RANGE}
    assert all(status in (200, 400) for status in answers.values()), answers


def test_nul_character_in_a_text_value_is_not_a_500(admin_api, api_board):
    board, _ = api_board
    for rule in ({"column": "txt", "operator": "contains_text", "value": "a\u0000b"},
                 {"column": "name", "operator": "equals", "value": "\u0000"}):
        assert _status_of(admin_api, board["id"], rule) in (200, 400), rule
