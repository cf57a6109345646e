"""Reading a stored CSV back as records: line numbers, blank records, quoted cells, headers."""
from __future__ import annotations

import io

import pytest

from boards.imports.records import UnreadableCsv, clean_headers, data_records, raw_records


def records(text: str, header_row: int = 0, encoding: str = "utf-8", delimiter: str = ","):
    return [(r.line, r.cells) for r in data_records(io.BytesIO(text.encode(encoding)), encoding, delimiter,
                                                     header_row)]


def test_each_record_carries_the_line_it_starts_on_even_after_multi_line_cells(app_context):
    text = 'Name,Notes\nAcme,"first\nsecond\r\nthird"\nBeta,x\n'
    assert records(text) == [(2, ["Acme", "first\nsecond\r\nthird"]), (5, ["Beta", "x"])]


def test_blank_lines_and_rows_of_empty_cells_are_not_rows(app_context):
    assert records("Name,Amount\n\nAcme,1\n,\n  ,  \n\nBeta,2\n") == [(3, ["Acme", "1"]), (7, ["Beta", "2"])]


def test_records_before_the_header_are_skipped_blank_ones_included(app_context):
    text = "Pipeline report\n\nName,Amount\nAcme,1\n"
    assert records(text, header_row=2) == [(4, ["Acme", "1"])]


def test_quotes_delimiters_and_doubled_quotes_inside_cells_survive(app_context):
    text = 'Name;Notes\n"Acme; Inc.";"He said ""hi"", twice"\n'
    assert records(text, delimiter=";") == [(2, ["Acme; Inc.", 'He said "hi", twice'])]


def test_cells_the_export_neutralised_against_formulas_read_back_as_written(app_context):
    assert records("Name,Formula\nAcme,'=SUM(A1)\nBeta,'-x\nGamma,'plain\n") == [
        (2, ["Acme", "=SUM(A1)"]), (3, ["Beta", "-x"]), (4, ["Gamma", "'plain"])]


def test_bytes_the_encoding_cannot_decode_name_the_encoding_and_line(app_context):
    data = b"Name\nAcme\n" + b"Caf\xe9\n"
    with pytest.raises(UnreadableCsv) as error:
        list(raw_records(io.BytesIO(data), "utf-8", ","))
    assert error.value.decoding and "utf-8" in error.value.message


def test_a_quote_left_open_is_reported_with_its_line(app_context):
    text = 'Name\nAcme\n"Beta' + "x" * (1024 * 1024 + 10) + "\n"
    with pytest.raises(UnreadableCsv) as error:
        list(raw_records(io.BytesIO(text.encode()), "utf-8", ","))
    assert "Line 3" in error.value.message


def test_blank_and_repeated_headers_get_names_that_key_a_mapping(app_context):
    assert clean_headers(["Name", "", " Notes ", "notes", "Notes"]) == [
        "Name", "Column 2", "Notes", "notes (2)", "Notes (3)"]
