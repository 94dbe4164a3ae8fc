"""Reading the audit trail: filtered and paginated, in two queries per page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, timedelta, tzinfo

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from hiring.audit.models import ACTOR_KINDS, AuditEvent
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.debriefs.models import Debrief
from hiring.exercises.models import Invitation
from hiring.extensions import db
from hiring.interviews.models import Scorecard
from hiring.openings.models import Opening, Stage
from hiring.timeutil import start_of_day

PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""  # an action or a prefix such as "decision." or "auth."
    actor: str = ""  # part of the actor's email
    target_type: str = ""
    target_id: int | None = None
    since: date | None = None
    until: date | None = None  # inclusive
    zone: tzinfo = UTC  # whose calendar `since` and `until` are days of: the reader's


def audit_page(filters: AuditFilter, page: int = 1) -> tuple[list[tuple[AuditEvent, str | None]], int, int]:
    """(event, actor email) for one page, newest first; how many events match in all; and the page
    shown: `page`, kept between the first and the last."""
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
        query = query.where(AuditEvent.at >= start_of_day(filters.since, filters.zone))
    if filters.until:
        query = query.where(AuditEvent.at < start_of_day(filters.until + timedelta(days=1), filters.zone))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = min(max(page, 1), max(1, -(-total // PAGE_SIZE)))
    rows = db.session.execute(
        query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    return [(event, email) for event, email in rows], total, page


def known_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


def known_target_types() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.target_type).distinct().order_by(AuditEvent.target_type)))


def actor_name(event: AuditEvent, email: str | None) -> str:
    """Who acted, in words: the user's email, or what acted when it was not a signed-in user."""
    if event.actor_kind == "user" and email:
        return email
    return _(ACTOR_KINDS[event.actor_kind]) if event.actor_kind in ACTOR_KINDS else event.actor_kind


@dataclass(frozen=True)
class Label:
    """A readable name for an event's record, and the page that shows it (endpoint and values)."""

    text: str
    endpoint: str | None = None
    values: tuple[tuple[str, int], ...] = ()


def _scorecard(card: Scorecard) -> Label:
    names = {"candidate": card.candidate.name, "stage": card.stage.label, "rater": card.rater.name}
    text = (_("Review: %(candidate)s · %(stage)s · %(rater)s", **names) if card.invitation_id is not None
            else _("Scorecard: %(candidate)s · %(stage)s · %(rater)s", **names))
    if card.submitted:  # a draft is private to its rater: point at the candidate instead
        return Label(text, "interviews.show_scorecard", (("scorecard_id", card.id),))
    return Label(text, "candidates.show", (("candidate_id", card.candidate_id),))


#: For each kind of record: how to load many by id in one query, and how to name one.
_LABELLERS = {
    "Candidate": (lambda ids: select(Candidate).where(Candidate.id.in_(ids)),
                  lambda c: Label(_("Candidate: %(name)s", name=c.name), "candidates.show", (("candidate_id", c.id),))),
    "Opening": (lambda ids: select(Opening).where(Opening.id.in_(ids)),
                lambda o: Label(_("Opening: %(title)s", title=o.title), "openings.show", (("opening_id", o.id),))),
    "User": (lambda ids: select(User).where(User.id.in_(ids)),
             lambda u: Label(_("User: %(name)s (%(email)s)", name=u.name, email=u.email), "auth.edit_user",
                             (("user_id", u.id),))),
    "Scorecard": (lambda ids: select(Scorecard).where(Scorecard.id.in_(ids)).options(
        selectinload(Scorecard.candidate), selectinload(Scorecard.stage), selectinload(Scorecard.rater)),
        _scorecard),
    "Debrief": (lambda ids: select(Debrief).where(Debrief.id.in_(ids)).options(selectinload(Debrief.candidate)),
                lambda d: Label(_("Debrief: %(name)s", name=d.candidate.name), "debriefs.show",
                                (("debrief_id", d.id),))),
    "Invitation": (lambda ids: select(Invitation).where(Invitation.id.in_(ids)).options(
        selectinload(Invitation.candidate)),
        lambda i: Label(_("Work sample: %(name)s (%(alias)s)", name=i.candidate.name, alias=i.alias), "candidates.show",
                        (("candidate_id", i.candidate_id),))),
    "Stage": (lambda ids: select(Stage).where(Stage.id.in_(ids)).options(selectinload(Stage.opening)),
              lambda s: Label(_("Stage: %(opening)s · %(stage)s", opening=s.opening.title, stage=s.label),
                              "interviews.kit", (("opening_id", s.opening_id), ("stage_id", s.id)))),
}


def target_labels(events: Iterable[AuditEvent]) -> dict[tuple[str, int | None], Label]:
    """A label for each event's record: one query per kind of record on the page. A record that is
    gone (erased, deleted) keeps its kind and number, marked as gone; the whole database is named."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in events:
        if event.target_id is not None:
            wanted[event.target_type].add(event.target_id)
    labels: dict[tuple[str, int | None], Label] = {("Database", None): Label(_("The whole database"))}
    for kind, ids in wanted.items():
        if kind in _LABELLERS:
            query, name = _LABELLERS[kind]
            for record in db.session.scalars(query(ids)):
                labels[(kind, record.id)] = name(record)
        for missing in ids:
            labels.setdefault((kind, missing), Label(_("%(kind)s %(id)s (no longer stored)", kind=kind, id=missing)))
    return labels
