"""A reviewer's queue of exercise submissions: which ones, in which order, and which they still owe.

One rule for the queue page (`/reviews/`) and the review page's *Next submission*, so both walk
the submissions in the same personal order.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hiring.auth.models import Role, User
from hiring.candidates.models import Candidate
from hiring.exercises.models import Invitation
from hiring.extensions import db
from hiring.interviews.models import Scorecard
from hiring.openings.models import TeamMember


def review_queue(reviewer: User, now: datetime, grace: timedelta) -> list[Invitation]:
    """Submissions ready for review in the openings where `reviewer` reviews, in their own order."""
    query = (
        select(Invitation)
        .join(Invitation.candidate)
        .where(Invitation.started_at.is_not(None), Invitation.revoked_at.is_(None))
        .options(selectinload(Invitation.candidate).selectinload(Candidate.opening))
    )
    if reviewer.role != Role.ADMIN:  # the same rule as access.can_review, in SQL
        query = query.join(TeamMember, TeamMember.opening_id == Candidate.opening_id).where(
            TeamMember.user_id == reviewer.id,
            TeamMember.role.in_([Role.HIRING_MANAGER, Role.INTERVIEWER]),
        )
    ready = [i for i in db.session.scalars(query) if i.ready_for_review(now, grace)]
    ready.sort(key=lambda i: _shuffle_key(reviewer.id, i.id))
    return ready


def review_scorecards(reviewer: User) -> dict[int, Scorecard]:
    """The reviewer's own exercise scorecards (drafts and submitted), by invitation id."""
    return {s.invitation_id: s for s in db.session.scalars(
        select(Scorecard).where(Scorecard.rater_id == reviewer.id, Scorecard.invitation_id.is_not(None)))}


def next_owed(queue: list[Invitation], mine: dict[int, Scorecard], current_id: int) -> Invitation | None:
    """The next submission after `current_id` in the queue whose review is not submitted yet.

    It walks on from the current one and wraps around, so skipped submissions come back last.
    """
    at = next((n for n, i in enumerate(queue) if i.id == current_id), -1)
    for invitation in queue[at + 1:] + queue[:at + 1]:
        card = mine.get(invitation.id)
        if invitation.id != current_id and not (card and card.submitted):
            return invitation
    return None


def _shuffle_key(reviewer_id: int, invitation_id: int) -> str:
    """A stable order that differs per reviewer, so no submission is always read first or tired."""
    return hashlib.sha256(f"{reviewer_id}:{invitation_id}".encode()).hexdigest()
