"""A debrief of one candidate, and the ratings it froze.

Opening a debrief copies every rater's submitted ratings into `DebriefRating` rows: the independent
scores, kept for ever. A re-score is written beside the independent value on the same row (with the
rater's reason), never onto the scorecard, so the statistics keep reading the independent scores.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from flask_babel import gettext
from sqlalchemy import JSON, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.extensions import db, enum_column
from hiring.i18n import N_
from hiring.interviews.models import Recommendation
from hiring.timeutil import utcnow


class DebriefStatus(enum.StrEnum):
    LOCKED = "locked"  # independent scores frozen, scorecards closed to edits
    REVEALED = "revealed"  # everyone sees everyone's ratings side by side
    DISCUSSED = "discussed"  # notes per criterion; the speaking order is the one used
    RESCORE = "rescore"  # each rater may change their own ratings, with a reason
    CLOSED = "closed"  # the team's recommendation is recorded

    @property
    def label(self) -> str:
        return gettext(STATUS_LABELS[self])

    @property
    def next(self) -> DebriefStatus | None:
        order = list(DebriefStatus)
        index = order.index(self)
        return order[index + 1] if index + 1 < len(order) else None


STATUS_LABELS = {DebriefStatus.LOCKED: N_("Locked"), DebriefStatus.REVEALED: N_("Revealed"),
                 DebriefStatus.DISCUSSED: N_("Discussed"), DebriefStatus.RESCORE: N_("Re-score"),
                 DebriefStatus.CLOSED: N_("Closed")}


class Debrief(db.Model):
    __tablename__ = "debriefs"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), unique=True)
    status: Mapped[DebriefStatus] = mapped_column(enum_column(DebriefStatus), default=DebriefStatus.LOCKED)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    #: The speaking order suggested when the debrief opened (rater ids), kept to compare with the one used.
    suggested_order: Mapped[list[int]] = mapped_column(JSON, default=list)
    #: The speaking order (rater ids): the suggestion until the hiring manager reorders it; fixed once
    #: the discussion starts, so it is the order used.
    speaking_order: Mapped[list[int]] = mapped_column(JSON, default=list)
    #: Each rater's independent recommendations, frozen with the ratings: {"<rater id>": ["yes", …]}.
    recommendations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Discussion notes per criterion key.
    notes: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    recommendation: Mapped[Recommendation | None] = mapped_column(enum_column(Recommendation))
    summary: Mapped[str] = mapped_column(Text, default="")

    candidate: Mapped[Candidate] = relationship()
    opened_by: Mapped[User | None] = relationship()
    ratings: Mapped[list[DebriefRating]] = relationship(
        back_populates="debrief", cascade="all, delete-orphan", order_by="DebriefRating.id")

    @property
    def open(self) -> bool:
        return self.status != DebriefStatus.CLOSED

    @property
    def rater_ids(self) -> list[int]:
        return list(dict.fromkeys(r.rater_id for r in self.ratings if r.rater_id is not None))


class DebriefRating(db.Model):
    """One independent rating as it was when the debrief opened, and its re-score if any."""

    __tablename__ = "debrief_ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    debrief_id: Mapped[int] = mapped_column(ForeignKey("debriefs.id", ondelete="CASCADE"), index=True)
    #: The scorecard it was copied from (no foreign key: the copy outlives the scorecard).
    scorecard_id: Mapped[int | None] = mapped_column(Integer)
    rater_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The rater's role on the opening's team when the debrief opened ("interviewer", …).
    rater_role: Mapped[str] = mapped_column(String(32))
    stage: Mapped[str] = mapped_column(String(100))  # the stage's name, as stored
    criterion: Mapped[str] = mapped_column(String(100))
    value: Mapped[int | None]  # the independent rating (None: not assessed)
    note: Mapped[str] = mapped_column(Text, default="")  # the evidence written with it
    rescored_value: Mapped[int | None]
    reason: Mapped[str] = mapped_column(Text, default="")
    rescored_at: Mapped[datetime | None]

    debrief: Mapped[Debrief] = relationship(back_populates="ratings")
    rater: Mapped[User | None] = relationship()

    @property
    def rescored(self) -> bool:
        return self.rescored_value is not None

    @property
    def final(self) -> int | None:
        """The rating after the debrief: the re-score if there is one, else the independent rating."""
        return self.rescored_value if self.rescored_value is not None else self.value


def under_way(candidate_ids: Iterable[int]) -> set[int]:
    """Those of these candidates whose debrief is open (not closed): their scorecards are locked."""
    ids = set(candidate_ids)
    if not ids:
        return set()
    return set(db.session.scalars(select(Debrief.candidate_id).where(
        Debrief.candidate_id.in_(ids), Debrief.status != DebriefStatus.CLOSED)))


def frozen(scorecard_ids: Iterable[int]) -> set[int]:
    """Those of these scorecards a debrief froze (open or closed): their independent ratings stay as
    submitted for ever, so the statistics never read what the discussion changed."""
    ids = {i for i in scorecard_ids if i is not None}
    if not ids:
        return set()
    return set(db.session.scalars(select(DebriefRating.scorecard_id).where(
        DebriefRating.scorecard_id.in_(ids)).distinct()))
