"""Benchmark: first paint of the board page (server time) on a big board; prints figures.

    python bench/board_page.py                 # SQLite, 100,000 items (the issue's target: < 300 ms)
    DATABASE_URL=postgresql://... python bench/board_page.py --items 1000000

It loads the CRM-shaped board of bench/views.py, then times GET /boards/<id> (the table view:
groups, counts, the first page of rows of each group, every cell rendered) through the WSGI
app with a logged-in session, and the next page of a group (scroll paging).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.views import build_board, make_app, timed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    app = make_app(args.database)
    app.config["WTF_CSRF_ENABLED"] = False
    app.testing = True  # errors raise with their traceback instead of a 500 page
    from workspace.extensions import db

    with app.app_context():
        dialect = db.engine.dialect.name
        print(f"board page benchmark: {args.items:,} items on {dialect}, {args.runs} runs")
        board_id, _owner, _token = build_board(args.items, args.reuse)
        db.session.commit()
    client = app.test_client()
    response = client.post("/login", data={"email": "bench@example.com", "password": "bench-pass-1"})
    assert response.status_code == 302, response.status_code

    def first_paint():
        page = client.get(f"/boards/{board_id}")
        assert page.status_code == 200, page.data[-3000:]
        return page.data

    html = first_paint()
    more = html.split(b'class="more-rows" hx-get="')[1].split(b'"')[0].decode().replace("&amp;", "&")

    def next_page():
        assert client.get(more).status_code == 200

    started = time.perf_counter()
    size = len(first_paint())
    print(f"  page size {size / 1024:.0f} KiB, one render {1000 * (time.perf_counter() - started):.0f} ms")
    p50, p95 = timed(first_paint, args.runs)
    print(f"  first paint of the table view (server time): p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    p50, p95 = timed(next_page, args.runs)
    print(f"  next page of a group while scrolling:        p50 {p50:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
