"""The front door: send people where their work is (and give browsers the site's icon)."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, send_from_directory, url_for
from flask_login import current_user

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("openings.index"))
    return redirect(url_for("auth.login"))


@bp.route("/favicon.ico")
def favicon():
    """Pages link static/favicon.svg; browsers (and feed readers, bookmarks) still ask here first."""
    return send_from_directory(current_app.static_folder, "favicon.ico", max_age=86400)
