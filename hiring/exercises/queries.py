"""A reviewer's queue of exercise submissions: which ones, in which order, and which they still owe.

One rule for the queue page (`/reviews/`) and the review page's *Next submission*, so both walk
the submissions in the same personal order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hiring.auth.models import Role, User
from hiring.candidates.models import Candidate
from hiring.exercises.models import IdentityReveal, Invitation
from hiring.extensions import db
from hiring.i18n import N_
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


# --- blind review: who has seen whose submission this is ------------------------------------------

#: How a review relates to its reviewer's reveal of the candidate's identity.
BLIND = N_("Scored blind")
REVEALED_AFTER = N_("Scored blind; identity revealed afterwards")
REVEALED_BEFORE = N_("Identity revealed before scoring")


def reveals(invitation_ids: Iterable[int], user: User | None = None) -> dict[tuple[int, int], IdentityReveal]:
    """The reveals of these submissions, by (invitation id, user id); only `user`'s when given."""
    ids = set(invitation_ids)
    if not ids:
        return {}
    query = select(IdentityReveal).where(IdentityReveal.invitation_id.in_(ids))
    if user is not None:
        query = query.where(IdentityReveal.user_id == user.id)
    return {(r.invitation_id, r.user_id): r for r in db.session.scalars(query)}


def blindness(review: Scorecard, reveal: IdentityReveal | None) -> tuple[str, bool]:
    """Whether a review was scored blind: no reveal, a reveal after its last save, or one before
    (then True: a reader should know the score was not blind)."""
    if reveal is None:
        return BLIND, False
    last_scored = max(t for t in (review.submitted_at, review.updated_at, review.created_at) if t is not None)
    if review.submitted and last_scored <= reveal.revealed_at:
        return REVEALED_AFTER, False
    return REVEALED_BEFORE, True


def review_blindness(scorecards: Iterable[Scorecard]) -> dict[int, tuple[str, bool]]:
    """For each review among `scorecards` (by scorecard id), how blind it was (see `blindness`)."""
    reviews = [s for s in scorecards if s.invitation_id is not None]
    found = reveals({s.invitation_id for s in reviews})
    return {s.id: blindness(s, found.get((s.invitation_id, s.rater_id))) for s in reviews}


def blind_submissions(user: User, scorecards: Iterable[Scorecard]) -> set[int]:
    """The submissions among these scorecards' that `user` reviews (a review asked, drafted or
    submitted) without having revealed whose they are: their reviews must not be shown beside
    the candidate's name to `user`."""
    reviewing = {s.invitation_id for s in scorecards if s.invitation_id is not None and s.rater_id == user.id}
    return reviewing - {invitation_id for invitation_id, _ in reveals(reviewing, user)}
