"""CSV import throughput and memory; prints figures, asserts nothing.

    python bench/import.py                                 # 100,000 rows into PostgreSQL and SQLite
    python bench/import.py --rows 1000000 --only sqlite    # the memory of a big file
    python bench/import.py --only postgresql --breakdown   # and what each index of `items` costs a row
    BENCH_DATABASE_URL=postgresql+psycopg://... python bench/import.py --only postgresql

It writes a deterministic 12-column CRM CSV (deal, stage, amount as "$12,345.67", close date,
owner, e-mail, phone, country name, company, source, probability as "75%", notes with quotes and
commas), then for each database, in a child process of its own (so the peak memory printed is
the import's): empties the database — give PostgreSQL a database of its own
(createdb -h 127.0.0.1 -U postgres bh_importbench) — makes a board, uploads the file (sniff, one
pass to count and sample, suggested mapping) and imports it with the suggested mapping as the job
does (parsing, validating, writing in batches, building the new columns' indexes at the end), then
exports the board again as its Export button does.

On PostgreSQL the same run also measures two ceilings: the file through COPY ... (FORMAT csv)
into a plain table of text columns (what the database does with no items table at all), and the
imported rows copied again, inside the database, into the items table of another board (INSERT ...
SELECT: what the items table's own checks and indexes cost, with no Python at all).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_POSTGRESQL = "postgresql+psycopg://postgres@127.0.0.1:5432/bh_importbench"
HEADERS = ["Deal", "Stage", "Amount", "Close date", "Owner", "Email", "Phone", "Country", "Company", "Source",
           "Probability", "Notes"]
STAGES = ["Prospecting", "Qualified", "Proposal", "Negotiation", "Won", "Lost"]
SOURCES = ["Web", "Referral", "Event", "Partner", "Cold call"]
COUNTRIES = ["Germany", "United States", "Thailand", "China", "France", "Japan", "Brazil", "India", "Kenya", "Taiwan"]
COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Tyrell", "客户", "บริษัท"]
NOTES = ["", "", "Call back in week {n}", 'Needs a {n}% discount, "urgent"', "Met at fair {n}; wants a demo"]


def write_csv(path: Path, rows: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        for i in range(rows):
            company = f"{rnd.choice(COMPANIES)} {rnd.choice(['GmbH', 'Inc.', 'Ltd', 'Co.'])} {i % 997}"
            writer.writerow([
                f"Deal {i} {company}", rnd.choice(STAGES), f"${rnd.randint(100, 500_000):,}.{rnd.randint(0, 99):02}",
                f"2025-{rnd.randint(1, 12):02}-{rnd.randint(1, 28):02}", f"Agent {rnd.randint(1, 40)}",
                f"contact{i}@example.com", f"+1 415 555 {rnd.randint(0, 9999):04}", rnd.choice(COUNTRIES), company,
                rnd.choice(SOURCES), f"{rnd.choice([10, 25, 50, 75, 90])}%",
                rnd.choice(NOTES).format(n=rnd.randint(1, 5000))])


# -- the child: one database ---------------------------------------------------------------------
def child(database: str, path: Path, rows: int, breakdown: bool = False) -> dict:
    os.environ["BOARDHOUSE_INSTANCE"] = tempfile.mkdtemp(prefix="bh-importbench-")
    from flask import g
    from flask_migrate import upgrade

    from boards import service as board_service
    from boards.imports import runner, service
    from boards.imports.models import Import
    from workspace import service as workspace_service
    from workspace.app import create_app
    from workspace.dbschema import drop_everything
    from workspace.extensions import db
    from workspace.models import Membership, Role, Workspace

    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "REDIS_URL": None})
    result: dict = {"rows": rows, "database": db_name(database)}
    with app.test_request_context():
        drop_everything(db)
        upgrade()
        user = workspace_service.create_user("bench@example.com", "Bench-pass-1", "Bench")
        workspace = Workspace(name="Bench")
        db.session.add(workspace)
        db.session.flush()
        db.session.add(Membership(workspace_id=workspace.id, user_id=user.id, role=Role.admin))
        g.user = user
        board = board_service.create_board(workspace.id, "Deals", user=user)
        db.session.commit()
        result["rss_before_mb"] = peak_rss_mb()

        started = time.perf_counter()
        with path.open("rb") as stream:
            imp = service.upload(board, user, stream, path.name)
        db.session.commit()
        result["upload_s"] = time.perf_counter() - started
        suggested = imp.suggested_mapping  # JSONB on PostgreSQL: keys come back sorted, so print in the file's order
        result["types"] = {h: suggested[h].get("type", suggested[h]["target"]) for h in imp.headers if h in suggested}

        service.start(imp, user, imp.suggested_mapping, imp.suggested_options, enqueue=False)
        db.session.commit()
        started = time.perf_counter()
        runner.run(imp.id)
        result["import_s"] = time.perf_counter() - started
        imp = db.session.get(Import, imp.id)
        result.update(status=imp.status, created=imp.created, failed=imp.failed, error=imp.error)
        result["peak_rss_mb"] = peak_rss_mb()
        result.update(export_figures(board))
        if database.startswith("postgresql"):
            result.update(ceilings(path, board.id, workspace.id))
            if breakdown:
                result["breakdown"] = items_table_breakdown(board.id)
    return result


# What one row costs the items table: its imported rows copied (COPY, pre-built, from Python) into
# a scratch table like `items`, with one more of its constraints or indexes each time.
BREAKDOWN = [
    ("no index, no foreign key", []),
    ("primary key and the 4 btree indexes", ["pk", "btree"]),
    ("those and the 5 foreign keys", ["pk", "btree", "fk"]),
    ("those and both GIN indexes (containment, search)", ["pk", "btree", "fk", "gin_values", "gin_search"]),
    ("alone: the 5 foreign keys", ["fk"]),
    ("alone: the containment GIN", ["gin_values"]),
    ("alone: the search GIN", ["gin_search"]),
]
PARTS = {
    "pk": ["ALTER TABLE scratch ADD PRIMARY KEY (id)"],
    "btree": ["CREATE INDEX ON scratch (board_id, position, id)", "CREATE INDEX ON scratch (group_id, position, id)",
              "CREATE INDEX ON scratch (parent_id, position, id)", "CREATE INDEX ON scratch (workspace_id)"],
    "fk": [f"ALTER TABLE scratch ADD FOREIGN KEY ({column}) REFERENCES {table} (id)" for column, table in (
        ("workspace_id", "workspaces"), ("board_id", "boards"), ("group_id", "groups"),
        ("created_by_id", "users"), ("updated_by_id", "users"))],
    "gin_values": ["CREATE INDEX ON scratch USING gin (values jsonb_path_ops)"],
    "gin_search": ["CREATE INDEX ON scratch USING gin (bh_search_text(name, values) gin_trgm_ops)"],
}
COPIED = ("id", "workspace_id", "board_id", "group_id", "name", "position", "values", "number", "created_by_id",
          "updated_by_id", "created_at", "updated_at")


def items_table_breakdown(board_id: int) -> list[tuple[str, float]]:
    from sqlalchemy import text

    from workspace.extensions import db

    rows = [tuple(row) for row in db.session.execute(text(
        f"SELECT {', '.join(COPIED[:6])}, values::text, {', '.join(COPIED[7:])} FROM items WHERE board_id = :b"),
        {"b": board_id})]
    db.session.commit()
    connection = db.session.connection().connection.dbapi_connection
    figures = []
    for label, parts in BREAKDOWN:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS scratch")
            cursor.execute("CREATE TABLE scratch (LIKE items INCLUDING DEFAULTS)")
            for part in parts:
                for statement in PARTS[part]:
                    cursor.execute(statement)
            connection.commit()
            started = time.perf_counter()
            with cursor.copy(f"COPY scratch ({', '.join(COPIED)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            connection.commit()
            figures.append((label, len(rows) / (time.perf_counter() - started)))
            cursor.execute("DROP TABLE scratch")
            connection.commit()
    return figures


def ceilings(path: Path, board_id: int, workspace_id: int) -> dict:
    from sqlalchemy import text

    from workspace.extensions import db

    connection = db.session.connection().connection.dbapi_connection
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE plain (" + ", ".join(f"c{i} text" for i in range(len(HEADERS))) + ")")
        started = time.perf_counter()
        with cursor.copy("COPY plain FROM STDIN (FORMAT csv, HEADER true)") as copy, path.open("rb") as source:
            while chunk := source.read(1 << 20):
                copy.write(chunk)
    db.session.commit()
    plain = time.perf_counter() - started
    other_id = db.session.execute(text(
        "INSERT INTO boards (workspace_id, name, description, item_counter, columns_token, created_at) "
        "VALUES (:w, 'Copy', '', 0, 'x', now()) RETURNING id"), {"w": workspace_id}).scalar_one()
    group_id = db.session.execute(text(
        "INSERT INTO groups (workspace_id, board_id, name, color, position, collapsed, created_at) "
        "VALUES (:w, :b, 'G', '#579bfc', 1, false, now()) RETURNING id"),
        {"w": workspace_id, "b": other_id}).scalar_one()
    db.session.commit()
    started = time.perf_counter()
    copied = db.session.execute(text(
        "INSERT INTO items (workspace_id, board_id, group_id, name, position, values, number, created_by_id, "
        "updated_by_id, created_at, updated_at) SELECT workspace_id, :other, :group, name, position, values, number, "
        "created_by_id, updated_by_id, created_at, updated_at FROM items WHERE board_id = :board"),
        {"other": other_id, "group": group_id, "board": board_id}).rowcount
    db.session.commit()
    return {"copy_plain_s": plain, "items_table_s": time.perf_counter() - started, "items_table_rows": copied}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export_figures(board) -> dict:
    """The imported board exported again, as its Export button streams it."""
    from views.export import export_bytes, plan_export

    started = time.perf_counter()
    size = sum(len(chunk) for chunk in export_bytes(plan_export(board)))
    return {"export_s": time.perf_counter() - started, "export_mb": size / 1e6}


def db_name(database: str) -> str:
    return "PostgreSQL" if database.startswith("postgresql") else "SQLite"


# -- the parent ----------------------------------------------------------------------------------
def ensure_database(url: str) -> None:
    """Creates the benchmark's PostgreSQL database when it is missing (it is emptied anyway)."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    server = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(server, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (parsed.database,)).fetchone():
            connection.execute(f'CREATE DATABASE "{parsed.database}"')


def run_child(database: str, path: Path, rows: int, breakdown: bool) -> dict:
    command = [sys.executable, __file__, "--child", database, "--file", str(path), "--rows", str(rows)]
    output = subprocess.run(command + (["--breakdown"] if breakdown else []), check=True, capture_output=True,
                            text=True, cwd=ROOT).stdout
    return json.loads(output.strip().splitlines()[-1])


def report(result: dict) -> None:
    rows = result["rows"]
    error = f" ({result['error']})" if result["error"] else ""
    print(f"\n== {result['database']}: {rows:,} rows, {len(HEADERS)} columns -> {result['status']}, "
          f"{result['created']:,} created, {result['failed']:,} failed{error}")
    print("   suggested types: " + ", ".join(f"{h} {t}" for h, t in result["types"].items()))
    upload, run = result["upload_s"], result["import_s"]
    print(f"   upload (sniff, count, sample, suggest)   {upload:7.2f} s   {rows / upload:9,.0f} rows/s")
    print(f"   import job (parse, validate, write)      {run:7.2f} s   {rows / run:9,.0f} rows/s")
    print(f"   upload + import                          {upload + run:7.2f} s   {rows / (upload + run):9,.0f} rows/s")
    print(f"   peak memory (RSS) {result['peak_rss_mb']:.0f} MB (the app alone: {result['rss_before_mb']:.0f} MB)")
    export = result["export_s"]
    print(f"   export of the board ({result['export_mb']:.1f} MB of CSV)   {export:7.2f} s   "
          f"{rows / export:9,.0f} rows/s")
    if "copy_plain_s" in result:
        plain, table = result["copy_plain_s"], result["items_table_s"]
        copied = result["items_table_rows"]
        print(f"   ceiling: COPY (FORMAT csv) of the file into a plain table   {plain:7.2f} s   "
              f"{rows / plain:9,.0f} rows/s")
        print(f"   ceiling: the same items copied inside the database into     {table:7.2f} s   "
              f"{copied / table:9,.0f} rows/s")
        print("            the items table (its checks and indexes, no Python)")
    if result.get("breakdown"):
        print("   what the items table costs a row: the imported rows COPYed into a table like it with")
        for label, rate in result["breakdown"]:
            print(f"     {label:<52} {rate:9,.0f} rows/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    parser.add_argument("--postgresql", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_POSTGRESQL))
    parser.add_argument("--breakdown", action="store_true",
                        help="PostgreSQL: also what each of the items table's indexes and foreign keys costs a row")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, Path(args.file), args.rows, args.breakdown)))
        return
    with tempfile.TemporaryDirectory(prefix="bh-importbench-") as tmp:
        path = Path(tmp) / "deals.csv"
        write_csv(path, args.rows)
        print(f"{path.name}: {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB")
        databases = {"postgresql": args.postgresql, "sqlite": f"sqlite:///{tmp}/bench.db"}
        for name, database in databases.items():
            if args.only in (None, name):
                if name == "postgresql":
                    ensure_database(database)
                report(run_child(database, path, args.rows, args.breakdown))


if __name__ == "__main__":
    main()
