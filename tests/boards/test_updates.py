"""Updates (comments) on items: @-mentions of members, newest first, limits, and the activity row."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from boards import items, service, updates
from boards.models import Activity, Item, Update
from workspace import service as workspace_service
from workspace.errors import Invalid
from workspace.extensions import db
from workspace.models import Membership, Role, User


@pytest.fixture
def world(app_context):
    owner = workspace_service.create_user("owner@example.com", "pw-123456", "Owner")
    ws = workspace_service.create_workspace("W", owner)
    people = {"owner": owner}
    for key, email, name in (("ann", "ann@example.com", "Ann"), ("ann_lee", "ann.lee@example.com", "Ann Lee"),
                             ("mary", "mary.jane@example.com", "Mary Jane Watson"),
                             ("wang", "wang@example.com", "王小明")):
        user = workspace_service.create_user(email, "pw-123456", name)
        db.session.add(Membership(workspace_id=ws.id, user_id=user.id, role=Role.member))
        people[key] = user
    # Someone outside the workspace can never be mentioned in it.
    people["stranger"] = workspace_service.create_user("stranger@example.com", "pw-123456", "Stranger")
    board = service.create_board(ws.id, "Deals", user=owner)
    item = items.create_item(board, owner, name="Acme")
    db.session.commit()
    return {"item_id": item.id, "ids": {key: user.id for key, user in people.items()}}


def _item(world) -> Item:
    return db.session.get(Item, world["item_id"])


def _owner(world) -> User:
    return db.session.get(User, world["ids"]["owner"])


def _post(world, body: str) -> Update:
    update = updates.add_update(_item(world), _owner(world), body)
    db.session.commit()
    return update


@pytest.mark.parametrize(("body", "expected"), [
    ("@Ann please call them", ["ann"]),
    ("@Ann Lee please call them", ["ann_lee"]),  # the longest member name after the @ wins
    ("@ann lee, @ANN and @Mary Jane Watson!", ["ann_lee", "ann", "mary"]),  # case-insensitive
    ("ask @ann.lee@example.com and @mary.jane@example.com.", ["ann_lee", "mary"]),  # e-mails
    ("@Mary Jane is not anyone's whole name, @Annabel neither", []),  # no partial words
    ("@nobody and @Stranger are not members; mail bob@ann.com", []),  # unknown @ is ignored
    ("@Ann @Ann @Ann", ["ann"]),  # each member once
    ("請@王小明看看", ["wang"]),  # scripts without spaces between words
])
def test_mentions_name_members_by_name_or_email(world, body, expected):
    update = _post(world, body)
    assert update.mentions == [world["ids"][key] for key in expected]


def test_mention_spans_cover_exactly_the_typed_text(world):
    members = updates.members_for_mentions(_item(world).workspace_id)
    text = "Hi @ann lee's team\nand @Ann."
    spans = [(text[m.start:m.end], m.user_id) for m in updates.find_mentions(text, members)]
    assert spans == [("@ann lee", world["ids"]["ann_lee"]), ("@Ann", world["ids"]["ann"])]
    lines = updates.body_lines(text, updates.find_mentions(text, members))
    assert [[(p.text, p.user_id) for p in line] for line in lines] == [
        [("Hi ", None), ("@ann lee", world["ids"]["ann_lee"]), ("'s team", None)],
        [("and ", None), ("@Ann", world["ids"]["ann"]), (".", None)],
    ]


def test_updates_are_listed_newest_first_and_deleted_ones_hidden(world):
    first, second, third = (_post(world, text) for text in ("first", "second", "third"))
    second.deleted_at = first.created_at
    db.session.commit()
    assert [u.body for u in updates.list_updates(_item(world))] == ["third", "first"]
    assert third.workspace_id == _item(world).workspace_id and third.board_id == _item(world).board_id


@pytest.mark.parametrize("body", ["", "   \n\t ", "x" * (updates.MAX_BODY + 1), None])
def test_an_empty_or_too_long_update_is_refused_with_422(world, body):
    with pytest.raises(Invalid) as refused:
        updates.add_update(_item(world), _owner(world), body)
    assert refused.value.status == 422 and "body" in refused.value.details
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Update)) == 0


def test_the_longest_allowed_update_is_kept_whole(world):
    body = "y" * updates.MAX_BODY
    assert _post(world, f"  {body}\r\n").body == body


def test_posting_records_update_added_in_the_same_transaction(world):
    update = updates.add_update(_item(world), _owner(world), "@Ann look")
    row = db.session.scalars(select(Activity).where(Activity.kind == "update_added")).one()  # flushed, uncommitted
    assert row.item_id == world["item_id"] and row.user_id == world["ids"]["owner"]
    assert row.new == {"update_id": update.id, "mentions": [world["ids"]["ann"]]}
    db.session.rollback()  # one transaction: the update and its activity go together
    assert db.session.scalar(select(func.count()).select_from(Update)) == 0
    assert db.session.scalar(select(func.count()).select_from(Activity).where(Activity.kind == "update_added")) == 0
    _post(world, "kept")
    assert db.session.scalar(select(func.count()).select_from(Activity).where(Activity.kind == "update_added")) == 1


def test_display_highlights_only_the_stored_mentions(world):
    update = _post(world, "@Ann and @Mary Jane Watson")
    update.mentions = [world["ids"]["mary"]]  # e.g. Ann was not a member when it was posted
    users = {uid: db.session.get(User, uid) for uid in update.mentions}
    lines = updates.thread_lines([update], users)[update.id]
    assert [(p.text, p.user_id) for p in lines[0]] == [("@Ann and ", None), ("@Mary Jane Watson", world["ids"]["mary"])]
