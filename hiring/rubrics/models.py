"""Stored rubric versions: every distinct content of a rubric file, kept forever."""

from __future__ import annotations

from datetime import datetime
from functools import cached_property
from typing import Any

from sqlalchemy import JSON, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hiring.extensions import db
from hiring.rubrics.schema import Rubric
from hiring.timeutil import utcnow


class RubricVersion(db.Model):
    """One version of a rubric, identified by its key and the hash of its content.

    Openings (and through them every score) point at a version, never at the file, so editing the
    file cannot change what past scores meant.
    """

    __tablename__ = "rubric_versions"
    __table_args__ = (UniqueConstraint("key", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    source_text: Mapped[str] = mapped_column(Text)
    source_path: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @cached_property
    def english(self) -> Rubric:
        """The rubric as stored: its file's own words, the version's identity."""
        return Rubric.from_dict(self.data)

    @property
    def rubric(self) -> Rubric:
        """The rubric in the language of the page being made (`hiring.rubrics.language`): the same
        criteria, weights and levels, its words translated as far as its translations are current.
        Kept per language on this instance (one request's session), as pages ask for it in loops."""
        from hiring.i18n import current_language
        from hiring.rubrics.language import rubric_in

        language = current_language()
        kept = self.__dict__.setdefault("_rubric_in", {})
        if language not in kept:
            kept[language] = rubric_in(self.english, language)
        return kept[language]

    @property
    def short_hash(self) -> str:
        return self.content_hash[:10]

    def __repr__(self) -> str:
        return f"<RubricVersion {self.key} {self.label} {self.short_hash}>"
