"""HTML pages of the workspace package: log in and log out (the home page lists boards: boards/pages.py)."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from workspace import service
from workspace.errors import ApiError
from workspace.extensions import db

bp = Blueprint("workspace_pages", __name__)


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an open redirect after login would help phishing.
    if target and not urlsplit(target).netloc and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("boards_pages.home")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("boards_pages.home"))
    email = ""
    if request.method == "POST":
        email = request.form.get("email", "").strip()
        user = service.find_user(email)
        if user and user.check_password(request.form.get("password", "")):
            login_user(user, remember=bool(request.form.get("remember")))
            return redirect(_safe_next(request.args.get("next")))
        flash(_("Wrong e-mail or password."), "error")
    return render_template("workspace/login.html", email=email), 200 if request.method == "GET" else 401


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    return redirect(url_for("workspace_pages.login"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """The user's own name, time zone and language."""
    from zoneinfo import available_timezones

    user = current_user._get_current_object()
    status = 200
    if request.method == "POST":
        try:
            service.update_profile(user, name=request.form.get("name", ""),
                                   timezone=request.form.get("timezone", ""), locale=request.form.get("locale", ""))
        except ApiError as error:
            db.session.rollback()
            flash("; ".join(f"{k}: {v}" for k, v in error.details.items()), "error")
            status = 422
        else:
            db.session.commit()
            flash(_("Saved."), "info")
            return redirect(url_for("workspace_pages.profile"))
    return render_template("workspace/profile.html", user=user, timezones=sorted(available_timezones()),
                           locales=service.LOCALES), status
