"""The item service: partial writes in SQL, positions, and no lost update under concurrency."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from boards import columns, items, positions, service
from boards.models import Item
from workspace import service as workspace_service
from workspace.extensions import db


@pytest.fixture
def setup(app_context):
    user = workspace_service.create_user("owner@example.com", "pw-123456", "Owner")
    ws = workspace_service.create_workspace("W", user)
    board = service.create_board(ws.id, "B", user=user)
    a = columns.create_column(board, user, title="A", type="number")
    b = columns.create_column(board, user, title="B", type="number")
    item = items.create_item(board, user, name="one")
    db.session.commit()
    return {"user_id": user.id, "board_id": board.id, "item_id": item.id, "a": a.key, "b": b.key}


def test_update_sets_only_the_given_key_inside_the_database(setup):
    user = db.session.get(workspace_service.User, setup["user_id"])
    item = db.session.get(Item, setup["item_id"])
    items.update_item(item, user, values={setup["a"]: 1})
    # Another writer changes B behind this session's back (a stale ORM copy would lose it).
    stale = db.session.get(Item, setup["item_id"])
    db.session.commit()
    with db.engine.begin() as conn:
        conn.execute(Item.__table__.update().where(Item.id == setup["item_id"]).values(
            values={setup["a"]: 1, setup["b"]: 2}))
    items.update_item(stale, user, values={setup["a"]: 3})
    db.session.commit()
    assert db.session.scalar(select(Item.values).where(Item.id == setup["item_id"])) == {
        setup["a"]: 3, setup["b"]: 2}


def test_two_threads_writing_different_columns_lose_nothing(app, setup):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks and concurrent writers are a PostgreSQL property; SQLite serialises writers")
    rounds = 200
    errors: list[BaseException] = []

    def writer(key: str) -> None:
        try:
            with app.app_context():
                user = db.session.get(workspace_service.User, setup["user_id"])
                for n in range(1, rounds + 1):
                    item = db.session.get(Item, setup["item_id"])
                    items.update_item(item, user, values={key: n})
                    db.session.commit()
                db.session.remove()
        except BaseException as error:  # surfaced below: a thread's failure must fail the test
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(key,)) for key in (setup["a"], setup["b"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    db.session.expire_all()
    final = db.session.scalar(select(Item.values).where(Item.id == setup["item_id"]))
    assert final == {setup["a"]: rounds, setup["b"]: rounds}


def test_moving_between_neighbours_renumbers_when_the_gap_runs_out(setup):
    user = db.session.get(workspace_service.User, setup["user_id"])
    board = db.session.get(service.Board, setup["board_id"])
    first = db.session.get(Item, setup["item_id"])
    second = items.create_item(board, user, name="two")
    third = items.create_item(board, user, name="three")
    # Squeeze: keep moving `third` right after `first` and `second` after it, halving the gap each time.
    for _ in range(60):
        items.move_item(third, user, after_id=first.id)
        items.move_item(second, user, after_id=first.id)
    db.session.commit()
    order = db.session.scalars(select(Item.name).where(Item.board_id == board.id).order_by(
        Item.position, Item.id)).all()
    assert order == ["one", "two", "three"]
    positions_now = db.session.scalars(select(Item.position).where(Item.board_id == board.id)
                                       .order_by(Item.position)).all()
    assert len(set(positions_now)) == 3, "positions stay distinct"
    assert min(b - a for a, b in zip(positions_now, positions_now[1:], strict=False)) >= positions.MIN_GAP


def test_between_returns_none_when_neighbours_are_too_close():
    assert positions.between(1.0, 1.0 + positions.MIN_GAP / 2) is None
    assert positions.between(None, None) == positions.STEP
    assert positions.between(None, 10.0) == 10.0 - positions.STEP
    assert positions.between(1.0, 3.0) == 2.0
