"""One error shape for the API: {"error": {"code", "message", "details"}} (API.md)."""
from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    500: "server_error",
}


class ApiError(Exception):
    """Raised by services and routes; rendered as JSON on the API, as a page elsewhere."""

    status = 400

    def __init__(self, message: str, details: dict[str, Any] | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or {}
        if status is not None:
            self.status = status


class NotFound(ApiError):
    status = 404

    def __init__(self, what: str = "resource"):
        super().__init__(f"{what} not found")


class Forbidden(ApiError):
    status = 403

    def __init__(self, message: str = "your role does not allow this"):
        super().__init__(message)


class Conflict(ApiError):
    status = 409


class Invalid(ApiError):
    """422: the JSON was valid but a value was not; details name each bad field and why."""

    status = 422

    def __init__(self, details: dict[str, Any], message: str | None = None):
        super().__init__(message or "; ".join(f"{k}: {v}" for k, v in _flatten(details)), details)


def _flatten(details: dict[str, Any], prefix: str = ""):
    for key, value in details.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        elif isinstance(value, list):
            yield f"{prefix}{key}", "; ".join(map(str, value))
        else:
            yield f"{prefix}{key}", value


def error_body(status: int, message: str, details: dict | None = None) -> dict:
    return {"error": {"code": CODES.get(status, "error"), "message": message, "details": details or {}}}


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def http_error_response(error: HTTPException):
    """Handles werkzeug's HTTP errors, including webargs' 422 with its field messages."""
    status = error.code or 500
    if not wants_json():
        return render_template("errors/error.html", status=status, message=error.description), status
    data = getattr(error, "data", None) or {}
    messages = data.get("messages") or data.get("errors")
    if isinstance(messages, dict):
        # webargs nests messages by location ("json", "query"): the field names are what matter.
        details = {}
        for location_messages in messages.values():
            if isinstance(location_messages, dict):
                details.update(location_messages)
        return jsonify(error_body(status, data.get("message") or "invalid input", details)), status
    return jsonify(error_body(status, data.get("message") or error.description or error.name)), status


def init_app(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def api_error(error: ApiError):
        if wants_json() or request.headers.get("HX-Request"):
            return jsonify(error_body(error.status, error.message, error.details)), error.status
        return render_template("errors/error.html", status=error.status, message=error.message), error.status

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return http_error_response(error)

    if app.testing:
        return  # let tests see the real traceback

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("unhandled error")
        if wants_json():
            return jsonify(error_body(500, _("internal error"))), 500
        return render_template("errors/error.html", status=500, message=_("Something went wrong.")), 500
