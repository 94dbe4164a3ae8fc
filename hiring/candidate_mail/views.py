"""An opening's candidate emails: each kind in each language, the app's wording or the team's own,
edited with a preview before saving (issue 14, point 3). Hiring managers of the opening only."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import StringField, TextAreaField

from hiring.auth.access import load_opening, require
from hiring.candidate_mail import operations
from hiring.candidate_mail.placeholders import KINDS, PLACEHOLDERS, problems
from hiring.candidates.models import Candidate
from hiring.exercises.store import offered
from hiring.extensions import db
from hiring.forms import Form
from hiring.i18n import LANGUAGES, page_zone
from hiring.openings.models import Opening
from hiring.timeutil import end_of_day, shown, today_in
from hiring.validation import ValidationError

bp = Blueprint("candidate_mail", __name__, url_prefix="/openings")

#: Sample names for a preview when the opening has no candidate in that language (data, not words).
SAMPLE_NAMES = {"en": "Alex Morgan", "zh": "王芳", "es": "José García", "hi": "प्रिया शर्मा", "id": "Budi Santoso"}


class TemplateForm(Form):
    subject = StringField(_l("Subject"))
    body = TextAreaField(_l("Text"), render_kw={"rows": 16})


def _kind_and_language(kind: str, language: str) -> None:
    if kind not in KINDS or language not in LANGUAGES:
        abort(404)


@bp.route("/<int:opening_id>/emails")
@require()
def index(opening_id: int):
    opening = load_opening(opening_id, manage=True)
    return render_template("candidate_mail/index.html", opening=opening, kinds=KINDS, languages=LANGUAGES,
                           custom=operations.custom_templates(opening))


def _sample_values(opening: Opening, language: str) -> dict[str, str]:
    """Values for a preview: a candidate of the opening who reads `language` if there is one, and an
    invitation made now by this reader for a week (the deadline shown as `values_for` shows one)."""
    candidate = db.session.scalar(select(Candidate).where(
        Candidate.opening_id == opening.id, Candidate.anonymised_at.is_(None), Candidate.language == language
    ).order_by(Candidate.id).limit(1))
    zone = page_zone()
    with force_locale(language):
        available = offered(opening)
        minutes = sum(e.time_limit_minutes for e in available)
        stage = next((s for s in opening.stages[1:2]), opening.stages[0] if opening.stages else None)
        return {
            "candidate_name": candidate.name if candidate else SAMPLE_NAMES[language],
            "role": opening.title,
            "link": url_for("take.welcome", token="sample", _external=True),
            "deadline": shown(end_of_day(today_in(zone) + timedelta(days=7), zone), zone, language),
            "minutes": str(minutes),
            "stage": stage.label if stage else "",
        }


@bp.route("/<int:opening_id>/emails/<kind>/<language>", methods=["GET", "POST"])
@require()
def edit(opening_id: int, kind: str, language: str):
    opening = load_opening(opening_id, manage=True)
    _kind_and_language(kind, language)
    wording = operations.template_for(opening, kind, language)
    form = TemplateForm()
    if request.method == "GET":
        form.subject.data, form.body.data = wording.subject, wording.body
    preview = None
    if form.validate_on_submit():
        subject, body = form.subject.data or "", form.body.data or ""
        found = problems(kind, subject, body)
        for problem in found:
            getattr(form, problem.part).errors.append(operations.problem_text(problem))
        if not found and request.form.get("save") == "1":
            try:
                operations.save_template(current_user, opening, kind, language, subject, body)
            except ValidationError as err:
                getattr(form, err.field or "body").errors.append(err.message)
            else:
                flash(_("The email is saved: %(kind)s, %(language)s.", kind=_(KINDS[kind].label),
                        language=LANGUAGES[language]), "success")
                return redirect(url_for("candidate_mail.index", opening_id=opening.id))
        if not found:
            preview = operations.compose(operations.Wording(subject, body),
                                         _sample_values(opening, language))
    elif request.method == "GET":
        preview = operations.compose(wording, _sample_values(opening, language))
    placeholders = [(name, _(PLACEHOLDERS[name])) for name in KINDS[kind].allowed]
    return render_template("candidate_mail/edit.html", opening=opening, kind=kind, kind_label=_(KINDS[kind].label),
                           language=language, language_name=LANGUAGES[language], form=form, preview=preview,
                           custom=wording.custom, placeholders=placeholders, required=KINDS[kind].required)


@bp.route("/<int:opening_id>/emails/<kind>/<language>/reset", methods=["POST"])
@require()
def reset(opening_id: int, kind: str, language: str):
    opening = load_opening(opening_id, manage=True)
    _kind_and_language(kind, language)
    operations.reset_template(current_user, opening, kind, language)
    flash(_("Back to the app's wording: %(kind)s, %(language)s.", kind=_(KINDS[kind].label),
            language=LANGUAGES[language]), "success")
    return redirect(url_for("candidate_mail.index", opening_id=opening.id))
