"""JSON API v1, read-only. Signed in by session or `Authorization: Bearer <token>`.

Thin: it reuses the access loaders, the queries and the scoreboard the pages use, so a figure is
the same wherever it is read.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user

from hiring.auth.access import load_scored_opening, require, visible_openings
from hiring.candidates.models import Candidate
from hiring.extensions import csrf, db
from hiring.interviews.queries import opening_scoreboard
from hiring.openings.models import Opening
from hiring.scoring.board import INTERVAL_LEVEL

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # read-only: nothing here changes state


def _rubric(opening: Opening) -> dict:
    version = opening.rubric_version
    rubric = version.rubric
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


@bp.route("/openings/<int:opening_id>/scores")
@require()
def scores(opening_id: int):
    opening = load_scored_opening(opening_id)
    adjusted = request.args.get("adjusted") == "1"
    board = opening_scoreboard(opening, adjust_leniency=adjusted)
    names = dict(db.session.execute(
        db.select(Candidate.id, Candidate.name).where(Candidate.opening_id == opening.id)).all())
    return jsonify({
        "opening": {"id": opening.id, "title": opening.title},
        "rubric": _rubric(opening),
        "weights": opening.weights,
        "interval_level": INTERVAL_LEVEL,
        "rater_adjusted": adjusted,
        "candidates": [
            {
                "id": c.candidate, "name": names.get(c.candidate), "rank": c.rank,
                "total": c.total, "skills": c.skills, "traits": c.traits,
                "interval": {"low": c.low, "high": c.high},
                "p_above_next": c.p_above_next, "n_raters": c.n_raters,
                "incomplete": c.incomplete, "missing": list(c.missing),
                "criteria": c.criteria,
                "flags": [{"criterion": key, "spread": spread} for key, spread in c.flags],
            }
            for c in board.candidates
        ],
        "unscored": sorted(set(names) - {c.candidate for c in board.candidates}),
    })


@bp.route("/openings/<int:opening_id>/reliability")
@require()
def reliability_figures(opening_id: int):
    opening = load_scored_opening(opening_id)
    figures = opening_scoreboard(opening).reliability  # the same figures the dashboard shows
    return jsonify({"opening": {"id": opening.id, "title": opening.title}, "rubric": _rubric(opening),
                    **figures})
