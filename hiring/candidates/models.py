"""A candidate is a person in one opening's pipeline."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from hiring.candidates.search import search_key
from hiring.candidates.vocabulary import LANGUAGES, CandidateType
from hiring.extensions import db, enum_column
from hiring.openings.models import Opening, Stage
from hiring.timeutil import utcnow


class Candidate(db.Model):
    __tablename__ = "candidates"
    __table_args__ = (UniqueConstraint("opening_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id", ondelete="CASCADE"))
    stage_id: Mapped[int | None] = mapped_column(ForeignKey("stages.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    #: Stored lower-cased: the key for spotting duplicates.
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(50), default="")
    source: Mapped[str] = mapped_column(String(100), default="")
    type: Mapped[CandidateType] = mapped_column(
        enum_column(CandidateType), default=CandidateType.IN_HOUSE
    )
    language: Mapped[str] = mapped_column(String(10), default="en")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: When the retention purge replaced their personal data (see hiring/privacy).
    anonymised_at: Mapped[datetime | None]
    #: Name and email as searches read them (`hiring.candidates.search`), kept by `_searchable`.
    search_text: Mapped[str] = mapped_column(String(500), default="", server_default="")

    opening: Mapped[Opening] = relationship()
    stage: Mapped[Stage | None] = relationship()

    @validates("name", "email")
    def _searchable(self, field: str, value: str) -> str:
        """Whenever the name or the email is set, the search key follows (one rule: search.py)."""
        parts = {"name": self.name, "email": self.email, field: value}
        self.search_text = search_key(f"{parts['name'] or ''} {parts['email'] or ''}")[:500]
        return value

    @property
    def language_name(self) -> str:
        return LANGUAGES.get(self.language, self.language)

    def __repr__(self) -> str:
        return f"<Candidate {self.id} {self.email}>"
