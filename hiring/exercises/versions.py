"""Stored exercise versions: every distinct content an exercise has had, kept forever.

Like rubric versions (`hiring.rubrics.models`): an exercise (a key) has versions numbered 1, 2, 3…,
from the files in `rubrics/exercises/`, from the exercise builder and from uploaded files; the
content hash is the identity. An invitation copies the exercise into itself when it is sent, so a
new version changes only the invitations made after it.
"""

from __future__ import annotations

from datetime import datetime
from functools import cached_property
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hiring.exercises.schema import Exercise
from hiring.extensions import db
from hiring.timeutil import utcnow


class ExerciseVersion(db.Model):
    """One version of an exercise, identified by its key and the hash of its content. Never changed
    or deleted."""

    __tablename__ = "exercise_versions"
    __table_args__ = (UniqueConstraint("key", "content_hash"),
                      Index("uq_exercise_versions_key_number", "key", "number", unique=True))

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), index=True)
    #: 1, 2, 3… per key, in the order versions were stored.
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    #: The rubric (key) it evidences criteria of, its type and title: for lists without parsing `data`.
    rubric_key: Mapped[str] = mapped_column(String(100), index=True)
    type: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    #: `Exercise.to_dict()`: what an invitation snapshots.
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: The YAML it was stored from (a file's own text, comments and all; the builder's as written).
    source_text: Mapped[str] = mapped_column(Text)
    #: "file" (rubrics/exercises on disk), "builder" (the browser) or "upload".
    origin: Mapped[str] = mapped_column(String(10))
    #: Who saved it (None: a file). A plain id, not a foreign key, as for rubric versions.
    author_id: Mapped[int | None]
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @cached_property
    def exercise(self) -> Exercise:
        """The exercise as stored (English, its file's own words)."""
        return Exercise.from_dict(self.data)

    @property
    def short_hash(self) -> str:
        return self.content_hash[:10]

    def __repr__(self) -> str:
        return f"<ExerciseVersion {self.key} {self.number} {self.short_hash}>"


class ExerciseDraft(db.Model):
    """The exercise builder's unsaved form, kept as typed: one per author and exercise (key None: a
    new exercise not yet saved). Deleted when the version is saved or the draft discarded."""

    __tablename__ = "exercise_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str | None] = mapped_column(String(100))
    base_version_id: Mapped[int | None] = mapped_column(ForeignKey("exercise_versions.id", ondelete="SET NULL"))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
