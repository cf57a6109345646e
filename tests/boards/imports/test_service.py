"""Uploading: encodings, delimiters, header rows, previews, limits and files that are not CSV —
each checked by the values the import then creates, not only by what the upload says."""
from __future__ import annotations

import codecs

import pytest
from sqlalchemy import func, select

from boards.imports.models import Import, ImportChunk
from tests.boards.imports.conftest import by_name
from workspace.extensions import db

DEALS = "Name,City,Amount\nAcme,Zürich,1200\n客户公司,北京,300\nบริษัท,กรุงเทพ,45\n"


@pytest.mark.parametrize(("encoded", "encoding", "label"), [
    (DEALS.encode("utf-8"), "utf-8", "UTF-8"),
    (codecs.BOM_UTF8 + DEALS.encode("utf-8"), "utf-8-sig", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE + DEALS.encode("utf-16-le"), "utf-16", "UTF-16 with BOM"),
    (codecs.BOM_UTF16_BE + DEALS.encode("utf-16-be"), "utf-16", "UTF-16 with BOM"),
])
def test_unicode_files_are_read_in_their_encoding(upload, run_import, board, board_items, encoded, encoding, label):
    uploaded = upload(encoded).json
    assert (uploaded["encoding"], uploaded["encoding_label"]) == (encoding, label)
    assert uploaded["columns_found"] == ["Name", "City", "Amount"]
    done = run_import(uploaded)
    assert (done["status"], done["created"], done["failed"]) == ("succeeded", 3, 0)
    items = by_name(board_items(board["id"]))
    assert set(items) == {"Acme", "客户公司", "บริษัท"}
    cities = [next(v for v in items[name]["values"].values() if isinstance(v, str))
              for name in ("Acme", "客户公司", "บริษัท")]
    assert cities == ["Zürich", "北京", "กรุงเทพ"]


def test_a_windows_1252_file_is_read_as_such_and_says_so(upload, run_import, board, board_items):
    data = "Name,Note\nCafé Crème,“quoted” 5€\n".encode("cp1252")
    uploaded = upload(data).json
    assert (uploaded["encoding"], uploaded["encoding_label"]) == ("cp1252", "Windows-1252")
    run_import(uploaded)
    item = board_items(board["id"])[0]
    assert item["name"] == "Café Crème" and "“quoted” 5€" in item["values"].values()


def test_a_file_that_turns_out_not_to_be_utf8_past_its_start_falls_back_to_windows_1252(
        upload, run_import, board, board_items):
    head = "Name,Note\n" + "".join(f"Plain {i},ascii\n" for i in range(5000))  # well past the sniffed head
    data = head.encode() + "Müller,naïve\n".encode("cp1252")
    uploaded = upload(data).json
    assert uploaded["encoding"] == "cp1252" and uploaded["total"] == 5001
    done = run_import(uploaded)
    assert done["created"] == 5001
    assert "Müller" in by_name(board_items(board["id"]))


def test_a_latin1_file_with_bytes_windows_1252_leaves_undefined_is_read_as_latin1(upload, run_import):
    data = "Name,Code\nAcme,\x81x\n".encode("latin-1")
    uploaded = upload(data).json
    assert uploaded["encoding"] == "latin-1"
    assert run_import(uploaded)["created"] == 1


@pytest.mark.parametrize(("delimiter", "name"), [(",", "comma"), (";", "semicolon"), ("\t", "tab"), ("|", "pipe")])
def test_each_delimiter_is_detected_and_splits_the_cells(upload, run_import, board, board_items, delimiter, name):
    rows = [["Name", "Stage", "Amount"], ["Acme, Inc.", "Won", "10"], ["Beta", "Lost", "20"], ["Gamma", "Won", "30"]]
    text = "\n".join(delimiter.join(f'"{cell}"' if "," in cell else cell for cell in row) for row in rows) + "\n"
    uploaded = upload(text).json
    assert uploaded["delimiter"] == delimiter
    assert uploaded["preview_rows"][0] == ["Acme, Inc.", "Won", "10"]
    run_import(uploaded)
    values = {item["name"]: sorted(map(str, item["values"].values())) for item in board_items(board["id"])}
    assert values == {"Acme, Inc.": ["10", "Won"], "Beta": ["20", "Lost"], "Gamma": ["30", "Won"]}


def test_title_lines_above_the_header_are_found_and_skipped(upload, run_import, board, board_items):
    text = "Opportunities report\nExported 2024-03-05\n\nName,Amount\nAcme,5\nBeta,6\n"
    uploaded = upload(text).json
    assert uploaded["header_row"] == 3 and uploaded["columns_found"] == ["Name", "Amount"]
    assert run_import(uploaded)["created"] == 2


def test_the_preview_shows_the_first_twenty_rows(upload):
    text = "Name,N\n" + "".join(f"Row {i},{i}\n" for i in range(30))
    uploaded = upload(text).json
    assert uploaded["total"] == 30 and len(uploaded["preview_rows"]) == 20
    assert uploaded["preview_rows"][19] == ["Row 19", "19"]


def test_reading_again_with_another_delimiter_and_header_row(admin_api, upload):
    uploaded = upload("a;b\nName,Amount\nAcme,5\n").json
    again = admin_api.ok("PATCH", f"/imports/{uploaded['id']}", {"delimiter": ",", "header_row": 1})
    assert again["columns_found"] == ["Name", "Amount"] and again["preview_rows"] == [["Acme", "5"]]


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty"),
    (b"\n\n  \n", "blank lines"),
    (b"PK\x03\x04" + bytes(range(256)) * 4, "Excel"),
    (b"%PDF-1.7\n" + bytes(range(256)), "PDF"),
    (bytes(range(256)) * 20, ""),
])
def test_files_that_are_not_csv_are_refused_with_a_reason_and_nothing_is_kept(app, upload, content, reason):
    result = upload(content, "bad.csv")
    assert result.status == 422, result.json
    assert reason.lower() in result.error["details"]["file"].lower()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Import)) == 0
        assert db.session.scalar(select(func.count()).select_from(ImportChunk)) == 0


def test_a_header_only_file_imports_nothing_and_succeeds(upload, run_import, board, board_items):
    uploaded = upload("Name,Stage,Amount\n").json
    assert uploaded["total"] == 0 and uploaded["columns_found"] == ["Name", "Stage", "Amount"]
    done = run_import(uploaded)
    assert (done["status"], done["created"], done["failed"]) == ("succeeded", 0, 0)
    assert board_items(board["id"]) == []


def test_a_file_over_the_size_limit_is_refused_with_413_naming_the_limit(app, upload, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 1024)
    result = upload("Name\n" + "x" * 2000 + "\n")
    assert result.status == 413
    assert result.error["code"] == "too_large" and "1 KiB" in result.error["message"]
    assert "IMPORT_MAX_BYTES" in result.error["message"]


def test_a_file_over_the_row_limit_is_refused_with_413_naming_the_limit(app, upload, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_MAX_ROWS", 3)
    result = upload("Name\na\nb\nc\nd\n")
    assert result.status == 413 and "IMPORT_MAX_ROWS" in result.error["message"] and "3" in result.error["message"]
    assert upload("Name\na\nb\nc\n").status == 201


def test_the_file_is_kept_in_the_database_in_chunks(app, upload, monkeypatch):
    from boards.imports import storage

    monkeypatch.setattr(storage, "CHUNK_SIZE", 100)
    content = "Name\n" + "".join(f"Item {i}\n" for i in range(100))
    uploaded = upload(content).json
    with app.app_context():
        assert b"".join(storage.chunks(uploaded["id"])) == content.encode()
        assert db.session.scalar(select(func.count()).select_from(ImportChunk)) == len(content) // 100 + 1


def test_a_mapping_saved_with_an_import_is_suggested_for_the_next_file_of_that_shape(
        admin_api, upload, run_import, board, columns_of):
    first = upload("Deal,Stage,Amount\nAcme,Won,5\n").json
    run_import(first, {"Stage": {"target": "skip"}}, save_mapping_as="Weekly deals")
    second = upload("Amount,Deal,Stage\n7,Beta,Lost\n", "next.csv").json
    assert second["suggested_mapping"]["Stage"] == {"target": "skip"}
    amount = columns_of(board["id"])["Amount"]
    assert second["suggested_mapping"]["Amount"]["column_key"] == amount["key"]
    assert [m["name"] for m in second["saved_mappings"] if m["matches"]] == ["Weekly deals"]
    other_shape = upload("Deal,Owner\nGamma,Ada\n").json
    assert not any(m["matches"] for m in other_shape["saved_mappings"])
