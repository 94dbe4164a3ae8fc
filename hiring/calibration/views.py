"""Calibration pages: a rater scores the opening's calibration set blind, then compares; the hiring
manager sees the team's calibration."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hiring.auth.access import can_see_all_scores, load_opening, require
from hiring.calibration import operations
from hiring.calibration.forms import calibration_form
from hiring.calibration.models import CalibrationAttempt
from hiring.calibration.queries import attempt_results, opening_set, set_in, team_calibration
from hiring.exercises.platforms import PLATFORMS
from hiring.exercises.schema import exercises_for
from hiring.extensions import db
from hiring.i18n import current_language
from hiring.rubrics.language import exercise_in, rubric_in
from hiring.validation import ValidationError

bp = Blueprint("calibration", __name__)


def _contexts(opening, items) -> dict[str, tuple[str, str, str, str]]:
    """What each item answers, as the rater needs it to judge: (heading, label, prompt, language).

    A written item answers the exercise as it reads in the item's language (a Chinese reply answers
    the Chinese comment), under the exercise's title and the answer's label (a network's name, a
    commenter's handle: names, not words to translate); an excerpt answers a kit question, read in
    the page's language.
    """
    exercises = {e.key: e for e in exercises_for(current_app.config["EXERCISES_DIR"], opening.rubric_version.english)}
    rubric = rubric_in(opening.rubric_version.english)
    found = {}
    for item in items:
        if item.kind == "excerpt":
            criterion, number = item.question.split(".")
            found[item.key] = (rubric.criterion(criterion).name, "",
                               rubric.criterion(criterion).questions[int(number) - 1], current_language())
            continue
        exercise = exercise_in(exercises[item.exercise], item.language)
        labels = {task.platform: PLATFORMS[task.platform].name for task in exercise.platforms}
        labels |= {comment.key: comment.author for comment in exercise.comments}
        prompts = {task.platform: task.prompt for task in exercise.platforms}
        prompts |= {c.key: c.text for c in exercise.comments}
        prompts |= {p.key: p.text for p in exercise.prompts}
        prompts |= {"recommendation": exercise.recommendation,
                    "rationale": exercise.upload.rationale if exercise.upload else ""}
        found[item.key] = (exercise.title, labels.get(item.slot, ""), prompts.get(item.slot, ""), item.language)
    return found


@bp.route("/openings/<int:opening_id>/calibration", methods=["GET", "POST"])
@require()
def take(opening_id: int):
    """Score the set blind: the material and, per criterion it evidences, the scorecard's levels and
    anchors with evidence required. Any member of the team may calibrate, any number of times."""
    opening = load_opening(opening_id)
    calibration = opening_set(opening)
    rubric = rubric_in(opening.rubric_version.english)
    language = current_language()
    if calibration is None:
        return render_template("calibration/take.html", opening=opening, calibration=None, rubric=rubric)
    items = calibration.items_in(language)
    form = calibration_form(rubric, items)
    if form.validate_on_submit():
        try:
            attempt = operations.submit_attempt(current_user, opening, calibration, language, form.given())
        except ValidationError as err:
            flash(err.message, "error")
        else:
            flash(_("Calibration submitted. Compare your levels with the agreed ones below."), "success")
            return redirect(url_for("calibration.result", attempt_id=attempt.id))
    return render_template("calibration/take.html", opening=opening, calibration=set_in(calibration), rubric=rubric,
                           form=form, items=items, contexts=_contexts(opening, items),
                           missing=[rubric.criterion(key).name for key in calibration.without_material(rubric)])


@bp.route("/calibration/<int:attempt_id>")
@require()
def result(attempt_id: int):
    """The rater's levels beside the agreed ones and their rationales, and the figures per criterion:
    for the rater themself, and for those who see every score of the opening."""
    attempt = db.session.get(CalibrationAttempt, attempt_id) or abort(404)
    opening = load_opening(attempt.opening_id)
    if attempt.rater_id != current_user.id and not can_see_all_scores(current_user, opening):
        abort(403)
    calibration = opening_set(opening)
    shown = set_in(calibration) if calibration is not None and calibration.content_hash == attempt.set_hash else None
    items = {item.key: item for item in shown.items} if shown else {}
    return render_template("calibration/result.html", opening=opening, attempt=attempt, rubric=rubric_in(
        opening.rubric_version.english), results=attempt_results(attempt), items=items,
        contexts=_contexts(opening, items.values()))


@bp.route("/openings/<int:opening_id>/calibration/team")
@require()
def team(opening_id: int):
    """Who has calibrated, when, and how far off on what (each rater's newest attempt)."""
    opening = load_opening(opening_id)
    if not can_see_all_scores(current_user, opening):
        abort(403)
    rows = [(row.attempt, {r.criterion: r for r in row.results}) for row in team_calibration(opening)]
    done = {attempt.rater_id for attempt, _results in rows}
    waiting = sorted((m.user for m in opening.team if m.user_id not in done and m.user.active),  # can still score
                     key=lambda user: user.name)
    return render_template("calibration/team.html", opening=opening, rubric=rubric_in(opening.rubric_version.english),
                           rows=rows, waiting=waiting, calibration=opening_set(opening))
