"""Rubric pages: the rubrics on file and every stored version, readable by every signed-in user."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

from hiring.auth.access import require
from hiring.extensions import db
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
