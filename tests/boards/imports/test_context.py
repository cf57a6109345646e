"""The members of a workspace read once (boards/imports/context.py): an import finds a person by
name or e-mail, and an export writes each person so that the import finds that same person."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, update

from boards.imports.context import MemberDirectory
from workspace.extensions import db
from workspace.models import Membership, User


@pytest.fixture
def people(app, workspace, admin_api, member_of):
    """rename(user_id, name); four members besides Ada Admin, named by each test."""
    members = [member_of("member").user_id for _ in range(4)]

    def rename(user_id: int, name: str) -> None:
        with app.app_context():
            db.session.execute(update(User).where(User.id == user_id).values(name=name))
            db.session.commit()
    return {"admin": admin_api.user_id, "members": members, "rename": rename, "workspace_id": workspace["id"]}


def email_of(user_id: int) -> str:
    return db.session.get(User, user_id).email


def test_a_member_with_a_name_of_their_own_is_written_by_name_and_found_by_it(app, people):
    with app.app_context():
        directory = MemberDirectory(people["workspace_id"])
        assert directory.member_label(people["admin"]) == "Ada Admin"
        assert directory.find_member(" ada ADMIN ") == people["admin"]
        assert directory.find_member(email_of(people["admin"]).upper()) == people["admin"]


def test_names_that_would_not_find_the_person_again_give_way_to_the_e_mail(app, people):
    twin_a, twin_b, comma, digits = people["members"]
    people["rename"](twin_a, "Sam Lee")
    people["rename"](twin_b, "sam lee ")  # the same name to an import: case and spaces are ignored
    people["rename"](comma, "Lee, Ann")  # a list separator: an import would read two people
    people["rename"](digits, "42")  # an import reads digits as a user id
    with app.app_context():
        directory = MemberDirectory(people["workspace_id"])
        labels = {user_id: directory.member_label(user_id) for user_id in people["members"]}
        # The first Sam Lee keeps the name (an import finds them by it); the second gets the e-mail.
        assert labels[twin_a] == "Sam Lee"
        for user_id in (twin_b, comma, digits):
            assert labels[user_id] == email_of(user_id)
        for user_id, label in labels.items():
            assert directory.find_member(label) == user_id


def test_someone_who_left_is_written_by_e_mail_and_a_deleted_user_by_id(app, people):
    left, gone = people["members"][:2]
    with app.app_context():
        email = email_of(left)
        db.session.execute(delete(Membership).where(Membership.user_id.in_([left, gone])))
        db.session.execute(delete(User).where(User.id == gone))
        db.session.commit()
        directory = MemberDirectory(people["workspace_id"])
        assert directory.member_label(left) == email
        assert directory.find_member(email) is None  # so an import says they are no member
        assert directory.member_label(gone) == str(gone)
