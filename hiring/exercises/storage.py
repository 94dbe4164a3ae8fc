"""Where uploaded files live: in the database, beside the answer they belong to.

The storage interface is three functions: `put` (in the unit of work that saves the answer),
`read`, and `remove` (for answers that stay but lose their file, as in the retention purge).
An answer's file is deleted with the answer by the database itself (ON DELETE CASCADE), so
erasing a candidate leaves no file anywhere, backups hold the files with their rows, and a second
app host behind the same database serves them. A replaced upload is deleted when it is replaced,
in the same transaction.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from sqlalchemy import delete, select

from hiring.exercises.models import Answer, StoredFile
from hiring.exercises.uploads import CheckedUpload
from hiring.extensions import db


def put(answer: Answer, upload: CheckedUpload) -> str:
    """Store `upload` as the answer's file, replacing any earlier one; returns the file's name."""
    if answer.id is None:
        db.session.flush()
    db.session.execute(delete(StoredFile).where(StoredFile.answer_id == answer.id))
    db.session.add(StoredFile(answer_id=answer.id, kind=upload.kind, size=upload.size, data=upload.data))
    return f"{secrets.token_hex(16)}.{'jpg' if upload.kind == 'jpeg' else upload.kind}"


def read(answer: Answer) -> bytes | None:
    """The answer's file, or None if it has none."""
    return db.session.scalar(select(StoredFile.data).where(StoredFile.answer_id == answer.id))


def read_many(answer_ids: Iterable[int]) -> dict[int, bytes]:
    """The files of these answers, by answer id (one query)."""
    ids = list(answer_ids)
    if not ids:
        return {}
    rows = db.session.execute(select(StoredFile.answer_id, StoredFile.data).where(StoredFile.answer_id.in_(ids)))
    return {answer_id: data for answer_id, data in rows}


def remove(answer_ids: Iterable[int]) -> int:
    """Delete the files of these answers (the answers stay); returns how many were deleted."""
    ids = list(answer_ids)
    if not ids:
        return 0
    return db.session.execute(delete(StoredFile).where(StoredFile.answer_id.in_(ids))
                              .execution_options(synchronize_session=False)).rowcount
