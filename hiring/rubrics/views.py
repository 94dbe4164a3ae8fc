"""Rubric pages: every rubric and each of its versions, what changed between two of them, readable
by every signed-in user; each version downloadable as YAML; rubric files uploaded by those who may
edit rubrics (`hiring.rubrics.store.can_edit_rubric`)."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from hiring.auth.access import require
from hiring.auth.models import User
from hiring.downloads import attachment
from hiring.extensions import db
from hiring.rubrics.diff import diff_rubrics
from hiring.rubrics.forms import UploadForm
from hiring.rubrics.language import translation_status
from hiring.rubrics.models import RubricVersion
from hiring.rubrics.schema import Rubric, RubricError, check_paths
from hiring.rubrics.store import (
    RUBRIC_EDITORS,
    can_edit_rubric,
    latest_versions,
    save_version,
    sync_files,
    versions_of,
)
from hiring.rubrics.yamlfile import MAX_FILE_BYTES, read_rubric_file, rubric_yaml

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
                           authors=authors, can_create=current_user.role in RUBRIC_EDITORS,
                           editable={v.key for v in current if can_edit_rubric(current_user, v.key)})


@bp.route("/versions/<int:version_id>")
@require()
def version(version_id: int):
    stored = db.session.get(RubricVersion, version_id) or abort(404)
    author = db.session.get(User, stored.author_id) if stored.author_id else None
    return render_template("rubrics/version.html", version=stored, rubric=stored.rubric,
                           others=versions_of(stored.key), author=author,
                           can_edit=can_edit_rubric(current_user, stored.key), key=stored.key,
                           status=translation_status("rubric", stored.key, stored.data),
                           can_create=current_user.role in RUBRIC_EDITORS)


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
