"""Sniffing an upload: encoding, delimiter, header row, and refusing what is not CSV text."""
from __future__ import annotations

import codecs
import random
import subprocess
import sys

import pytest

from boards.imports.sniff import (
    MAX_RECORDS,
    NotACsv,
    check_not_binary,
    describe_encoding,
    detect_delimiter,
    detect_encoding,
    find_header,
    sniff,
)

CJK_THAI = "名称,客户\n张三,ลูกค้า\n"
CP1252_TEXT = "Price,Note\n€5,“smart quotes”\n"

ENCODED = {
    "utf-8": CJK_THAI.encode("utf-8"),
    "utf-8 with BOM": codecs.BOM_UTF8 + CJK_THAI.encode("utf-8"),
    "utf-16 LE with BOM": codecs.BOM_UTF16_LE + CJK_THAI.encode("utf-16-le"),
    "utf-16 BE with BOM": codecs.BOM_UTF16_BE + CJK_THAI.encode("utf-16-be"),
    "utf-32 LE with BOM": codecs.BOM_UTF32_LE + CJK_THAI.encode("utf-32-le"),
    "cp1252": CP1252_TEXT.encode("cp1252"),
    "latin-1 with a byte cp1252 leaves undefined": b"Name,Note\ncaf\xe9,\x81\n",
    "ascii": b"Name,Email\nAnn,ann@example.com\n",
}


@pytest.mark.parametrize(("case", "codec", "described"), [
    ("utf-8", "utf-8", "UTF-8"),
    ("utf-8 with BOM", "utf-8-sig", "UTF-8 with BOM"),
    ("utf-16 LE with BOM", "utf-16", "UTF-16 with BOM"),
    ("utf-16 BE with BOM", "utf-16", "UTF-16 with BOM"),
    ("utf-32 LE with BOM", "utf-32", "UTF-32 with BOM"),
    ("cp1252", "cp1252", "Windows-1252"),
    ("latin-1 with a byte cp1252 leaves undefined", "latin-1", "Latin-1"),
    ("ascii", "utf-8", "UTF-8"),
])
def test_detect_encoding_says_which_codec_reads_the_file(case, codec, described):
    assert detect_encoding(ENCODED[case]) == codec
    assert describe_encoding(codec) == described


@pytest.mark.parametrize(("case", "text"), [
    ("utf-8", CJK_THAI),
    ("utf-8 with BOM", CJK_THAI),
    ("utf-16 LE with BOM", CJK_THAI),
    ("utf-16 BE with BOM", CJK_THAI),
    ("utf-32 LE with BOM", CJK_THAI),
    ("cp1252", CP1252_TEXT),
    ("latin-1 with a byte cp1252 leaves undefined", "Name,Note\ncafé,\x81\n"),
])
def test_sniff_decodes_each_encoding_without_the_bom(case, text):
    sniffed = sniff(ENCODED[case], complete=True)
    assert sniffed.records == [line.split(",") for line in text.splitlines()]


def test_a_head_cut_inside_a_utf8_character_is_still_utf8():
    data = ("客户,ลูกค้า\n" * 5000).encode("utf-8")
    cut = next(size for size in range(64 * 1024, len(data)) if data[size] & 0xC0 == 0x80)  # a continuation byte
    sniffed = sniff(data[:cut])
    assert sniffed.encoding == "utf-8"
    assert sniffed.records == [["客户", "ลูกค้า"]] * MAX_RECORDS


def test_a_complete_file_ending_in_a_cp1252_byte_is_not_utf8():
    assert detect_encoding(b"Name\ncaf\xe9", complete=False) == "utf-8"  # could be a cut character
    assert detect_encoding(b"Name\ncaf\xe9", complete=True) == "cp1252"


@pytest.mark.parametrize(("codec", "described"), [
    ("latin1", "Latin-1"),
    ("windows-1252", "Windows-1252"),
    ("shift_jis", "shift_jis"),
    ("no-such-codec", "no-such-codec"),
])
def test_describe_encoding_names_aliases_and_passes_others_through(codec, described):
    assert describe_encoding(codec) == described


@pytest.mark.parametrize(("sample", "delimiter"), [
    ("Name,Stage,Amount\nAcme,Won,100\nGlobex,Lost,50\n", ","),
    ("Name;Stage;Amount\nAcme;Won;100\nGlobex;Lost;50\n", ";"),
    ("Name\tStage\tAmount\nAcme\tWon\t100\nGlobex\tLost\t50\n", "\t"),
    ("Name|Stage|Amount\nAcme|Won|100\nGlobex|Lost|50\n", "|"),
    # quoted cells holding the other delimiters
    ('Name,Note\n"Smith; John","a|b\tc"\n"Doe; Jane","x;y;z"\n', ","),
    ('Name;Address\n"Doe, Jane";"1 Main St, Springfield"\n"Roe, Ann";"2 Elm St, Shelbyville"\n', ";"),
    # quoted cells holding newlines
    ('Name;Note\nAcme;"line 1\nline 2, still note"\nGlobex;"a,b\nc,d,e"\n', ";"),
    # European numbers: decimal commas in a ";" file
    ("Produkt;Preis;Menge\nStuhl;1.234,50;2\nTisch;99,90;1\nLampe;12,00;4\n", ";"),
    # a title line (with a comma) and a blank line before the header
    ("Opportunities report, Q1\n\nName;Stage;Amount\nAcme;Won;1,50\nGlobex;Lost;2,50\n", ";"),
    # the last line cut short: counted, it would side with "," (same count, same width)
    ("Betrag;Notiz\n1,50;x\n2,50;y\n3,5", ";"),
    ("Produkt;Preis;Notiz\nStuhl;1,50;x\nTisch;2,50;y\nLampe;3,5", ";"),
    # HubSpot multi-select values are ";"-joined inside a "," file
    ("Name,Tags\nAnn,vip;lead\nBob,lead;cold\n", ","),
    ("Name\nAnn\nBob\n", ","),
    ("a;b;c", ";"),
    ("", ","),
])
def test_detect_delimiter(sample, delimiter):
    assert detect_delimiter(sample) == delimiter


@pytest.mark.parametrize(("records", "header"), [
    ([], 0),
    ([[], [""]], 0),
    ([["Name", "Stage"], ["Acme", "Won"]], 0),
    ([["Name", "Stage", "Amount"]], 0),
    ([[], [""], ["Name", "Stage"], ["Acme", "Won"]], 2),
    ([["Opportunities report"], ["Exported 2024-03-05"], [],
      ["Name", "Stage", "Amount", "Close"], ["Acme", "Won", "1", "2024-03-01"], ["Globex", "Lost", "2", ""]], 3),
    ([["Report:", "Pipeline"], ["Owner:", "Ann"], ["Name", "Stage", "Amount", "Close", "Source", "City"],
      ["Acme", "Won", "1", "", "", ""], ["Globex", "Lost", "2", "", "Web", "Oslo"]], 2),
    ([["Name", "", "Amount", "Stage"], ["Acme", "x", "1", "Won"], ["Globex", "y", "2", "Lost"]], 0),
    ([[""], ["Name"], ["Ann"], ["Bob"]], 1),
])
def test_find_header_skips_blank_and_title_records(records, header):
    assert find_header(records) == header


def test_sniff_finds_the_header_below_a_report_title():
    head = (b"Opportunities report\r\nExported 2024-03-05\r\n\r\n"
            b"Name;Stage;Amount\r\nAcme;Won;1.234,50\r\nGlobex;Lost;99,90\r\n")
    sniffed = sniff(head, complete=True)
    assert (sniffed.encoding, sniffed.delimiter, sniffed.header_row) == ("utf-8", ";", 3)
    assert sniffed.records[sniffed.header_row] == ["Name", "Stage", "Amount"]
    assert sniffed.records[-1] == ["Globex", "Lost", "99,90"]


def test_sniff_keeps_newlines_inside_quoted_cells():
    sniffed = sniff(b'Name,Note\nAcme,"line 1\nline 2"\n', complete=True)
    assert sniffed.records == [["Name", "Note"], ["Acme", "line 1\nline 2"]]


def test_sniff_drops_the_cut_short_last_record_of_a_head():
    head = b"Name,Stage\nAcme,Won\nGlob"
    assert sniff(head).records == [["Name", "Stage"], ["Acme", "Won"]]
    assert sniff(head, complete=True).records[-1] == ["Glob"]


def test_sniff_keeps_at_most_max_records():
    head = b"Name,Amount\n" + b"Acme,1\n" * 200
    assert len(sniff(head).records) == MAX_RECORDS


@pytest.mark.parametrize("head", [b"Name,Stage,Amount", b"Name,Stage,Amount\r\n"])
def test_sniff_reads_a_header_only_file(head):
    sniffed = sniff(head, complete=True)
    assert (sniffed.delimiter, sniffed.header_row, sniffed.records) == (",", 0, [["Name", "Stage", "Amount"]])


def _random_bytes(size: int, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(size)


@pytest.mark.parametrize(("head", "reason"), [
    (b"", "The file is empty."),
    (codecs.BOM_UTF8, "The file is empty."),
    (b"  \r\n\n\t\n", "The file holds only blank lines."),
    (codecs.BOM_UTF16_LE + " \r\n\r\n".encode("utf-16-le"), "The file holds only blank lines."),
    (b"PK\x03\x04\x14\x00\x06\x00" + _random_bytes(200), ".xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), ".xls)"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
    (b"GIF89a\x01\x00\x01\x00", "GIF"),
    (b"\x1f\x8b\x08\x00" + _random_bytes(100), "gzip"),
    (_random_bytes(4096) + bytes(16), "binary data"),
    (bytes(range(1, 32)) * 40, "binary data"),  # control characters, no NUL
    (bytes(64), "binary data"),
    ("Name,Stage\nAcme,Won\n".encode("utf-16-le"), "UTF-16 text without a byte order mark"),
    (CJK_THAI.encode("utf-16-be"), "UTF-16 text without a byte order mark"),
])
def test_sniff_refuses_what_is_not_csv_text_with_a_reason(head, reason):
    with pytest.raises(NotACsv) as raised:
        sniff(head, complete=True)
    assert reason in raised.value.reason
    assert str(raised.value) == raised.value.reason


@pytest.mark.parametrize("case", ["utf-16 LE with BOM", "utf-16 BE with BOM", "utf-32 LE with BOM"])
def test_nul_bytes_of_wide_encodings_are_text(case):
    check_not_binary(ENCODED[case], detect_encoding(ENCODED[case]))


def test_the_module_imports_without_flask():
    code = "import sys, boards.imports.sniff; assert 'flask' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
