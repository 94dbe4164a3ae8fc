"""Openings, their stages and their hiring team."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import JSON, BigInteger, Float, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.auth.models import Role, User
from hiring.extensions import db, enum_column
from hiring.i18n import N_
from hiring.rubrics.models import RubricVersion
from hiring.timeutil import utcnow

#: The stages a new opening gets unless told otherwise. Stored as these English words, they are the
#: app's words: every reader sees them in their own language (`Stage.label`); a name a team types
#: is theirs, shown as typed.
DEFAULT_STAGES = (N_("Screen"), N_("Work sample"), N_("Panel interview"), N_("Final"))

#: The longest a scorecard may be given to come in (days).
MAX_DUE_DAYS = 60

#: The roles a person can hold on one opening's hiring team.
TEAM_ROLES = (Role.HIRING_MANAGER, Role.INTERVIEWER, Role.LEADERSHIP)


def new_scores_version() -> int:
    return secrets.randbits(62)


class Opening(db.Model):
    __tablename__ = "openings"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    location: Mapped[str] = mapped_column(String(200), default="")
    rubric_version_id: Mapped[int] = mapped_column(ForeignKey("rubric_versions.id"))
    #: criterion key → weight; always holds every criterion of the pinned rubric version.
    weights: Mapped[dict[str, float]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Days to keep candidates who were not hired before `purge` anonymises them; None = purge's default.
    retention_days: Mapped[int | None]
    #: Days a rater has to submit a scorecard they are asked for; None: no due date, no reminders.
    scorecard_due_days: Mapped[int | None]
    #: A new random value whenever a submitted rating of the opening is added, changed or removed (one
    #: UPDATE in the same transaction: `hiring.interviews.models`), so what was computed from the
    #: ratings can be reused until it changes. Random rather than counted: a value names one state of
    #: the ratings even across databases (tests, a restored backup). Read with the opening at the start
    #: of a request, before any rating is read.
    scores_version: Mapped[int] = mapped_column(BigInteger, default=new_scores_version, server_default="0")
    #: Raters must calibrate (score the calibration set within the tolerance) before their first
    #: scorecard for this opening is accepted; off by default.
    calibration_required: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: How far a rater's mean may be from the agreed levels, per criterion, to count as calibrated.
    calibration_tolerance: Mapped[float] = mapped_column(Float, default=0.5, server_default="0.5")

    rubric_version: Mapped[RubricVersion] = relationship()
    stages: Mapped[list[Stage]] = relationship(
        back_populates="opening", order_by="Stage.position", cascade="all, delete-orphan"
    )
    team: Mapped[list[TeamMember]] = relationship(
        back_populates="opening", cascade="all, delete-orphan"
    )

    @property
    def rubric(self):
        return self.rubric_version.rubric

    def member(self, user: User) -> TeamMember | None:
        return next((m for m in self.team if m.user_id == user.id), None)

    def __repr__(self) -> str:
        return f"<Opening {self.id} {self.title!r}>"


class Stage(db.Model):
    __tablename__ = "stages"
    __table_args__ = (UniqueConstraint("opening_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id", ondelete="CASCADE"))
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(100))
    #: The interview kit: criterion keys this stage assesses (empty = all of the rubric's), and
    #: per-criterion questions that replace the rubric's for this opening (absent = the rubric's).
    focus: Mapped[list[str]] = mapped_column(JSON, default=list)
    questions: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)

    opening: Mapped[Opening] = relationship(back_populates="stages")

    @property
    def label(self) -> str:
        """The stage as people read it: a default name in the reader's language, any other as typed."""
        if self.name in DEFAULT_STAGES:
            from hiring.i18n import page_translations

            return page_translations().gettext(self.name)
        return self.name


class TeamMember(db.Model):
    __tablename__ = "team_members"
    __table_args__ = (UniqueConstraint("opening_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(enum_column(Role))

    opening: Mapped[Opening] = relationship(back_populates="team")
    user: Mapped[User] = relationship()
