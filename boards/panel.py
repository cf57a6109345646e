"""The item panel: all values, sub-items, updates (comments) and activity of one item."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("item_panel", __name__)
