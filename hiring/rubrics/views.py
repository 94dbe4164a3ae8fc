"""Rubric pages: the rubrics on file, every stored version and what changed between two of them,
readable by every signed-in user."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from hiring.auth.access import require
from hiring.extensions import db
from hiring.rubrics.diff import diff_rubrics
from hiring.rubrics.language import rubric_in
from hiring.rubrics.models import RubricVersion
from hiring.rubrics.schema import check_paths
from hiring.rubrics.store import versions_of

bp = Blueprint("rubrics", __name__, url_prefix="/rubrics")


@bp.route("/")
@require()
def index():
    rubrics, problems = check_paths([current_app.config["RUBRICS_DIR"]])
    versions = {r.key: versions_of(r.key) for r in rubrics}
    return render_template("rubrics/index.html", rubrics=rubrics, problems=problems,
                           versions=versions, words={r.key: rubric_in(r) for r in rubrics})


@bp.route("/versions/<int:version_id>")
@require()
def version(version_id: int):
    stored = db.session.get(RubricVersion, version_id) or abort(404)
    return render_template("rubrics/version.html", version=stored, rubric=stored.rubric,
                           others=versions_of(stored.key))


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
