"""Who may do what: the one permission decorator and the record loaders.

Every view states its access in the same visible place: `@require()` (any signed-in user) or
`@require(Role.ADMIN, ...)` on the route, then a loader such as `load_opening(id, manage=True)`
for the record it acts on. Loaders answer 404 for a missing record and 403 for one the user may
not see or change.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import select

from hiring.auth.models import Role, User
from hiring.candidates.models import Candidate
from hiring.extensions import db
from hiring.openings.models import Opening, TeamMember

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


def load_candidate(candidate_id: int, *, manage: bool = False) -> Candidate:
    candidate = db.session.get(Candidate, candidate_id) or abort(404)
    allowed = can_manage_opening if manage else can_view_opening
    if not allowed(current_user, candidate.opening):
        abort(403)
    return candidate


def load_user(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)
