"""The connected-boards part of bench/views.py: Accounts ← two-way → Deals, with an "open
pipeline" mirror on Accounts (sum of the values of linked deals not Won or Lost).

Default shape: 100,000 deals linked to 10,000 accounts (ten deals each), loaded in SQL. Times
the first page of Accounts sorted and filtered by the mirror, and a plain first page (whose
mirror values are read for its 50 accounts), through the service, over HTTP and as hand-written
SQL, like the rest of the views benchmark.
"""
from __future__ import annotations

import time

STAGES = ["New", "Discovery", "Proposal", "Negotiation", "Won", "Lost"]
OPEN_FILTER = {"and": [{"column": "stage", "operator": "not_any_of", "value": ["Won", "Lost"]}]}


def build_connected(db, owner, deals: int, accounts: int) -> tuple[int, int, int]:
    """(accounts board id, deals board id, reverse link column id); reuses a loaded pair."""
    from sqlalchemy import select, text

    from boards import columns, service
    from boards.models import Board, Column
    from workspace import service as workspace_service

    name = f"Bench accounts {accounts}/{deals}"
    existing = db.session.scalar(select(Board).where(Board.name == name, Board.deleted_at.is_(None)))
    if existing is not None:
        deals_board = db.session.scalar(select(Board).where(Board.name == f"Bench deals {accounts}/{deals}"))
        reverse = db.session.scalar(select(Column).where(Column.board_id == existing.id, Column.key == "deals"))
        return existing.id, deals_board.id, reverse.id
    workspace = workspace_service.create_workspace("Bench connected", owner)
    account_board = service.create_board(workspace.id, name, user=owner)
    deal_board = service.create_board(workspace.id, f"Bench deals {accounts}/{deals}", user=owner)
    columns.create_column(deal_board, owner, title="Stage", type="status", key="stage",
                          settings={"labels": [{"label": s} for s in STAGES]})
    columns.create_column(deal_board, owner, title="Value", type="number", key="value")
    link = columns.create_column(deal_board, owner, title="Account", type="connect_boards", key="account",
                                 settings={"board_ids": [account_board.id], "two_way": True})
    reverse = db.session.get(Column, link.settings["reverse_column_id"])
    reverse.key = "deals"  # a stable key for the hand-written SQL and reuse
    service.columns_changed(account_board.id)
    columns.create_column(account_board, owner, title="Open pipeline", type="mirror", key="open_pipeline",
                          settings={"link_column": "deals", "target_column": "value", "aggregate": "sum",
                                    "filter": OPEN_FILTER})
    db.session.commit()
    started = time.perf_counter()
    print(f"  loading {accounts:,} accounts and {deals:,} linked deals ...", flush=True)
    params = {"ws": workspace.id, "owner": owner.id}
    for board, count, values in (
        (account_board, accounts, "jsonb_build_object('industry', 'Industry ' || (g % 12))"),
        (deal_board, deals, "jsonb_build_object('stage', (CAST(:stages AS text[]))[1 + (g * 7) % 6], "
                            "'value', (g::bigint * 7919) % 100000)"),
    ):
        group_id = service.groups_of(board)[0].id
        db.session.execute(text(f"""
            INSERT INTO items (workspace_id, board_id, group_id, parent_id, name, position, values, number,
                               created_by_id, updated_by_id, created_at, updated_at)
            SELECT :ws, :board, :group, NULL, :prefix || g, g * 1024.0, {values}, g, :owner, :owner, now(), now()
            FROM generate_series(1, :n) AS g"""),
            {**params, "board": board.id, "group": group_id, "prefix": "Account " if board is account_board
             else "Deal ", "n": count, "stages": STAGES})
    # Deal g belongs to account ((g - 1) % accounts) + 1; one row per direction, as the service writes.
    db.session.execute(text("""
        WITH a AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM items WHERE board_id = :accounts),
             d AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM items WHERE board_id = :deals),
             pairs AS (SELECT d.id AS deal, a.id AS account FROM d JOIN a ON a.n = ((d.n - 1) % :count) + 1)
        INSERT INTO item_links (workspace_id, column_id, from_item_id, to_item_id, created_at)
        SELECT :ws, :link, deal, account, now() FROM pairs
        UNION ALL SELECT :ws, :reverse, account, deal, now() FROM pairs"""),
        {**params, "accounts": account_board.id, "deals": deal_board.id, "count": accounts, "link": link.id,
         "reverse": reverse.id})
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE items"))
        conn.execute(text("VACUUM ANALYZE item_links"))
    print(f"  loaded in {time.perf_counter() - started:.1f} s", flush=True)
    return account_board.id, deal_board.id, reverse.id


def connected_cases(accounts_id: int, deals_id: int, reverse_id: int, case_type) -> list:
    """Cases of bench/views.py over the Accounts board."""
    open_deals = ("NOT (t.values @> '{\"stage\": \"Won\"}' OR t.values @> '{\"stage\": \"Lost\"}')")
    pipeline = f"""(SELECT l.from_item_id, sum(CAST(t.values ->> 'value' AS float)) AS s
                     FROM item_links l JOIN items t ON t.id = l.to_item_id
                     WHERE l.column_id = {reverse_id} AND l.deleted_at IS NULL AND t.deleted_at IS NULL
                       AND {open_deals} GROUP BY l.from_item_id) m"""
    accounts = f"i.board_id = {accounts_id} AND i.deleted_at IS NULL AND i.parent_id IS NULL"
    return [
        case_type("accounts by open pipeline desc", {"board_id": accounts_id, "sort": [
            {"column": "open_pipeline", "direction": "desc"}]},
            f"SELECT i.* FROM items i LEFT JOIN {pipeline} ON m.from_item_id = i.id WHERE {accounts} "
            f"ORDER BY m.s DESC NULLS LAST, i.position, i.id LIMIT 50"),
        case_type("accounts by open pipeline asc", {"board_id": accounts_id, "sort": [
            {"column": "open_pipeline", "direction": "asc"}]},
            f"SELECT i.* FROM items i LEFT JOIN {pipeline} ON m.from_item_id = i.id WHERE {accounts} "
            f"ORDER BY m.s ASC NULLS LAST, i.position, i.id LIMIT 50"),
        case_type("accounts open pipeline > 300000", {"board_id": accounts_id, "filter": {"and": [
            {"column": "open_pipeline", "operator": "greater_than", "value": 300000}]}},
            f"SELECT i.* FROM items i JOIN {pipeline} ON m.from_item_id = i.id WHERE {accounts} AND m.s > 300000 "
            f"ORDER BY i.position, i.id LIMIT 50"),
        case_type("accounts page 1 (mirror values)", {"board_id": accounts_id},
                  f"SELECT i.* FROM items i WHERE {accounts} ORDER BY i.position, i.id LIMIT 50"),
        case_type("deals page 1 (connect values)", {"board_id": deals_id},
                  f"SELECT i.* FROM items i WHERE i.board_id = {deals_id} AND i.deleted_at IS NULL "
                  f"AND i.parent_id IS NULL ORDER BY i.position, i.id LIMIT 50"),
    ]
