"""Exercise versions: every distinct content an exercise has had, from any source, kept forever.

The exercise-side twin of `hiring.rubrics.store`. An exercise (a key) has versions numbered 1, 2,
3… in the order they were stored: from the YAML files in the exercises folder (read whenever the app
lists exercises: a changed file is stored as a new version beside the others), from the exercise
builder and from uploaded files. Storing content the key already has returns that version: the
content hash is the identity. The newest version is the exercise's *current* one, which new
invitations copy; an invitation already sent keeps its own copy.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from hiring.audit.operations import record
from hiring.auth.models import User
from hiring.exercises.schema import Exercise, ExerciseError, parse_exercise
from hiring.exercises.versions import ExerciseVersion
from hiring.extensions import db
from hiring.rubrics.schema import Rubric
from hiring.rubrics.store import ORIGINS, RUBRIC_EDITORS, can_edit
from hiring.transactions import operation
from hiring.yamlreader import check_files, read_utf8

#: The global roles that may store versions of exercises (which ones: `can_edit_exercise`): as for rubrics.
EXERCISE_EDITORS = RUBRIC_EDITORS


def _existing(key: str, content_hash: str) -> ExerciseVersion | None:
    return db.session.scalar(select(ExerciseVersion).filter_by(key=key, content_hash=content_hash))


def store_version(exercise: Exercise, source_text: str, *, origin: str = "file", author: User | None = None,
                  note: str = "") -> ExerciseVersion:
    """Return the stored version for this content, adding it (numbered after the key's newest) if
    it is new. Two requests storing the same file at once end with one version (a savepoint)."""
    content_hash = exercise.content_hash
    existing = _existing(exercise.key, content_hash)
    if existing is not None:
        return existing
    number = (db.session.scalar(select(func.max(ExerciseVersion.number)).filter_by(key=exercise.key)) or 0) + 1
    version = ExerciseVersion(
        key=exercise.key, number=number, content_hash=content_hash, rubric_key=exercise.rubric,
        type=exercise.type, title=exercise.title, data=exercise.to_dict(), source_text=source_text,
        origin=origin, author_id=author.id if author is not None else None, note=note.strip(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(version)
    except IntegrityError:  # another request stored it (or took the number) first
        existing = _existing(exercise.key, content_hash)
        if existing is None:
            raise
        return existing
    return version


def sync_files(exercises_dir: str | Path) -> None:
    """Store the content of every valid exercise file in the folder that is not stored yet. Broken
    files, and a key used by two files, are skipped (`rubrics check` reports them)."""
    if not Path(exercises_dir).is_dir():
        return

    def load(path: Path) -> tuple[Exercise, str]:
        text = read_utf8(path, ExerciseError)
        return parse_exercise(text, str(path)), text

    found, _problems = check_files([exercises_dir], load, lambda loaded: loaded[0].key, ExerciseError, "exercise")
    for exercise, text in found:
        store_version(exercise, text)


def latest_version(key: str) -> ExerciseVersion | None:
    return db.session.scalar(select(ExerciseVersion).filter_by(key=key).order_by(ExerciseVersion.number.desc())
                             .limit(1))


def latest_versions(exercises_dir: str | Path | None = None, rubric_key: str | None = None) -> list[ExerciseVersion]:
    """The newest version of every exercise (of one rubric, if given; files stored first), by key."""
    if exercises_dir is not None:
        sync_files(exercises_dir)
    newest = select(ExerciseVersion.key, func.max(ExerciseVersion.number).label("number")).group_by(
        ExerciseVersion.key).subquery()
    query = select(ExerciseVersion).join(
        newest, (ExerciseVersion.key == newest.c.key) & (ExerciseVersion.number == newest.c.number))
    if rubric_key is not None:
        query = query.where(ExerciseVersion.rubric_key == rubric_key)
    return sorted(db.session.scalars(query), key=lambda version: version.key)


def fits(exercise: Exercise, rubric: Rubric) -> bool:
    """Whether `exercise` belongs to `rubric` and evidences only criteria it has."""
    return exercise.rubric == rubric.key and set(exercise.criteria) <= set(rubric.criterion_keys)


def exercises_of(exercises_dir: str | Path, rubric: Rubric) -> list[Exercise]:
    """What a hiring manager may invite to under `rubric` (an opening's pinned version): the newest
    version of each exercise of the rubric whose criteria are all in it, sorted by key. An exercise
    naming a criterion the rubric's version lacks is skipped (as a broken file always was)."""
    return [version.exercise for version in latest_versions(exercises_dir, rubric.key)
            if fits(version.exercise, rubric)]


def versions_of(key: str) -> list[ExerciseVersion]:
    """Every stored version of an exercise, newest first."""
    return list(db.session.scalars(select(ExerciseVersion).filter_by(key=key)
                                   .order_by(ExerciseVersion.number.desc())))


def numbered_version(key: str, number: int) -> ExerciseVersion | None:
    return db.session.scalar(select(ExerciseVersion).filter_by(key=key, number=number))


def author_of(key: str) -> int | None:
    """Who created the exercise in the app (its first version's author); None for one from a file."""
    return db.session.scalar(select(ExerciseVersion.author_id).filter_by(key=key, number=1))


def authors() -> dict[str, int | None]:
    """Who created each exercise in the app (its first version's author; None: from a file), by key:
    one query for a whole list."""
    return dict(db.session.execute(select(ExerciseVersion.key, ExerciseVersion.author_id).filter_by(number=1)).all())


def can_edit_exercise(user: User, key: str) -> bool:
    """Whether `user` may store new versions of the exercise `key`: the rule rubrics have
    (`hiring.rubrics.store.can_edit`): admins any; hiring managers a new key or one they created."""
    return can_edit(user, exists=latest_version(key) is not None, author_id=author_of(key))


@operation
def save_version(actor: User | None, exercise: Exercise, source_text: str, *, origin: str,
                 note: str = "") -> tuple[ExerciseVersion, bool]:
    """Store `exercise` (already validated by the one schema) as the key's newest version; return it
    and whether it is new (the same content again is the version that has it). Audited."""
    if origin not in ORIGINS:
        raise ValueError(f"unknown origin {origin!r}")
    before = _existing(exercise.key, exercise.content_hash)
    version = store_version(exercise, source_text, origin=origin, author=actor, note=note)
    if before is None:
        record(actor, "exercise.save", version, key=version.key, number=version.number, origin=origin,
               content_hash=version.content_hash)
    return version, before is None


def offered(opening) -> list[Exercise]:
    """The exercises a hiring manager may invite the opening's candidates to (`exercises_of` its
    pinned rubric version, the app's exercises folder stored first)."""
    from flask import current_app

    return exercises_of(current_app.config["EXERCISES_DIR"], opening.rubric_version.english)
