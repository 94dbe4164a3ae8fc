"""Erasing a candidate and downloading their data. Thin: load (access), call the operation, answer."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hiring.auth.access import load_candidate, require
from hiring.downloads import attachment
from hiring.privacy import operations

bp = Blueprint("privacy", __name__)


@bp.route("/candidates/<int:candidate_id>/erase", methods=["POST"])
@require()
def erase(candidate_id: int):
    candidate = load_candidate(candidate_id, manage=True)
    opening_id = candidate.opening_id
    erasure = operations.erase_candidate(current_user, candidate)
    flash(_("The candidate and their data were erased. The audit trail refers to them as %(ref)s.",
            ref=erasure.ref), "success")
    return redirect(url_for("openings.show", opening_id=opening_id))


@bp.route("/candidates/<int:candidate_id>/data.zip")
@require()
def data_export(candidate_id: int):
    candidate = load_candidate(candidate_id, manage=True)
    archive = operations.export_data(current_user, candidate)
    return attachment(archive, "application/zip", f"candidate-{candidate_id}-data.zip")
