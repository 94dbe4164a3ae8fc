"""Reading the audit trail: filtered and paginated, in two queries per page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from hiring.audit.models import AuditEvent
from hiring.auth.models import User
from hiring.extensions import db

PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""  # an action or a prefix such as "decision." or "auth."
    actor: str = ""  # part of the actor's email
    target_type: str = ""
    target_id: int | None = None
    since: date | None = None
    until: date | None = None  # inclusive


def audit_page(filters: AuditFilter, page: int = 1) -> tuple[list[tuple[AuditEvent, str | None]], int]:
    """(event, actor email) for one page, newest first, and how many events match in all."""
    query = select(AuditEvent, User.email).outerjoin(User, User.id == AuditEvent.actor_id)
    if filters.action:
        query = query.where(AuditEvent.action.startswith(filters.action, autoescape=True))
    if filters.actor:
        query = query.where(User.email.contains(filters.actor.strip().lower(), autoescape=True))
    if filters.target_type:
        query = query.where(AuditEvent.target_type == filters.target_type)
    if filters.target_id is not None:
        query = query.where(AuditEvent.target_id == filters.target_id)
    if filters.since:
        query = query.where(AuditEvent.at >= datetime.combine(filters.since, datetime.min.time()))
    if filters.until:
        query = query.where(AuditEvent.at < datetime.combine(filters.until + timedelta(days=1), datetime.min.time()))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.execute(
        query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    return [(event, email) for event, email in rows], total


def known_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


def known_target_types() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.target_type).distinct().order_by(AuditEvent.target_type)))
