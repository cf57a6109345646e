"""Today's date for relative filters and time triggers; tests pin it with BOARDHOUSE_TODAY."""
from __future__ import annotations

from datetime import date

from flask import current_app, has_app_context


def today() -> date:
    if has_app_context() and (pinned := current_app.config.get("BOARDHOUSE_TODAY")):
        return pinned if isinstance(pinned, date) else date.fromisoformat(pinned)
    return date.today()
