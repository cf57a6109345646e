"""`boardhouse import-csv`: the same import from a terminal, with its progress and its errors."""
from __future__ import annotations

import csv
import json

import pytest

from tests.boards.imports.conftest import by_name


@pytest.fixture
def cli(runner, admin_api):
    """cli(*args) → click's Result of `boardhouse import-csv ARGS` (acting as the board's admin)."""
    return lambda *args: runner.invoke(args=["import-csv", *map(str, args)])


@pytest.fixture
def deals(tmp_path):
    """120 deals in a European spreadsheet's CSV: semicolons, decimal commas, Windows-1252, one typo."""
    path = tmp_path / "deals.csv"
    rows = [f"Deal {n};€{n}.234,50;{'Won' if n % 2 else 'Lost'}" for n in range(1, 120)]
    path.write_text("Name;Amount;Stage\nAcme;€1.234,50;Won\nBeta;abc;Lost\n" + "\n".join(rows) + "\n",
                    encoding="cp1252")
    return path


def test_it_says_how_the_file_reads_shows_progress_and_the_outcome(cli, board, deals, board_items):
    result = cli(deals, "--board", board["id"])
    assert result.exit_code == 0, result.output
    assert "121 rows, 3 columns; encoding Windows-1252, delimiter semicolon, header on row 1" in result.output
    assert "121 / 121 rows (100%)" in result.output
    assert "succeeded: 120 created, 0 updated, 0 skipped, 1 failed" in result.output
    items = by_name(board_items(board["id"]))
    assert "Beta" not in items and 1234.5 in items["Acme"]["values"].values()
    assert 7234.5 in items["Deal 7"]["values"].values()


def test_show_mapping_prints_the_suggestion_and_writes_nothing(cli, board, deals, board_items):
    result = cli(deals, "--board", board["id"], "--show-mapping")
    suggestion = json.loads(result.output[result.output.index("{"):])
    assert suggestion["mapping"]["Name"] == {"target": "name"}
    assert suggestion["mapping"]["Amount"]["format"] == {"decimal": ","}
    assert board_items(board["id"]) == []


def test_a_mapping_given_replaces_the_suggested_entries_it_names(cli, board, deals, board_items, tmp_path):
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"Stage": {"target": "group"}, "Amount": {"target": "skip"}}))
    assert cli(deals, "--board", board["id"], "--mapping", f"@{mapping}").exit_code == 0
    items = board_items(board["id"])
    assert len(items) == 121 and all(item["values"] == {} for item in items)
    assert {item["group_id"] for item in items} != {board["groups"][0]["id"]}  # Won and Lost groups


def test_dry_run_counts_and_the_errors_file_lists_the_failed_rows(cli, board, deals, board_items, tmp_path):
    errors = tmp_path / "errors.csv"
    result = cli(deals, "--board", board["id"], "--dry-run", "--errors", errors)
    assert "120 created, 0 updated, 0 skipped, 1 failed (would be so)" in result.output
    assert board_items(board["id"]) == []
    with errors.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][:3] == ["Beta", "abc", "Lost"] and "not a number" in rows[1][-1]


def test_upsert_by_key_from_the_command_line(cli, board, deals, board_items, tmp_path):
    cli(deals, "--board", board["id"])
    update = tmp_path / "update.csv"
    update.write_text("Name;Amount;Stage\nacme;€2,00;Won\nDelta;€1,00;Lost\n", encoding="utf-8")
    result = cli(update, "--board", board["id"], "--key-column", "Name")
    assert "1 created, 1 updated" in result.output
    items = by_name(board_items(board["id"]))
    assert len(items) == 121 and 2 in items["Acme"]["values"].values() and "Delta" in items


def test_a_file_that_is_not_csv_fails_with_its_reason(cli, board, tmp_path):
    path = tmp_path / "book.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(200))
    result = cli(path, "--board", board["id"])
    assert result.exit_code == 1 and "Excel" in result.output


def test_file_and_board_are_needed_unless_resuming(cli):
    result = cli()
    assert result.exit_code == 2 and "--resume" in result.output


def test_resuming_an_ended_import_does_nothing_more(cli, board, deals, board_items):
    first = cli(deals, "--board", board["id"])
    import_id = first.output.rsplit("import id ", 1)[1].strip()
    again = cli("--resume", import_id)
    assert "succeeded: 120 created" in again.output
    assert len(board_items(board["id"])) == 120
