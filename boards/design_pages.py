"""Board design in place for admins: columns, groups, boards, trash."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("board_design", __name__)
