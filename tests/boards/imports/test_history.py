"""How imports show in an item's history (boards/panel.py): the item was imported, and which
changes an import made."""
from __future__ import annotations


def test_an_imported_item_s_history_says_where_it_and_its_changes_came_from(admin_api, web_login, board, upload,
                                                                             run_import, board_items):
    run_import(upload("Name,Amount\nAcme,1\n").json)
    run_import(upload("Name,Amount\nAcme,2\n", "update.csv").json, key_column="Name")
    item = board_items(board["id"])[0]
    page = web_login(admin_api).get(f"/items/{item['id']}/panel/activity", headers={"HX-Request": "true"})
    text = page.get_data(as_text=True)
    assert "imported the item from deals.csv" in text
    assert "by the import of update.csv" in text
