"""Alembic environment for Boardhouse (run through Flask-Migrate: `boardhouse init-db`)."""
from alembic import context
from flask import current_app

config = context.config
target_db = current_app.extensions["migrate"].db
config.set_main_option(
    "sqlalchemy.url", target_db.engine.url.render_as_string(hide_password=False).replace("%", "%%"))


def _options(**extra):
    # Batch mode lets SQLite alter tables by copy-and-move; compare_type catches type drift.
    from workspace.dbschema import include_object

    return {"target_metadata": target_db.metadata, "render_as_batch": True, "compare_type": True,
            "include_object": include_object, **extra}


def run_migrations_offline():
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True, **_options())
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    def skip_empty(context_, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []

    with target_db.engine.connect() as connection:
        options = {**current_app.extensions["migrate"].configure_args, **_options()}
        context.configure(connection=connection, process_revision_directives=skip_empty, **options)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
