"""Interview pages: kits, assignments, scorecards and the score import."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from hiring.auth.access import (
    can_manage_opening,
    load_candidate,
    load_opening,
    load_scorecard,
    load_stage,
    require,
)
from hiring.auth.models import Role
from hiring.calibration.queries import must_calibrate
from hiring.candidates.models import Candidate
from hiring.debriefs.models import frozen, under_way
from hiring.exercises.queries import blind_submissions
from hiring.extensions import db
from hiring.interviews import operations
from hiring.interviews.forms import AssignForm, ScoreImportForm, kit_form, scorecard_form
from hiring.interviews.importing import check_score_rows, read_scores
from hiring.interviews.kits import Kit
from hiring.interviews.models import Scorecard, ScorecardStatus
from hiring.interviews.runsheets import (
    WHO_LABELS,
    RunSheet,
    runsheets_for,
    shown_anchors,
    shown_evidences,
    staged_by,
)
from hiring.rubrics.language import runsheet_in
from hiring.spreadsheets import ImportFileError, ImportLimits
from hiring.validation import ValidationError
from hiring.wording import plural

bp = Blueprint("interviews", __name__)


@bp.route("/scorecards/")
@require()
def my_scorecards():
    scorecards = db.session.scalars(
        select(Scorecard)
        .where(Scorecard.rater_id == current_user.id)
        .options(selectinload(Scorecard.candidate).selectinload(Candidate.opening),
                 selectinload(Scorecard.stage), selectinload(Scorecard.invitation))
        .order_by(Scorecard.status, Scorecard.created_at.desc())
    ).all()
    owed = [s for s in scorecards if s.status == ScorecardStatus.DRAFT]
    done = [s for s in scorecards if s.status == ScorecardStatus.SUBMITTED]
    blind = blind_submissions(current_user, scorecards)  # reviews listed under the alias until revealed
    return render_template("interviews/mine.html", owed=owed, done=done, blind=blind)


@bp.route("/scorecards/<int:scorecard_id>")
@require()
def show_scorecard(scorecard_id: int):
    scorecard = load_scorecard(scorecard_id)
    return render_template("interviews/scorecard.html", scorecard=scorecard,
                           kit=operations.scorecard_kit(scorecard))


@bp.route("/scorecards/<int:scorecard_id>/edit", methods=["GET", "POST"])
@require()
def edit_scorecard(scorecard_id: int):
    scorecard = load_scorecard(scorecard_id, edit=True)
    opening = scorecard.candidate.opening
    if frozen([scorecard.id]) and not under_way([scorecard.candidate_id]):  # (while it runs, the form says so)
        flash(str(operations.FROZEN), "warning")
        return redirect(url_for("interviews.show_scorecard", scorecard_id=scorecard.id))
    if not scorecard.submitted and scorecard.rater_id == current_user.id and must_calibrate(current_user, opening):
        # The opening asks raters to calibrate first: the scorecard waits until they have.
        flash(_("Calibrate first: score the calibration set, then your scorecards for this opening open."), "warning")
        return redirect(url_for("calibration.take", opening_id=opening.id))
    kit = operations.scorecard_kit(scorecard)
    form = scorecard_form(kit)
    if request.method == "GET":
        form.revision.data = str(scorecard.revision)
        form.recommendation.data = scorecard.recommendation.value if scorecard.recommendation else None
        form.summary.data = scorecard.summary
        for rating in scorecard.ratings:
            if rating.criterion in kit.criterion_keys:
                form.rating_field(rating.criterion).data = "" if rating.value is None else str(rating.value)
                form.note_field(rating.criterion).data = rating.note
    conflict = False
    if form.validate_on_submit():
        unassessed = sum(1 for given in form.ratings().values() if given.value is None)
        if (form.submit.data and not scorecard.submitted and request.form.get("confirm") != "1"
                and len(kit.items) > unassessed and unassessed * 2 > len(kit.items)):
            # Most of the stage's focus not assessed: ask before submitting; nothing is saved yet.
            return render_template("interviews/scorecard_form.html", scorecard=scorecard, kit=kit, form=form,
                                   conflict=False, confirm_unassessed=unassessed)
        try:
            operations.save_scorecard(
                current_user, scorecard,
                ratings=form.ratings(),
                recommendation=form.recommendation.data or None,
                summary=form.summary.data or "",
                submit=bool(form.submit.data),
                expected_revision=form.expected_revision(),
            )
        except operations.ScorecardConflict as err:
            conflict = True
            flash(err.message, "error")
        except ValidationError as err:
            flash(err.message, "error")
        else:
            if scorecard.submitted:
                flash(_("Scorecard submitted. You can now see the panel's scores."), "success")
                return redirect(url_for("candidates.show", candidate_id=scorecard.candidate_id))
            flash(_("Draft saved. Nobody else can see it."), "success")
            return redirect(url_for("interviews.edit_scorecard", scorecard_id=scorecard.id))
    return render_template("interviews/scorecard_form.html", scorecard=scorecard, kit=kit, form=form,
                           conflict=conflict, debrief_under_way=bool(under_way([scorecard.candidate_id])))


def _runsheets(kit: Kit) -> list[tuple[RunSheet, frozenset[str]]]:
    """The run sheets the kit shows (those staging one of its criteria), each in the page's language
    with the paths of its texts still in English, which the page marks so."""
    sheets = runsheets_for(current_app.config["RUNSHEETS_DIR"], kit.rubric.key)
    return [runsheet_in(sheet) for sheet in staged_by(sheets, kit.criterion_keys)]


_RUNSHEET_HELPERS = {"who_labels": WHO_LABELS, "shown_evidences": shown_evidences, "shown_anchors": shown_anchors}


@bp.route("/openings/<int:opening_id>/stages/<int:stage_id>/kit")
@require()
def kit(opening_id: int, stage_id: int):
    opening = load_opening(opening_id)
    stage = load_stage(opening, stage_id)
    kit = operations.kit_for(stage)
    return render_template("interviews/kit.html", opening=opening, stage=stage, kit=kit,
                           runsheets=_runsheets(kit), can_manage=can_manage_opening(current_user, opening),
                           **_RUNSHEET_HELPERS)


@bp.route("/openings/<int:opening_id>/stages/<int:stage_id>/kit/runsheet")
@require()
def print_runsheet(opening_id: int, stage_id: int):
    """The stage's run sheets as a page to print (A4 landscape): timings, script, what to watch for,
    the anchors, and a notes column per rater. A stage whose kit stages nothing has none: 404."""
    opening = load_opening(opening_id)
    stage = load_stage(opening, stage_id)
    kit = operations.kit_for(stage)
    runsheets = _runsheets(kit) or abort(404)
    return render_template("interviews/runsheet_print.html", opening=opening, stage=stage, kit=kit,
                           runsheets=runsheets, **_RUNSHEET_HELPERS)


@bp.route("/openings/<int:opening_id>/stages/<int:stage_id>/kit/edit", methods=["GET", "POST"])
@require()
def edit_kit(opening_id: int, stage_id: int):
    opening = load_opening(opening_id, manage=True)
    stage = load_stage(opening, stage_id)
    form = kit_form(opening.rubric, operations.kit_for(stage))
    if form.validate_on_submit():
        try:
            operations.set_kit(current_user, stage, focus=form.focus.data, questions=form.questions())
        except ValidationError as err:
            form.focus.errors.append(err.message)
        else:
            flash(_("Interview kit for %(stage)s saved.", stage=stage.label), "success")
            return redirect(url_for("interviews.kit", opening_id=opening.id, stage_id=stage.id))
    return render_template("interviews/kit_form.html", opening=opening, stage=stage, form=form)


@bp.route("/candidates/<int:candidate_id>/assign", methods=["POST"])
@require()
def assign(candidate_id: int):
    candidate = load_candidate(candidate_id, manage=True)
    opening = candidate.opening
    form = AssignForm()
    form.stage.choices = [SelectChoice(s.id, s.label) for s in opening.stages]
    form.rater.choices = [SelectChoice(m.user_id, m.user.name) for m in opening.team]
    if form.validate_on_submit():
        stage = load_stage(opening, form.stage.data)
        rater = next(m.user for m in opening.team if m.user_id == form.rater.data)
        try:
            operations.assign(current_user, candidate, stage, rater)
        except ValidationError as err:
            flash(err.message, "error")
        else:
            flash(_("Asked %(rater)s for a %(stage)s scorecard.", rater=rater.name, stage=stage.label), "success")
    else:
        flash(_("Choose a stage and an interviewer."), "error")
    return redirect(url_for("candidates.show", candidate_id=candidate.id))


@bp.route("/openings/<int:opening_id>/scores/import", methods=["GET", "POST"])
@require()
def import_scores(opening_id: int):
    opening = load_opening(opening_id, manage=True)
    form = ScoreImportForm()
    report, imported, file_error = None, None, None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            frame = read_scores(upload.read(), upload.filename,
                                ImportLimits.for_web(current_app.config, "flask scores import"))
            context = operations.score_import_context(opening, create_raters=form.create_raters.data)
            report = check_score_rows(frame, context)
        except ImportFileError as err:
            file_error = str(err)
        else:
            try:
                imported = operations.import_scores(current_user, opening, report, upload.filename,
                                                    create_raters=form.create_raters.data)
            except ValidationError as err:  # a debrief under way, a rater not calibrated: nothing stored
                flash(err.message, "error")
                return render_template("interviews/import.html", form=form, opening=opening, report=None,
                                       imported=None, file_error=None, Role=Role)
            flash(_("Imported %(imported)s; %(rows)s with problems, %(duplicates)s skipped.",
                    imported=plural(imported, "rating"), rows=plural(len(report.bad), "row"),
                    duplicates=plural(len(report.duplicates), "duplicate")),
                  "success" if not report.bad else "warning")
    return render_template("interviews/import.html", form=form, opening=opening, report=report,
                           imported=imported, file_error=file_error, Role=Role)

