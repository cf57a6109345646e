"""Configuration from the environment, with defaults that need nothing installed."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def instance_path() -> Path:
    path = Path(os.environ.get("BOARDHOUSE_INSTANCE", PROJECT_ROOT / "instance"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(instance: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in ./instance."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = instance / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def normalise_database_url(url: str) -> str:
    # psycopg 3 is the driver we ship; accept the common spellings of a PostgreSQL URL.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _list(name: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, "").split(",") if part.strip()]


def from_environment() -> dict:
    instance = instance_path()
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'boardhouse.db'}"
    return {
        "SECRET_KEY": secret_key(instance),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        "INSTANCE_DIR": str(instance),
        "API_TITLE": "Boardhouse",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "MAP_TILE_URL": os.environ.get("MAP_TILE_URL") or None,
        # Outbound e-mail (automations' send_email): unset SMTP_HOST means e-mail actions fail, saying so.
        "SMTP_HOST": os.environ.get("SMTP_HOST") or None,
        "SMTP_PORT": int(os.environ.get("SMTP_PORT") or 25),
        "SMTP_USERNAME": os.environ.get("SMTP_USERNAME") or None,
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD") or None,
        "SMTP_FROM": os.environ.get("SMTP_FROM") or "boardhouse@localhost",
        "SMTP_STARTTLS": _flag("SMTP_STARTTLS"),
        # Webhooks never reach private, loopback or link-local addresses unless named here (hosts, IPs, CIDRs).
        "WEBHOOK_ALLOWLIST": _list("WEBHOOK_ALLOWLIST"),
        "WEBHOOK_TIMEOUT": 10.0,  # seconds per connect/read
        "WEBHOOK_RETRY_INTERVALS": [1, 2, 4],  # seconds before each retry (rq's Retry, or a sleep in-process)
        # CSV import: beyond these an upload answers 413, naming the limit.
        "IMPORT_MAX_BYTES": int(os.environ.get("IMPORT_MAX_BYTES") or 512 * 1024 * 1024),
        "IMPORT_MAX_ROWS": int(os.environ.get("IMPORT_MAX_ROWS") or 2_000_000),
        "IMPORT_BATCH_ROWS": int(os.environ.get("IMPORT_BATCH_ROWS") or 2000),  # rows per transaction
        # A run holds its import this long past its last batch; after that the sweeper resumes it.
        "IMPORT_LEASE_SECONDS": int(os.environ.get("IMPORT_LEASE_SECONDS") or 60),
    }
