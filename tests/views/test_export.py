"""CSV export (views/export.py): what the view shows, in its order, each value in its column
type's text form, formula cells neutralised, UTF-8 with a BOM, named after the board, streamed by
keyset pages; the same bytes from `boardhouse export-csv`; the Export menu on the board page."""
from __future__ import annotations

import codecs
import csv
import html
import io
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import update

from boards.csvtext import neutralise
from fields import column_types
from tests.fields.cases import BOARD_BOUND, CASES
from views import export as export_module

READ_ONLY = ("auto_number", "creation_log", "last_updated")
TRIGGERS = ["=", "+", "-", "@", "\t", "\r"]


# -- helpers ---------------------------------------------------------------------------------
def fetch(api, board_id: int, **params):
    """The raw response of the export endpoint as `api`'s user."""
    query = {k: v if isinstance(v, str | int) else json.dumps(v) for k, v in params.items()}
    return api.client.get(f"/api/v1/boards/{board_id}/export.csv", query_string=query,
                          headers={"Authorization": f"Bearer {api.token}"})


def parse(body: bytes) -> list[list[str]]:
    assert body.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(body.decode("utf-8")[1:], newline="")))


def exported(api, board_id: int, **params) -> list[list[str]]:
    response = fetch(api, board_id, **params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return parse(response.data)


def column(api, board_id: int, title: str, type_name: str = "text", **fields) -> str:
    return api.ok("POST", f"/boards/{board_id}/columns", {"title": title, "type": type_name, **fields})["key"]


def item(api, board_id: int, name: str, **fields) -> dict:
    return api.ok("POST", f"/boards/{board_id}/items", {"name": name, **fields})


def batch(api, board_id: int, items: list[dict]) -> list[dict]:
    created = []
    for start in range(0, len(items), 500):
        created += api.ok("POST", f"/boards/{board_id}/items/batch", {"items": items[start:start + 500]})["items"]
    return created


def view(api, board_id: int, **fields) -> dict:
    return api.ok("POST", f"/boards/{board_id}/views", {"name": "V", "type": "table", **fields})


def names(rows: list[list[str]]) -> list[str]:
    return [row[0] for row in rows[1:]]


def by_name(rows: list[list[str]]) -> dict[str, dict[str, str]]:
    return {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


# -- values ----------------------------------------------------------------------------------
@pytest.fixture
def every_type(admin_api, workspace, board):
    """Deals with a column of every type (a connect and a mirror to Accounts too), items holding
    each type's valid values from tests/fields/cases.py, and a button column."""
    accounts = admin_api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Accounts"})
    worth = column(admin_api, accounts["id"], "Worth", "number", key="worth")
    account_ids = [item(admin_api, accounts["id"], f"Acc {n}", values={worth: n * 100})["id"] for n in (1, 2)]
    b = board["id"]
    keys = {name: column(admin_api, b, f"T {name}", name, settings=case["settings"])
            for name, case in CASES.items() if name not in BOARD_BOUND}
    keys["connect_boards"] = column(admin_api, b, "T connect", "connect_boards",
                                    settings={"board_ids": [accounts["id"]]})
    keys["mirror"] = column(admin_api, b, "T mirror", "mirror", settings={
        "link_column": keys["connect_boards"], "target_column": worth, "aggregate": "sum"})
    valid = {name: case["valid"] for name, case in CASES.items() if case["valid"] and name not in BOARD_BOUND}
    valid["people"] = [[admin_api.user_id]]
    valid["connect_boards"] = [account_ids, [account_ids[1]]]
    for n in range(max(len(values) for values in valid.values())):
        item(admin_api, b, f"Item {n}", values={keys[name]: values[n % len(values)] for name, values in valid.items()})
    return keys


def test_every_column_type_exports_its_values_in_their_export_text_form(admin_api, board, every_type):
    rows = exported(admin_api, board["id"])
    items = admin_api.ok("GET", f"/boards/{board['id']}/items?limit=500")["items"]
    columns = {c["key"]: c for c in admin_api.ok("GET", f"/boards/{board['id']}")["columns"]}
    cells = by_name(rows)
    assert len(cells) == len(items) == 7
    for api_item in items:
        for type_name, key in every_type.items():
            if type_name in ("button", "people", "connect_boards"):  # people and links: by name, below
                continue
            col = columns[key]
            text = column_types.get(type_name)(col["settings"]).format_text(api_item["values"].get(key))
            assert cells[api_item["name"]][col["title"]] == neutralise(text), (type_name, api_item["values"].get(key))
    first, second = cells["Item 0"], cells["Item 1"]
    assert (first["T number"], second["T number"]) == ("0", "5")
    assert (first["T checkbox"], second["T checkbox"]) == ("true", "false")
    assert first["T timeline"] == "2024-01-01 - 2024-02-01"
    assert second["T location"] == "Sydney Opera House | -33.8568, 151.2153"
    assert second["T link"] == "Docs (http://example.com/a?b=1#c)"
    assert first["T dropdown"] == "Red" and second["T dropdown"] == "Red, Blue"
    assert first["T people"] == "Ada Admin"
    assert (first["T connect"], second["T connect"]) == ("Acc 1, Acc 2", "Acc 2")
    assert (first["T mirror"], second["T mirror"]) == ("300", "200")  # sum of the linked accounts' worth
    assert (first["T auto_number"], second["T auto_number"]) == ("1", "2")
    assert first["T creation_log"].startswith(items[0]["created_at"][:10])


def test_a_linked_item_whose_name_another_shares_is_exported_by_id(admin_api, workspace, board):
    accounts = admin_api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Accounts"})
    acme, twin, _twin_too, digits = (item(admin_api, accounts["id"], name)["id"]
                                     for name in ("Acme", "Twin", "TWIN ", "2024"))
    link = column(admin_api, board["id"], "Account", "connect_boards", settings={"board_ids": [accounts["id"]]})
    item(admin_api, board["id"], "Deal", values={link: [twin, acme, digits]})
    # "Twin" would find two items and "2024" reads as an id: both go out as ids, as an import reads them.
    assert by_name(exported(admin_api, board["id"]))["Deal"]["Account"] == f"{twin}, Acme, {digits}"


def test_button_columns_hold_no_value_and_are_left_out(admin_api, board, every_type):
    header = exported(admin_api, board["id"])[0]
    assert "T button" not in header
    assert header[:2] == ["Name", "Group"] and "T text" in header and "T mirror" in header


# -- columns and items: what the view shows --------------------------------------------------
@pytest.fixture
def deals(admin_api, board):
    """Four text/number columns (D hidden on the board) and items a..e with values 10..50."""
    b = board["id"]
    keys = {title: column(admin_api, b, title, "number" if title == "Value" else "text")
            for title in ("A", "B", "Value", "D")}
    d = admin_api.ok("GET", f"/boards/{b}")["columns"][-1]
    admin_api.ok("PATCH", f"/columns/{d['id']}", {"hidden": True})
    for name in "cbead":
        item(admin_api, b, name, values={keys["A"]: f"a-{name}", keys["B"]: f"b-{name}",
                                         keys["Value"]: (ord(name) - ord("a") + 1) * 10, keys["D"]: "secret"})
    return keys


def test_without_a_view_every_shown_column_comes_in_board_order(admin_api, board, deals):
    rows = exported(admin_api, board["id"])
    assert rows[0] == ["Name", "Group", "A", "B", "Value"]
    assert rows[1] == ["c", "New group", "a-c", "b-c", "30"]
    assert names(rows) == ["c", "b", "e", "a", "d"]  # position order


def test_the_views_visible_columns_come_in_its_order_and_hidden_ones_are_left_out(admin_api, board, deals):
    v = view(admin_api, board["id"], settings={"hidden_columns": [deals["B"]],
                                               "column_order": [deals["Value"], deals["A"]]})
    rows = exported(admin_api, board["id"], view_id=v["id"])
    assert rows[0] == ["Name", "Group", "Value", "A"]
    assert by_name(rows)["e"] == {"Name": "e", "Group": "New group", "Value": "50", "A": "a-e"}
    assert "secret" not in str(rows) and "b-e" not in str(rows)


def test_repeated_titles_get_a_number(admin_api, board):
    for title in ("Stage", "Stage", "Name", "Stage"):
        column(admin_api, board["id"], title)
    assert exported(admin_api, board["id"])[0] == ["Name", "Group", "Stage", "Stage (2)", "Name (2)", "Stage (3)"]


def test_the_views_filter_and_sort_are_applied(admin_api, board, deals):
    v = view(admin_api, board["id"], filter={"and": [{"column": deals["Value"], "operator": "greater_than",
                                                      "value": 15}]},
             sort=[{"column": deals["Value"], "direction": "desc"}])
    assert names(exported(admin_api, board["id"], view_id=v["id"])) == ["e", "d", "c", "b"]


def test_the_urls_filter_sort_and_search_replace_the_views(admin_api, board, deals):
    v = view(admin_api, board["id"], filter={"and": [{"column": deals["Value"], "operator": "greater_than",
                                                      "value": 15}]},
             sort=[{"column": deals["Value"], "direction": "desc"}])
    lower = {"and": [{"column": deals["Value"], "operator": "lower_than", "value": 35}]}
    rows = exported(admin_api, board["id"], view_id=v["id"], filter=lower,
                    sort=[{"column": deals["Value"], "direction": "asc"}])
    assert names(rows) == ["a", "b", "c"]
    assert names(exported(admin_api, board["id"], view_id=v["id"], q="a-d")) == ["d"]
    assert names(exported(admin_api, board["id"], view_id=v["id"], filter={})) == ["e", "d", "c", "b", "a"]


def test_unsorted_items_come_group_by_group_in_the_order_the_board_shows(admin_api, board):
    later = admin_api.ok("POST", f"/boards/{board['id']}/groups", {"name": "Later"})
    first = board["groups"][0]["id"]
    for name, group in (("a", first), ("b", later["id"]), ("c", first), ("d", later["id"])):
        item(admin_api, board["id"], name, group_id=group)
    rows = exported(admin_api, board["id"])[1:]
    assert [(row[0], row[1]) for row in rows] == [("a", "New group"), ("c", "New group"), ("b", "Later"),
                                                  ("d", "Later")]


def test_a_bad_filter_is_a_400_naming_the_column_as_on_the_items_listing(admin_api, board, deals):
    bad = {"and": [{"column": "nope", "operator": "equals", "value": 1}]}
    response = fetch(admin_api, board["id"], filter=bad)
    listing = admin_api.get(f"/boards/{board['id']}/items?filter={json.dumps(bad)}")
    assert response.status_code == listing.status == 400
    assert response.get_json() == listing.json and "nope" in response.get_json()["error"]["message"]
    unreadable = fetch(admin_api, board["id"], filter="{not json")
    assert unreadable.status_code == admin_api.get(f"/boards/{board['id']}/items?filter={{not json").status
    assert "filter" in unreadable.get_json()["error"]["details"]


# -- the file --------------------------------------------------------------------------------
def test_the_file_is_streamed_utf8_with_a_bom_quoted_by_csv_rules(admin_api, board):
    note = column(admin_api, board["id"], "Note", "long_text")
    item(admin_api, board["id"], "客户 ✓ ไทย", values={note: 'two\nlines, a "quote"'})
    response = fetch(admin_api, board["id"])
    assert response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.data.startswith(codecs.BOM_UTF8)
    text = response.data.decode("utf-8")
    assert text == '\ufeffName,Group,Note\r\n客户 ✓ ไทย,New group,"two\nlines, a ""quote"""\r\n'


@pytest.mark.parametrize(("name", "disposition"), [
    ("Deals", "attachment; filename=Deals.csv"),
    ("Q1 deals", 'attachment; filename="Q1 deals.csv"'),
    ("客户 Deals ☎", "attachment; filename=Deals.csv; "
                    "filename*=UTF-8''%E5%AE%A2%E6%88%B7%20Deals%20%E2%98%8E.csv"),
    ("客户", "attachment; filename=board.csv; filename*=UTF-8''%E5%AE%A2%E6%88%B7.csv"),
    ('../a/b\\c "d" \'e\'', 'attachment; filename="abc d e.csv"'),
])
def test_the_file_is_named_after_the_board(admin_api, board, name, disposition):
    admin_api.ok("PATCH", f"/boards/{board['id']}", {"name": name})
    assert fetch(admin_api, board["id"]).headers["Content-Disposition"] == disposition


def test_control_and_invisible_characters_are_dropped_from_the_file_name():
    assert export_module.download_name("Deals\r\nSet-Cookie: x\u202e\x00") == "Deals Set-Cookie: x.csv"
    assert export_module.download_name(" ./ ") == "board.csv"


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_formula_triggers_are_neutralised_in_cells_and_headers(app, admin_api, board, trigger):
    from boards.models import Column, Item
    from boards.service import columns_changed
    from workspace.extensions import db

    b = board["id"]
    key = column(admin_api, b, "Formula")
    created = item(admin_api, b, "plain", values={key: "x"})
    # The API trims leading tabs and line ends, so the stored text is written as an older
    # version or a direct SQL write could have left it.
    with app.app_context():
        db.session.execute(update(Item).where(Item.id == created["id"]).values(
            name=f"{trigger}cmd|' /C calc'!A0", values={key: f"{trigger}HYPERLINK(\"http://evil\")"}))
        db.session.execute(update(Column).where(Column.key == key).values(title=f"{trigger}SUM(A1)"))
        columns_changed(b)
        db.session.commit()
    rows = exported(admin_api, b)
    assert rows[0] == ["Name", "Group", f"'{trigger}SUM(A1)"]
    assert rows[1] == [f"'{trigger}cmd|' /C calc'!A0", "New group", f"'{trigger}HYPERLINK(\"http://evil\")"]


def test_minus_five_stays_a_number_as_a_number_and_as_text(admin_api, board):
    number = column(admin_api, board["id"], "N", "number")
    text = column(admin_api, board["id"], "T")
    item(admin_api, board["id"], "-5", values={number: -5, text: "-5"})
    item(admin_api, board["id"], "-x", values={number: 2.5, text: "@home"})
    assert exported(admin_api, board["id"])[1:] == [["-5", "New group", "-5", "-5"],
                                                    ["'-x", "New group", "2.5", "'@home"]]


# -- who may export --------------------------------------------------------------------------
def test_viewers_may_export_the_board_and_its_views(member_of, admin_api, board, deals):
    viewer = member_of("viewer")
    v = view(admin_api, board["id"], settings={"hidden_columns": [deals["A"], deals["B"]]})
    assert exported(viewer, board["id"], view_id=v["id"])[:2] == [["Name", "Group", "Value"], ["c", "New group", "30"]]


def test_another_workspaces_board_or_view_is_not_found(make_api, admin_api, workspace, board, deals):
    outsider = make_api()
    own_ws = outsider.ok("POST", "/workspaces", {"name": "Elsewhere"})
    own_board = outsider.ok("POST", f"/workspaces/{own_ws['id']}/boards", {"name": "Mine"})
    their_view = view(admin_api, board["id"])
    assert fetch(outsider, board["id"]).status_code == 404
    assert fetch(outsider, own_board["id"], view_id=their_view["id"]).status_code == 404
    assert fetch(admin_api, board["id"], view_id=view(outsider, own_board["id"])["id"]).status_code == 404
    other_board = admin_api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Other"})
    assert fetch(admin_api, other_board["id"], view_id=their_view["id"]).status_code == 404
    assert fetch(admin_api, 999999).status_code == 404


# -- sub-items -------------------------------------------------------------------------------
def test_subitems_follow_their_parent_under_parent_item_and_subitem_columns(admin_api, board):
    b = board["id"]
    amount = column(admin_api, b, "Amount", "number")
    task = column(admin_api, b, "Task", scope="subitem")
    column(admin_api, b, "Ping", "button", scope="subitem", settings={"label": "Go"})
    hidden = admin_api.ok("POST", f"/boards/{b}/columns", {"title": "Secret", "type": "text", "scope": "subitem"})
    admin_api.ok("PATCH", f"/columns/{hidden['id']}", {"hidden": True})
    won = admin_api.ok("POST", f"/boards/{b}/groups", {"name": "Won"})
    acme = item(admin_api, b, "Acme", values={amount: 100}, group_id=won["id"])
    item(admin_api, b, "Bolt", values={amount: 5})
    for name in ("Call", "Send quote", "Gone"):
        sub = item(admin_api, b, name, parent_id=acme["id"], values={task: f"=do {name}", hidden["key"]: "no"})
    admin_api.ok("DELETE", f"/items/{sub['id']}")
    rows = exported(admin_api, b, subitems="true")
    assert rows == [
        ["Name", "Group", "Amount", "Parent item", "Subitem: Task"],
        ["Bolt", "New group", "5", "", ""],
        ["Acme", "Won", "100", "", ""],
        ["Call", "Won", "", "Acme", "'=do Call"],
        ["Send quote", "Won", "", "Acme", "'=do Send quote"],
    ]
    assert exported(admin_api, b) == [["Name", "Group", "Amount"], ["Bolt", "New group", "5"], ["Acme", "Won", "100"]]


def test_more_than_a_page_of_items_comes_out_complete_in_order_with_their_subitems(admin_api, board, monkeypatch):
    b = board["id"]
    value = column(admin_api, b, "Value", "number")
    created = batch(admin_api, b, [{"name": f"item {n:04d}", "values": {value: n % 7}} for n in range(1100)])
    parents = [created[n] for n in (0, 499, 500, 1099)]
    batch(admin_api, b, [{"name": f"sub of {p['name']}", "parent_id": p["id"]} for p in parents])
    pages = []
    real_list_items = export_module.list_items

    def counting(*args, **kwargs):
        result = real_list_items(*args, **kwargs)
        pages.append((kwargs["limit"], len(result["items"])))
        return result
    monkeypatch.setattr(export_module, "list_items", counting)
    sort = [{"column": value, "direction": "desc"}]
    rows = exported(admin_api, b, sort=sort, subitems="true")
    assert pages == [(500, 500), (500, 500), (500, 100)]
    ordered = sorted(created, key=lambda i: (-(int(i["name"][5:]) % 7), i["position"], i["id"]))
    expected = []
    for i in ordered:
        expected.append(i["name"])
        if i in parents:
            expected.append(f"sub of {i['name']}")
    assert names(rows) == expected
    assert rows[names(rows).index("sub of item 0500") + 1][3] == "item 0500"


# -- the command line ------------------------------------------------------------------------
def test_the_cli_writes_the_same_bytes_as_the_endpoint(runner, tmp_path, admin_api, board, deals):
    item(admin_api, board["id"], "Acme", values={deals["A"]: "=1+1"})
    v = view(admin_api, board["id"], settings={"column_order": [deals["Value"]]},
             sort=[{"column": deals["Value"], "direction": "desc"}])
    sent = fetch(admin_api, board["id"], view_id=v["id"], subitems="true").data
    out = tmp_path / "deals.csv"
    result = runner.invoke(args=["export-csv", str(board["id"]), "--view", str(v["id"]), "--subitems",
                                 "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == sent and sent.startswith(codecs.BOM_UTF8)
    to_stdout = runner.invoke(args=["export-csv", str(board["id"]), "--view", str(v["id"]), "--subitems"])
    assert to_stdout.stdout_bytes == sent


def test_the_cli_acts_as_the_given_user_and_their_role(runner, app, make_api, admin_api, member_of, board, deals):
    from workspace.extensions import db
    from workspace.models import User

    viewer, outsider = member_of("viewer"), make_api()
    with app.app_context():
        emails = [db.session.get(User, api.user_id).email for api in (viewer, outsider)]
    as_viewer = runner.invoke(args=["export-csv", str(board["id"]), "--as", emails[0]])
    assert as_viewer.exit_code == 0 and as_viewer.stdout_bytes == fetch(viewer, board["id"]).data
    refused = runner.invoke(args=["export-csv", str(board["id"]), "--as", emails[1]])
    assert refused.exit_code == 1 and "board not found" in refused.output
    other = admin_api.ok("POST", f"/workspaces/{board['workspace_id']}/boards", {"name": "Other"})
    wrong_view = runner.invoke(args=["export-csv", str(other["id"]), "--view", str(view(admin_api, board["id"])["id"])])
    assert wrong_view.exit_code == 1 and "is not a view of board" in wrong_view.output
    missing = runner.invoke(args=["export-csv", "999999"])
    assert missing.exit_code == 1 and "no board with the id 999999" in missing.output
    assert "--subitems" in runner.invoke(args=["export-csv", "--help"]).output


# -- the board page --------------------------------------------------------------------------
def export_links(page_html: str) -> dict[str, str]:
    found = re.findall(r'<a href="([^"]+)" data-export-csv="(\w+)"', page_html)
    return {kind: html.unescape(href) for href, kind in found}


def test_the_toolbar_offers_a_viewer_the_export_of_what_the_page_shows(member_of, web_login, admin_api, board, deals):
    viewer = member_of("viewer")
    v = view(admin_api, board["id"])
    client = web_login(viewer)
    sort = [{"column": deals["Value"], "direction": "desc"}]
    filter_tree = {"and": [{"column": deals["Value"], "operator": "greater_than", "value": 15}]}
    page = client.get(f"/boards/{board['id']}", query_string={"view": v["id"], "q": "a-", "sort": json.dumps(sort),
                                                              "filter": json.dumps(filter_tree)})
    links = export_links(page.get_data(as_text=True))
    assert set(links) == {"items", "subitems"}
    query = parse_qs(urlsplit(links["subitems"]).query)
    assert urlsplit(links["items"]).path == f"/api/v1/boards/{board['id']}/export.csv"
    assert query["view_id"] == [str(v["id"])] and query["q"] == ["a-"] and query["subitems"] == ["true"]
    assert json.loads(query["filter"][0]) == filter_tree and json.loads(query["sort"][0]) == sort
    response = client.get(links["items"])
    assert response.status_code == 200 and names(parse(response.data)) == ["e", "d", "c", "b"]


def test_the_toolbar_links_export_the_plain_board_when_nothing_is_chosen(admin_api, web_login, board):
    links = export_links(web_login(admin_api).get(f"/boards/{board['id']}").get_data(as_text=True))
    assert links == {"items": f"/api/v1/boards/{board['id']}/export.csv",
                     "subitems": f"/api/v1/boards/{board['id']}/export.csv?subitems=true"}


def test_the_openapi_document_describes_the_csv_export(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/boards/{board_id}/export.csv"]["get"]
    assert "text/csv" in operation["responses"]["200"]["content"] and "viewers may export" in operation["summary"]
    assert {p["name"] for p in operation["parameters"] if p["in"] == "query"} >= {"view_id", "filter", "sort", "q",
                                                                                     "subitems"}
