"""What an import writes: values read from messy cells, upserts by key, duplicate keys, sub-items,
groups, blank cells and rows that fail — checked by the values on the board."""
from __future__ import annotations

import csv
import io

import pytest

from tests.boards.imports.conftest import by_name


@pytest.fixture
def imported(upload, run_import, board, board_items, columns_of):
    """imported(csv_text, mapping=None, **options) → (finished import, {name: item}, {title: column})."""
    def run(text: str, mapping: dict | None = None, **options):
        done = run_import(upload(text).json, mapping, **options)
        return done, by_name(board_items(board["id"])), columns_of(board["id"])
    return run


def values_of(items: dict, columns: dict, title: str) -> dict:
    key = columns[title]["key"]
    return {name: item["values"].get(key) for name, item in items.items()}


def test_a_date_column_mixing_iso_us_and_eu_dates_reads_every_one(imported):
    done, items, columns = imported("Name,Close date\nA,2024-03-05\nB,25.03.2024\nC,03/25/2024\nD,5 Mar 2024\n")
    assert columns["Close date"]["type"] == "date"
    assert values_of(items, columns, "Close date") == {
        "A": "2024-03-05", "B": "2024-03-25", "C": "2024-03-25", "D": "2024-03-05"}


def test_ambiguous_dates_are_read_in_the_order_the_mapping_chooses(upload, run_import, board, board_items, columns_of):
    uploaded = upload("Name,Due\nA,03/04/2024\nB,05/06/2024\n").json
    entry = uploaded["suggested_mapping"]["Due"]
    assert entry["type"] == "date" and set(entry["choices"]["date_format"]) == {"MM/DD/YYYY", "DD/MM/YYYY"}
    run_import(uploaded, {"Due": {**entry, "format": {"date_format": "DD/MM/YYYY"}}})
    due = values_of(by_name(board_items(board["id"])), columns_of(board["id"]), "Due")
    assert due == {"A": "2024-04-03", "B": "2024-06-05"}


def test_currency_signs_thousands_separators_and_percentages_read_as_numbers(imported):
    done, items, columns = imported('Name,Amount,Share\nA,"$1,234.50",12%\nB,$99,7.5%\nC,"$1,000,000",100%\n')
    assert values_of(items, columns, "Amount") == {"A": 1234.5, "B": 99, "C": 1000000}
    assert values_of(items, columns, "Share") == {"A": 12, "B": 7.5, "C": 100}
    assert columns["Amount"]["settings"].get("unit") == "$"


def test_a_european_file_with_decimal_commas_reads_its_numbers(imported):
    text = "Name;Betrag;Menge\nA;€1.234,50;1,5\nB;€99,00;2\nC;€12.000,00;0,25\n"
    done, items, columns = imported(text)
    assert done["failed"] == 0
    assert values_of(items, columns, "Betrag") == {"A": 1234.5, "B": 99, "C": 12000}
    assert values_of(items, columns, "Menge") == {"A": 1.5, "B": 2, "C": 0.25}


def test_quotes_commas_and_newlines_inside_cells_are_kept(imported):
    text = 'Name,Notes\n"Acme, Inc.","first line\nsecond ""quoted"" line"\n'
    done, items, columns = imported(text)
    assert values_of(items, columns, "Notes") == {"Acme, Inc.": 'first line\nsecond "quoted" line'}
    assert columns["Notes"]["type"] == "long_text"


def test_blank_lines_are_skipped_and_failures_name_the_real_line(admin_api, imported):
    done, items, _columns = imported("Name,Amount\n\nA,1\n\n\nB,abc\nC,3\n",
                                     {"Amount": {"target": "new_column", "title": "Amount", "type": "number"}})
    assert (done["created"], done["failed"]) == (2, 1)
    errors = admin_api.client.get(done["errors_url"], headers={"Authorization": f"Bearer {admin_api.token}"})
    assert "B,abc,6,Amount: not a number: 'abc'" in errors.get_data(as_text=True)


def test_ragged_rows_short_ones_are_padded_and_long_ones_fail(admin_api, imported):
    text = "Name,Stage,Amount\nShort,Won\nTrailing,Won,5,,\nLong,Won,5,surprise\nFine,Lost,6\n"
    done, items, columns = imported(text)
    assert set(items) == {"Short", "Trailing", "Fine"} and done["failed"] == 1
    assert values_of(items, columns, "Amount") == {"Short": None, "Trailing": 5, "Fine": 6}
    errors = admin_api.client.get(done["errors_url"], headers={"Authorization": f"Bearer {admin_api.token}"})
    assert "4 cells but the header has 3" in errors.get_data(as_text=True)


def test_group_values_become_groups_and_missing_ones_are_created(admin_api, board, imported):
    done, items, _columns = imported("Name,Group\nA,Pipeline\nB,Closed\nC,\nD,pipeline\n")
    groups = {g["id"]: g["name"] for g in admin_api.ok("GET", f"/boards/{board['id']}")["groups"]}
    assert {name: groups[item["group_id"]] for name, item in items.items()} == {
        "A": "Pipeline", "B": "Closed", "C": "New group", "D": "Pipeline"}


def test_rows_whose_key_matches_an_item_update_it_and_others_create_items(admin_api, board, upload, run_import,
                                                                          board_items, columns_of):
    first = run_import(upload("Email,Name,Amount\nada@example.com,Ada,1\ngrace@example.com,Grace,2\n").json)
    assert first["created"] == 2
    second = upload("Email,Name,Amount\nADA@example.com,Ada L.,10\nlinus@example.com,Linus,3\n"
                    "grace@example.com,Grace,2\n").json
    done = run_import(second, key_column="Email")
    assert (done["created"], done["updated"], done["skipped"]) == (1, 1, 1)
    items = by_name(board_items(board["id"]))
    assert set(items) == {"Ada L.", "Grace", "Linus"}
    assert values_of(items, columns_of(board["id"]), "Amount") == {"Ada L.": 10, "Grace": 2, "Linus": 3}
    history = admin_api.ok("GET", f"/items/{items['Ada L.']['id']}/activity")
    assert {(h["kind"], h["old"], h["new"]) for h in history if h["kind"] in ("value_changed", "item_renamed")} \
        >= {("value_changed", 1, 10), ("item_renamed", "Ada", "Ada L.")}


def test_a_key_repeated_in_the_file_updates_the_item_its_first_row_created(board, upload, run_import, board_items,
                                                                           columns_of):
    text = "Code,Name,Amount\nX1,First,1\nX2,Other,5\nX1,First again,2\n"
    done = run_import(upload(text).json, key_column="Code")
    assert (done["created"], done["updated"]) == (2, 1)
    items = by_name(board_items(board["id"]))
    assert set(items) == {"First again", "Other"}
    assert values_of(items, columns_of(board["id"]), "Amount") == {"First again": 2, "Other": 5}


def test_a_key_repeated_across_batches_updates_the_item_an_earlier_batch_created(app, monkeypatch, board, upload,
                                                                                  run_import, board_items):
    monkeypatch.setitem(app.config, "IMPORT_BATCH_ROWS", 2)
    text = "Code,Name\nK,one\nL,two\nM,three\nK,four\n"
    done = run_import(upload(text).json, key_column="Code")
    assert (done["created"], done["updated"]) == (3, 1)
    assert sorted(item["name"] for item in board_items(board["id"])) == ["four", "three", "two"]


def test_a_key_matching_two_items_on_the_board_fails_that_row(admin_api, board, upload, run_import, board_items):
    for name in ("Twin", "twin"):
        admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": name})
    done = run_import(upload("Name,Note\nTWIN,x\nSolo,y\n").json, key_column="Name")
    assert (done["created"], done["failed"]) == (1, 1)
    assert sorted(item["name"] for item in board_items(board["id"])) == ["Solo", "Twin", "twin"]


def test_blank_cells_clear_values_only_when_asked(board, upload, run_import, board_items, columns_of):
    run_import(upload("Name,Stage,Amount\nA,Won,5\nB,Lost,6\n").json)
    run_import(upload("Name,Stage,Amount\nA,,7\n").json, key_column="Name")
    run_import(upload("Name,Stage,Amount\nB,,8\n").json, key_column="Name", blank="clear")
    items, columns = by_name(board_items(board["id"])), columns_of(board["id"])
    assert values_of(items, columns, "Stage") == {"A": "Won", "B": None}
    assert values_of(items, columns, "Amount") == {"A": 7, "B": 8}


def test_rows_with_a_parent_key_become_sub_items_of_that_item(admin_api, board, upload, run_import, board_items):
    admin_api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Hours", "type": "number", "scope": "subitem"})
    text = "Name,Parent item,Hours\nWebsite,,\nDesign,Website,5\nBuild,Website,8\nLaunch,Missing,1\n"
    uploaded = upload(text).json
    assert uploaded["suggested_options"]["parent_key_column"] == "Parent item"
    done = run_import(uploaded)
    assert (done["created"], done["failed"]) == (3, 1)
    website = by_name(board_items(board["id"]))["Website"]
    subitems = board_items(board["id"], parent_id=website["id"])
    assert [(s["name"], list(s["values"].values())) for s in subitems] == [("Design", [5]), ("Build", [8])]
    assert all(s["group_id"] == website["group_id"] for s in subitems)


def test_a_dry_run_counts_what_would_happen_and_writes_nothing(admin_api, board, upload, run_import, board_items,
                                                               columns_of):
    admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "Existing"})
    uploaded = upload("Name,Amount,Group\nExisting,5,New one\nFresh,x,New one\nFresh,6,\nOther,7,\n").json
    mapping = {"Amount": {"target": "new_column", "title": "Amount", "type": "number"}}
    done = run_import(uploaded, mapping, key_column="Name", dry_run=True)
    assert done["dry_run"] and (done["created"], done["updated"], done["failed"]) == (2, 1, 1)
    assert [item["name"] for item in board_items(board["id"])] == ["Existing"]
    assert "Amount" not in columns_of(board["id"])
    assert [g["name"] for g in admin_api.ok("GET", f"/boards/{board['id']}")["groups"]] == ["New group"]
    real = run_import(admin_api.ok("GET", f"/imports/{uploaded['id']}"), mapping, key_column="Name")
    assert not real["dry_run"] and (real["created"], real["updated"], real["failed"]) == (2, 1, 1)
    assert sorted(item["name"] for item in board_items(board["id"])) == ["Existing", "Fresh", "Other"]


def test_imported_items_start_no_automation_while_items_made_by_hand_do(admin_api, board, upload, run_import,
                                                                        settle, board_items):
    flag = admin_api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Flag", "type": "text"})
    admin_api.ok("POST", f"/boards/{board['id']}/automations", {
        "name": "Mark new items", "enabled": True, "trigger": {"type": "item_created", "config": {}},
        "conditions": {}, "actions": [{"type": "set_value", "config": {"column": flag["key"], "value": "seen"}}]})
    run_import(upload("Name\nImported A\nImported B\n").json)
    admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "By hand"})
    settle()
    flags = {item["name"]: item["values"].get(flag["key"]) for item in board_items(board["id"])}
    assert flags == {"Imported A": None, "Imported B": None, "By hand": "seen"}


def test_connect_columns_link_the_ids_given_and_an_upsert_relinks_without_automations(
        admin_api, workspace, board, upload, run_import, board_items, settle):
    accounts = admin_api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Accounts"})
    first, second = (admin_api.ok("POST", f"/boards/{accounts['id']}/items", {"name": n})["id"] for n in ("A1", "A2"))
    link = admin_api.ok("POST", f"/boards/{board['id']}/columns", {
        "title": "Account", "type": "connect_boards", "settings": {"board_ids": [accounts["id"]]}})
    flag = admin_api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Flag", "type": "text"})
    admin_api.ok("POST", f"/boards/{board['id']}/automations", {
        "name": "Note relinks", "enabled": True,
        "trigger": {"type": "column_changed", "config": {"column": link["key"]}}, "conditions": {},
        "actions": [{"type": "set_value", "config": {"column": flag["key"], "value": "relinked"}}]})
    created = run_import(upload(f"Name,Account\nD1,{first}\nD2,999999\n").json)
    assert (created["created"], created["failed"]) == (1, 1)
    updated = run_import(upload(f"Name,Account\nD1,{second}\n").json, key_column="Name")
    settle()
    assert updated["updated"] == 1
    [deal] = board_items(board["id"])
    assert deal["values"][link["key"]] == [second] and flag["key"] not in deal["values"]


def test_connect_columns_find_linked_items_by_name_and_fail_rows_whose_name_is_unknown_or_shared(
        admin_api, workspace, board, upload, run_import, board_items):
    accounts = admin_api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Accounts"})
    acme, globex, _twin, _twin_too = (admin_api.ok("POST", f"/boards/{accounts['id']}/items", {"name": n})["id"]
                                    for n in ("Acme Corp", "Globex", "Twin", "twin"))
    link = admin_api.ok("POST", f"/boards/{board['id']}/columns", {
        "title": "Account", "type": "connect_boards", "settings": {"board_ids": [accounts["id"]]}})
    done = run_import(upload("Name,Account\n"
                             'D1," acme corp "\n'  # case and spaces ignored
                             f'D2,"Globex; {acme}"\n'  # names and ids mixed
                             "D3,Initech\n"
                             "D4,Twin\n").json)
    assert (done["created"], done["failed"]) == (2, 2)
    linked = {item["name"]: item["values"].get(link["key"]) for item in board_items(board["id"])}
    assert linked == {"D1": [acme], "D2": [globex, acme]}
    response = admin_api.client.get(done["errors_url"], headers={"Authorization": f"Bearer {admin_api.token}"})
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[1:] == [
        ["D3", "Initech", "4", "Account: no item named 'Initech' on the linked boards"],
        ["D4", "Twin", "5", "Account: 2 items are named 'Twin' on the linked boards; give its id instead"]]


def test_new_columns_come_in_the_files_order_whatever_the_order_of_the_mapping(admin_api, board, upload,
                                                                              run_import):
    uploaded = upload("Name,Zeta,Alpha,Mid\nA,1,x,2024-01-01\n").json
    mapping = dict(sorted(uploaded["suggested_mapping"].items()))  # as a JSON client may send it
    run_import({**uploaded, "suggested_mapping": mapping})
    assert [c["title"] for c in admin_api.ok("GET", f"/boards/{board['id']}")["columns"]] == ["Zeta", "Alpha", "Mid"]
