"""Invitations to exercises and the candidate's answers.

An invitation keeps a snapshot of the exercises as they were when it was sent (editing an exercise
file never changes what a candidate is doing), the seed of their personal data sets, and the
server-side clock: `started_at` and `deadline_at`. Only a digest of the link's token is stored.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.exercises.schema import Exercise
from hiring.extensions import db
from hiring.openings.models import Stage
from hiring.timeutil import utcnow, zone_of


class Invitation(db.Model):
    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: What reviewers see instead of the candidate's name: a code, shown as `alias`.
    alias_code: Mapped[str] = mapped_column("alias", String(40))
    #: The language of the exercises' snapshot, and of the candidate's pages and emails for it.
    language: Mapped[str] = mapped_column(String(10), default="en", server_default="en")
    seed: Mapped[int]
    #: The exercises as their files said when it was sent (English, the source: keys, checks, data sets).
    exercises: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    #: The same exercises as the candidate reads them, in `language`; None when that is English.
    exercises_shown: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    time_limit_minutes: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    deadline_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]

    candidate: Mapped[Candidate] = relationship()
    stage: Mapped[Stage] = relationship()
    created_by: Mapped[User | None] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="invitation", cascade="all, delete-orphan", order_by="Answer.id"
    )

    @property
    def alias(self) -> str:
        """"Candidate K7QX", in the language of the page (or email, or audit entry) being made."""
        from flask_babel import gettext

        return gettext("Candidate %(code)s", code=self.alias_code)

    @property
    def time_zone(self) -> ZoneInfo:
        """The zone the candidate's pages and email show times in: the inviting manager's, whose
        calendar the "start by" day was picked on (so it reads as that day's end, 23:59); UTC when a
        command sent it or its sender is gone. A candidate has no zone setting of their own."""
        return zone_of(self.created_by)

    @property
    def exercise_list(self) -> list[Exercise]:
        return [Exercise.from_dict(data) for data in self.exercises]

    @property
    def shown_list(self) -> list[Exercise]:
        """The exercises in the candidate's language, as their pages show them (and reviewers read
        them beside the answers): the same keys, items, limits and data sets as `exercise_list`."""
        return [Exercise.from_dict(data) for data in self.exercises_shown or self.exercises]

    def exercise(self, key: str) -> Exercise | None:
        return next((e for e in self.exercise_list if e.key == key), None)

    @property
    def criteria(self) -> list[str]:
        """Every criterion the invitation's exercises evidence, in first-seen order."""
        return list(dict.fromkeys(c for e in self.exercise_list for c in e.criteria))

    def status(self, now: datetime, grace: timedelta) -> str:
        """revoked, submitted, late (deadline passed), expired, in_progress or not_started."""
        if self.revoked_at is not None:
            return "revoked"
        if self.submitted_at is not None:
            return "submitted"
        if self.deadline_at is not None:
            return "late" if now > self.deadline_at + grace else "in_progress"
        return "expired" if now > self.expires_at else "not_started"

    def ready_for_review(self, now: datetime, grace: timedelta) -> bool:
        """The work is final: submitted, or its time is up (the draft as saved). Until then reviewers
        see nothing of it, neither the review page nor its files, and it is not in the queue."""
        return self.status(now, grace) in ("submitted", "late")

    def answer(self, exercise: str, item: str) -> Answer | None:
        return next((a for a in self.answers if a.exercise_key == exercise and a.item_key == item), None)


class Answer(db.Model):
    """What the candidate wrote (or uploaded) for one item of one exercise, plus integrity signals."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("invitation_id", "exercise_key", "item_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitations.id", ondelete="CASCADE"))
    exercise_key: Mapped[str] = mapped_column(String(100))
    item_key: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text, default="")
    #: An uploaded file: its random stored name, never the candidate's file name.
    file_name: Mapped[str | None] = mapped_column(String(64))
    file_kind: Mapped[str | None] = mapped_column(String(10))
    file_size: Mapped[int | None]
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Seconds the candidate spent typing in this field, as the page reports it.
    active_seconds: Mapped[int] = mapped_column(default=0)
    #: The largest single paste into this field, in characters.
    largest_paste: Mapped[int] = mapped_column(default=0)

    invitation: Mapped[Invitation] = relationship(back_populates="answers")


class IdentityReveal(db.Model):
    """A reviewer chose to see whose submission this is (blind review ends for them, on record).

    Compared with their review's times it tells whether they scored blind (`scored_blind`).
    """

    __tablename__ = "identity_reveals"
    __table_args__ = (UniqueConstraint("invitation_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitations.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    revealed_at: Mapped[datetime] = mapped_column(default=utcnow)


class StoredFile(db.Model):
    """An uploaded file (see `hiring.exercises.storage`): its bytes, or its key in object storage.

    One per answer, deleted with it by the database (erasure needs no hunt for files), in every
    backup, and served by whichever app host answers. Uploads are capped (10 MB), so rows stay small.
    """

    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    size: Mapped[int]
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)  # in the database…
    object_key: Mapped[str | None] = mapped_column(String(200))  # …or in object storage
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
