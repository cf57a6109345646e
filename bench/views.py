"""Benchmark of the views engine on a big CRM-shaped board; prints figures, asserts nothing.

    python bench/views.py                      # PostgreSQL when DATABASE_URL is set, else SQLite
    python bench/views.py --items 200000 --runs 20
    DATABASE_URL=postgresql://postgres@127.0.0.1/boardhouse_bench python bench/views.py --reuse

It builds one board of N items (default 1,000,000 on PostgreSQL, 100,000 on SQLite) with a CRM
shape — stage, owner, deal value, close date, e-mail, country, tags, location, notes — then
times a fixed list of first-page queries through the views service and through HTTP, and the
equivalent hand-written SQL in the same run, and prints p50/p95 and the ratio ours / SQL.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = date(2025, 6, 1)
STAGES = ["New", "Discovery", "Proposal", "Negotiation", "Won", "Lost"]
COUNTRIES = ["US", "TW", "TH", "CN", "DE", "GB", "JP", "FR"]
TAGS = ["enterprise", "smb", "renewal", "inbound", "partner", "vip"]
PAGE = 50
V = '"values"'  # quoted: VALUES is a keyword in SQLite


@dataclass
class Case:
    name: str
    params: dict
    sql: str
    page: int = 1  # page 1000 starts from the cursor of row 49,950
    cursor: str | None = None
    sql_after: str | None = None
    extra: dict = field(default_factory=dict)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=None, help="board size (default 1,000,000 on PostgreSQL, "
                                                                 "100,000 on SQLite)")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per query")
    parser.add_argument("--database", default=os.environ.get("DATABASE_URL"), help="defaults to DATABASE_URL")
    parser.add_argument("--reuse", action="store_true", help="keep a board already loaded with --items rows")
    parser.add_argument("--deals", type=int, default=100_000, help="connected boards (PostgreSQL): deals linked "
                                                                    "to --accounts accounts (default 100,000)")
    parser.add_argument("--accounts", type=int, default=10_000, help="accounts of the connected boards")
    parser.add_argument("--only", choices=["board", "connected"], default=None,
                        help="run only the big board's cases or only the connected boards' cases")
    return parser.parse_args()


def make_app(url: str | None):
    os.environ.setdefault("BOARDHOUSE_INSTANCE", tempfile.mkdtemp(prefix="bh-bench-"))
    from workspace.app import create_app

    if not url:
        url = "sqlite:///" + str(Path(os.environ["BOARDHOUSE_INSTANCE"]) / "bench.db")
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "BOARDHOUSE_TODAY": TODAY.isoformat(),
                       "WTF_CSRF_ENABLED": False})


# -- building the board ------------------------------------------------------------------------
def build_board(n: int, reuse: bool) -> tuple[int, int, str]:
    """Returns (board_id, owner_id, token); loads n items unless a matching board exists."""
    from flask_migrate import upgrade
    from sqlalchemy import select, text

    from boards import columns, indexes, service
    from boards.models import Board, Column
    from workspace import service as workspace_service
    from workspace.extensions import db

    if not reuse:
        from workspace.dbschema import drop_everything

        drop_everything(db)
    upgrade()
    existing = db.session.scalar(select(Board).where(Board.name == f"Bench {n}"))
    if existing is not None:
        for column in db.session.scalars(select(Column).where(Column.board_id == existing.id)):
            indexes.ensure_indexes(column)  # indexes and statistics added since the board was loaded
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE items"))
        owner = workspace_service.find_user("bench@example.com")
        token = workspace_service.issue_token(owner)
        db.session.commit()
        return existing.id, owner.id, token
    owner = workspace_service.find_user("bench@example.com") or workspace_service.create_user(
        "bench@example.com", "bench-pass-1", "Bench Owner")
    people = [owner] + [workspace_service.create_user(f"rep{i}@example.com", "pw-123456", f"Rep {i}")
                        for i in range(4)]
    workspace = workspace_service.create_workspace("Bench", owner)
    for person in people[1:]:
        workspace_service.add_member(workspace.id, person.email, workspace_service.Role.member)
    board = service.create_board(workspace.id, f"Bench {n}", user=owner)
    groups = [service.groups_of(board)[0]] + [service.create_group(board, f"Group {i}", user=owner)
                                               for i in range(2, 5)]
    spec = [("Stage", "status", {"labels": [{"label": s} for s in STAGES]}), ("Owner", "people", {}),
            ("Deal value", "number", {}), ("Close date", "date", {}), ("Email", "email", {}),
            ("Country", "country", {}), ("Tags", "tags", {}), ("Location", "location", {}),
            ("Notes", "long_text", {})]
    for title, type_name, settings in spec:
        columns.create_column(board, owner, title=title, type=type_name, settings=settings)
    db.session.commit()
    started = time.perf_counter()
    dialect = db.engine.dialect.name
    board_columns = list(db.session.scalars(select(Column).where(Column.board_id == board.id)))
    if dialect == "postgresql":
        for column in board_columns:
            indexes.drop_indexes(column)
        db.session.execute(text("DROP INDEX IF EXISTS ix_pg_items_search"))
        db.session.execute(text("DROP INDEX IF EXISTS ix_pg_items_values"))
        db.session.commit()
        load_postgresql(db, board, [g.id for g in groups], [p.id for p in people], n)
        print(f"  indexing {n:,} items ...", flush=True)
        db.session.execute(text("SET maintenance_work_mem = '512MB'"))
        for column in board_columns:
            indexes.ensure_indexes(column)
        db.session.execute(text(
            "CREATE INDEX ix_pg_items_search ON items USING gin (bh_search_text(name, values) gin_trgm_ops)"))
        db.session.execute(text("CREATE INDEX ix_pg_items_values ON items USING gin (values jsonb_path_ops)"))
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE items"))
    else:
        load_sqlite(db, board, [g.id for g in groups], [p.id for p in people], n)
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    print(f"  loaded {n:,} items in {time.perf_counter() - started:.1f} s", flush=True)
    token = workspace_service.issue_token(owner)
    db.session.commit()
    return board.id, owner.id, token


def load_postgresql(db, board, group_ids: list[int], people: list[int], n: int) -> None:
    from sqlalchemy import text

    print(f"  loading {n:,} items into PostgreSQL ...", flush=True)
    db.session.execute(text("""
        INSERT INTO items (workspace_id, board_id, group_id, parent_id, name, position, values, number,
                           created_by_id, updated_by_id, created_at, updated_at)
        SELECT :ws, :board, (CAST(:groups AS int[]))[1 + (g % 4)], NULL, 'Deal ' || g, g * 1024.0,
          jsonb_strip_nulls(jsonb_build_object(
            'stage', (CAST(:stages AS text[]))[1 + (g * 7) % 6],
            'owner', jsonb_build_array((CAST(:people AS int[]))[1 + (g * 3) % 5]),
            'deal_value', CASE WHEN g % 10 = 0 THEN NULL ELSE (g::bigint * 7919) % 100000 END,
            'close_date', to_char(DATE '2024-06-01' + ((g * 13) % 730), 'YYYY-MM-DD'),
            'email', 'lead' || g || '@example.com',
            'country', (CAST(:countries AS text[]))[1 + (g * 5) % 8],
            'tags', jsonb_build_array((CAST(:tags AS text[]))[1 + g % 6], (CAST(:tags AS text[]))[1 + (g / 6) % 6]),
            'location', jsonb_build_object('lat', -60 + (g * 37) % 120, 'lng', -170 + (g * 53) % 340),
            'notes', 'Met at the fair; follow up ' || md5(g::text))),
          g, :owner, :owner, now(), now()
        FROM generate_series(1, :n) AS g
    """), {"ws": board.workspace_id, "board": board.id, "groups": group_ids, "stages": STAGES,
           "people": people, "countries": COUNTRIES, "tags": TAGS, "owner": people[0], "n": n})
    db.session.execute(text("UPDATE boards SET item_counter = :n WHERE id = :b"), {"n": n, "b": board.id})
    db.session.commit()


def load_sqlite(db, board, group_ids: list[int], people: list[int], n: int) -> None:
    import hashlib

    from boards.models import Item

    print(f"  loading {n:,} items into SQLite ...", flush=True)
    start = date(2024, 6, 1)
    batch = []
    for g in range(1, n + 1):
        values = {"stage": STAGES[(g * 7) % 6], "owner": [people[(g * 3) % 5]],
                  "close_date": (start + timedelta(days=(g * 13) % 730)).isoformat(),
                  "email": f"lead{g}@example.com", "country": COUNTRIES[(g * 5) % 8],
                  "tags": list(dict.fromkeys([TAGS[g % 6], TAGS[(g // 6) % 6]])),
                  "location": {"lat": -60 + (g * 37) % 120, "lng": -170 + (g * 53) % 340},
                  "notes": "Met at the fair; follow up " + hashlib.md5(str(g).encode()).hexdigest()}
        if g % 10:
            values["deal_value"] = (g * 7919) % 100000
        batch.append({"workspace_id": board.workspace_id, "board_id": board.id, "group_id": group_ids[g % 4],
                      "name": f"Deal {g}", "position": g * 1024.0, "values": values, "number": g,
                      "created_by_id": people[0], "updated_by_id": people[0]})
        if len(batch) == 10000:
            db.session.execute(Item.__table__.insert(), batch)
            batch = []
    if batch:
        db.session.execute(Item.__table__.insert(), batch)
    db.session.commit()


# -- the queries -------------------------------------------------------------------------------
def cases(dialect: str, board_id: int, owner_id: int) -> list[Case]:
    pg = dialect == "postgresql"
    live = f"board_id = {board_id} AND deleted_at IS NULL AND parent_id IS NULL"

    def v(key: str) -> str:  # hand-written value access
        return f"{V} ->> '{key}'" if pg else f"json_extract({V}, '$.{key}')"

    def num(key: str) -> str:
        return (f"CASE WHEN jsonb_typeof({V} -> '{key}') = 'number' THEN ({V} -> '{key}')::float8 END"
                if pg else f"json_extract({V}, '$.{key}')")

    def has(key: str, value) -> str:
        if pg:
            return f"{V} @> '{json.dumps({key: value})}'"
        if isinstance(value, list):
            return (f"EXISTS (SELECT 1 FROM json_each({V}, '$.{key}') WHERE value = "
                    f"{json.dumps(value[0]).replace(chr(34), chr(39))})")
        return f"json_extract({V}, '$.{key}') = '{value}'"

    def present(key: str) -> str:
        return f"{V} ? '{key}'" if pg else f"json_type({V}, '$.{key}') IS NOT NULL"

    within = (TODAY.isoformat(), (TODAY + timedelta(days=31)).isoformat())
    order = "ORDER BY position, id"
    search = (f"bh_search_text(name, {V}) LIKE '%lead123456@%'" if pg else
              f"(lower(name) LIKE '%lead123456@%' OR EXISTS (SELECT 1 FROM json_each({V}) "
              "WHERE lower(value) LIKE '%lead123456@%'))")
    three = [{"column": "stage", "operator": "any_of", "value": ["Discovery", "Proposal", "Negotiation"]},
             {"column": "close_date", "operator": "within_the_next", "value": {"days": 90}},
             {"column": "country", "operator": "not_any_of", "value": ["US"]}]
    three_sql = (f"({has('stage', 'Discovery')} OR {has('stage', 'Proposal')} OR {has('stage', 'Negotiation')}) "
                 f"AND {v('close_date')} >= '{TODAY}' AND {v('close_date')} < '{TODAY + timedelta(days=91)}' "
                 f"AND NOT ({has('country', 'US')})")

    def rule(column, operator, value=None):
        r = {"column": column, "operator": operator}
        if value is not None:
            r["value"] = value
        return {"filter": {"and": [r]}}

    return [
        Case("default order, page 1", {}, f"SELECT * FROM items WHERE {live} {order} LIMIT {PAGE}"),
        Case("default order, page 1000", {}, "", page=1000),
        Case("choice: stage any_of Won", rule("stage", "any_of", ["Won"]),
             f"SELECT * FROM items WHERE {live} AND {has('stage', 'Won')} {order} LIMIT {PAGE}"),
        Case("membership: tags any_of vip", rule("tags", "any_of", ["vip"]),
             f"SELECT * FROM items WHERE {live} AND {has('tags', ['vip'])} {order} LIMIT {PAGE}"),
        Case("people: owner any_of", rule("owner", "any_of", [owner_id]),
             f"SELECT * FROM items WHERE {live} AND {has('owner', [owner_id])} {order} LIMIT {PAGE}"),
        Case("text: email contains", rule("email", "contains_text", "lead77"),
             f"SELECT * FROM items WHERE {live} AND lower({v('email')}) LIKE '%lead77%' {order} LIMIT {PAGE}"),
        Case("number: deal value > 99000", rule("deal_value", "greater_than", 99000),
             f"SELECT * FROM items WHERE {live} AND {num('deal_value')} > 99000 {order} LIMIT {PAGE}"),
        Case("date: close within next 30 days", rule("close_date", "within_the_next", {"days": 30}),
             f"SELECT * FROM items WHERE {live} AND {v('close_date')} >= '{within[0]}' "
             f"AND {v('close_date')} < '{within[1]}' {order} LIMIT {PAGE}"),
        Case("empty: deal value is empty", rule("deal_value", "is_empty"),
             f"SELECT * FROM items WHERE {live} AND NOT ({present('deal_value')}) {order} LIMIT {PAGE}"),
        Case("3 rules, sorted by deal value desc", {"filter": {"and": three},
                                                    "sort": [{"column": "deal_value", "direction": "desc"}]},
             f"SELECT * FROM items WHERE {live} AND {three_sql} "
             f"ORDER BY {num('deal_value')} DESC NULLS LAST, position, id LIMIT {PAGE}"),
        Case("sorted by deal value desc, page 1", {"sort": [{"column": "deal_value", "direction": "desc"}]},
             f"SELECT * FROM items WHERE {live} ORDER BY {num('deal_value')} DESC NULLS LAST, position, id "
             f"LIMIT {PAGE}"),
        Case("sorted by deal value desc, page 1000", {"sort": [{"column": "deal_value", "direction": "desc"}]},
             "", page=1000),
        Case("search q", {"q": "lead123456@"},
             f"SELECT * FROM items WHERE {live} AND {search} {order} LIMIT {PAGE}"),
        Case("kanban lane counts (stage)", {"lanes": True},
             f"SELECT {v('stage')}, count(*) FROM items WHERE {live} GROUP BY 1"),
    ]


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    fn()  # warm up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def main() -> None:
    args = parse_args()
    app = make_app(args.database)
    from sqlalchemy import text

    from boards.items import serializer_for
    from boards.models import Board
    from views import lanes, service
    from views.models import View
    from views.service import ItemQuery
    from workspace.extensions import db

    with app.app_context():
        dialect = db.engine.dialect.name
        n = args.items or (1_000_000 if dialect == "postgresql" else 100_000)
        print(f"views benchmark: {n:,} items on {dialect}, {args.runs} runs per query, page size {PAGE}")
        board_id, owner_id, token = build_board(n if args.only != "connected" else 1000, args.reuse)
        board = db.session.get(Board, board_id)
        all_cases = [] if args.only == "connected" else cases(dialect, board_id, owner_id)
        if dialect == "postgresql" and args.only != "board":
            from bench.connected import build_connected, connected_cases
            from workspace.models import User

            print(f"connected boards: {args.deals:,} deals linked to {args.accounts:,} accounts")
            accounts_id, deals_id, reverse_id = build_connected(db, db.session.get(User, owner_id), args.deals,
                                                                args.accounts)
            all_cases += connected_cases(accounts_id, deals_id, reverse_id, Case)
        kanban = View(workspace_id=board.workspace_id, board_id=board.id, owner_id=owner_id, name="Pipeline",
                      type="kanban", filter={}, sort=[], settings={"column": "stage"}, shared=True, position=1)
        db.session.add(kanban)
        db.session.commit()
        server, port = serve(app)
        rows = []
        for case in all_cases:
            case_board = db.session.get(Board, case.params.get("board_id", board_id))
            spec = ItemQuery(filter=case.params.get("filter"), sort=case.params.get("sort"), q=case.params.get("q"))
            cursor = None
            if case.page > 1:
                cursor, case.sql = cursor_for(db, board, spec, (case.page - 1) * PAGE, dialect)
            if case.params.get("lanes"):
                def ours(spec=spec):
                    return lanes.lane_counts(board, kanban, spec)
                path = f"/api/v1/views/{kanban.id}/items?lanes=true"
            else:
                def ours(spec=spec, cursor=cursor, case_board=case_board):
                    # With the page's values serialised: links and mirrors are read then.
                    page = service.list_items(case_board, spec, limit=PAGE, cursor=cursor)
                    serialize = serializer_for(case_board, page["items"])
                    return [serialize(item) for item in page["items"]]
                path = http_path(case_board.id, case.params, cursor)
            sql = text(case.sql)

            def hand(sql=sql):
                return db.session.execute(sql).all()

            def over_http(path=path):
                return http_get(port, path, token)

            statements = captured_sql(db, ours)

            def our_sql(statements=statements):
                connection = db.session.connection()
                results = [connection.exec_driver_sql(sql, params) for sql, params in statements]
                return [r.all() for r in results if r.returns_rows]  # SET LOCAL returns none

            ours_p50, ours_p95 = timed(ours, args.runs)
            http_p50, http_p95 = timed(over_http, args.runs)
            sql_p50, sql_p95 = timed(hand, args.runs)
            our_sql_p50, _ = timed(our_sql, args.runs)
            rows.append((case.name, ours_p50, ours_p95, http_p50, http_p95, sql_p50, sql_p95, our_sql_p50))
            print(f"  {case.name:38} service p50 {ours_p50:7.1f} ms   http p50 {http_p50:7.1f} ms   "
                  f"SQL p50 {sql_p50:7.1f} ms   our SQL p50 {our_sql_p50:7.1f} ms", flush=True)
        server.shutdown()
        print_table(rows)


def cursor_for(db, board, spec, offset: int, dialect: str) -> tuple[str, str]:
    """The cursor a client holds after `offset` rows, and the hand-written SQL of that page."""
    from views.paging import encode_cursor
    from views.service import build

    query, keys = build(board, spec)
    row = db.session.execute(query.add_columns(*[k.expr for k in keys]).order_by(*[k.order() for k in keys])
                             .offset(offset - 1).limit(1)).one()
    key = list(row[-len(keys):])
    cursor = encode_cursor(key)
    live = f"board_id = {board.id} AND deleted_at IS NULL AND parent_id IS NULL"
    if len(key) == 2:
        sql = (f"SELECT * FROM items WHERE {live} AND (position, id) > ({key[0]}, {key[1]}) "
               f"ORDER BY position, id LIMIT {PAGE}")
    else:
        num = (f"CASE WHEN jsonb_typeof({V} -> 'deal_value') = 'number' THEN ({V} -> 'deal_value')::float8 END"
               if dialect == "postgresql" else f"json_extract({V}, '$.deal_value')")
        sql = (f"SELECT * FROM items WHERE {live} AND {num} IS NOT NULL AND {num} <= {key[0]} AND "
               f"({num} < {key[0]} OR ({num} = {key[0]} AND (position, id) > ({key[1]}, {key[2]}))) "
               f"ORDER BY {num} DESC NULLS LAST, position, id LIMIT {PAGE}")
    return cursor, sql


def http_path(board_id: int, params: dict, cursor: str | None) -> str:
    query = {"limit": PAGE}
    for key in ("filter", "sort"):
        if key in params:
            query[key] = json.dumps(params[key])
    if "q" in params:
        query["q"] = params["q"]
    if cursor:
        query["cursor"] = cursor
    return f"/api/v1/boards/{board_id}/items?" + urllib.parse.urlencode(query)


_local = threading.local()


def http_get(port: int, path: str, token: str) -> bytes:
    conn = getattr(_local, "conn", None) or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    _local.conn = conn
    conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"HTTP {response.status} for {path}: {body[:300]!r}")
    return body


def serve(app):
    import logging

    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request in the figures
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_port


def captured_sql(db, call) -> list[tuple[str, object]]:
    """The SQL statements (with their parameters) that one call of the service sends."""
    from sqlalchemy import event

    statements: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    engine = db.engine
    event.listen(engine, "before_cursor_execute", capture)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return statements


def print_table(rows) -> None:
    print()
    print("service = the views service in-process (query building, SQL, rows); HTTP = the API over a socket;")
    print("SQL = the hand-written query; our SQL = the statements the service sent, replayed raw.")
    print()
    print("| query | service p50 | service p95 | HTTP p50 | HTTP p95 | SQL p50 | SQL p95 | our SQL p50 | "
          "service/SQL | our SQL/SQL |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, op50, op95, hp50, hp95, sp50, sp95, qp50 in rows:
        ratio = op50 / sp50 if sp50 else float("nan")
        sql_ratio = qp50 / sp50 if sp50 else float("nan")
        print(f"| {name} | {op50:.1f} ms | {op95:.1f} ms | {hp50:.1f} ms | {hp95:.1f} ms | {sp50:.1f} ms | "
              f"{sp95:.1f} ms | {qp50:.1f} ms | {ratio:.2f} | {sql_ratio:.2f} |")


if __name__ == "__main__":
    main()
