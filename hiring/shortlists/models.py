"""The shortlist of an opening and the decisions leadership records on its candidates.

A candidate belongs to one opening, so one shortlist entry per candidate is the opening's shortlist.
Decisions are never edited: each one is a new row, so the history shows who changed their mind.
"""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.extensions import db, enum_column
from hiring.i18n import N_
from hiring.timeutil import utcnow


class ShortlistEntry(db.Model):
    __tablename__ = "shortlist_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), unique=True)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    candidate: Mapped[Candidate] = relationship()
    added_by: Mapped[User | None] = relationship()


class DecisionKind(enum.StrEnum):
    ADVANCE = "advance"
    HOLD = "hold"
    REJECT = "reject"
    OFFER = "offer"

    @property
    def label(self) -> str:
        """The decision in the page's language."""
        return gettext(DECISION_LABELS[self])


DECISION_LABELS = {DecisionKind.ADVANCE: N_("Advance"), DecisionKind.HOLD: N_("Hold"),
                   DecisionKind.REJECT: N_("Reject"), DecisionKind.OFFER: N_("Offer")}


class Decision(db.Model):
    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[DecisionKind] = mapped_column(enum_column(DecisionKind))
    comment: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    candidate: Mapped[Candidate] = relationship()
    decided_by: Mapped[User | None] = relationship()
