"""Rubric versions: every distinct content a rubric has had, from any source, kept forever.

A rubric (a key) has versions numbered 1, 2, 3… in the order they were stored. They come from the
YAML files in `rubrics/` (read whenever the app looks for rubrics: a changed file is stored as a
new version beside the others), from the builder in the browser and from uploaded files. Storing
content the key already has returns that version: the content hash is the identity. The newest
version is the rubric's *current* one, which new openings pin; an opening already open keeps its
version until a manager upgrades it (the newer one is offered, never applied by itself).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from hiring.audit.operations import record
from hiring.auth.models import Role, User
from hiring.extensions import db
from hiring.rubrics.models import RubricVersion
from hiring.rubrics.schema import Rubric, RubricError, RubricProblem, find_rubric_files, load_rubric
from hiring.transactions import operation

ORIGINS = ("file", "builder", "upload")
#: The global roles that may store versions of rubrics at all (which ones: `can_edit_rubric`).
RUBRIC_EDITORS = (Role.ADMIN, Role.HIRING_MANAGER)


def _existing(key: str, content_hash: str) -> RubricVersion | None:
    return db.session.scalar(select(RubricVersion).filter_by(key=key, content_hash=content_hash))


def store_version(rubric: Rubric, source_text: str, source_path: str, *, origin: str = "file",
                  author: User | None = None, note: str = "") -> RubricVersion:
    """Return the stored version for this content, adding it (numbered after the key's newest) if
    it is new. Two requests storing the same file at once end with one version (a savepoint)."""
    existing = _existing(rubric.key, rubric.content_hash)
    if existing is not None:
        return existing
    number = (db.session.scalar(select(func.max(RubricVersion.number)).filter_by(key=rubric.key)) or 0) + 1
    version = RubricVersion(
        key=rubric.key, content_hash=rubric.content_hash, label=rubric.version, title=rubric.title,
        data=rubric.to_dict(), source_text=source_text, source_path=source_path, number=number, origin=origin,
        author_id=author.id if author is not None else None, note=note.strip(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(version)
    except IntegrityError:  # another request stored it (or took the number) first
        existing = _existing(rubric.key, rubric.content_hash)
        if existing is None:
            raise
        return existing
    return version


def load_file(path: Path) -> RubricVersion:
    """Parse a rubric file (raising RubricError on any problem) and store its content."""
    rubric = load_rubric(path)
    return store_version(rubric, path.read_text(encoding="utf-8"), path.name)


def sync_files(rubrics_dir: str | Path) -> None:
    """Store the content of every valid rubric file in the folder that is not stored yet."""
    for path in find_rubric_files([rubrics_dir]):
        try:
            load_file(path)
        except RubricError:
            continue  # `rubrics check` and the rubrics page report it


def rubric_path(rubrics_dir: str | Path, key: str) -> Path:
    """The file in `rubrics_dir` whose rubric key is `key`."""
    for path in find_rubric_files([rubrics_dir]):
        try:
            if load_rubric(path).key == key:
                return path
        except RubricError:
            continue
    raise RubricError([RubricProblem(str(rubrics_dir), None, f"no rubric with key '{key}'")])


def latest_version(key: str) -> RubricVersion | None:
    return db.session.scalar(select(RubricVersion).filter_by(key=key).order_by(RubricVersion.number.desc())
                             .limit(1))


def current_version(rubrics_dir: str | Path, key: str) -> RubricVersion:
    """The rubric's newest version, its file (if it has one) stored first if it changed."""
    sync_files(rubrics_dir)
    version = latest_version(key)
    if version is None:
        raise RubricError([RubricProblem(str(rubrics_dir), None, f"no rubric with key '{key}'")])
    return version


def latest_versions(rubrics_dir: str | Path) -> list[RubricVersion]:
    """The newest version of every rubric (files stored first), by title."""
    sync_files(rubrics_dir)
    newest = select(RubricVersion.key, func.max(RubricVersion.number).label("number")).group_by(
        RubricVersion.key).subquery()
    versions = db.session.scalars(select(RubricVersion).join(
        newest, (RubricVersion.key == newest.c.key) & (RubricVersion.number == newest.c.number)))
    return sorted(versions, key=lambda v: (v.title.casefold(), v.key))


def available_rubrics(rubrics_dir: str | Path) -> list[Rubric]:
    """The current rubrics, for choosing one when opening a role."""
    return [version.english for version in latest_versions(rubrics_dir)]


def versions_of(key: str) -> list[RubricVersion]:
    """Every stored version of a rubric, newest first."""
    return list(db.session.scalars(select(RubricVersion).filter_by(key=key).order_by(RubricVersion.number.desc())))


def author_of(key: str) -> int | None:
    """Who created the rubric in the app (its first version's author); None for a rubric from a file."""
    return db.session.scalar(select(RubricVersion.author_id).filter_by(key=key, number=1))


def numbered_version(key: str, number: int) -> RubricVersion | None:
    """The rubric's version with this number (1, 2, 3…), if it has one."""
    return db.session.scalar(select(RubricVersion).filter_by(key=key, number=number))


def can_edit_rubric(user: User, key: str) -> bool:
    """Whether `user` may store new versions of the rubric `key` (upload, builder): admins any
    rubric; hiring managers a new key, or one whose first version they stored; nobody else. A rubric
    from a file has no author, so only admins add to it."""
    return can_edit(user, exists=latest_version(key) is not None, author_id=author_of(key))


def can_edit(user: User, *, exists: bool, author_id: int | None) -> bool:
    """The one rule for what people build in the app (rubrics, exercises): admins edit anything;
    hiring managers something new, or what they created (its first version is theirs); nobody else.
    What came from a file has no author, so only admins add versions to it (others copy it)."""
    if user.role not in RUBRIC_EDITORS:
        return False
    return user.role == Role.ADMIN or not exists or author_id == user.id


@operation
def save_version(actor: User | None, rubric: Rubric, source_text: str, *, origin: str, note: str = "",
                 source_path: str = "") -> tuple[RubricVersion, bool]:
    """Store `rubric` (already validated by the one schema) as the key's newest version; return it
    and whether it is new (the same content again is the version that has it). Audited."""
    if origin not in ORIGINS:
        raise ValueError(f"unknown origin {origin!r}")
    before = _existing(rubric.key, rubric.content_hash)
    version = store_version(rubric, source_text, source_path or f"{rubric.key}.yaml", origin=origin, author=actor,
                            note=note)
    if before is None:
        record(actor, "rubric.save", version, key=version.key, number=version.number, origin=origin,
               content_hash=version.content_hash)
    return version, before is None
