"""Map pages: markers of items with a location or a country."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("map_ui", __name__)
