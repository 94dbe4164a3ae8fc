"""The candidate's side: a link with a token, no account.

The token in the URL is the credential, so these pages set no cookie. Forms and autosaves carry
the invitation's own page token (an HMAC bound to the invitation) instead of the session CSRF
token, so the page stays usable for the whole time limit.
"""

from __future__ import annotations

import hmac
import math
from contextlib import suppress
from datetime import timedelta

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import pgettext, refresh

from hiring.downloads import attachment
from hiring.exercises import operations
from hiring.exercises.analysis import choices_for, dataset_csv, generate_dataset
from hiring.exercises.markdown import render_markdown
from hiring.exercises.models import Invitation
from hiring.exercises.platforms import PLATFORMS, measure
from hiring.exercises.uploads import UploadRefused, check_upload
from hiring.extensions import csrf
from hiring.timeutil import utcnow
from hiring.validation import N_, ValidationError

bp = Blueprint("take", __name__, url_prefix="/i")
csrf.exempt(bp)  # checked below with the invitation's own, non-expiring page token


def _grace() -> timedelta:
    return timedelta(seconds=current_app.config["EXERCISE_GRACE_SECONDS"])


def _load(token: str) -> Invitation:
    """The invitation for this link, in the candidate's language and the invitation's time zone; a clear
    page when it can't be used."""
    invitation = operations.find_invitation(token)
    if invitation is None:
        abort(404)
    g.locale = invitation.language
    g.time_zone = invitation.time_zone
    refresh()  # whatever asked for the locale or zone earlier in this request, the page is the candidate's
    status = invitation.status(utcnow(), _grace())
    if status in ("revoked", "expired"):
        abort(Response(render_template("take/closed.html", status=status), 410))
    return invitation


def _check_page_token(invitation: Invitation) -> None:
    given = request.headers.get("X-Page-Token") or request.form.get("page_token", "")
    expected = operations.page_token(current_app.config["SECRET_KEY"], invitation)
    if not hmac.compare_digest(given, expected):
        abort(400)


def _closed(err: operations.ExerciseClosed):
    return jsonify({"error": _(err.reason), "status": err.status}), 409


@bp.after_request
def _private(response: Response) -> Response:
    """Candidate pages are no-store like every page (hiring.security), and stricter on referrers."""
    response.headers["Referrer-Policy"] = "no-referrer"  # the token must never leak in a Referer
    return response


@bp.route("/<token>")
def welcome(token: str):
    invitation = _load(token)
    if invitation.started_at is not None:
        return redirect(url_for("take.work", token=token))
    rubric = invitation.candidate.opening.rubric
    return render_template(
        "take/welcome.html", invitation=invitation, token=token,
        criteria=[rubric.criterion(k) for k in invitation.criteria if k in rubric.criterion_keys],
        page_token=operations.page_token(current_app.config["SECRET_KEY"], invitation),
    )


@bp.route("/<token>/start", methods=["POST"])
def start(token: str):
    invitation = _load(token)
    _check_page_token(invitation)
    with suppress(operations.ExerciseClosed):  # the work page explains the state
        operations.start(invitation, utcnow(), _grace())
    return redirect(url_for("take.work", token=token))


@bp.route("/<token>/work")
def work(token: str):
    invitation = _load(token)
    if invitation.started_at is None:
        return redirect(url_for("take.welcome", token=token))
    now = utcnow()
    status = invitation.status(now, _grace())
    datasets = {}
    for exercise in invitation.exercise_list:
        if exercise.dataset is not None:
            frame = generate_dataset(invitation.seed, exercise.dataset.platforms,
                                     exercise.dataset.posts_per_platform, exercise.dataset.weeks)
            datasets[exercise.key] = {q.key: choices_for(frame, q.check) for q in exercise.questions
                                      if not q.numeric}
    return render_template(
        "take/work.html", invitation=invitation, token=token, status=status, now=now,
        page_token=operations.page_token(current_app.config["SECRET_KEY"], invitation),
        answers={(a.exercise_key, a.item_key): a for a in invitation.answers},
        choices=datasets, platforms=PLATFORMS, render_markdown=render_markdown,
    )


@bp.route("/<token>/answers", methods=["POST"])
def save(token: str):
    invitation = _load(token)
    _check_page_token(invitation)
    try:
        answers = _answers(request.get_json(silent=True))
        saved_at = operations.save_answers(invitation, answers, utcnow(), _grace())
    except operations.ExerciseClosed as err:
        return _closed(err)
    except ValidationError as err:
        return jsonify({"error": _(err.template, **err.params)}), 400
    return jsonify({"saved_at": saved_at.isoformat() + "Z", "measures": _measures(invitation, answers),
                    "seconds_left": _seconds_left(invitation)})


UNREADABLE = N_("The answers could not be read. Reload the page and try again.")


def _answers(body: object) -> list[operations.AnswerInput]:
    """The autosave's body, `{"answers": [{"exercise", "item", "text", "active_seconds",
    "largest_paste"}, ...]}` as the page sends it; anything else is refused (ValidationError)."""
    if body is None:
        body = {}
    if not isinstance(body, dict) or not isinstance(body.get("answers", []), list):
        raise ValidationError(UNREADABLE)
    answers = []
    for given in body.get("answers", []):
        if not (isinstance(given, dict) and isinstance(given.get("exercise"), str)
                and isinstance(given.get("item"), str) and isinstance(given.get("text", ""), str)):
            raise ValidationError(UNREADABLE)
        answers.append(operations.AnswerInput(given["exercise"], given["item"], given.get("text", ""),
                                              _count(given.get("active_seconds", 0)),
                                              _count(given.get("largest_paste", 0))))
    return answers


def _count(value: object) -> int:
    """A whole number of seconds or characters the page measured: a finite number (or its digits)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValidationError(UNREADABLE)
    try:
        number = float(value)
    except (ValueError, OverflowError) as err:  # "abc"; an integer too large for a float
        raise ValidationError(UNREADABLE) from err
    if not math.isfinite(number):  # 1e400 in JSON reads as infinity
        raise ValidationError(UNREADABLE)
    return max(0, int(number))


@bp.route("/<token>/files/<exercise_key>", methods=["POST"])
def upload(token: str, exercise_key: str):
    invitation = _load(token)
    _check_page_token(invitation)
    exercise = invitation.exercise(exercise_key)
    if exercise is None or exercise.upload is None:
        abort(404)
    file = request.files.get("file")
    if file is None:
        return jsonify({"error": _("Choose a file to upload.")}), 400
    try:
        checked = check_upload(file.read(exercise.upload.max_bytes + 1), accept=exercise.upload.accept,
                               max_bytes=exercise.upload.max_bytes, max_pixels=exercise.upload.max_pixels)
        answer = operations.save_upload(invitation, exercise_key, checked, utcnow(), _grace())
    except operations.ExerciseClosed as err:
        return _closed(err)
    except UploadRefused as err:
        return jsonify({"error": _(err.template, **err.params)}), 422
    except ValidationError as err:
        return jsonify({"error": err.message}), 422
    return jsonify({"saved_at": answer.saved_at.isoformat() + "Z", "kind": answer.file_kind,
                    "size": answer.file_size})


@bp.route("/<token>/data/<exercise_key>.csv")
def dataset(token: str, exercise_key: str):
    invitation = _load(token)
    exercise = invitation.exercise(exercise_key)
    if exercise is None or exercise.dataset is None or invitation.started_at is None:
        abort(404)
    frame = generate_dataset(invitation.seed, exercise.dataset.platforms,
                             exercise.dataset.posts_per_platform, exercise.dataset.weeks)
    return attachment(dataset_csv(frame, column_labels()), "text/csv", f"{exercise_key}-data.csv")


def column_labels() -> dict[str, str]:
    """The data set's column headers in the page's language; the exercise's translated questions
    name the columns with the same words."""
    return {
        "post_id": pgettext("data set column", "post_id"),
        "platform": pgettext("data set column", "platform"),
        "date": pgettext("data set column", "date"),
        "impressions": pgettext("data set column", "impressions"),
        "reach": pgettext("data set column", "reach"),
        "engagements": pgettext("data set column", "engagements"),
        "clicks": pgettext("data set column", "clicks"),
        "followers": pgettext("data set column", "followers"),
    }


@bp.route("/<token>/submit", methods=["POST"])
def submit(token: str):
    """Lock the answers. With some left empty, first ask (a page, no JavaScript needed); once
    confirmed, redirect to the thank-you page so a refresh never posts again."""
    invitation = _load(token)
    _check_page_token(invitation)
    done, total = operations.answered(invitation)
    if (request.form.get("confirm") != "1" and done < total
            and invitation.status(utcnow(), _grace()) == "in_progress"):
        return render_template(
            "take/confirm_submit.html", invitation=invitation, token=token, answered=done, total=total,
            page_token=operations.page_token(current_app.config["SECRET_KEY"], invitation),
        )
    try:
        operations.submit(invitation, utcnow(), _grace())
    except operations.ExerciseClosed as err:
        if err.status != "submitted":
            return render_template("take/done.html", invitation=invitation, message=_(err.reason)), 409
    return redirect(url_for("take.done", token=token), 303)


@bp.route("/<token>/done")
def done(token: str):
    invitation = _load(token)
    if invitation.submitted_at is None:
        return redirect(url_for("take.work", token=token))
    return render_template("take/done.html", invitation=invitation, message=None)


def _seconds_left(invitation: Invitation) -> int:
    return max(0, int((invitation.deadline_at - utcnow()).total_seconds()))


def _measures(invitation: Invitation, answers) -> dict[str, dict]:
    """Platform length checks for copy answers just saved: the same count the page shows."""
    result = {}
    for given in answers:
        exercise = invitation.exercise(given.exercise)
        task = next((t for t in exercise.platforms if t.platform == given.item), None) if exercise else None
        if task is not None:
            m = measure(task.platform, given.text, task.limit)
            result[f"{given.exercise}/{given.item}"] = {"length": m.length, "limit": m.limit,
                                                        "over": m.over, "hashtags": m.hashtags}
    return result
