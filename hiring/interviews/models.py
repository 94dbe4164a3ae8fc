"""Scorecards and their ratings.

A scorecard is one rater's judgement of one candidate at one stage. It remembers the rubric version
it was given under, so a later rubric edit or upgrade never changes what its ratings meant.
`revision` is SQLAlchemy's version counter: a save based on an older revision fails instead of
silently overwriting someone else's work.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime
from itertools import chain
from typing import ClassVar

from flask_babel import gettext
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, event, inspect, select, text, update
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.extensions import db, enum_column
from hiring.i18n import N_
from hiring.openings.models import Opening, Stage, new_scores_version
from hiring.rubrics.models import RubricVersion
from hiring.timeutil import utcnow


class Recommendation(enum.StrEnum):
    STRONG_NO = "strong_no"
    NO = "no"
    YES = "yes"
    STRONG_YES = "strong_yes"

    @property
    def label(self) -> str:
        """The recommendation in the page's language."""
        return gettext(RECOMMENDATION_LABELS[self])


RECOMMENDATION_LABELS = {Recommendation.STRONG_NO: N_("Strong no"), Recommendation.NO: N_("No"),
                         Recommendation.YES: N_("Yes"), Recommendation.STRONG_YES: N_("Strong yes")}


class ScorecardStatus(enum.StrEnum):
    DRAFT = "draft"  # assigned or started, not yet submitted: the rater still owes it
    SUBMITTED = "submitted"


class Scorecard(db.Model):
    __tablename__ = "scorecards"
    # One interview scorecard per (candidate, stage, rater), and one review per (invitation, rater):
    # a rater who interviewed a candidate at a stage can still review their exercises there.
    __table_args__ = (
        Index("uq_scorecards_interview", "candidate_id", "stage_id", "rater_id", unique=True,
              sqlite_where=text("invitation_id IS NULL"), postgresql_where=text("invitation_id IS NULL")),
        Index("uq_scorecards_review", "invitation_id", "rater_id", unique=True,
              sqlite_where=text("invitation_id IS NOT NULL"), postgresql_where=text("invitation_id IS NOT NULL")),
        # A candidate's scorecards, and the owed (draft) ones of an opening without reading the rows.
        Index("ix_scorecards_candidate_status", "candidate_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    rater_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    rubric_version_id: Mapped[int] = mapped_column(ForeignKey("rubric_versions.id"))
    #: Set when the scorecard reviews exercise answers: its criteria are the exercises' criteria.
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitations.id", ondelete="CASCADE"))
    status: Mapped[ScorecardStatus] = mapped_column(
        enum_column(ScorecardStatus), default=ScorecardStatus.DRAFT
    )
    recommendation: Mapped[Recommendation | None] = mapped_column(enum_column(Recommendation))
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None]
    revision: Mapped[int] = mapped_column(default=1)
    #: When the rater should have submitted it (UTC; the opening's `scorecard_due_days` after asking).
    due_at: Mapped[datetime | None]

    __mapper_args__: ClassVar = {"version_id_col": revision}

    candidate: Mapped[Candidate] = relationship()
    stage: Mapped[Stage] = relationship()
    rater: Mapped[User] = relationship()
    rubric_version: Mapped[RubricVersion] = relationship()
    invitation = relationship("Invitation")
    ratings: Mapped[list[Rating]] = relationship(
        back_populates="scorecard", cascade="all, delete-orphan", order_by="Rating.id"
    )

    @property
    def submitted(self) -> bool:
        return self.status == ScorecardStatus.SUBMITTED

    def rating_for(self, criterion: str) -> Rating | None:
        return next((r for r in self.ratings if r.criterion == criterion), None)


def owes_scorecard(user: User, opening: Opening, candidate_ids: Iterable[int] | None = None) -> set[int]:
    """The candidates of `opening` (or of `candidate_ids` among them) for whom `user` owes a scorecard:
    one asked for, a draft, or a review not yet submitted, at any stage. One query.

    Independent before collective: while a rater owes a scorecard for a candidate they see no other
    rater's ratings, notes, recommendations or totals for that candidate, at any stage, whatever
    their role. Every page, report and API answer that shows another rater's view asks this.
    """
    query = (
        select(Scorecard.candidate_id).distinct().join(Scorecard.candidate)
        .where(Candidate.opening_id == opening.id, Scorecard.rater_id == user.id,
               Scorecard.status == ScorecardStatus.DRAFT)
    )
    if candidate_ids is not None:
        query = query.where(Scorecard.candidate_id.in_(set(candidate_ids)))
    return set(db.session.scalars(query))


class Rating(db.Model):
    """A level on the rubric's scale for one criterion, with the evidence behind it.

    `value` None means "not assessed": the criterion was in focus but the interview gave no evidence.
    """

    __tablename__ = "ratings"
    __table_args__ = (UniqueConstraint("scorecard_id", "criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("scorecards.id", ondelete="CASCADE"))
    criterion: Mapped[str] = mapped_column(String(100))
    value: Mapped[int | None]
    note: Mapped[str] = mapped_column(Text, default="")

    scorecard: Mapped[Scorecard] = relationship(back_populates="ratings")


def bump_scores_version(session: Session, opening_ids: Iterable[int]) -> None:
    """Give these openings a new `scores_version`, in the session's transaction. Core statements that
    add, change or delete submitted ratings call this; ORM changes are caught by the hook below."""
    ids = sorted({i for i in opening_ids if i is not None})
    if not ids:
        return
    table = Opening.__table__
    session.execute(update(table).where(table.c.id.in_(ids)).values(scores_version=new_scores_version()))
    for obj in list(session.identity_map.values()):
        state = inspect(obj)  # its identity, without loading anything
        if isinstance(obj, Opening) and state.identity and state.identity[0] in ids and not state.deleted:
            session.expire(obj, ["scores_version"])


def _counted(card: Scorecard) -> bool:
    """Whether the scorecard's ratings count towards scores now, or did before this change."""
    status = inspect(card).attrs.status.history
    return ScorecardStatus.SUBMITTED in chain(status.unchanged or (), status.added or (), status.deleted or ())


@event.listens_for(Session, "before_flush")
def _scores_changed(session: Session, _context, _instances) -> None:
    """Every ORM change to a submitted rating or scorecard, or a deleted candidate, gives the opening a
    new `scores_version`, in the same transaction as the change."""
    openings: set[int] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Rating):
            obj = obj.scorecard or (session.get(Scorecard, obj.scorecard_id) if obj.scorecard_id else None)
        if isinstance(obj, Scorecard) and _counted(obj):
            candidate = obj.candidate or (session.get(Candidate, obj.candidate_id) if obj.candidate_id else None)
            openings.add(candidate.opening_id if candidate is not None else None)
        elif isinstance(obj, Candidate) and obj in session.deleted:
            openings.add(obj.opening_id)
    bump_scores_version(session, openings)
