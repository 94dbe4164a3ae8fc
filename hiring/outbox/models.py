"""The outbox: one row per email, the source of truth for whether it went out."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hiring.extensions import db, enum_column
from hiring.i18n import N_
from hiring.timeutil import utcnow


class MessageStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting for a worker (again, after a failed attempt: see next_attempt_at)
    SENDING = "sending"  # claimed by a worker
    SENT = "sent"
    FAILED = "failed"  # given up: the reason is in last_error
    UNKNOWN = "unknown"  # a worker claimed it and never said how it went (a crash): an admin decides
    NOT_SENT = "not_sent"  # no mail server: the page showed the text to pass on by hand

    @property
    def label(self) -> str:
        """The status in the page's language."""
        return gettext(STATUS_LABELS[self.value])


STATUS_LABELS = {"queued": N_("Queued"), "sending": N_("Sending"), "sent": N_("Sent"), "failed": N_("Failed"),
                 "unknown": N_("Outcome unknown"), "not_sent": N_("Not sent: no mail server")}


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # invitation, password_reset, …
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    #: The text, with `secret_marker` where the link goes: the link itself is never stored in clear.
    body: Mapped[str] = mapped_column(Text)
    secret_marker: Mapped[str | None] = mapped_column(String(40))
    #: The link, encrypted with a key derived from SECRET_KEY; erased once the message is sent.
    secret: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[MessageStatus] = mapped_column(enum_column(MessageStatus), default=MessageStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    #: Whom it is about: a candidate's messages are erased with them.
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))

    def shown_body(self) -> str:
        """The text as an admin may read it: the link is never shown."""
        return self.body.replace(self.secret_marker, "[link]") if self.secret_marker else self.body
