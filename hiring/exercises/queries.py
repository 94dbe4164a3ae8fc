"""A reviewer's queue of exercise submissions: which ones, in which order, and which they still owe;
and which candidates of an opening wrote a post over its platform's limit (the list's flag).

One rule for the queue page (`/reviews/`) and the review page's *Next submission*, so both walk
the submissions in the same personal order.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import load_only, selectinload

from hiring.auth.models import Role, User
from hiring.candidates.models import Candidate
from hiring.exercises import review
from hiring.exercises.models import Answer, IdentityReveal, Invitation
from hiring.extensions import db
from hiring.i18n import N_
from hiring.interviews.models import Scorecard
from hiring.openings.models import Opening, TeamMember


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


#: Whether an invitation's final work holds a post over a limit, by (invitation id, token digest).
#: Final work never changes (nothing is saved after a submit or the deadline), so an entry is never
#: stale; the digest, random per invitation, keeps an id reused after an erasure from reading another's.
_OVER_LIMIT: OrderedDict[tuple[int, str], bool] = OrderedDict()
_OVER_LIMIT_LOCK = threading.Lock()
OVER_LIMIT_REMEMBERED = 100_000


def over_limit(opening: Opening, now: datetime, grace: timedelta, candidates: Iterable[int] | None = None
               ) -> set[int]:
    """The candidates of `opening` (or of `candidates` among them) whose final exercise work (submitted,
    or its time up: `Invitation.ready_for_review`, what reviewers read) holds a post over its
    platform's limit (`review.over_limit`). A draft still being written is not judged, nor a revoked
    invitation's.

    Two queries whatever the number of candidates: the invitations, then the answers of those not
    measured before in this process (none once all are)."""
    taken = [Candidate.opening_id == opening.id, Candidate.anonymised_at.is_(None),
             Invitation.started_at.is_not(None), Invitation.revoked_at.is_(None)]
    if candidates is not None:
        chosen = set(candidates)
        if not chosen:
            return set()
        taken.append(Invitation.candidate_id.in_(chosen))
    query = (
        select(Invitation).join(Invitation.candidate).where(*taken)
        .options(load_only(Invitation.id, Invitation.candidate_id, Invitation.token_hash, Invitation.exercises,
                           Invitation.expires_at, Invitation.revoked_at, Invitation.started_at,
                           Invitation.deadline_at, Invitation.submitted_at))
    )
    final = [i for i in db.session.scalars(query) if i.ready_for_review(now, grace)]
    with _OVER_LIMIT_LOCK:
        known = {i.id: _OVER_LIMIT[(i.id, i.token_hash)] for i in final if (i.id, i.token_hash) in _OVER_LIMIT}
    unknown = [i for i in final if i.id not in known]
    if unknown:
        wanted = {i.id for i in unknown}
        texts: dict[tuple[int, str, str], str] = {}
        for invitation_id, exercise, item, text in db.session.execute(
                select(Answer.invitation_id, Answer.exercise_key, Answer.item_key, Answer.text)
                .join(Answer.invitation).join(Invitation.candidate).where(*taken)):
            if invitation_id in wanted:
                texts[(invitation_id, exercise, item)] = text or ""
        measured = {i.id: review.over_limit(i.exercise_list, lambda e, t, i=i: texts.get((i.id, e, t), ""))
                    for i in unknown}
        with _OVER_LIMIT_LOCK:
            for invitation in unknown:
                _OVER_LIMIT[(invitation.id, invitation.token_hash)] = measured[invitation.id]
            while len(_OVER_LIMIT) > OVER_LIMIT_REMEMBERED:
                _OVER_LIMIT.popitem(last=False)
        known |= measured
    return {i.candidate_id for i in final if known[i.id]}


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
