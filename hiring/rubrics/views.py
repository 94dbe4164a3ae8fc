"""Rubric pages: the rubrics on file, every stored version and what changed between two of them,
readable by every signed-in user."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user
from sqlalchemy import select

from hiring.auth.access import CAN_CREATE_OPENINGS, can_edit_rubric, require
from hiring.auth.models import User
from hiring.extensions import db
from hiring.rubrics.diff import diff_rubrics
from hiring.rubrics.models import RubricVersion
from hiring.rubrics.schema import check_paths
from hiring.rubrics.store import latest_versions, versions_of

bp = Blueprint("rubrics", __name__, url_prefix="/rubrics")


@bp.route("/")
@require()
def index():
    """Every rubric (its newest version; a changed file is stored first), with all its versions."""
    rubrics_dir = current_app.config["RUBRICS_DIR"]
    _valid, problems = check_paths([rubrics_dir])
    current = latest_versions(rubrics_dir)
    versions = {v.key: versions_of(v.key) for v in current}
    authors = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(
        {v.author_id for vs in versions.values() for v in vs if v.author_id})))}
    return render_template("rubrics/index.html", current=current, problems=problems, versions=versions,
                           authors=authors, can_create=current_user.role in CAN_CREATE_OPENINGS,
                           editable={v.key for v in current if can_edit_rubric(current_user, v.key)})


@bp.route("/versions/<int:version_id>")
@require()
def version(version_id: int):
    stored = db.session.get(RubricVersion, version_id) or abort(404)
    author = db.session.get(User, stored.author_id) if stored.author_id else None
    return render_template("rubrics/version.html", version=stored, rubric=stored.rubric,
                           others=versions_of(stored.key), author=author,
                           can_edit=can_edit_rubric(current_user, stored.key),
                           can_create=current_user.role in CAN_CREATE_OPENINGS)


def _version_asked(name: str, by_number: dict[int, RubricVersion], default: RubricVersion) -> RubricVersion:
    """The version numbered `?name=` (the default when not given); 404 when the rubric has no such number."""
    if name not in request.args:
        return default
    number = request.args.get(name, type=int)
    if number not in by_number:
        abort(404)
    return by_number[number]


@bp.route("/<key>/diff")
@require()
def diff(key: str):
    """Two versions of one rubric side by side, word by word: `?from=N&to=M` (version numbers of this
    rubric; by default the newest and the one before it)."""
    versions = versions_of(key) or abort(404)  # newest first
    by_number = {v.number: v for v in versions}
    newer = _version_asked("to", by_number, versions[0])
    before = next((v for v in versions if v.number < newer.number), newer)
    older = _version_asked("from", by_number, before)
    return render_template("rubrics/diff.html", key=key, versions=versions, old=older, new=newer,
                           diff=diff_rubrics(older.english, newer.english))
