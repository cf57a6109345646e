"""Per-column indexes and statistics on PostgreSQL come and go with their columns."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from workspace.extensions import db


@pytest.fixture
def postgresql_only(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("expression indexes and statistics are PostgreSQL's (SQLite has no such planner need)")


def _names(app, sql: str) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(text(sql)))


def indexes(app) -> set[str]:
    return _names(app, "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'ix_dyn_%'")


def statistics(app) -> set[str]:
    return _names(app, "SELECT stxname FROM pg_statistic_ext WHERE stxname LIKE 'st_dyn_%'")


def test_indexes_follow_the_column_through_type_change_trash_and_restore(postgresql_only, app, admin_api, board):
    column = admin_api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Value", "type": "number"})
    mine = {f"ix_dyn_{column['id']}_a", f"ix_dyn_{column['id']}_d"}
    assert mine <= indexes(app)
    admin_api.ok("PATCH", f"/columns/{column['id']}", {"type": "text"})
    assert f"ix_dyn_{column['id']}_t" in indexes(app), "text gets a trigram index too"
    admin_api.ok("DELETE", f"/columns/{column['id']}")
    assert not {n for n in indexes(app) if n.startswith(f"ix_dyn_{column['id']}_")}
    admin_api.ok("POST", f"/trash/column/{column['id']}/restore", status=200)
    assert f"ix_dyn_{column['id']}_a" in indexes(app)


def test_a_status_column_gets_statistics_for_its_lanes(postgresql_only, app, admin_api, board):
    column = admin_api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Stage", "type": "status"})
    assert f"st_dyn_{column['id']}" in statistics(app)
    admin_api.ok("DELETE", f"/columns/{column['id']}")
    assert f"st_dyn_{column['id']}" not in statistics(app)


def test_the_same_key_can_be_a_number_on_one_board_and_text_on_another(app, admin_api, workspace, board):
    other = admin_api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Other"})
    admin_api.ok("POST", f"/boards/{board['id']}/columns", {"title": "x", "type": "number", "key": "amount"})
    admin_api.ok("POST", f"/boards/{other['id']}/columns", {"title": "x", "type": "text", "key": "amount"})
    admin_api.ok("POST", f"/boards/{other['id']}/items", {"name": "t", "values": {"amount": "not a number"}})
    admin_api.ok("POST", f"/boards/{board['id']}/items", {"name": "n", "values": {"amount": 5}})
    page = admin_api.ok("GET", f"/boards/{board['id']}/items?sort=" + '[{"column":"amount","direction":"desc"}]')
    assert [i["values"]["amount"] for i in page["items"]] == [5]
