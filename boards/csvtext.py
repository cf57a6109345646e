"""Cell text rules shared by CSV export (views/) and import (boards/imports/).

Spreadsheets run a cell that begins with = + - @ (or a tab or carriage return before one) as a
formula, so an exported text such as "=HYPERLINK(...)" could act when the file is opened (CSV
injection). Export puts an apostrophe before such a cell, which spreadsheets show as text; import
takes it off again, so a round trip gives back the text as it was. Plain numbers ("-5", "+3.25")
are not formulas and stay as they are, so they still read as numbers.
"""
from __future__ import annotations

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def neutralise(text: str) -> str:
    """The cell as exported: an apostrophe before anything a spreadsheet would run."""
    if text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def restore(text: str) -> str:
    """The inverse of neutralise, applied to every imported cell."""
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text
