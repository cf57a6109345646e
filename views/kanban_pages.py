"""Kanban pages: lanes, cards loaded lazily per lane, drag and drop."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("kanban_ui", __name__)
