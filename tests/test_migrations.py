"""The migration history builds the schema from empty and matches the models exactly."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from workspace.extensions import db


def test_models_and_migrations_do_not_drift(app_context):
    # The session fixture built the schema with `upgrade()` from an empty database.
    with db.engine.connect() as connection:
        from workspace.dbschema import include_object

        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                               "include_object": include_object})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations differ; run `flask db migrate`: {diff}"


def test_upgrade_reaches_the_head_revision(app_context):
    from alembic.script import ScriptDirectory
    from flask import current_app

    config = current_app.extensions["migrate"].migrate.get_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with db.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head
