"""A real CRM export (tests/boards/imports/data, public domain; SOURCE.md says what is messy in
it), imported as a new user would: upload, take the suggestion, import, look at the deals."""
from __future__ import annotations

from pathlib import Path

from tests.boards.imports.conftest import by_name

DATA = Path(__file__).parent / "data"


def test_the_sales_pipeline_imports_whole_with_the_suggested_mapping(upload, run_import, board, board_items,
                                                                     columns_of):
    uploaded = upload((DATA / "sales_pipeline.csv").read_bytes(), "sales_pipeline.csv").json
    assert (uploaded["encoding"], uploaded["delimiter"], uploaded["total"]) == ("utf-8", ",", 8800)
    mapping = uploaded["suggested_mapping"]
    assert mapping["opportunity_id"] == {"target": "name"}  # codes like 09YE9QOV stay text
    assert {header: mapping[header].get("type") for header in
            ("product", "deal_stage", "engage_date", "close_date", "close_value")} == {
        "product": "status", "deal_stage": "status", "engage_date": "date", "close_date": "date",
        "close_value": "number"}
    assert set(label["label"] for label in mapping["deal_stage"]["settings"]["labels"]) == {
        "Won", "Lost", "Engaging", "Prospecting"}

    done = run_import(uploaded)
    assert (done["status"], done["created"], done["failed"]) == ("succeeded", 8800, 0)
    items = by_name(board_items(board["id"]))
    keys = {title: column["key"] for title, column in columns_of(board["id"]).items()}
    first = items["1C1I7A6R"]["values"]
    assert (first[keys["sales_agent"]], first[keys["product"]], first[keys["account"]], first[keys["deal_stage"]],
            first[keys["engage_date"]], first[keys["close_date"]], first[keys["close_value"]]) == (
        "Moses Frase", "GTX Plus Basic", "Cancity", "Won", "2016-10-20", "2017-03-01", 1054)
    assert "09YE9QOV" in items  # a leading zero kept
    prospecting = [item["values"] for item in items.values() if item["values"][keys["deal_stage"]] == "Prospecting"]
    assert len(prospecting) == 500 and not any(keys["engage_date"] in values for values in prospecting)
    lost = [item["values"] for item in items.values() if item["values"][keys["deal_stage"]] == "Lost"]
    assert len(lost) == 2473 and {values[keys["close_value"]] for values in lost} == {0}
    assert sum(1 for item in items.values() if item["values"][keys["product"]] == "GTXPro") == 1480


def test_accounts_with_their_typos_import_and_update_by_account_name(upload, run_import, board, board_items,
                                                                     columns_of):
    uploaded = upload((DATA / "accounts.csv").read_bytes(), "accounts.csv").json
    assert uploaded["suggested_mapping"]["account"] == {"target": "name"}
    first = run_import(uploaded)
    assert (first["created"], first["failed"]) == (85, 0)
    again = upload((DATA / "accounts.csv").read_bytes(), "accounts.csv").json
    second = run_import(again, key_column="account")
    assert (second["created"], second["updated"], second["skipped"]) == (0, 0, 85)
    items = by_name(board_items(board["id"]))
    keys = {title: column["key"] for title, column in columns_of(board["id"]).items()}
    assert items["Acme Corporation"]["values"][keys["revenue"]] == 1100.04
    assert items["dambase"]["values"][keys["sector"]] == "marketing"


def test_a_data_dictionary_with_quoted_cells_and_doubled_quotes_reads_back_as_written(upload, run_import, board,
                                                                                      board_items):
    uploaded = upload((DATA / "data_dictionary.csv").read_bytes(), "data_dictionary.csv").json
    done = run_import(uploaded)
    assert done["failed"] == 0 and done["created"] == uploaded["total"]
    texts = [value for item in board_items(board["id"]) for value in item["values"].values()]
    assert any('"' in text for text in texts if isinstance(text, str))
