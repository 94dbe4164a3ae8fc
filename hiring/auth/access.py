"""Who may do what: the one permission decorator and the record loaders.

Every view states its access in the same visible place: `@require()` (any signed-in user) or
`@require(Role.ADMIN, ...)` on the route, then a loader such as `load_opening(id, manage=True)`
for the record it acts on. Loaders answer 404 for a missing record and 403 for one the user may
not see or change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from flask import abort, current_app
from flask_login import current_user, login_required
from sqlalchemy import select

from hiring.auth.models import Role, User
from hiring.candidates.models import Candidate
from hiring.exercises.models import Invitation
from hiring.extensions import db
from hiring.interviews.models import Scorecard, owes_scorecard
from hiring.openings.models import Opening, Stage, TeamMember
from hiring.timeutil import utcnow

#: Global roles that may open new roles for hiring.
CAN_CREATE_OPENINGS = (Role.ADMIN, Role.HIRING_MANAGER)


def require(*roles: Role) -> Callable:
    """Sign-in required; with roles given, the user's global role must be one of them."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if roles and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_roles = roles  # read by the route × role test and the docs
        return wrapped

    return decorator


def can_view_opening(user: User, opening: Opening) -> bool:
    return user.role == Role.ADMIN or opening.member(user) is not None


def can_manage_opening(user: User, opening: Opening) -> bool:
    if user.role == Role.ADMIN:
        return True
    member = opening.member(user)
    return member is not None and member.role == Role.HIRING_MANAGER


def can_see_all_scores(user: User, opening: Opening) -> bool:
    """Admins and the team's hiring managers and leadership see every submitted scorecard."""
    if user.role == Role.ADMIN:
        return True
    member = opening.member(user)
    return member is not None and member.role in (Role.HIRING_MANAGER, Role.LEADERSHIP)


def visible_scorecards(user: User, opening: Opening, scorecards: list[Scorecard]) -> list[Scorecard]:
    """The scorecards `user` may read, among `scorecards` of one opening.

    Independence before collective: a rater sees their own, and never another rater's for a
    candidate they still owe a scorecard for (`owes_scorecard`), at any stage, whatever their role.
    Otherwise admins and the team's hiring managers and leadership see every submitted scorecard;
    an interviewer sees another rater's submitted scorecard only for a candidate and stage where
    they have submitted their own. Drafts are private to their rater.
    """
    own = [s for s in scorecards if s.rater_id == user.id]
    owed = owes_scorecard(user, opening, {s.candidate_id for s in scorecards}) if scorecards else set()
    others = [s for s in scorecards if s.rater_id != user.id and s.submitted and s.candidate_id not in owed]
    if can_see_all_scores(user, opening):
        return own + others
    done = {(s.candidate_id, s.stage_id) for s in own if s.submitted}
    return own + [s for s in others if (s.candidate_id, s.stage_id) in done]


def visible_openings(user: User) -> list[Opening]:
    """The openings this user may see, newest first."""
    query = select(Opening).order_by(Opening.id.desc())
    if user.role != Role.ADMIN:
        query = query.join(TeamMember).where(TeamMember.user_id == user.id)
    return list(db.session.scalars(query))


def load_opening(opening_id: int, *, manage: bool = False) -> Opening:
    opening = db.session.get(Opening, opening_id) or abort(404)
    allowed = can_manage_opening if manage else can_view_opening
    if not allowed(current_user, opening):
        abort(403)
    return opening


def load_scored_opening(opening_id: int) -> Opening:
    """An opening whose totals, rankings and every submitted scorecard the user may see."""
    opening = load_opening(opening_id)
    if not can_see_all_scores(current_user, opening):
        abort(403)  # interviewers see scores on the pages, after submitting their own
    return opening


def load_candidate(candidate_id: int, *, manage: bool = False, scores: bool = False) -> Candidate:
    """View: the opening's team. Manage: its hiring managers. Scores: those who see every score."""
    candidate = db.session.get(Candidate, candidate_id) or abort(404)
    allowed = can_manage_opening if manage else can_see_all_scores if scores else can_view_opening
    if not allowed(current_user, candidate.opening):
        abort(403)
    return candidate


def load_user(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


def load_stage(opening: Opening, stage_id: int) -> Stage:
    return next((s for s in opening.stages if s.id == stage_id), None) or abort(404)


def load_scorecard(scorecard_id: int, *, edit: bool = False) -> Scorecard:
    """Read: whoever `visible_scorecards` allows. Edit: of those, the rater themself or an admin.

    Editing shows everything reading does, so it is never allowed where reading is not: another
    rater's draft stays private to its rater, admins included.
    """
    scorecard = db.session.get(Scorecard, scorecard_id) or abort(404)
    opening = scorecard.candidate.opening
    if not can_view_opening(current_user, opening):
        abort(403)
    peers = db.session.scalars(
        select(Scorecard).filter_by(candidate_id=scorecard.candidate_id, stage_id=scorecard.stage_id)
    ).all()
    allowed = scorecard in visible_scorecards(current_user, opening, list(peers))
    if edit:
        allowed = allowed and (scorecard.rater_id == current_user.id or current_user.role == Role.ADMIN)
    if not allowed:
        abort(403)
    return scorecard


def can_review(user: User, opening: Opening) -> bool:
    """Admins, and the team's hiring managers and interviewers, review exercise submissions."""
    if user.role == Role.ADMIN:
        return True
    member = opening.member(user)
    return member is not None and member.role in (Role.HIRING_MANAGER, Role.INTERVIEWER)


def load_invitation(invitation_id: int, *, manage: bool = False) -> Invitation:
    """Manage: the opening's managers. Otherwise: its reviewers (blind review)."""
    invitation = db.session.get(Invitation, invitation_id) or abort(404)
    opening = invitation.candidate.opening
    allowed = can_manage_opening(current_user, opening) if manage else can_review(current_user, opening)
    if not allowed:
        abort(403)
    return invitation


def load_submission(invitation_id: int) -> Invitation:
    """A candidate's work as its reviewers read it: the review page and every file in it.

    403 for whoever does not review the opening; 404 until the work is final
    (`Invitation.ready_for_review`), as if there were nothing to review yet.
    """
    invitation = load_invitation(invitation_id)
    grace = timedelta(seconds=current_app.config["EXERCISE_GRACE_SECONDS"])
    if not invitation.ready_for_review(utcnow(), grace):
        abort(404)
    return invitation
