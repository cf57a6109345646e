"""Undoing an import: its items to the trash, its changes reverted — except where someone changed
the value again since."""
from __future__ import annotations

from tests.boards.imports.conftest import by_name


def test_undo_trashes_created_items_and_reverts_updates_but_keeps_later_edits(admin_api, board, upload, run_import,
                                                                                board_items, columns_of):
    run_import(upload("Code,Name,Amount,Stage\nA,Alpha,1,Won\nB,Beta,2,Won\nC,Gamma,3,Won\n").json)
    amount = columns_of(board["id"])["Amount"]["key"]
    done = run_import(upload("Code,Name,Amount,Stage\nA,Alpha,10,Won\nB,Beta renamed,20,Lost\nD,Delta,4,Won\n"
                             "E,Echo,5,\n").json, key_column="Code")
    assert (done["created"], done["updated"]) == (2, 2)
    before = by_name(board_items(board["id"]))
    admin_api.ok("PATCH", f"/items/{before['Alpha']['id']}", {"values": {amount: 99}})  # a person's later edit

    undone = admin_api.ok("POST", f"/imports/{done['id']}/undo", status=200)
    assert (undone["trashed"], undone["reverted"], undone["kept"]) == (2, 3, 1)
    after = by_name(board_items(board["id"]))
    assert set(after) == {"Alpha", "Beta", "Gamma"}
    assert {name: item["values"][amount] for name, item in after.items()} == {"Alpha": 99, "Beta": 2, "Gamma": 3}
    stage = columns_of(board["id"])["Stage"]["key"]
    assert after["Beta"]["values"][stage] == "Won"
    assert undone["import"]["undone_at"] is not None
    assert admin_api.call("POST", f"/imports/{done['id']}/undo").status == 409


def test_undone_items_can_be_restored_from_the_trash(admin_api, board, upload, run_import, board_items):
    done = run_import(upload("Name\nA\nB\n").json)
    admin_api.ok("POST", f"/imports/{done['id']}/undo", status=200)
    assert board_items(board["id"]) == []
    restored = admin_api.ok("POST", f"/trash/item/{_first_item_id(admin_api, done)}/restore", status=200)
    assert restored["restored"]
    assert [item["name"] for item in board_items(board["id"])] == ["A"]


def _first_item_id(admin_api, done) -> int:
    from sqlalchemy import select

    from boards.models import Item
    from workspace.extensions import db

    with admin_api.client.application.app_context():
        return db.session.scalar(select(Item.id).where(Item.import_id == done["id"]).order_by(Item.id))


def test_undo_takes_sub_items_and_the_groups_it_created_along(admin_api, board, upload, run_import, board_items):
    done = run_import(upload("Name,Group,Parent item\nSite,Web,\nDesign,,Site\n").json)
    groups = [g["name"] for g in admin_api.ok("GET", f"/boards/{board['id']}")["groups"]]
    assert groups == ["New group", "Web"]
    admin_api.ok("POST", f"/imports/{done['id']}/undo", status=200)
    assert board_items(board["id"]) == []
    assert [g["name"] for g in admin_api.ok("GET", f"/boards/{board['id']}")["groups"]] == ["New group"]


def test_a_dry_run_or_an_import_that_never_ran_cannot_be_undone(admin_api, upload, run_import):
    uploaded = upload("Name\nA\n").json
    assert admin_api.call("POST", f"/imports/{uploaded['id']}/undo").status == 409
    dry = run_import(uploaded, dry_run=True)
    assert admin_api.call("POST", f"/imports/{dry['id']}/undo").status == 409

