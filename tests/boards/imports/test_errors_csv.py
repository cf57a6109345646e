"""The errors CSV: the failed rows as they were, with line and reason; fixed and imported again,
it completes the board."""
from __future__ import annotations

import csv
import io

from tests.boards.imports.conftest import by_name

FILE = ("Name,Amount,Close date,Stage\n"
        "Acme,100,2024-03-05,Won\n"
        "Beta,12abc,2024-03-06,Won\n"
        "\n"
        "Gamma,300,2024-02-31,Lost\n"
        "Delta,400,2024-03-08,Lost\n"
        '"Eps, Inc.","5,0,0",not a date,Won\n')
MAPPING = {"Amount": {"target": "new_column", "title": "Amount", "type": "number"},
           "Close date": {"target": "new_column", "title": "Close date", "type": "date"}}


def download(admin_api, url: str) -> tuple[list[list[str]], str]:
    response = admin_api.client.get(url, headers={"Authorization": f"Bearer {admin_api.token}"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "errors.csv" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]))), text


def test_each_failed_row_is_listed_as_it_was_with_its_line_and_every_reason(admin_api, upload, run_import):
    done = run_import(upload(FILE).json, MAPPING)
    assert (done["created"], done["failed"]) == (2, 3)
    rows, _text = download(admin_api, done["errors_url"])
    assert rows[0] == ["Name", "Amount", "Close date", "Stage", "Import line", "Import error"]
    assert [row[:5] for row in rows[1:]] == [
        ["Beta", "12abc", "2024-03-06", "Won", "3"],
        ["Gamma", "300", "2024-02-31", "Lost", "5"],
        ["Eps, Inc.", "5,0,0", "not a date", "Won", "7"]]
    assert rows[1][5] == "Amount: not a number: '12abc'"
    assert "Close date: not a real date" in rows[2][5]
    assert rows[3][5].count(";") == 1 and "Amount:" in rows[3][5] and "Close date:" in rows[3][5]


def test_fixing_the_errors_csv_and_importing_it_again_completes_the_board(admin_api, board, upload, run_import,
                                                                           board_items, columns_of):
    done = run_import(upload(FILE).json, MAPPING)
    rows, _text = download(admin_api, done["errors_url"])
    fixes = {"12abc": "200", "2024-02-31": "2024-02-28", "5,0,0": "500", "not a date": "2024-03-09"}
    fixed = io.StringIO()
    csv.writer(fixed).writerows([[fixes.get(cell, cell) for cell in row] for row in rows])
    again = upload(fixed.getvalue(), "deals-errors.csv").json
    assert again["suggested_mapping"]["Import line"]["target"] == "skip"
    assert again["suggested_mapping"]["Import error"]["target"] == "skip"
    assert again["suggested_mapping"]["Amount"]["target"] == "column"
    second = run_import(again)
    assert (second["created"], second["failed"]) == (3, 0)
    columns = columns_of(board["id"])
    items = by_name(board_items(board["id"]))
    assert {name: (item["values"][columns["Amount"]["key"]], item["values"][columns["Close date"]["key"]])
            for name, item in items.items()} == {
        "Acme": (100, "2024-03-05"), "Beta": (200, "2024-03-06"), "Gamma": (300, "2024-02-28"),
        "Delta": (400, "2024-03-08"), "Eps, Inc.": (500, "2024-03-09")}
    assert set(columns) == {"Amount", "Close date", "Stage"}  # no columns made from the error columns


def test_cells_that_look_like_formulas_are_neutralised_in_the_errors_csv(admin_api, upload, run_import):
    done = run_import(upload("Name,Amount\n=HYPERLINK(\"x\"),abc\n").json, {"Amount": MAPPING["Amount"]})
    _rows, text = download(admin_api, done["errors_url"])
    assert "'=HYPERLINK" in text


def test_a_dry_run_already_lists_the_rows_that_would_fail(admin_api, upload, run_import):
    done = run_import(upload(FILE).json, MAPPING, dry_run=True)
    assert done["failed"] == 3 and done["errors_url"]
    rows, _text = download(admin_api, done["errors_url"])
    assert len(rows) == 4
