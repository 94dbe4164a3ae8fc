"""An opening's own wording of one kind of candidate email, in one language."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.auth.models import User
from hiring.extensions import db
from hiring.timeutil import utcnow


class EmailTemplate(db.Model):
    __tablename__ = "email_templates"
    __table_args__ = (UniqueConstraint("opening_id", "kind", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # a key of hiring.candidate_mail.placeholders.KINDS
    language: Mapped[str] = mapped_column(String(10))  # a key of hiring.i18n.LANGUAGES
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    updated_by: Mapped[User | None] = relationship()
