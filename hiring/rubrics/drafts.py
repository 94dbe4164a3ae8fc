"""What a builder (rubric or exercise) keeps of a form being typed: one draft per person and key (None
for something not saved yet), so unsaved changes survive a closed tab; and the form's field errors as
the page shows them. Both builders use these, each with its own draft table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import delete, select

from hiring.extensions import db
from hiring.rubrics.builder import FieldError
from hiring.timeutil import utcnow


class Drafts:
    """The signed-in person's drafts in `model` (a table with author_id, key, fields, base_version_id
    and updated_at)."""

    def __init__(self, model: type) -> None:
        self.model = model

    def get(self, key: str | None) -> Any | None:
        return db.session.scalar(select(self.model).filter_by(author_id=current_user.id, key=key))

    def keep(self, key: str | None, base: Any | None, fields: Mapping[str, str]) -> Any:
        """Store what is typed on `base` (the version it was typed on; None for a new one)."""
        draft = self.get(key)
        if draft is None:
            draft = self.model(author_id=current_user.id, key=key)
            db.session.add(draft)
        draft.fields, draft.base_version_id, draft.updated_at = dict(fields), base.id if base else None, utcnow()
        db.session.flush()
        return draft

    def forget(self, key: str | None) -> None:
        db.session.execute(delete(self.model).filter_by(author_id=current_user.id, key=key))


def field_messages(errors: list[FieldError]) -> dict[str, list[str]]:
    """The errors by field name, in the reader's language."""
    shown: dict[str, list[str]] = {}
    for error in errors:
        shown.setdefault(error.field, []).append(_(error.message, **error.values))
    return shown
