"""Composing and queueing the emails a candidate gets, and saving an opening's own wording of them.

One rule for every candidate email (the single invitation, a bulk invitation, a bulk rejection,
the next-step email): `template_for` picks the opening's wording in the candidate's language, or
the app's own (`DEFAULTS`, translated); `values_for` gives the placeholders their values in that
language; `send` queues the result through the outbox with the candidate's id, so the message is
kept on their page and in their data export, and goes when they are erased (hiring.privacy).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo

from flask import current_app
from flask_babel import force_locale, format_number
from flask_babel import gettext as _
from sqlalchemy import select

from hiring.audit.operations import record
from hiring.auth.models import User
from hiring.candidate_mail.models import EmailTemplate
from hiring.candidate_mail.placeholders import DEFAULTS, KINDS, Problem, fill, one_line, problems
from hiring.candidates.models import Candidate
from hiring.exercises.models import Invitation
from hiring.extensions import db
from hiring.i18n import DEFAULT_LANGUAGE, LANGUAGES
from hiring.mail import mail_configured
from hiring.openings.models import Opening, Stage
from hiring.outbox import operations as outbox_ops
from hiring.outbox.models import OutboxMessage
from hiring.timeutil import shown
from hiring.transactions import operation
from hiring.validation import ValidationError


@dataclass(frozen=True)
class Wording:
    """A template: the opening's own (`custom`), or the app's in that language."""

    subject: str
    body: str
    custom: EmailTemplate | None = None


@dataclass(frozen=True)
class Email:
    """A composed email, as the candidate reads it."""

    subject: str
    body: str

    @property
    def text(self) -> str:
        """Subject and body as one text to paste into any mail or chat."""
        return f"{self.subject}\n\n{self.body}"


def language_of(candidate: Candidate, invitation: Invitation | None = None) -> str:
    """The language a candidate's email is in: the invitation's (fixed when it was sent), else theirs."""
    language = invitation.language if invitation is not None and invitation.language else candidate.language
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def custom_templates(opening: Opening) -> dict[tuple[str, str], EmailTemplate]:
    """The opening's own templates by (kind, language)."""
    rows = db.session.scalars(select(EmailTemplate).filter_by(opening_id=opening.id))
    return {(row.kind, row.language): row for row in rows}


def default_wording(kind: str, language: str) -> Wording:
    subject, body = DEFAULTS[kind]
    with force_locale(language):
        return Wording(_(subject), _(body))


def template_for(opening: Opening, kind: str, language: str,
                 templates: Mapping[tuple[str, str], EmailTemplate] | None = None) -> Wording:
    """The opening's wording of `kind` in `language`, else the app's. `templates`: the opening's
    own, read once (`custom_templates`) by a caller writing to many candidates."""
    if templates is not None:
        found = templates.get((kind, language))
    else:
        found = db.session.scalar(select(EmailTemplate).filter_by(opening_id=opening.id, kind=kind,
                                                                  language=language))
    if found is not None:
        return Wording(found.subject, found.body, found)
    return default_wording(kind, language)


def values_for(candidate: Candidate, language: str, *, invitation: Invitation | None = None,
               stage: Stage | None = None, link: str | None = None, zone: tzinfo | None = None) -> dict[str, str]:
    """Each placeholder's value for this candidate, in `language` (names and titles as typed). The
    deadline is shown in the invitation's zone (the inviting manager's: see `Invitation.time_zone`),
    or `zone` for an invitation not made yet, the zone named."""
    values = {"candidate_name": candidate.name, "role": candidate.opening.title}
    if invitation is not None:
        values["deadline"] = shown(invitation.expires_at, zone or invitation.time_zone, language)
        values["minutes"] = str(invitation.time_limit_minutes)
    if stage is not None:
        with force_locale(language):
            values["stage"] = stage.label
    if link is not None:
        values["link"] = link
    return values


def compose(wording: Wording, values: dict[str, str]) -> Email:
    return Email(one_line(fill(wording.subject, values)), fill(wording.body, values).strip() + "\n")


def email_for(candidate: Candidate, kind: str, *, invitation: Invitation | None = None, stage: Stage | None = None,
              link: str | None = None, zone: tzinfo | None = None,
              templates: Mapping[tuple[str, str], EmailTemplate] | None = None) -> Email:
    """The email of `kind` for `candidate`, as it will be sent (used for previews too)."""
    language = language_of(candidate, invitation)
    wording = template_for(candidate.opening, kind, language, templates)
    return compose(wording, values_for(candidate, language, invitation=invitation, stage=stage, link=link,
                                       zone=zone))


def invitation_preview(candidate: Candidate, minutes: int, expires_at: datetime, zone: tzinfo) -> Email:
    """The invitation email as `candidate` will get it, before the invitation exists (made by someone
    in `zone`): the link is a stand-in in their language (it is made, and shown once, when the
    invitation is created)."""
    language = language_of(candidate)
    pending = Invitation(language=language, expires_at=expires_at, time_limit_minutes=minutes)  # never added
    with force_locale(language):
        stand_in = _("[the personal link, made when you confirm]")
    return email_for(candidate, "invitation", invitation=pending, link=stand_in, zone=zone)


@operation
def send(candidate: Candidate, kind: str, *, invitation: Invitation | None = None, stage: Stage | None = None,
         link: str | None = None, templates: Mapping[tuple[str, str], EmailTemplate] | None = None
         ) -> tuple[OutboxMessage, Email]:
    """Queue the email of `kind` to `candidate` in this unit of work; return the queued message and the
    email as the candidate reads it (with the link, for a page that shows it to copy). The queued
    copy never holds the link in clear (see hiring.outbox)."""
    config = current_app.config
    marker = outbox_ops.link_marker() if link is not None else None
    queued = email_for(candidate, kind, invitation=invitation, stage=stage, link=marker, templates=templates)
    message = outbox_ops.enqueue(kind=kind, to=candidate.email, subject=queued.subject, body=queued.body,
                                 link=link, marker=marker, secret_key=config["SECRET_KEY"],
                                 mail_configured=mail_configured(config), candidate_id=candidate.id)
    shown = Email(queued.subject, queued.body.replace(marker, link)) if marker else queued
    return message, shown


def messages_to(candidate: Candidate) -> list[OutboxMessage]:
    """Every email the candidate was sent (or is being sent), newest first."""
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.candidate_id == candidate.id)
                                   .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())))


def kind_labels() -> dict[str, str]:
    """What each kind of candidate email is called, in the page's language."""
    return {key: _(kind.label) for key, kind in KINDS.items()}


def problem_text(problem: Problem) -> str:
    """A template's problem in the page's language, its numbers written the language's way."""
    values = {k: format_number(v) if isinstance(v, int) else v for k, v in problem.values.items()}
    return _(problem.message, **values)


def _check(kind: str, language: str) -> None:
    if kind not in KINDS:
        raise ValidationError(_("There is no such email."), field="kind")
    if language not in LANGUAGES:
        raise ValidationError(_("There is no such language."), field="language")


@operation
def save_template(actor: User, opening: Opening, kind: str, language: str, subject: str, body: str
                  ) -> EmailTemplate:
    """Save the opening's wording of `kind` in `language`; ValidationError (the first problem, naming
    subject or body, line and column) when the template is not one that can be sent."""
    _check(kind, language)
    found = problems(kind, subject, body)
    if found:
        raise ValidationError(problem_text(found[0]), field=found[0].part)
    template = db.session.scalar(select(EmailTemplate).filter_by(opening_id=opening.id, kind=kind, language=language))
    if template is None:
        template = EmailTemplate(opening_id=opening.id, kind=kind, language=language)
        db.session.add(template)
    template.subject, template.body, template.updated_by = subject.strip(), body.strip() + "\n", actor
    db.session.flush()
    record(actor, "email_template.save", opening, kind=kind, language=language)
    return template


@operation
def reset_template(actor: User, opening: Opening, kind: str, language: str) -> None:
    """Go back to the app's wording of `kind` in `language` for this opening."""
    _check(kind, language)
    template = db.session.scalar(select(EmailTemplate).filter_by(opening_id=opening.id, kind=kind, language=language))
    if template is not None:
        db.session.delete(template)
        record(actor, "email_template.reset", opening, kind=kind, language=language)
