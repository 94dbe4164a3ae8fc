"""Rubric files → stored versions.

The YAML file is the source a hiring team edits; the database keeps every distinct content it has
seen, keyed by content hash. Storing the same content again returns the existing version.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from hiring.extensions import db
from hiring.rubrics.models import RubricVersion
from hiring.rubrics.schema import Rubric, RubricError, RubricProblem, find_rubric_files, load_rubric


def store_version(rubric: Rubric, source_text: str, source_path: str) -> RubricVersion:
    """Return the stored version for this content, adding it if it is new."""
    existing = db.session.scalar(
        select(RubricVersion).filter_by(key=rubric.key, content_hash=rubric.content_hash)
    )
    if existing is not None:
        return existing
    version = RubricVersion(
        key=rubric.key,
        content_hash=rubric.content_hash,
        label=rubric.version,
        title=rubric.title,
        data=rubric.to_dict(),
        source_text=source_text,
        source_path=source_path,
    )
    db.session.add(version)
    db.session.flush()
    return version


def load_file(path: Path) -> RubricVersion:
    """Parse a rubric file (raising RubricError on any problem) and store its content."""
    rubric = load_rubric(path)
    return store_version(rubric, path.read_text(encoding="utf-8"), path.name)


def rubric_path(rubrics_dir: str | Path, key: str) -> Path:
    """The file in `rubrics_dir` whose rubric key is `key`."""
    for path in find_rubric_files([rubrics_dir]):
        try:
            if load_rubric(path).key == key:
                return path
        except RubricError:
            continue
    raise RubricError([RubricProblem(str(rubrics_dir), None, f"no rubric with key '{key}'")])


def current_version(rubrics_dir: str | Path, key: str) -> RubricVersion:
    """The version matching the file for `key` as it is now on disk (stored if new)."""
    return load_file(rubric_path(rubrics_dir, key))


def available_rubrics(rubrics_dir: str | Path) -> list[Rubric]:
    """The valid rubrics in the folder, for choosing one when opening a role."""
    rubrics = []
    for path in find_rubric_files([rubrics_dir]):
        try:
            rubrics.append(load_rubric(path))
        except RubricError:
            continue
    return rubrics


def versions_of(key: str) -> list[RubricVersion]:
    """Every stored version of a rubric, newest first."""
    return list(
        db.session.scalars(
            select(RubricVersion).filter_by(key=key).order_by(RubricVersion.id.desc())
        )
    )
