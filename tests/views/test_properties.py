"""Properties of the filter and paging engine, checked with Hypothesis against oracle.py.

(a) Random filter trees (and/or, depth ≤ 3) over a board with a number, status, tags, text and
    date column select exactly what the oracle selects — over a fixed spread of items, and over
    items Hypothesis draws itself.
(b) Paging through random sorts (1-3 keys, both directions, many ties and empty values, several
    groups, page sizes 1-7) yields every item exactly once, in the oracle's order.

Each test builds its board once (a function-scoped fixture, reused by every example) and only
the filters, sorts and page sizes vary.
"""
from __future__ import annotations

import random
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fields import column_types
from tests.views import oracle
from tests.views.datasets import new_board, set_stamps, to_row

SETTINGS = settings(max_examples=40, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

STATUS = {"labels": [{"label": "New", "color": "#579bfc"}, {"label": "Won", "color": "#00c875"},
                     {"label": "Lost", "color": "#e2445c"}]}
TAGS = ["vip", "lead", "cold", "x_y", "中文"]
TEXTS = ["alpha", "Alpha beta", "BETA", "a%b", "a_b", "ab", "gamma", "ünïcode"]
NEEDLES = ["a", "A", "b", "%", "_", "alpha", "BETA", "a_b", "ab", "zz", "ph", "code"]
DAYS = [f"2024-06-{d:02d}" for d in range(10, 21)]
STORED_DATES = ["2024-06-13", "2024-06-15", "2024-06-15T09:00", "2024-06-15T00:00", "2024-06-16T23:59",
                "2024-06-14T23:59", "2024-06-20", "2024-06-10", "2024-06-21T00:00"]
NUMBERS = [-2, -1, 0, 0.5, 1, 1.0, 2, 3, 2.5]

COLUMNS = {"n": ("number", {}), "s": ("status", STATUS), "t": ("tags", {}), "x": ("text", {}),
           "d": ("date", {"include_time": True})}


@pytest.fixture
def pinned_today(app, monkeypatch):
    monkeypatch.setitem(app.config, "BOARDHOUSE_TODAY", oracle.TODAY.isoformat())


def _operators(type_name: str) -> list[str]:
    return list(column_types.get(type_name).operators)


# -- strategies -----------------------------------------------------------------------------------
def _pair(values):
    return st.lists(st.sampled_from(values), min_size=2, max_size=2).map(sorted)


def _value_for(type_name: str, op: str) -> st.SearchStrategy:
    if op in ("is_empty", "is_not_empty", "is_today", "is_overdue"):
        return st.none()
    if type_name == "number":
        return _pair(NUMBERS) if op == "between" else st.sampled_from(NUMBERS)
    if type_name == "status":
        label = st.sampled_from(["New", "Won", "Lost"]).flatmap(
            lambda lab: st.sampled_from([lab, lab.lower(), lab.upper()]))
        return st.lists(label, min_size=1, max_size=3) if op.endswith("any_of") else label
    if type_name == "tags":
        return st.lists(st.sampled_from(TAGS), min_size=1, max_size=3)
    if type_name == "text":
        return st.sampled_from(NEEDLES)
    if op in ("within_the_next", "within_the_last"):
        return st.integers(0, 6).map(lambda n: {"days": n})
    return _pair(DAYS) if op == "between" else st.sampled_from(DAYS)


def _rule(key: str) -> st.SearchStrategy:
    type_name = COLUMNS[key][0]

    def with_value(op):
        return _value_for(type_name, op).map(
            lambda v: {"column": key, "operator": op, **({} if v is None else {"value": v})})

    return st.sampled_from(_operators(type_name)).flatmap(with_value)


RULES = st.one_of(*[_rule(key) for key in COLUMNS])


def _trees(depth: int) -> st.SearchStrategy:
    if depth == 0:
        return RULES
    groups = st.tuples(st.sampled_from(["and", "or"]), st.lists(_trees(depth - 1), min_size=1, max_size=3))
    return st.one_of(RULES, groups.map(lambda pair: {pair[0]: pair[1]}))


TREES = _trees(3)


# -- (a) filters ----------------------------------------------------------------------------------
def _filter_board(item_values: list[dict]):
    from boards.columns import create_column
    from boards.items import create_item

    owner, board, _members, groups = new_board(2)
    for key, (type_name, settings_) in COLUMNS.items():
        create_column(board, owner, title=key, type=type_name, settings=settings_, key=key)
    rows = [to_row(create_item(board, owner, name=f"item {n}", group_id=groups[n % 2].id, values=values))
            for n, values in enumerate(item_values)]
    model = oracle.Board(columns={key: oracle.Col(key, t, s) for key, (t, s) in COLUMNS.items()})
    return board, rows, model


def _seeded_values(count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    return [{"n": rng.choice([None, *NUMBERS]), "s": rng.choice([None, "New", "Won", "Lost"]),
             "t": rng.sample(TAGS, rng.randint(0, 3)) or None, "x": rng.choice([None, *TEXTS]),
             "d": rng.choice([None, *STORED_DATES])} for _ in range(count)]


@pytest.fixture
def filter_board(app_context, pinned_today):
    return _filter_board(_seeded_values(40, seed=20240615))


def _selected(board, tree) -> list[int]:
    from views.service import ItemQuery, list_items

    return [item.id for item in list_items(board, ItemQuery(filter=tree), limit=500)["items"]]


@SETTINGS
@given(tree=TREES)
def test_random_trees_select_what_the_oracle_selects(filter_board, tree):
    board, rows, model = filter_board
    got = _selected(board, tree)
    assert len(got) == len(set(got))
    assert set(got) == oracle.select(model, tree, rows)


ITEM_VALUES = st.fixed_dictionaries({
    "n": st.one_of(st.none(), st.sampled_from(NUMBERS), st.integers(-3, 3)),
    "s": st.sampled_from([None, "New", "Won", "Lost", "won"]),
    "t": st.one_of(st.none(), st.lists(st.sampled_from(TAGS), max_size=3, unique=True)),
    "x": st.one_of(st.none(), st.sampled_from(TEXTS), st.text(alphabet="abAB%_ ", max_size=5)),
    "d": st.one_of(st.none(), st.sampled_from(STORED_DATES)),
})


@settings(SETTINGS, max_examples=20)
@given(items=st.lists(ITEM_VALUES, min_size=1, max_size=10), trees=st.lists(TREES, min_size=1, max_size=4))
def test_random_trees_over_random_items(app_context, pinned_today, items, trees):
    board, rows, model = _filter_board(items)
    for tree in trees:
        assert set(_selected(board, tree)) == oracle.select(model, tree, rows), tree


# -- (b) paging through sorts ---------------------------------------------------------------------
SORT_COLUMNS = {"n": ("number", {}), "s": ("status", STATUS), "x": ("text", {}),
                "d": ("date", {"include_time": True}), "p": ("people", {})}
PEOPLE = ("ada", "Bob", "carol", "bob")  # two people share a name: their items tie


@pytest.fixture
def sort_board(app_context, pinned_today):
    from boards.columns import create_column
    from boards.items import create_item

    owner, board, members, groups = new_board(3, people=PEOPLE)
    for key, (type_name, settings_) in SORT_COLUMNS.items():
        create_column(board, owner, title=key, type=type_name, settings=settings_, key=key)
    rng = random.Random(7)
    stamps = [datetime(2024, 6, 15, 10, 0), datetime(2024, 6, 15, 10, 0, 0, 1), datetime(2024, 6, 14, 23, 59)]
    rows = []
    for _n in range(36):
        values = {"n": rng.choice([None, None, 1, 2, 2.0, -1, 0.5]), "s": rng.choice([None, "New", "Won", "Lost"]),
                  "x": rng.choice([None, "b", "B", "a", "ab", "c", "Abc"]),
                  "d": rng.choice([None, "2024-06-15", "2024-06-15T10:00", "2024-06-14", "2024-06-15T09:00"]),
                  "p": rng.choice([None, [members[0].id], [members[1].id, members[0].id], [members[2].id],
                                   [members[3].id]])}
        item = create_item(board, owner, name=rng.choice(["Deal", "deal", "Other", "a deal"]),
                           group_id=groups[rng.randrange(3)].id, values=values)
        set_stamps(item, rng.choice(stamps), rng.choice(stamps))
        rows.append(to_row(item))
    model = oracle.Board(columns={key: oracle.Col(key, t, s) for key, (t, s) in SORT_COLUMNS.items()},
                         people={m.id: m.name for m in members})
    return board, rows, model, [g.id for g in groups]


def _sorts(keys: list[str]) -> st.SearchStrategy:
    entry = st.tuples(st.sampled_from(keys), st.sampled_from(["asc", "desc"]))
    return st.lists(entry, min_size=1, max_size=3, unique_by=lambda e: e[0]).map(
        lambda entries: [{"column": key, "direction": direction} for key, direction in entries])


def _walk(board, sort, size: int, group_id) -> list[int]:
    from views.service import ItemQuery, list_items

    ids, cursor = [], None
    while True:
        page = list_items(board, ItemQuery(sort=sort, group_id=group_id), limit=size, cursor=cursor)
        assert len(page["items"]) <= size
        if page["next_cursor"] is not None:
            assert len(page["items"]) == size, "only the last page may be short"
        ids += [item.id for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return ids
        assert len(ids) <= 100, "paging does not end"


def _check_paging(sort_board, data, keys):
    board, rows, model, groups = sort_board
    sort = data.draw(_sorts(keys), label="sort")
    size = data.draw(st.integers(1, 7), label="page size")
    group_id = data.draw(st.sampled_from([None, *groups]), label="group")
    in_scope = [r for r in rows if group_id is None or r.group_id == group_id]
    got = _walk(board, sort, size, group_id)
    assert len(got) == len(set(got)), "an item came twice"
    assert got == oracle.order(model, sort, in_scope)


@SETTINGS
@given(data=st.data())
def test_paging_through_random_sorts_yields_each_item_once_in_order(sort_board, data):
    _check_paging(sort_board, data, ["n", "x", "d", "p", "name", "created_at", "updated_at", "group"])


@SETTINGS
@given(data=st.data())
def test_paging_through_random_sorts_with_status(sort_board, data):
    _check_paging(sort_board, data, ["s", "n", "x", "d", "p"])


@SETTINGS
@given(data=st.data())
def test_paging_with_status_sorted_ascending(sort_board, data):
    """Status ascending is right (empties last); this keeps it covered while the desc bug stands."""
    board, rows, model, _groups = sort_board
    sort = [{"column": "s", "direction": "asc"},
            *data.draw(_sorts(["n", "x", "d", "p"]), label="then")]
    size = data.draw(st.integers(1, 7), label="page size")
    got = _walk(board, sort, size, None)
    assert got == oracle.order(model, sort, rows)
