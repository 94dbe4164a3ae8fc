"""Staff pages for exercises: invite, revoke, the blind review queue and the review page."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hiring.auth.access import (
    load_candidate,
    load_invitation,
    load_submission,
    require,
    visible_scorecards,
)
from hiring.calibration.queries import must_calibrate
from hiring.candidate_mail import operations as mail_ops
from hiring.candidate_mail.operations import Email
from hiring.candidates.models import Candidate
from hiring.exercises import operations, queries, review, storage
from hiring.exercises.forms import InviteForm
from hiring.exercises.markdown import render_markdown
from hiring.exercises.models import Answer, Invitation
from hiring.exercises.store import offered
from hiring.exercises.uploads import REENCODED_KINDS
from hiring.extensions import db
from hiring.i18n import page_zone
from hiring.interviews import operations as interview_ops
from hiring.interviews.forms import scorecard_form
from hiring.interviews.models import Scorecard
from hiring.mail import mail_configured
from hiring.openings.models import Opening
from hiring.timeutil import utcnow
from hiring.validation import ValidationError

bp = Blueprint("exercises", __name__)

MIME = {"png": "image/png", "jpeg": "image/jpeg", "pdf": "application/pdf"}


def _grace() -> timedelta:
    return timedelta(seconds=current_app.config["EXERCISE_GRACE_SECONDS"])


def _available(opening: Opening):
    return offered(opening)


@bp.route("/candidates/<int:candidate_id>/invite", methods=["GET", "POST"])
@require()
def invite(candidate_id: int):
    candidate = load_candidate(candidate_id, manage=True)
    opening = candidate.opening
    available = _available(opening)
    work_sample = next((s.id for s in opening.stages if "work" in s.name.casefold()), candidate.stage_id)
    form = InviteForm().for_opening(opening, available, work_sample)
    if request.method == "GET":
        form.exercises.data = [e.key for e in available]
    preview, valid = None, form.validate_on_submit()
    if valid and request.form.get("preview") == "1":  # the email as the candidate will get it; nothing made
        chosen = [e for e in available if e.key in form.exercises.data]
        preview = mail_ops.invitation_preview(candidate, sum(e.time_limit_minutes for e in chosen),
                                              form.expires_at(), page_zone())
    elif valid:
        chosen = [e for e in available if e.key in form.exercises.data]
        stage = next(s for s in opening.stages if s.id == form.stage.data)
        try:
            invitation, token = operations.invite(current_user, candidate, chosen, expires_at=form.expires_at(),
                                                  stage=stage)
        except ValidationError as err:
            getattr(form, err.field or "exercises").errors.append(err.message)
        else:
            # The link (its token) is shown on this page only: never logged, flashed or stored.
            link = url_for("take.welcome", token=token, _external=True)
            message, delivery = _queue_invitation(candidate, invitation, link)
            return render_template("exercises/invited.html", candidate=candidate, invitation=invitation,
                                   link=link, message=message, delivery=delivery)
    invitations = db.session.scalars(
        select(Invitation).where(Invitation.candidate_id == candidate.id).order_by(Invitation.id.desc())
    ).all()
    if preview is None and available and form.expires_on.data:
        chosen = [e for e in available if e.key in (form.exercises.data or [])]
        preview = mail_ops.invitation_preview(candidate, sum(e.time_limit_minutes for e in chosen),
                                              form.expires_at(), page_zone())
    return render_template("exercises/invite.html", candidate=candidate, form=form, invitations=invitations,
                           now=utcnow(), grace=_grace(), preview=preview,
                           mail_language=mail_ops.language_of(candidate))


def _queue_invitation(candidate: Candidate, invitation: Invitation, link: str) -> tuple[Email, str]:
    """Queue the invitation email in this request's unit of work (the worker sends it) and return the
    message as the page shows it, with "queued", or "not_configured" when there is no mail server.
    The queued copy holds the link sealed (see hiring/outbox), never in clear."""
    shown = mail_ops.send(candidate, "invitation", invitation=invitation, link=link)[1]
    return shown, "queued" if mail_configured(current_app.config) else "not_configured"


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
@require()
def revoke(invitation_id: int):
    invitation = load_invitation(invitation_id, manage=True)
    operations.revoke(current_user, invitation)
    flash(_("The invitation link no longer works."), "success")
    return redirect(url_for("exercises.invite", candidate_id=invitation.candidate_id))


@bp.route("/reviews/")
@require()
def queue():
    """Submissions to review in the openings where the user reviews, blind and in a personal order."""
    now, grace = utcnow(), _grace()
    return render_template("exercises/queue.html", invitations=queries.review_queue(current_user, now, grace),
                           mine=queries.review_scorecards(current_user), now=now, grace=grace)


@bp.route("/reviews/<int:invitation_id>", methods=["GET", "POST"])
@require()
def review_submission(invitation_id: int):
    invitation = load_submission(invitation_id)
    now, grace = utcnow(), _grace()
    scorecard = _review_scorecard(invitation)
    opening = invitation.candidate.opening
    if (scorecard is None or not scorecard.submitted) and must_calibrate(current_user, opening):
        # The opening asks raters to calibrate first: the review waits until they have (GET and POST).
        flash(_("Calibrate first: score the calibration set, then your scorecards for this opening open."), "warning")
        return redirect(url_for("calibration.take", opening_id=opening.id))
    if scorecard is None:  # nothing is stored until the reviewer saves
        scorecard = Scorecard(invitation=invitation, stage=invitation.stage, rater=current_user,
                              rubric_version=invitation.candidate.opening.rubric_version, revision=0,
                              ratings=[])
    kit = interview_ops.scorecard_kit(scorecard)
    form = scorecard_form(kit)
    if request.method == "GET":
        form.revision.data = str(scorecard.revision)
        form.recommendation.data = scorecard.recommendation.value if scorecard.recommendation else None
        for rating in scorecard.ratings:
            if rating.criterion in kit.criterion_keys:
                form.rating_field(rating.criterion).data = "" if rating.value is None else str(rating.value)
                form.note_field(rating.criterion).data = rating.note
    if form.validate_on_submit():
        expected = form.expected_revision()
        try:
            if scorecard.id is None:
                scorecard = interview_ops.assign(current_user, invitation.candidate, invitation.stage, current_user,
                                                 invitation=invitation)
                expected = scorecard.revision
            interview_ops.save_scorecard(
                current_user, scorecard, ratings=form.ratings(),
                recommendation=form.recommendation.data or None, summary=form.summary.data or "",
                submit=bool(form.submit.data), expected_revision=expected)
        except ValidationError as err:
            flash(err.message, "error")
        else:
            flash(_("Review submitted.") if scorecard.submitted else _("Draft saved."), "success")
            return redirect(url_for("exercises.review_submission", invitation_id=invitation.id))
    peers = db.session.scalars(select(Scorecard).where(Scorecard.invitation_id == invitation.id)).all()
    others = [s for s in visible_scorecards(current_user, invitation.candidate.opening, list(peers))
              if s.id != scorecard.id]
    opening_invitations = db.session.scalars(
        select(Invitation).join(Invitation.candidate)
        .where(Candidate.opening_id == invitation.candidate.opening_id)
        .options(selectinload(Invitation.answers))
    ).all()
    revealed = queries.reveals([invitation.id])
    return render_template(
        "exercises/review.html", invitation=invitation, status=invitation.status(now, grace),
        answers={(a.exercise_key, a.item_key): a for a in invitation.answers},
        grades=review.grades(invitation), measures=review.measures(invitation),
        signals=review.signals(invitation), identical=review.identical_answers(opening_invitations),
        render_markdown=render_markdown, scorecard=scorecard, kit=kit, form=form, others=others,
        hidden=sum(1 for s in peers if s.submitted and s.rater_id != current_user.id and s not in others),
        reveal=revealed.get((invitation.id, current_user.id)),
        blindness=queries.review_blindness(others),
        next_submission=_next_submission(invitation, scorecard, now, grace), choice_name=review.choice_name,
        shown_inline=REENCODED_KINDS,
    )


@bp.route("/reviews/<int:invitation_id>/reveal", methods=["POST"])
@require()
def reveal(invitation_id: int):
    """The reviewer chooses to see whose submission this is: on record, and shown to the hiring team."""
    invitation = load_submission(invitation_id)
    operations.reveal_identity(current_user, invitation)
    flash(_("%(alias)s is %(name)s. The audit trail records that you looked.", alias=invitation.alias,
            name=invitation.candidate.name), "info")
    return redirect(url_for("exercises.review_submission", invitation_id=invitation.id))


def _next_submission(invitation: Invitation, scorecard: Scorecard, now: datetime,
                     grace: timedelta) -> Invitation | None:
    """Once the review is submitted: the next submission the reviewer still owes, in queue order."""
    if not scorecard.submitted:
        return None
    return queries.next_owed(queries.review_queue(current_user, now, grace),
                             queries.review_scorecards(current_user), invitation.id)


def _review_scorecard(invitation: Invitation) -> Scorecard | None:
    """The reviewer's stored scorecard for this submission, if they have saved one."""
    return db.session.scalar(select(Scorecard).filter_by(invitation_id=invitation.id, rater_id=current_user.id))


@bp.route("/reviews/<int:invitation_id>/files/<int:answer_id>")
@require()
def file(invitation_id: int, answer_id: int):
    invitation = load_submission(invitation_id)
    answer = db.session.get(Answer, answer_id)
    if answer is None or answer.invitation_id != invitation.id or not answer.file_name:
        abort(404)
    data = storage.read(answer)
    if data is None:
        abort(404)
    extension = "jpg" if answer.file_kind == "jpeg" else answer.file_kind
    name = f"{invitation.alias.replace(' ', '-')}-{answer.exercise_key}.{extension}"
    # Only images re-encoded on upload (pixels and nothing else) are shown in the page; the rest download.
    inline = request.args.get("inline") == "1" and answer.file_kind in REENCODED_KINDS
    disposition = "inline" if inline else "attachment"
    return Response(data, mimetype=MIME[answer.file_kind], headers={
        "Content-Disposition": f'{disposition}; filename="{name}"',
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    })
