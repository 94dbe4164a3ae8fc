"""Erasing a candidate and downloading their data. Thin: load (access), call the operation, answer."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, url_for
from flask_login import current_user

from hiring.auth.access import load_candidate, require
from hiring.downloads import attachment
from hiring.privacy import operations
from hiring.transactions import on_commit

bp = Blueprint("privacy", __name__)


@bp.route("/candidates/<int:candidate_id>/erase", methods=["POST"])
@require()
def erase(candidate_id: int):
    candidate = load_candidate(candidate_id, manage=True)
    opening_id = candidate.opening_id
    erasure = operations.erase_candidate(current_user, candidate, current_app.config["UPLOAD_FOLDER"])
    on_commit(lambda: _say_erased(erasure))  # the files are removed once the erasure is committed
    return redirect(url_for("openings.show", opening_id=opening_id))


def _say_erased(erasure: operations.Erasure) -> None:
    if erasure.files_left:
        flash(f"The candidate was erased, but {len(erasure.files_left)} uploaded file(s) could not be "
              "removed; the server log names them.", "warning")
    else:
        flash(f"The candidate and their data were erased. The audit trail refers to them as {erasure.ref}.",
              "success")


@bp.route("/candidates/<int:candidate_id>/data.zip")
@require()
def data_export(candidate_id: int):
    candidate = load_candidate(candidate_id, manage=True)
    archive = operations.export_data(current_user, candidate, current_app.config["UPLOAD_FOLDER"])
    return attachment(archive, "application/zip", f"candidate-{candidate_id}-data.zip")
