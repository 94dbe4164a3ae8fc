"""A rater's calibration attempts: the set they scored blind, and their level and evidence per item
and criterion. Every attempt is kept (history); calibrating again is a new attempt."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.auth.models import User
from hiring.extensions import db
from hiring.openings.models import Opening
from hiring.timeutil import utcnow


class CalibrationAttempt(db.Model):
    """One rater scoring one calibration set for one opening, submitted in one go."""

    __tablename__ = "calibration_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id", ondelete="CASCADE"), index=True)
    rater_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: The set's key and content hash (`CalibrationSet.content_hash`): what the levels were compared with.
    set_key: Mapped[str] = mapped_column(String(100))
    set_hash: Mapped[str] = mapped_column(String(64))
    #: The language the rater read the written material in (items in it, and English for the rest).
    language: Mapped[str] = mapped_column(String(5))
    #: The tolerance in force when it was submitted (the opening's, which may change later).
    tolerance: Mapped[float] = mapped_column(Float)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)

    opening: Mapped[Opening] = relationship()
    rater: Mapped[User] = relationship()
    ratings: Mapped[list[CalibrationRating]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", order_by="CalibrationRating.id")


class CalibrationRating(db.Model):
    """The rater's level and evidence on one criterion of one item of the set."""

    __tablename__ = "calibration_ratings"
    __table_args__ = (UniqueConstraint("attempt_id", "item", "criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("calibration_attempts.id", ondelete="CASCADE"))
    item: Mapped[str] = mapped_column(String(100))
    criterion: Mapped[str] = mapped_column(String(100))
    level: Mapped[int]
    #: The agreed level when it was scored: the comparison stays as it was if the set is edited later.
    agreed: Mapped[int]
    evidence: Mapped[str] = mapped_column(Text)

    attempt: Mapped[CalibrationAttempt] = relationship(back_populates="ratings")
