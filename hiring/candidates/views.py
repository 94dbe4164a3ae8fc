"""Candidate pages: add, import, show, edit."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from hiring.auth.access import can_manage_opening, can_see_all_scores, load_candidate, load_opening, require
from hiring.auth.models import User
from hiring.candidate_mail import operations as mail_ops
from hiring.candidates import operations, queries
from hiring.candidates.forms import CandidateForm, ImportForm
from hiring.candidates.importing import ImportFileError, check_rows, read_candidates
from hiring.candidates.search import MAX_QUERY
from hiring.exercises.queries import review_blindness
from hiring.extensions import db
from hiring.interviews.forms import AssignForm
from hiring.interviews.operations import scorecard_kit
from hiring.interviews.queries import candidate_scorecards
from hiring.openings.models import TeamMember
from hiring.shortlists.queries import is_shortlisted, latest_decisions
from hiring.spreadsheets import ImportLimits
from hiring.validation import ValidationError
from hiring.wording import plural

bp = Blueprint("candidates", __name__)


def _values(form: CandidateForm, opening) -> dict:
    return {
        "name": form.name.data,
        "email": form.email.data,
        "phone": form.phone.data,
        "source": form.source.data,
        "type": form.type.data,
        "language": form.language.data,
        "stage": operations.stage_by_id(opening, form.stage.data),
        "notes": form.notes.data,
    }


@bp.route("/openings/<int:opening_id>/candidates/new", methods=["GET", "POST"])
@require()
def new(opening_id: int):
    opening = load_opening(opening_id, manage=True)
    form = CandidateForm().for_opening(opening)
    if form.validate_on_submit():
        # Read before adding, so the newcomer is not their own duplicate.
        maybe = queries.possible_duplicates(opening, form.name.data, form.email.data or "", form.phone.data or "")
        try:
            candidate = operations.add_candidate(current_user, opening, **_values(form, opening))
        except ValidationError as err:
            getattr(form, err.field or "name").errors.append(err.message)
        else:
            flash(_("Added %(name)s.", name=candidate.name), "success")
            for duplicate in maybe:
                flash(_("Possible duplicate of %(name)s (candidate %(id)s): %(reason)s. Check before "
                        "inviting them both.", name=duplicate.of.name, id=duplicate.of.candidate_id,
                        reason=_(duplicate.reason.label)), "warning")
            return redirect(url_for("candidates.show", candidate_id=candidate.id))
    return render_template("candidates/form.html", form=form, opening=opening, candidate=None)


@bp.route("/openings/<int:opening_id>/candidates/import", methods=["GET", "POST"])
@require()
def import_file(opening_id: int):
    opening = load_opening(opening_id, manage=True)
    form = ImportForm()
    report, imported, file_error = None, None, None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            frame = read_candidates(upload.read(), upload.filename,
                                    ImportLimits.for_web(current_app.config, "flask candidates import"))
            report = check_rows(frame, stage_names=[s.name for s in opening.stages],
                                existing_emails=operations.existing_emails(opening),
                                existing_people=queries.known_people(opening))
        except ImportFileError as err:
            file_error = str(err)
        else:
            imported = operations.import_candidates(current_user, opening, report, upload.filename)
            flash(_("Imported %(imported)s; %(rows)s with problems, %(duplicates)s skipped.",
                    imported=plural(imported, "candidate"), rows=plural(len(report.bad), "row"),
                    duplicates=plural(len(report.duplicates), "duplicate")),
                  "success" if not report.bad else "warning")
            if report.possible_duplicates:
                count = len(report.possible_duplicates)
                flash(ngettext("%(num)d imported row may be a candidate you already have: see the report.",
                               "%(num)d imported rows may be candidates you already have: see the report.",
                               count), "warning")
    return render_template("candidates/import.html", form=form, opening=opening, report=report,
                           imported=imported, file_error=file_error)


@bp.route("/candidates/<int:candidate_id>")
@require()
def show(candidate_id: int):
    candidate = load_candidate(candidate_id)
    opening = candidate.opening
    # The team's users in one query, held while the page renders (the session's identity map is
    # weak): the assign form names every member without a query per member.
    team_users = db.session.scalars(select(User).join(TeamMember, TeamMember.user_id == User.id)
                       .where(TeamMember.opening_id == opening.id)).all()
    can_manage = can_manage_opening(current_user, opening)
    scorecards, hidden = candidate_scorecards(current_user, candidate)
    assign_form = None
    if can_manage:
        assign_form = AssignForm()
        assign_form.stage.choices = [SelectChoice(s.id, s.label) for s in opening.stages]
        assign_form.stage.data = candidate.stage_id
        assign_form.rater.choices = [SelectChoice(m.user_id, f"{m.user.name} · {m.role.label}")
                                     for m in opening.team]
    return render_template(
        "candidates/show.html",
        candidate=candidate,
        can_manage=can_manage,
        scorecards=[(s, scorecard_kit(s)) for s in scorecards],
        blind_labels=review_blindness(scorecards),
        hidden=hidden,
        assign_form=assign_form,
        shortlisted=is_shortlisted(candidate),
        decisions=latest_decisions([candidate.id]).get(candidate.id, []) if can_see_all_scores(current_user, opening)
        else [],
        team_users=team_users,
        messages=mail_ops.messages_to(candidate) if can_manage else [],
        message_kinds=mail_ops.kind_labels(),
        debrief=_debrief_shown(candidate, scorecards, hidden),
    )


def _debrief_shown(candidate, scorecards, hidden: int):
    """The candidate's debrief, if the reader may open it: those who see every score and the raters,
    once they owe no scorecard for the candidate (independence)."""
    from hiring.debriefs.queries import debrief_of

    debrief = debrief_of(candidate)
    if debrief is None or hidden or any(s.rater_id == current_user.id and not s.submitted for s in scorecards):
        return None
    if can_see_all_scores(current_user, candidate.opening) or current_user.id in debrief.rater_ids:
        return debrief
    return None


@bp.route("/candidates/<int:candidate_id>/edit", methods=["GET", "POST"])
@require()
def edit(candidate_id: int):
    candidate = load_candidate(candidate_id, manage=True)
    opening = candidate.opening
    form = CandidateForm(obj=candidate).for_opening(opening)
    if request.method == "GET":
        form.type.data = candidate.type.value
        form.stage.data = candidate.stage_id
    if form.validate_on_submit():
        try:
            operations.update_candidate(current_user, candidate, **_values(form, opening))
        except ValidationError as err:
            getattr(form, err.field or "name").errors.append(err.message)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("candidates.show", candidate_id=candidate.id))
    return render_template("candidates/form.html", form=form, opening=opening, candidate=candidate)


@bp.route("/search")
@require()
def search():
    """Find anyone in the openings the user is on, by name or email (the header's search box)."""
    query = request.args.get("q", "").strip()[:MAX_QUERY]
    page = request.args.get("page", 1, type=int)
    found = queries.search(current_user, query, max(1, page))
    duplicates = queries.duplicates_among(found.items) if found else {}
    return render_template("candidates/search.html", query=query, found=found, duplicates=duplicates)


@bp.route("/candidates/<int:candidate_id>/move", methods=["POST"])
@require()
def move(candidate_id: int):
    """Move a candidate to a stage (the board's menu, or a card dropped on a column). A script asks
    for JSON; a plain form goes back to the board."""
    candidate = load_candidate(candidate_id, manage=True)
    stage = operations.stage_by_id(candidate.opening, request.form.get("stage", type=int))
    wants_json = request.accept_mimetypes.best == "application/json"
    problem = None
    if stage is None:  # (the CSRF token was checked before the view, as for every form)
        problem = _("Choose one of the opening's stages.")
    else:
        try:
            operations.move_to_stage(current_user, candidate, stage)
        except ValidationError as err:
            problem = err.message
    if wants_json:
        if problem:
            return jsonify({"error": problem}), 400
        return jsonify({"stage": stage.id, "message": _("Moved %(name)s to %(stage)s.", name=candidate.name,
                                                           stage=stage.label)})
    if problem:
        flash(problem, "error")
    else:
        flash(_("Moved %(name)s to %(stage)s.", name=candidate.name, stage=stage.label), "success")
    return redirect(url_for("openings.board", opening_id=candidate.opening_id) + f"#card-{candidate.id}")
