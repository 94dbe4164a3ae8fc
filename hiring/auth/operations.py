"""Creating and changing users, and resetting a forgotten password. Views and the command line call these."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from functools import cache
from types import EllipsisType

from flask_babel import gettext as _
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from hiring.audit.operations import VISITOR, changes, record
from hiring.auth.models import ApiToken, Role, User, UserSession
from hiring.emails import normalise_email
from hiring.extensions import db
from hiring.i18n import LANGUAGES
from hiring.timeutil import utcnow, zone_names
from hiring.transactions import operation
from hiring.validation import ValidationError


def find_user(email: str) -> User | None:
    """The user with this address (as the email rule normalises it); None for an unknown or invalid one."""
    try:
        email = normalise_email(email)
    except ValidationError:
        return None
    return db.session.scalar(select(User).where(func.lower(User.email) == email))


@operation
def create_user(actor: User | None, *, email: str, name: str, role: Role | str, password: str,
                language: str | None = None) -> User:
    email = normalise_email(email)
    if find_user(email) is not None:
        raise ValidationError(_("A user with email %(email)s already exists.", email=email), field="email")
    user = User(email=email, name=name.strip() or email, role=Role(role), active=True,
                language=_checked_language(language))
    user.set_password(password)
    db.session.add(user)
    record(actor, "user.create", user, email=email, role=user.role.value, language=user.language)
    return user


def _checked_language(language: str | None) -> str | None:
    """One of `LANGUAGES`, or None (follow the browser) for an empty choice."""
    if not language:
        return None
    if language not in LANGUAGES:
        raise ValidationError(_("'%(language)s' is not one of %(languages)s.", language=language,
                                languages=", ".join(LANGUAGES)), field="language")
    return language


@operation
def set_language(actor: User | None, user: User, language: str | None) -> User:
    """Choose the language `user` reads the app in; None follows the browser's."""
    diff = changes(user, {"language": _checked_language(language)})
    record(actor, "user.language", user, **diff)
    return user


@operation
def set_notifications(actor: User | None, user: User, *, time_zone: str | None, email_on: list[str]) -> User:
    """`user`'s time zone (None: UTC) and the notification emails they get (the profile's switches
    that are on, keys of `hiring.notifications.kinds.SWITCHES`; the rest are off)."""
    from hiring.notifications.kinds import KINDS, SWITCHES, kinds_of

    if time_zone and time_zone not in zone_names():
        raise ValidationError(_("'%(zone)s' is not a time zone.", zone=time_zone), field="time_zone")
    if unknown := [p for p in email_on if p not in SWITCHES]:
        raise ValidationError(_("'%(choice)s' is not one of the choices.", choice=unknown[0]), field="email_on")
    wanted = {kind for preference in email_on for kind in kinds_of(preference)}
    diff = changes(user, {"time_zone": time_zone or None, "email_off": sorted(set(KINDS) - wanted)})
    if diff["after"]:
        record(actor, "user.notifications", user, **diff)
    return user


@operation
def update_user(
    actor: User | None,
    user: User,
    *,
    email: str,
    name: str,
    role: Role | str,
    active: bool,
    password: str | None = None,
    language: str | EllipsisType | None = ...,
) -> User:
    """Change a user; `language` left out (...) keeps theirs, None follows the browser."""
    email = normalise_email(email)
    other = find_user(email)
    if other is not None and other.id != user.id:
        raise ValidationError(_("A user with email %(email)s already exists.", email=email), field="email")
    if actor is not None and actor.id == user.id and (Role(role) != Role.ADMIN or not active):
        raise ValidationError(_("You cannot remove your own admin access."), field="role")
    values = {"email": email, "name": name.strip(), "role": Role(role), "active": active}
    if language is not ...:
        values["language"] = _checked_language(language)
    diff = changes(user, values)
    if password:
        user.set_password(password)
        diff["password_changed"] = True
    if password or "active" in diff["after"]:
        user.end_sessions()  # a new password or a disabled account signs the user out everywhere
        diff["sessions_ended"] = True
    record(actor, "user.update", user, **diff)
    return user


#: Keeps reset tokens apart from anything else signed with the same secret key.
RESET_SALT = "password-reset"


def _reset_fingerprint(user: User, secret: str | bytes) -> str:
    """Changes whenever the password does or the user's sessions end, which kills older reset links.
    Keyed with the secret: the token is signed, not encrypted, so it must not carry a plain digest
    of the password hash."""
    message = f"{user.password_hash}:{user.session_epoch or 0}".encode()
    key = secret if isinstance(secret, bytes) else secret.encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:16]


def reset_token(user: User, secret: str) -> str:
    """A signed, timestamped link token for choosing a new password. Nothing is stored."""
    return URLSafeTimedSerializer(secret, salt=RESET_SALT).dumps({"u": user.id, "f": _reset_fingerprint(user, secret)})


def user_for_reset_token(token: str, secret: str, max_age: int) -> User | None:
    """The active user a reset token was made for, or None if it is forged, expired or already used."""
    try:
        data = URLSafeTimedSerializer(secret, salt=RESET_SALT).loads(token, max_age=max_age)
    except BadData:  # a bad signature, a bad payload or too old: all the same to the caller
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("f"), str):
        return None
    user = db.session.get(User, data["u"])
    if user is None or not user.active:
        return None
    return user if hmac.compare_digest(data["f"], _reset_fingerprint(user, secret)) else None


@operation
def reset_password(user: User, new_password: str) -> User:
    """Set the password chosen through a reset link; sign the user out everywhere.

    The new password hash changes the fingerprint, so the link that was used stops working.
    """
    user.set_password(new_password)
    user.end_sessions()
    record(user, "auth.password_reset", user, sessions_ended=True)
    return user


@cache
def dummy_hash() -> str:
    """Checked against when the email is unknown, so both answers take the same time."""
    return generate_password_hash("not a password anyone has")


@operation
def sign_in(email: str, password: str) -> User | None:
    """The active user with this email and password, or None. The attempt on a known account is
    audited either way; an unknown email costs the same hashing time, so timing tells nothing."""
    user = find_user(email)
    if user is None:
        check_password_hash(dummy_hash(), password)
        return None
    if user.check_password(password) and user.active:
        record(user, "auth.login", user)
        return user
    record(VISITOR, "auth.login_failed", user, reason="inactive" if user.active is False else "password")
    return None


@operation
def note_reset_request(user: User) -> None:
    """Audit a password reset asked for `user`'s address (by whoever typed it)."""
    record(VISITOR, "auth.reset_requested", user, active=user.active)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@operation
def open_session(user: User, max_age: timedelta) -> str:
    """Start a browser session for `user` (just signed in); return its token for the cookie. Only
    the token's digest is stored. The user's sessions older than `max_age` are dead anyway
    (`user_session`): their rows go now, so the table holds only sessions that could be live."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id,
                                                 UserSession.created_at < utcnow() - max_age))
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(id=token_digest(token), user_id=user.id))
    return token


@operation
def close_session(user: User, token: str | None) -> None:
    """Sign out: end this browser's session for good (a copy of its cookie opens nothing after).
    The user's other sessions stay open."""
    found = db.session.get(UserSession, token_digest(token)) if token else None
    if found is not None and found.user_id == user.id and found.ended_at is None:
        found.ended_at = utcnow()
    record(user, "auth.logout", user)


def user_session(user_id: int, token: str | None, max_age: timedelta) -> UserSession | None:
    """The open session with this cookie token for this user: signed in less than `max_age` ago,
    not signed out, no password change or disabling since."""
    found = db.session.get(UserSession, token_digest(token)) if token else None
    if found is None or found.user_id != user_id or found.ended_at is not None:
        return None
    return found if found.created_at >= utcnow() - max_age else None


@operation
def create_token(actor: User | None, user: User, name: str = "") -> str:
    """Make an API token for `user`; return it. Only its digest is stored: show it once."""
    token = "hir_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, token_hash=token_digest(token), name=name))
    record(actor, "token.create", user, name=name)
    return token


def user_for_token(token: str) -> User | None:
    """The active user a bearer token belongs to (and note when it was last used)."""
    found = db.session.scalar(select(ApiToken).filter_by(token_hash=token_digest(token)))
    if found is None or not found.user.active:
        return None
    found.last_used_at = utcnow()  # saved with the request's unit of work
    return found.user
