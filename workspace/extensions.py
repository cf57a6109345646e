"""The shared Flask extensions, created unbound and wired up in create_app()."""
from __future__ import annotations

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import JSON, MetaData
from sqlalchemy.dialects.postgresql import JSONB

# Stable constraint names so Alembic migrations are identical on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING))
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()

# JSONB on PostgreSQL (indexable, binary), plain JSON text on SQLite.
JSONValue = JSON().with_variant(JSONB(), "postgresql")


class BoardhouseApi(Api):
    """flask-smorest's Api, answering errors in the shape of API.md."""

    def handle_http_exception(self, error):
        from workspace.errors import http_error_response

        return http_error_response(error)


api = BoardhouseApi()
