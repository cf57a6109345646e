"""Test fixtures. With DATABASE_URL set (CI) the suite runs on that PostgreSQL, otherwise on a
throwaway SQLite file; with REDIS_URL set, jobs run through real Redis. A service that was asked
for and cannot be reached fails the suite — it never silently skips."""
from __future__ import annotations

import os
import tempfile

import pytest

_TMP = tempfile.mkdtemp(prefix="boardhouse-tests-")
os.environ["BOARDHOUSE_INSTANCE"] = _TMP
os.environ.setdefault("SECRET_KEY", "test-secret")
TEST_DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{_TMP}/test.db"
TEST_REDIS_URL = os.environ.get("REDIS_URL") or None

pytest_plugins = ["tests.factories"]


def _reset_schema(app) -> None:
    from flask_migrate import upgrade

    from workspace.dbschema import drop_everything
    from workspace.extensions import db

    with app.app_context():
        drop_everything(db)
        upgrade()


@pytest.fixture(scope="session")
def app():
    from workspace.app import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL,
                      "REDIS_URL": TEST_REDIS_URL, "WTF_CSRF_ENABLED": False})
    _reset_schema(app)  # a PostgreSQL that was asked for and is unreachable fails here, loudly
    if TEST_REDIS_URL:
        from workspace.jobs import redis_connection

        redis_connection(TEST_REDIS_URL).ping()
    yield app
    from workspace.extensions import db

    with app.app_context():
        # Close the pooled connections now: left to the garbage collector (which runs while pytest
        # still listens once another app has replaced this one as flask-smorest's `api._app`),
        # psycopg's "deleted while still open" ResourceWarning becomes an error of the whole run.
        db.session.remove()
        db.engine.dispose()


DROP_DYNAMIC_INDEXES = """
DO $$ DECLARE found record; BEGIN
  FOR found IN SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'ix\\_dyn\\_%' LOOP
    EXECUTE 'DROP INDEX ' || quote_ident(found.indexname);
  END LOOP;
  FOR found IN SELECT stxname FROM pg_statistic_ext WHERE stxname LIKE 'st\\_dyn\\_%' LOOP
    EXECUTE 'DROP STATISTICS ' || quote_ident(found.stxname);
  END LOOP;
END $$"""


@pytest.fixture(autouse=True)
def _clean_tables(request):
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    from sqlalchemy import text

    from workspace import jobs

    jobs.wait_for_background()  # a job thread still writing would outlive the tables' cleanup
    from workspace.extensions import db

    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            if db.engine.dialect.name == "postgresql":
                # DELETE, not TRUNCATE: a test leaves a few rows, and TRUNCATE makes new files for
                # every table and index (~80 ms a test). Per-column indexes go too: left behind,
                # every later insert and cleanup would pay for them.
                conn.execute(text(DROP_DYNAMIC_INDEXES))
                for table in tables:
                    conn.execute(text(f"DELETE FROM {table}"))
                conn.execute(text("SELECT setval(pg_get_serial_sequence(name, 'id'), 1, false) "
                                  "FROM unnest(CAST(:tables AS text[])) AS name"), {"tables": tables})
            else:
                for table in tables:
                    conn.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield
        from workspace.extensions import db

        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
