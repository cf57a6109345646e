"""Export → import round trips: a board exported to CSV and imported into an empty board gives back
every value of every type, sub-items included — into columns made like the old ones and matched
by their titles, and into new columns the mapping creates."""
from __future__ import annotations

import pytest

from fields import column_types
from tests.fields.cases import CASES

# Every type a file can fill (read-only and button columns are exported, never imported).
WRITABLE = sorted(name for name in column_types.names()
                  if not column_types.get(name).read_only and name not in ("people", "connect_boards"))
TRICKY_TEXT = ["=SUM(A1)", "-starts with a dash", "@mention", "+plus", "comma, \"quotes\"", "ünïcode 中文 ไทย"]


@pytest.fixture
def source(admin_api, workspace, member_of, board):
    """The Deals board: a column of each writable type (people and links too), several items
    holding each type's valid example values, and sub-items with a sub-item column."""
    member = member_of("member")
    accounts = admin_api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Accounts"})
    account_ids = [admin_api.ok("POST", f"/boards/{accounts['id']}/items", {"name": n})["id"] for n in ("A1", "A2")]
    specs = [(name, CASES[name]["settings"]) for name in WRITABLE]
    specs += [("people", {}), ("connect_boards", {"board_ids": [accounts["id"]]}), ("auto_number", {})]
    columns = {}
    for type_name, settings in specs:
        columns[type_name] = admin_api.ok("POST", f"/boards/{board['id']}/columns",
                                          {"title": f"My {type_name}", "type": type_name, "settings": settings})
    meeting = admin_api.ok("POST", f"/boards/{board['id']}/columns",
                           {"title": "Meeting", "type": "date", "settings": {"include_time": True}})
    hours = admin_api.ok("POST", f"/boards/{board['id']}/columns",
                         {"title": "Hours", "type": "number", "scope": "subitem"})
    samples = {name: [v for v in CASES[name]["valid"] if v not in ([], None)] for name in WRITABLE}
    samples["text"] += TRICKY_TEXT
    samples["people"] = [[admin_api.user_id], [member.user_id, admin_api.user_id]]
    samples["connect_boards"] = [[account_ids[0]], [account_ids[1], account_ids[0]]]
    count = max(len(values) for values in samples.values())
    for index in range(count):
        values = {columns[name]["key"]: values_[index % len(values_)] for name, values_ in samples.items()}
        values[meeting["key"]] = f"2024-03-{index + 1:02}T14:30"
        item = admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": f"Deal {index}", "values": values})
        admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": f"Task {index}", "parent_id": item["id"],
                                                              "values": {hours["key"]: index + 0.5}})
    return board


def export(admin_api, board_id: int) -> bytes:
    response = admin_api.client.get(f"/api/v1/boards/{board_id}/export.csv?subitems=true",
                                    headers={"Authorization": f"Bearer {admin_api.token}"})
    assert response.status_code == 200
    return response.get_data()


def snapshot(admin_api, board_id: int, board_items) -> dict:
    """Every item and sub-item: name → (group name, {column title: value}), read-only values left out."""
    board = admin_api.ok("GET", f"/boards/{board_id}")
    titles = {c["key"]: c["title"] for c in board["columns"] if not column_types.get(c["type"]).read_only}
    groups = {g["id"]: g["name"] for g in board["groups"]}
    result = {}
    for item in board_items(board_id):
        for one in [item, *board_items(board_id, parent_id=item["id"])]:
            result[one["name"]] = (groups[one["group_id"]],
                                   {titles[k]: v for k, v in one["values"].items() if k in titles})
    return result


def test_into_an_empty_board_with_the_same_columns_every_value_comes_back(
        admin_api, workspace, source, upload, run_import, board_items):
    target = admin_api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Copy"})
    for column in admin_api.ok("GET", f"/boards/{source['id']}")["columns"]:
        admin_api.ok("POST", f"/boards/{target['id']}/columns", {key: column[key] for key in (
            "title", "type", "settings", "scope")})
    uploaded = upload(export(admin_api, source["id"]), "Deals.csv", board_id=target["id"]).json
    mapping = uploaded["suggested_mapping"]
    assert mapping["My auto_number"]["target"] == "skip"  # read-only: exported, never imported
    assert mapping["Parent item"]["target"] == "skip" and uploaded["suggested_options"]["parent_key_column"]
    done = run_import(uploaded)
    assert (done["status"], done["failed"]) == ("succeeded", 0), done
    assert snapshot(admin_api, target["id"], board_items) == snapshot(admin_api, source["id"], board_items)


def test_into_a_blank_board_new_columns_of_the_same_types_get_every_value(
        admin_api, workspace, source, upload, run_import, board_items):
    target = admin_api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Blank"})
    uploaded = upload(export(admin_api, source["id"]), "Deals.csv", board_id=target["id"]).json
    mapping = {}
    for column in admin_api.ok("GET", f"/boards/{source['id']}")["columns"]:
        header = column["title"] if column["scope"] == "item" else f"Subitem: {column['title']}"
        if column_types.get(column["type"]).read_only:
            mapping[header] = {"target": "skip"}
            continue
        mapping[header] = {"target": "new_column", "title": column["title"], "type": column["type"],
                           "settings": {k: v for k, v in column["settings"].items() if k != "reverse_column_id"},
                           "scope": column["scope"]}
    done = run_import(uploaded, mapping)
    assert (done["status"], done["failed"]) == ("succeeded", 0), done
    assert snapshot(admin_api, target["id"], board_items) == snapshot(admin_api, source["id"], board_items)


def test_the_suggestion_alone_reads_a_typical_export_back_into_the_right_types(
        admin_api, workspace, board, upload, run_import, board_items, columns_of):
    for title, type_name, settings in (("Stage", "status", {"labels": [{"label": "Won"}, {"label": "Lost"}]}),
                                       ("Amount", "number", {}), ("Close", "date", {}), ("Email", "email", {}),
                                       ("Site", "link", {}), ("Country", "country", {})):
        admin_api.ok("POST", f"/boards/{board['id']}/columns",
                     {"title": title, "type": type_name, "settings": settings})
    keys = {title: column["key"] for title, column in columns_of(board["id"]).items()}
    for index in range(12):
        admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": f"Deal {index}", "values": {
            keys["Stage"]: ["Won", "Lost"][index % 2], keys["Amount"]: index * 1000.5,
            keys["Close"]: f"2024-05-{index + 1:02}", keys["Email"]: f"p{index}@example.com",
            keys["Site"]: {"url": f"https://example.com/{index}"}, keys["Country"]: ["DE", "TH", "TW"][index % 3]}})
    target = admin_api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Fresh"})
    uploaded = upload(export(admin_api, board["id"]), "Deals.csv", board_id=target["id"]).json
    assert {h: e.get("type") for h, e in uploaded["suggested_mapping"].items() if e["target"] == "new_column"} == {
        "Stage": "status", "Amount": "number", "Close": "date", "Email": "email", "Site": "link", "Country": "country"}
    assert run_import(uploaded)["failed"] == 0
    assert snapshot(admin_api, target["id"], board_items) == snapshot(admin_api, board["id"], board_items)

