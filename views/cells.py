"""Cells of the table: show, edit and save one value; rename and add items; undo."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("cells", __name__)
