"""The bell: a person's notifications, newest first, and marking them read."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from hiring.auth.access import require
from hiring.extensions import db
from hiring.notifications import operations
from hiring.notifications.models import Notification

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
PAGE_SIZE = 50


@bp.route("/")
@require()
def index():
    query = (select(Notification).where(Notification.user_id == current_user.id)
             .order_by(Notification.created_at.desc(), Notification.id.desc()))
    page = db.paginate(query, per_page=PAGE_SIZE, error_out=False)
    shown = [(n, operations.message(n, current_user), operations.when(n.created_at, current_user)) for n in page.items]
    return render_template("notifications/index.html", page=page, shown=shown)


@bp.route("/<int:notification_id>/open", methods=["POST"])
@require()
def open_one(notification_id: int):
    """Mark one notification read and go to the page it is about."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        abort(404)
    operations.mark_read(current_user, notification.id)
    return redirect(notification.path if notification.path.startswith("/") else url_for("notifications.index"))


@bp.route("/read", methods=["POST"])
@require()
def read_all():
    operations.mark_read(current_user)
    return redirect(url_for("notifications.index", page=request.args.get("page", 1, type=int)))
