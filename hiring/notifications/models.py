"""A notification: one thing the app told one person, read or not."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.auth.models import User
from hiring.extensions import db
from hiring.timeutil import utcnow


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (UniqueConstraint("user_id", "once"), Index("ix_notifications_user_id_read_at", "user_id",
                                                                   "read_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))  # a key of hiring.notifications.kinds.KINDS
    #: The message's values: names as typed, and `stage`, `decision`, `due` rendered for the reader.
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: The page it is about, as a path of this app ("/scorecards/12/edit").
    path: Mapped[str] = mapped_column(String(500))
    #: For notifications sent at most once (a reminder): what makes it the same one ("scorecard:12:due").
    once: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
