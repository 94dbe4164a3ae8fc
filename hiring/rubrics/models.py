"""Stored rubric versions: every distinct content of a rubric file, kept forever."""

from __future__ import annotations

from datetime import datetime
from functools import cached_property
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hiring.extensions import db
from hiring.rubrics.schema import Rubric
from hiring.timeutil import utcnow


class RubricVersion(db.Model):
    """One version of a rubric, identified by its key and the hash of its content.

    Openings (and through them every score) point at a version, never at the file, so editing the
    file cannot change what past scores meant. Versions come from the files in `rubrics/`, from the
    builder in the browser and from uploaded files; each is numbered 1, 2, 3… per key as it is
    stored, and none is ever changed or deleted.
    """

    __tablename__ = "rubric_versions"
    __table_args__ = (UniqueConstraint("key", "content_hash"),
                      Index("uq_rubric_versions_key_number", "key", "number", unique=True))

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    source_text: Mapped[str] = mapped_column(Text)
    source_path: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: 1, 2, 3… per key, in the order versions were stored.
    number: Mapped[int] = mapped_column(server_default="0")
    #: Where it came from: "file" (rubrics/ on disk), "builder" (the browser) or "upload".
    origin: Mapped[str] = mapped_column(String(10), default="file", server_default="file")
    #: Who saved it (None: a file), and why (the change note). A plain id, not a foreign key, so that
    #: the column can be dropped in place on SQLite; a removed user is shown as such.
    author_id: Mapped[int | None]
    note: Mapped[str] = mapped_column(Text, default="", server_default="")

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


class RubricDraft(db.Model):
    """The builder's unsaved form, kept as typed (valid or not) so that nothing typed is lost: one per
    author and rubric (key None: a new rubric not yet saved). Deleted when the version is saved."""

    __tablename__ = "rubric_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str | None] = mapped_column(String(100))
    base_version_id: Mapped[int | None] = mapped_column(ForeignKey("rubric_versions.id", ondelete="SET NULL"))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ContentTranslation(db.Model):
    """The texts of one rubric or exercise in one language, written in the app (the translation
    editor): the database's counterpart of a translation file (`hiring.rubrics.translations`), and
    looked up before it. `entries` is {path: {"text": ..., "source": <hash of the English>}}; an entry
    whose English has changed since is stale and not shown, as in a file."""

    __tablename__ = "content_translations"
    __table_args__ = (UniqueConstraint("kind", "key", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "rubric" or "exercise" (`hiring.rubrics.stored_translations.KINDS`).
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(10))
    entries: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Who saved it last: a plain id (no foreign key), as `RubricVersion.author_id`.
    updated_by: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
