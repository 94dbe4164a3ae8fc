"""The admins' view of the outbox: what is queued, sent, failed (and why) or of unknown outcome."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from hiring.auth.access import require
from hiring.auth.models import Role
from hiring.extensions import db
from hiring.outbox import operations
from hiring.outbox.models import MessageStatus, OutboxMessage
from hiring.validation import ValidationError

bp = Blueprint("outbox", __name__, url_prefix="/admin/outbox")
PAGE_SIZE = 50


@bp.route("/")
@require(Role.ADMIN)
def index():
    status = request.args.get("status", "")
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    if status in {s.value for s in MessageStatus}:
        query = query.where(OutboxMessage.status == MessageStatus(status))
    page = db.paginate(query, per_page=PAGE_SIZE, error_out=False)
    counts = dict(db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    return render_template("admin/outbox.html", page=page, counts=counts, statuses=list(MessageStatus),
                           status=status)


@bp.route("/<int:message_id>/<action>", methods=["POST"])
@require(Role.ADMIN)
def act(message_id: int, action: str):
    message = db.session.get(OutboxMessage, message_id)
    if message is None or action not in ("resend", "drop"):
        abort(404)
    try:
        getattr(operations, action)(current_user, message)
    except ValidationError as err:
        flash(err.message, "error")
    else:
        flash(_("Queued to be sent again.") if action == "resend" else _("Given up."), "success")
    return redirect(url_for("outbox.index", status=request.args.get("status", "")))
