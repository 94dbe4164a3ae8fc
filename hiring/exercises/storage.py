"""Where uploaded files live: by default in the database, beside the answer they belong to; for
large installs, in S3-compatible object storage (`UPLOAD_STORAGE=s3`).

The interface is four functions: `put` (in the unit of work that saves the answer), `read`,
`remove` (answers that stay but lose their file: the retention purge) and `forget` (answers about
to be deleted: erasure). Either way `stored_files` has one row per answer's file, deleted with the
answer by the database itself (ON DELETE CASCADE):

- in the database (the default), the row holds the bytes: erasing a candidate leaves no file
  anywhere, backups hold the files with their rows, and every app host behind the database serves
  them; a replaced upload is deleted in the same transaction;
- in object storage, the row holds the object's key. The object is written before the commit and
  deleted again if the transaction rolls back; objects of replaced, purged or erased files are
  deleted once the transaction that let go of them commits. Backups of the database do not hold
  these files: back up the bucket too (and keep its versioning in mind for erasure).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import delete, select

from hiring.exercises.models import Answer, StoredFile
from hiring.exercises.uploads import CheckedUpload
from hiring.extensions import db
from hiring.transactions import on_commit, on_rollback

log = logging.getLogger(__name__)

BACKENDS = ("database", "s3")


@dataclass(frozen=True)
class ObjectStore:
    """An S3-compatible bucket (AWS, MinIO, Ceph, R2…) and a key prefix."""

    client: Any  # a boto3 S3 client
    bucket: str
    prefix: str

    def write(self, key: str, data: bytes, kind: str) -> None:
        self.client.put_object(Bucket=self.bucket, Key=key, Body=data, ContentType=f"application/x-{kind}")

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def delete(self, keys: list[str]) -> None:
        for start in range(0, len(keys), 1000):  # the API's batch size
            batch = [{"Key": k} for k in keys[start:start + 1000]]
            answer = self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True})
            for error in answer.get("Errors", []):
                log.error("could not delete uploaded object %s: %s", error.get("Key"), error.get("Code"))


def init_app(app) -> None:
    """Choose the backend from the configuration (checked at start-up, not at the first upload)."""
    backend = app.config.get("UPLOAD_STORAGE") or "database"
    if backend not in BACKENDS:
        raise RuntimeError(f"UPLOAD_STORAGE must be one of {', '.join(BACKENDS)}, not {backend!r}")
    store = None
    if backend == "s3":
        import boto3

        if not app.config.get("S3_BUCKET"):
            raise RuntimeError("UPLOAD_STORAGE=s3 needs S3_BUCKET (and the usual AWS_* credentials)")
        client = boto3.client("s3", endpoint_url=app.config.get("S3_ENDPOINT_URL") or None,
                              region_name=app.config.get("S3_REGION") or None)
        store = ObjectStore(client, app.config["S3_BUCKET"], app.config.get("S3_PREFIX") or "uploads/")
    app.extensions["file_store"] = store


def _objects() -> ObjectStore | None:
    return current_app.extensions.get("file_store")


def put(answer: Answer, upload: CheckedUpload) -> str:
    """Store `upload` as the answer's file, replacing any earlier one; returns the file's name."""
    if answer.id is None:
        db.session.flush()
    forget([answer.id])
    db.session.execute(delete(StoredFile).where(StoredFile.answer_id == answer.id))
    name = f"{secrets.token_hex(16)}.{'jpg' if upload.kind == 'jpeg' else upload.kind}"
    store = _objects()
    if store is None:
        db.session.add(StoredFile(answer_id=answer.id, kind=upload.kind, size=upload.size, data=upload.data))
    else:
        key = f"{store.prefix}{name}"
        store.write(key, upload.data, upload.kind)
        on_rollback(lambda: store.delete([key]))  # the upload was not kept after all
        db.session.add(StoredFile(answer_id=answer.id, kind=upload.kind, size=upload.size, object_key=key))
    return name


def read(answer: Answer) -> bytes | None:
    """The answer's file, or None if it has none."""
    return read_many([answer.id]).get(answer.id)


def read_many(answer_ids: Iterable[int]) -> dict[int, bytes]:
    """The files of these answers, by answer id (one query, and one fetch per object)."""
    ids = list(answer_ids)
    if not ids:
        return {}
    rows = db.session.execute(select(StoredFile.answer_id, StoredFile.data, StoredFile.object_key)
                              .where(StoredFile.answer_id.in_(ids)))
    store = _objects()
    found = {}
    for answer_id, data, key in rows:
        if data is not None:
            found[answer_id] = data
        elif key is not None and store is not None:
            found[answer_id] = store.read(key)
    return found


def forget(answer_ids: Iterable[int]) -> None:
    """These answers' files are about to go with their rows: objects in object storage are deleted
    once the transaction commits (rows in the database go by themselves)."""
    ids = list(answer_ids)
    store = _objects()
    if not ids or store is None:
        return
    keys = list(db.session.scalars(select(StoredFile.object_key).where(
        StoredFile.answer_id.in_(ids), StoredFile.object_key.is_not(None))))
    if keys:
        on_commit(lambda: store.delete(keys))


def remove(answer_ids: Iterable[int]) -> int:
    """Delete the files of these answers (the answers stay); returns how many were deleted."""
    ids = list(answer_ids)
    if not ids:
        return 0
    forget(ids)
    return db.session.execute(delete(StoredFile).where(StoredFile.answer_id.in_(ids))
                              .execution_options(synchronize_session=False)).rowcount
