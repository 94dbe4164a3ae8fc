"""The admins' view of the audit trail: who did what, when, and what changed."""

from __future__ import annotations

import math
from datetime import date

from flask import Blueprint, render_template, request

from hiring.audit.queries import (
    PAGE_SIZE,
    AuditFilter,
    actor_name,
    audit_page,
    known_actions,
    known_target_types,
    target_labels,
)
from hiring.auth.access import require
from hiring.auth.models import Role
from hiring.i18n import page_zone
from hiring.ids import parse_id
from hiring.validation import ValidationError, clean_text

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")


def _text(raw: str | None) -> str:
    """A filter typed in the query string; one the typed-text rule refuses matches as if empty."""
    try:
        return clean_text(raw or "")
    except ValidationError:
        return ""


def _date(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@bp.route("/")
@require(Role.ADMIN)
def index():
    args = request.args
    filters = AuditFilter(action=_text(args.get("action")), actor=_text(args.get("actor")),
                          target_type=_text(args.get("target_type")), target_id=parse_id(args.get("target_id")),
                          since=_date(args.get("since")), until=_date(args.get("until")), zone=page_zone())
    events, total, page = audit_page(filters, args.get("page", 1, type=int) or 1)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    query = {k: v for k, v in args.items() if k != "page" and v}
    labels = target_labels(event for event, _ in events)
    return render_template("audit/index.html", events=events, total=total, page=page, pages=pages,
                           labels=labels, actor_name=actor_name,
                           filters=filters, query=query, actions=known_actions(),
                           target_types=known_target_types())
