"""Users and their roles."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import gettext
from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, String, update
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from hiring.extensions import db, enum_column
from hiring.i18n import N_
from hiring.timeutil import utcnow


class Role(enum.StrEnum):
    """What a user may do across the app. Per-opening team roles reuse the last three."""

    ADMIN = "admin"
    HIRING_MANAGER = "hiring_manager"
    INTERVIEWER = "interviewer"
    LEADERSHIP = "leadership"

    @property
    def label(self) -> str:
        """The role's name in the page's language."""
        return gettext(ROLE_LABELS[self])


ROLE_LABELS = {Role.ADMIN: N_("Admin"), Role.HIRING_MANAGER: N_("Hiring manager"),
               Role.INTERVIEWER: N_("Interviewer"), Role.LEADERSHIP: N_("Leadership")}


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Part of the id a session remembers: raising it (password change, disabling) ends every session.
    #: Also part of a reset link's fingerprint, so it kills older links too.
    session_epoch: Mapped[int] = mapped_column(default=0, server_default="0")
    #: The language the user reads the app in (a key of `hiring.i18n.LANGUAGES`); None follows the browser.
    language: Mapped[str | None] = mapped_column(String(8))
    #: The notification kinds (`hiring.notifications.kinds`) this user gets no email for; in the app
    #: they are listed all the same.
    email_off: Mapped[list[str] | None] = mapped_column(JSON)
    #: An IANA time zone ("Asia/Shanghai") the user reads times in; None: UTC.
    time_zone: Mapped[str | None] = mapped_column(String(64))

    def wants_email(self, kind: str) -> bool:
        return kind not in (self.email_off or [])

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def end_sessions(self) -> None:
        """Sign the user out everywhere: end every session row of theirs, and change `get_id()`,
        which sessions remember too."""
        self.session_epoch = (self.session_epoch or 0) + 1
        if self.id is not None:
            db.session.execute(update(UserSession)
                               .where(UserSession.user_id == self.id, UserSession.ended_at.is_(None))
                               .values(ended_at=utcnow()))

    def get_id(self) -> str:
        return f"{self.id}:{self.session_epoch or 0}"

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class ApiToken(db.Model):
    """A bearer token for the read-only JSON API. Only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class UserSession(db.Model):
    """One signed-in browser. Its cookie carries a random token; only the token's SHA-256 is kept
    here, as the id. A session is open while its row exists and has not ended: signing out ends
    that row only (the user's other browsers stay signed in), a password change or disabling the
    account ends all of the user's rows."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the cookie's token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Refreshed at most once a minute, with the cookie's own clock (`hiring.security`).
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
