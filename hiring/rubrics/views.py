"""Rubric pages: the rubrics on file and every stored version, readable by every signed-in user, each
version downloadable as YAML; rubric files uploaded by those who may edit rubrics."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hiring.auth.access import require
from hiring.downloads import attachment
from hiring.extensions import db
from hiring.rubrics.forms import UploadForm
from hiring.rubrics.language import rubric_in
from hiring.rubrics.models import RubricVersion
from hiring.rubrics.schema import Rubric, RubricError, check_paths
from hiring.rubrics.store import RUBRIC_EDITORS, can_edit_rubric, save_version, sync_files, versions_of
from hiring.rubrics.yamlfile import MAX_FILE_BYTES, read_rubric_file, rubric_yaml

bp = Blueprint("rubrics", __name__, url_prefix="/rubrics")


@bp.route("/")
@require()
def index():
    rubrics, problems = check_paths([current_app.config["RUBRICS_DIR"]])
    versions = {r.key: versions_of(r.key) for r in rubrics}
    return render_template("rubrics/index.html", rubrics=rubrics, problems=problems,
                           versions=versions, words={r.key: rubric_in(r) for r in rubrics},
                           can_upload=current_user.role in RUBRIC_EDITORS)


@bp.route("/versions/<int:version_id>")
@require()
def version(version_id: int):
    stored = db.session.get(RubricVersion, version_id) or abort(404)
    return render_template("rubrics/version.html", version=stored, rubric=stored.rubric,
                           others=versions_of(stored.key), can_upload=can_edit_rubric(current_user, stored.key))


@bp.route("/versions/<int:version_id>.yaml")
@require()
def download(version_id: int):
    """The version as a YAML file: the file it came from while that still reads as it, else written out."""
    stored = db.session.get(RubricVersion, version_id) or abort(404)
    return attachment(rubric_yaml(stored.english, stored.source_text), "application/yaml; charset=utf-8",
                      f"{stored.key}-v{stored.number}.yaml")


@bp.route("/upload", methods=["GET", "POST"])
@require(*RUBRIC_EDITORS)
def upload():
    """A rubric file from the browser, read by the one schema (every problem shown at its line) and
    stored as a version of its key if the user may edit that rubric (`can_edit_rubric`)."""
    form = UploadForm()
    problems, status = [], 200
    if form.validate_on_submit():
        data, filename = form.file.data.stream.read(MAX_FILE_BYTES + 1), _file_name(form.file.data.filename)
        if len(data) > MAX_FILE_BYTES:
            form.file.errors.append(_("The file is larger than %(kb)s KB, the most a rubric file may be. Nothing "
                                      "was stored.", kb=MAX_FILE_BYTES // 1024))
        else:
            try:
                rubric, text = read_rubric_file(data, filename)
            except RubricError as err:
                problems = err.problems
            else:
                sync_files(current_app.config["RUBRICS_DIR"])  # a file's key is the file's, stored yet or not
                if can_edit_rubric(current_user, rubric.key):
                    return _store(rubric, text, filename, form.note.data or "")
                status = 403
                form.file.errors.append(_("Only an admin or the person who created the rubric %(key)s may store "
                                          "a new version of it. Give the file a new key to make your own copy.",
                                          key=rubric.key))
    return render_template("rubrics/upload.html", form=form, problems=problems, max_kb=MAX_FILE_BYTES // 1024), status


def _store(rubric: Rubric, text: str, filename: str, note: str):
    version, is_new = save_version(current_user, rubric, text, origin="upload", note=note, source_path=filename)
    if is_new:
        flash(_("Stored as version %(number)s of %(title)s.", number=version.number, title=version.rubric.title),
              "success")
    else:
        flash(_("%(title)s: identical to version %(number)s, so nothing new was stored.", number=version.number,
                title=version.rubric.title), "info")
    return redirect(url_for("rubrics.version", version_id=version.id))


def _file_name(given: str | None) -> str:
    """The uploaded file's own name, without folders: problems and the version name it."""
    name = PurePosixPath(re.sub(r"[\x00-\x1f\x7f]", "", given or "").replace("\\", "/")).name.strip()
    return name[:200] or "upload.yaml"
