"""Creating and changing users. Views and the command line both call these."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import func, select

from hiring.audit.operations import changes, record
from hiring.auth.models import ApiToken, Role, User
from hiring.extensions import db
from hiring.timeutil import utcnow
from hiring.validation import ValidationError


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(actor: User | None, *, email: str, name: str, role: Role | str, password: str) -> User:
    email = normalise_email(email)
    if find_user(email) is not None:
        raise ValidationError(f"A user with email {email} already exists.", field="email")
    user = User(email=email, name=name.strip() or email, role=Role(role), active=True)
    user.set_password(password)
    db.session.add(user)
    record(actor, "user.create", user, email=email, role=user.role.value)
    db.session.commit()
    return user


def update_user(
    actor: User | None,
    user: User,
    *,
    email: str,
    name: str,
    role: Role | str,
    active: bool,
    password: str | None = None,
) -> User:
    email = normalise_email(email)
    other = find_user(email)
    if other is not None and other.id != user.id:
        raise ValidationError(f"A user with email {email} already exists.", field="email")
    if actor is not None and actor.id == user.id and (Role(role) != Role.ADMIN or not active):
        raise ValidationError("You cannot remove your own admin access.", field="role")
    diff = changes(user, {"email": email, "name": name.strip(), "role": Role(role), "active": active})
    if password:
        user.set_password(password)
        diff["password_changed"] = True
    if password or "active" in diff["after"]:
        user.end_sessions()  # a new password or a disabled account signs the user out everywhere
        diff["sessions_ended"] = True
    record(actor, "user.update", user, **diff)
    db.session.commit()
    return user


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(actor: User | None, user: User, name: str = "") -> str:
    """Make an API token for `user`; return it. Only its digest is stored: show it once."""
    token = "hir_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, token_hash=token_digest(token), name=name))
    record(actor, "token.create", user, name=name)
    db.session.commit()
    return token


def user_for_token(token: str) -> User | None:
    """The active user a bearer token belongs to (and note when it was last used)."""
    found = db.session.scalar(select(ApiToken).filter_by(token_hash=token_digest(token)))
    if found is None or not found.user.active:
        return None
    found.last_used_at = utcnow()
    db.session.commit()
    return found.user
