"""Debrief pages: open one (or a whole shortlist), walk its stages, re-score, close; the opening's
debriefs with their influence figures."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from hiring.auth.access import (
    can_manage_opening,
    can_see_all_scores,
    can_view_opening,
    load_candidate,
    load_opening,
    load_scored_opening,
    require,
)
from hiring.debriefs import operations
from hiring.debriefs.models import Debrief, DebriefRating, DebriefStatus
from hiring.debriefs.queries import (
    debriefs_of,
    opening_influence,
    ready_to_debrief,
    recommendation_counts,
    side_by_side,
    speakers,
)
from hiring.extensions import db
from hiring.interviews.models import Recommendation, owes_scorecard
from hiring.shortlists.queries import shortlisted
from hiring.validation import ValidationError

bp = Blueprint("debriefs", __name__)


def load_debrief(debrief_id: int, *, manage: bool = False, rater: bool = False) -> Debrief:
    """Only the opening's team (and admins). Read: those who see every score of the opening, and the
    candidate's raters; never someone who owes a scorecard for the candidate. Manage: the opening's
    hiring managers. Rater: the raters."""
    debrief = db.session.get(Debrief, debrief_id, options=[
        selectinload(Debrief.ratings).selectinload(DebriefRating.rater), selectinload(Debrief.opened_by)]) or abort(404)
    opening = debrief.candidate.opening
    if not can_view_opening(current_user, opening):
        abort(403)  # a rater since removed from the team no longer reads nor re-scores
    if manage:
        allowed = can_manage_opening(current_user, opening)
    elif rater:
        allowed = current_user.id in debrief.rater_ids
    else:
        allowed = ((can_see_all_scores(current_user, opening) or current_user.id in debrief.rater_ids)
                   and debrief.candidate_id not in owes_scorecard(current_user, opening, [debrief.candidate_id]))
    if not allowed:
        abort(403)
    return debrief


def _back(debrief: Debrief, anchor: str = ""):
    return redirect(url_for("debriefs.show", debrief_id=debrief.id) + anchor)


@bp.route("/candidates/<int:candidate_id>/debrief", methods=["POST"])
@require()
def open_one(candidate_id: int):
    candidate = load_candidate(candidate_id, manage=True)
    try:
        debrief = operations.open_debrief(current_user, candidate)
    except ValidationError as err:
        flash(err.message, "error")
        return redirect(url_for("candidates.show", candidate_id=candidate.id))
    flash(_("Debrief opened: the scorecards are locked and the team is told."), "success")
    return _back(debrief)


@bp.route("/openings/<int:opening_id>/debriefs/shortlist", methods=["POST"])
@require()
def open_shortlist(opening_id: int):
    opening = load_opening(opening_id, manage=True)
    listed = shortlisted(opening)
    debriefed = {d.candidate_id for d in debriefs_of(opening, [c.id for c in listed])}
    waiting = [c for c in listed if c.id not in debriefed]
    try:
        opened = operations.open_debriefs(current_user, opening, waiting)
    except ValidationError as err:
        flash(err.message, "error")
    else:
        flash(_("Opened %(count)s debriefs, one per shortlisted candidate.", count=len(opened)), "success")
    return redirect(url_for("debriefs.index", opening_id=opening.id))


@bp.route("/openings/<int:opening_id>/debriefs")
@require()
def index(opening_id: int):
    opening = load_scored_opening(opening_id)
    withheld = owes_scorecard(current_user, opening)
    found = [d for d in debriefs_of(opening) if d.candidate_id not in withheld]
    listed = shortlisted(opening)
    ready = ready_to_debrief(opening, [c.id for c in listed])
    return render_template("debriefs/index.html", opening=opening, debriefs=found,
                           influence=opening_influence(found), can_manage=can_manage_opening(current_user, opening),
                           listed=listed, ready=ready, withheld=withheld)


@bp.route("/debriefs/<int:debrief_id>")
@require()
def show(debrief_id: int):
    debrief = load_debrief(debrief_id)
    opening = debrief.candidate.opening
    revealed = debrief.status != DebriefStatus.LOCKED
    mine = [r for r in debrief.ratings if r.rater_id == current_user.id]
    return render_template(
        "debriefs/show.html", debrief=debrief, opening=opening, candidate=debrief.candidate,
        can_manage=can_manage_opening(current_user, opening), revealed=revealed,
        rows=side_by_side(debrief) if revealed else [], mine=mine,
        counts=recommendation_counts(debrief) if revealed else {},
        speakers=speakers(debrief), suggested=speakers(debrief, debrief.suggested_order),
        rescored=[r for r in debrief.ratings if r.rescored], Status=DebriefStatus,
        recommendations=list(Recommendation), scale=opening.rubric.scale,
        criterion_names={c.key: c.name for c in opening.rubric.criteria},
    )


@bp.route("/debriefs/<int:debrief_id>/stage", methods=["POST"])
@require()
def advance(debrief_id: int):
    debrief = load_debrief(debrief_id, manage=True)
    try:
        operations.advance(current_user, debrief, request.form.get("stage", ""),
                           recommendation=request.form.get("recommendation") or None,
                           summary=request.form.get("summary", ""))
    except ValidationError as err:
        flash(err.message, "error")
    else:
        flash(_("The debrief is now at the stage “%(stage)s”.", stage=debrief.status.label), "success")
    return _back(debrief)


@bp.route("/debriefs/<int:debrief_id>/order", methods=["POST"])
@require()
def order(debrief_id: int):
    debrief = load_debrief(debrief_id, manage=True)
    positions = []
    for rater in debrief.speaking_order:
        given = request.form.get(f"position-{rater}", type=int)
        positions.append((given if given is not None else len(debrief.speaking_order) + 1,
                          debrief.speaking_order.index(rater), rater))
    try:
        operations.set_speaking_order(current_user, debrief, [rater for *_key, rater in sorted(positions)])
    except ValidationError as err:
        flash(err.message, "error")
    else:
        flash(_("Speaking order saved."), "success")
    return _back(debrief, "#order")


@bp.route("/debriefs/<int:debrief_id>/notes", methods=["POST"])
@require()
def notes(debrief_id: int):
    debrief = load_debrief(debrief_id, manage=True)
    given = {key[len("note-"):]: value for key, value in request.form.items() if key.startswith("note-")}
    try:
        operations.save_notes(current_user, debrief, given)
    except ValidationError as err:
        flash(err.message, "error")
    else:
        flash(_("Notes saved."), "success")
    return _back(debrief, "#criteria")


@bp.route("/debriefs/<int:debrief_id>/ratings/<int:rating_id>", methods=["POST"])
@require()
def rescore(debrief_id: int, rating_id: int):
    debrief = load_debrief(debrief_id, rater=True)
    rating = db.session.get(DebriefRating, rating_id)
    if rating is None or rating.debrief_id != debrief.id:
        abort(404)
    try:
        operations.rescore(current_user, rating, request.form.get("value"), request.form.get("reason", ""))
    except ValidationError as err:
        flash(err.message, "error")
    else:
        flash(_("Rating changed; your independent rating is kept beside it."), "success")
    return _back(debrief, f"#rating-{rating.id}")
