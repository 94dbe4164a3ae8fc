"""JSON API v1, read-only. Signed in by session or `Authorization: Bearer <token>`.

Thin: it reuses the access loaders, the queries and the scoreboard the pages use, so a figure is
the same wherever it is read.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user

from hiring.auth.access import load_scored_opening, require, visible_openings
from hiring.auth.models import User
from hiring.calibration.queries import team_calibration
from hiring.candidates.models import Candidate
from hiring.debriefs.queries import debriefs_of, opening_influence
from hiring.extensions import csrf, db
from hiring.interviews.models import owes_scorecard
from hiring.openings.models import Opening
from hiring.scoreboards import opening_fit, opening_scoreboard, ranked_without
from hiring.scoring.board import EMPTY_RELIABILITY, INTERVAL_LEVEL
from hiring.timeutil import as_utc

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # read-only: nothing here changes state


def _rubric(opening: Opening) -> dict:
    version = opening.rubric_version
    rubric = version.english
    return {"key": version.key, "version": version.label, "hash": version.content_hash,
            "scale": {"min": rubric.scale.min, "max": rubric.scale.max}}


@bp.route("/openings")
@require()
def openings():
    counts = dict(db.session.execute(
        db.select(Candidate.opening_id, db.func.count()).group_by(Candidate.opening_id)).all())
    return jsonify({"openings": [
        {"id": o.id, "title": o.title, "location": o.location, "rubric": _rubric(o),
         "weights": o.weights, "stages": [s.name for s in o.stages], "candidates": counts.get(o.id, 0)}
        for o in visible_openings(current_user)
    ]})


def _interval(low: float | None, high: float | None) -> dict:
    return {"low": low, "high": high}


@bp.route("/openings/<int:opening_id>/scores")
@require()
def scores(opening_id: int):
    """Every scored candidate, ranked (README: "Scores API"): the view's `total` and `interval` (as
    rated, or adjusted with `?adjusted=1`), both `as_rated` and `adjusted` {total, interval},
    `p_above_next`, `p_top_k` with `k`, per-criterion statistics and disagreement flags.
    Candidates the caller owes a scorecard for are left out, and the others ranked without them; they
    are listed under `withheld` (independence)."""
    opening = load_scored_opening(opening_id)
    adjusted = request.args.get("adjusted") == "1"
    withheld = owes_scorecard(current_user, opening)
    board = opening_scoreboard(opening, adjust_leniency=adjusted, candidates=ranked_without(opening, withheld))
    names = dict(db.session.execute(
        db.select(Candidate.id, Candidate.name).where(Candidate.opening_id == opening.id)).all())
    return jsonify({
        "opening": {"id": opening.id, "title": opening.title},
        "rubric": _rubric(opening),
        "weights": opening.weights,
        "interval_level": INTERVAL_LEVEL,
        "rater_adjusted": adjusted,
        "k": board.k,
        "candidates": [
            {
                "id": c.candidate, "name": names.get(c.candidate), "rank": c.rank,
                "total": c.total, "skills": c.skills, "traits": c.traits,
                "interval": _interval(c.low, c.high),
                "as_rated": {"total": c.as_rated.total, "interval": _interval(c.as_rated.low, c.as_rated.high)},
                "adjusted": {"total": c.adjusted.total, "interval": _interval(c.adjusted.low, c.adjusted.high)},
                "p_above_next": c.p_above_next, "p_top_k": c.p_top_k, "k": board.k,
                "n_raters": c.n_raters, "incomplete": c.incomplete, "missing": list(c.missing),
                "criteria": c.criteria,
                "flags": [{"criterion": key, "spread": spread} for key, spread in c.flags],
            }
            for c in board.candidates
        ],
        "unscored": sorted(set(names) - {c.candidate for c in board.candidates} - withheld),
        "withheld": [{"id": cid, "name": names.get(cid), "reason": "you owe a scorecard for this candidate"}
                     for cid in sorted(withheld)],
    })


@bp.route("/openings/<int:opening_id>/reliability")
@require()
def reliability_figures(opening_id: int):
    """Reliability per criterion (ICC, alpha, 90 % `ci` of ICC(2,k)), the weighted total's
    dependability with its `ci` ("overall"), and the D-study (`d_study`)."""
    opening = load_scored_opening(opening_id)
    fitted = opening_fit(opening)  # the same fit, and so the same figures, as the dashboard's
    figures = fitted.reliability if fitted else EMPTY_RELIABILITY
    return jsonify({"opening": {"id": opening.id, "title": opening.title}, "rubric": _rubric(opening),
                    "interval_level": INTERVAL_LEVEL, **figures})


@bp.route("/openings/<int:opening_id>/raters")
@require()
def raters(opening_id: int):
    """Each rater's leniency (positive: rates higher than the panel on the same work) with its 90 %
    interval, most lenient first; same access as the scores."""
    opening = load_scored_opening(opening_id)
    fitted = opening_fit(opening)
    leniency = fitted.leniency if fitted else []
    people = {u.id: u for u in db.session.scalars(
        db.select(User).where(User.id.in_([int(r.rater) for r in leniency])))}
    return jsonify({
        "opening": {"id": opening.id, "title": opening.title},
        "interval_level": INTERVAL_LEVEL,
        "raters": [
            {"id": int(r.rater), "name": people[int(r.rater)].name if int(r.rater) in people else None,
             "email": people[int(r.rater)].email if int(r.rater) in people else None,
             "leniency": r.offset, "interval": _interval(r.low, r.high),
             "n_ratings": r.n_ratings, "n_candidates": r.n_candidates, "n_shared": r.n}
            for r in leniency
        ],
    })


@bp.route("/openings/<int:opening_id>/debriefs")
@require()
def debriefs(opening_id: int):
    """Every debrief of the opening (README: "Debriefs API"): candidate, status, the speaking order
    suggested and used, the team's recommendation, each independent rating beside its re-score (with
    the reason), and the opening's debrief influence over the closed ones. Same access as the scores:
    a candidate the caller owes a scorecard for is left out."""
    opening = load_scored_opening(opening_id)
    withheld = owes_scorecard(current_user, opening)
    found = [d for d in debriefs_of(opening) if d.candidate_id not in withheld]
    return jsonify({
        "opening": {"id": opening.id, "title": opening.title},
        "influence": opening_influence(found).as_dict(),
        "debriefs": [
            {
                "id": d.id, "candidate": {"id": d.candidate_id, "name": d.candidate.name},
                "status": d.status.value, "opened_at": as_utc(d.opened_at).isoformat(),
                "closed_at": as_utc(d.closed_at).isoformat() if d.closed_at else None,
                "recommendation": d.recommendation.value if d.recommendation else None,
                "summary": d.summary, "suggested_order": d.suggested_order, "speaking_order": d.speaking_order,
                "notes": d.notes,
                "ratings": [
                    {"rater": {"id": r.rater_id, "name": r.rater.name if r.rater else None, "role": r.rater_role},
                     "stage": r.stage, "criterion": r.criterion, "independent": r.value, "evidence": r.note,
                     "rescored": r.rescored_value, "reason": r.reason or None,
                     "rescored_at": as_utc(r.rescored_at).isoformat() if r.rescored_at else None}
                    for r in d.ratings
                ],
            }
            for d in found
        ],
        "withheld": sorted(withheld),
    })


@bp.route("/openings/<int:opening_id>/calibration")
@require()
def calibration(opening_id: int):
    """Each rater's newest calibration attempt for the opening (README "Calibration"): per criterion,
    items scored, leniency (mean of the rater's level minus the agreed level: positive = scores
    higher), mean absolute difference, largest miss and calibrated yes/no under the opening's
    tolerance; `when` it was submitted and how many attempts the rater has made. Same access as the
    scores."""
    opening = load_scored_opening(opening_id)
    return jsonify({"opening": {"id": opening.id, "title": opening.title},
                    "required": opening.calibration_required, "tolerance": opening.calibration_tolerance,
                    "raters": [{
                        "id": row.attempt.rater_id, "name": row.attempt.rater.name, "email": row.attempt.rater.email,
                        "when": as_utc(row.attempt.submitted_at).isoformat(), "attempts": row.attempts,
                        "set": row.attempt.set_key, "language": row.attempt.language,
                        "criteria": {r.criterion: {"items": r.items, "leniency": r.leniency,
                                                   "mean_absolute": r.mean_absolute, "largest_miss": r.largest_miss,
                                                   "calibrated": r.calibrated} for r in row.results},
                    } for row in team_calibration(opening)]})
