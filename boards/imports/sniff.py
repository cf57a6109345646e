"""How to read an uploaded file, judged from its start (the first ~64 KiB): the encoding, the
delimiter and the header row, or a NotACsv with a reason the user can act on.

Pure functions: no app, no database. Spreadsheets exported from Excel, Google Sheets, HubSpot,
Salesforce and LibreOffice are the target, so the encoding order is BOMs first, then UTF-8, then
the two 8-bit encodings Excel falls back to (cp1252, then latin-1, which decodes anything).
"""
from __future__ import annotations

import codecs
import contextlib
import csv
import io
import itertools
import unicodedata
from collections import Counter
from dataclasses import dataclass

DELIMITERS = (",", ";", "\t", "|")  # in the order ties are settled
MAX_RECORDS = 50
CONTROL_SHARE = 0.1  # text exports hold next to no control characters; binary files hold many
_TEXT_CONTROLS = frozenset("\t\n\r\f")

# UTF-32 before UTF-16: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_WIDE = ("utf-16", "utf-32")  # encodings whose text is full of NUL bytes


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated where it is raised."""
    return message


def _(message: str) -> str:
    from flask_babel import gettext  # imported here so the module needs neither Flask nor an app

    return gettext(message)


_XLSX = N_("This looks like an Excel workbook (.xlsx) or another zip file; save it as CSV first.")
_SIGNATURES = (
    (b"PK\x03\x04", _XLSX),
    (b"PK\x05\x06", _XLSX),  # an empty zip
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
     N_("This looks like an Excel 97-2003 workbook (.xls) or another Office document; save it as CSV first.")),
    (b"%PDF-", N_("This is a PDF document, not a CSV file.")),
    (b"\x89PNG\r\n\x1a\n", N_("This is a PNG image, not a CSV file.")),
    (b"\xff\xd8\xff", N_("This is a JPEG image, not a CSV file.")),
    (b"GIF87a", N_("This is a GIF image, not a CSV file.")),
    (b"GIF89a", N_("This is a GIF image, not a CSV file.")),
    (b"\x1f\x8b", N_("This is a gzip-compressed file; extract the CSV file from it first.")),
)
_DESCRIPTIONS = {"utf-8": N_("UTF-8"), "utf-8-sig": N_("UTF-8 with BOM"), "utf-16": N_("UTF-16 with BOM"),
                 "utf-32": N_("UTF-32 with BOM"), "cp1252": N_("Windows-1252"), "latin-1": N_("Latin-1")}


class NotACsv(ValueError):
    """The file cannot be read as CSV text; `reason` is shown to the user as is."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Sniffed:
    encoding: str  # a Python codec name
    delimiter: str
    header_row: int  # records (blank ones included) before the header
    records: list[list[str]]  # the first MAX_RECORDS records, as csv.reader gives them


def _decode(head: bytes, encoding: str, final: bool = False, errors: str = "strict") -> str:
    # An incremental decoder with final=False keeps a character cut by the end of the head back
    # instead of failing on it.
    return codecs.getincrementaldecoder(encoding)(errors).decode(head, final=final)


def detect_encoding(head: bytes, complete: bool = False) -> str:
    """The codec to read the file with. `complete` says the head is the whole file, so a
    multi-byte sequence cut short at its end is an error, not the edge of the sample."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    for codec in ("utf-8", "cp1252"):  # cp1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined
        try:
            _decode(head, codec, final=complete)
            return codec
        except UnicodeDecodeError:
            continue
    return "latin-1"


def describe_encoding(codec: str) -> str:
    """The encoding as the UI names it; a codec we do not know is shown as given."""
    try:
        name = codecs.lookup(codec).name
    except LookupError:
        return codec
    name = {"iso8859-1": "latin-1"}.get(name, name)
    return _(_DESCRIPTIONS[name]) if name in _DESCRIPTIONS else codec


def check_not_binary(head: bytes, encoding: str) -> None:
    """Raises NotACsv if the head is not text: a known file signature, NUL bytes, or too many
    control characters once decoded."""
    for signature, reason in _SIGNATURES:
        if head.startswith(signature):
            raise NotACsv(_(reason))
    wide = codecs.lookup(encoding).name in _WIDE
    if not wide and b"\x00" in head:
        half, nuls = len(head) // 2, sorted((head[0::2].count(0), head[1::2].count(0)))
        if nuls[1] >= 0.1 * half and nuls[0] <= 0.01 * half:
            # NULs on one side of each byte pair only: UTF-16 text whose BOM was lost (not guessed at).
            raise NotACsv(_("This looks like UTF-16 text without a byte order mark; save it as UTF-8 CSV."))
        raise NotACsv(_("The file holds binary data, not text; upload a CSV file."))
    text = _decode(head, encoding, errors="replace")
    # U+FFFD counts too: bytes the (BOM-chosen) encoding could not decode.
    controls = sum(1 for char in text if char == "\ufffd"
                   or (char not in _TEXT_CONTROLS and unicodedata.category(char) == "Cc"))
    if text and controls > CONTROL_SHARE * len(text):
        raise NotACsv(_("The file holds binary data, not text; upload a CSV file."))


def _parse(text: str, delimiter: str, limit: int | None = None) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    with contextlib.suppress(csv.Error):  # what was read before the error still tells the shape
        records.extend(itertools.islice(reader, limit))
    return records


def _consistency(records: list[list[str]]) -> tuple[int, int]:
    """How many records share the most common width above one, and that width."""
    widths = Counter(len(record) for record in records if len(record) > 1)
    if not widths:
        return 0, 0
    width, count = widths.most_common(1)[0]
    return count, width


def detect_delimiter(sample: str) -> str:
    """The delimiter that splits the sample's records into the most consistent width above one;
    ties go to the wider split, then to the order of DELIMITERS. A single column gives ","."""
    parsed = {delimiter: _parse(sample, delimiter) for delimiter in DELIMITERS}
    # A sample not ending in a line break is likely cut short: its last record would count
    # against the right delimiter, so it only counts when nothing else does.
    trusted = {delimiter: records[:-1] for delimiter, records in parsed.items()}
    for candidates in ((trusted, parsed) if not sample.endswith(("\n", "\r")) else (parsed,)):
        scores = {delimiter: _consistency(records) for delimiter, records in candidates.items()}
        best = max(DELIMITERS, key=lambda delimiter: (scores[delimiter], -DELIMITERS.index(delimiter)))
        if scores[best][0]:
            return best
    return ","


def _filled(record: list[str]) -> int:
    return sum(1 for cell in record if cell.strip())


def find_header(records: list[list[str]]) -> int:
    """The index of the header: the first non-blank record with at least half as many filled
    cells as the usual width of the records after it, and more than one when they have more,
    which skips report titles and blank lines above the real header. No (non-blank) records: 0."""
    for index, record in enumerate(records):
        filled = _filled(record)
        if not filled:
            continue
        after = Counter(len(later) for later in records[index + 1:] if _filled(later))
        usual = after.most_common(1)[0][0] if after else 0
        if 2 * filled >= usual and (filled > 1 or usual < 2):
            return index
    return 0


def sniff(head: bytes, complete: bool = False) -> Sniffed:
    """How to read the file that starts with `head`; `complete` says the head is the whole file.
    Raises NotACsv for an empty, blank or binary file."""
    if not head:
        raise NotACsv(_("The file is empty."))
    encoding = detect_encoding(head, complete)
    check_not_binary(head, encoding)
    text = _decode(head, encoding, final=complete, errors="replace")
    if not text:
        raise NotACsv(_("The file is empty."))  # a BOM and nothing else
    if not text.strip():
        raise NotACsv(_("The file holds only blank lines."))
    delimiter = detect_delimiter(text)
    records = _parse(text, delimiter, MAX_RECORDS + 1)
    if len(records) > MAX_RECORDS:
        records = records[:MAX_RECORDS]
    elif not complete and len(records) > 1:
        records = records[:-1]  # the head ends somewhere in this record
    return Sniffed(encoding, delimiter, find_header(records), records)
