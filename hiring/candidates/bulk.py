"""Bulk actions on a selection of an opening's candidates (issue 14, point 6): move to a stage, add
to the shortlist, ask a rater for scorecards, reject with an email.

Each runs as one operation in the request's one transaction: every candidate is done, or, if one
is refused, none is (the unit of work rolls back). Each candidate's change goes through the same
operation as one at a time (`move_to_stage`, `add_to_shortlist`, `assign`, `record_decision`), so
it is audited the same way; a rejection records one decision per candidate with the comment the
decision form requires, and queues each candidate the rejection email in their own language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.candidates.operations import move_to_stage
from hiring.extensions import db
from hiring.i18n import DEFAULT_LANGUAGE, N_
from hiring.interviews import operations as interview_ops
from hiring.interviews.models import Scorecard
from hiring.mail import mail_configured
from hiring.openings.models import Opening, Stage
from hiring.outbox import operations as outbox_ops
from hiring.shortlists import operations as shortlist_ops
from hiring.transactions import operation
from hiring.validation import ValidationError

#: The most candidates one bulk action takes (a page of the candidate list is 50).
MAX_SELECTION = 200
ACTIONS = {
    "move": N_("Move to a stage"),
    "shortlist": N_("Add to the shortlist"),
    "scorecards": N_("Ask for scorecards"),
    "reject": N_("Reject, with an email"),
}
REJECTION_SUBJECT = N_("Your application for %(title)s")
REJECTION_BODY = N_("Hello %(name)s,\n\nThank you for the time you gave to your application for %(title)s. "
                    "We have decided not to continue with it.\n\nWe wish you every success.\n\n"
                    "The hiring team")


@dataclass(frozen=True)
class Outcome:
    """What a bulk action did: how many candidates changed, and how many emails were queued."""

    done: int
    emails: int = 0
    skipped: int = 0


def rejection_email(candidate: Candidate) -> tuple[str, str]:
    """The rejection email's subject and body, in the candidate's language."""
    with force_locale(candidate.language or DEFAULT_LANGUAGE):
        values = {"name": candidate.name, "title": candidate.opening.title}
        return _(REJECTION_SUBJECT, **values), _(REJECTION_BODY, **values)


def selected(opening: Opening, ids: Sequence[int]) -> list[Candidate]:
    """The opening's candidates among `ids`, in the order given; ValidationError when the selection
    is empty, too large, or names someone of another opening or no longer there."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        raise ValidationError(_("Select at least one candidate."), field="c")
    if len(wanted) > MAX_SELECTION:
        raise ValidationError(_("Select at most %(count)d candidates at a time.", count=MAX_SELECTION), field="c")
    found = {c.id: c for c in db.session.scalars(db.select(Candidate).where(
        Candidate.id.in_(wanted), Candidate.opening_id == opening.id, Candidate.anonymised_at.is_(None)))}
    if len(found) != len(wanted):
        raise ValidationError(_("Some of the selected candidates are not in this opening any more; select again."),
                              field="c")
    return [found[i] for i in wanted]


@operation
def run(actor: User, opening: Opening, candidates: Sequence[Candidate], action: str, *,
        stage: Stage | None = None, rater: User | None = None, comment: str = "") -> Outcome:
    """Do `action` for every candidate, in this unit of work (see the module docstring)."""
    if action not in ACTIONS:
        raise ValidationError(_("Choose what to do with the selected candidates."), field="action")
    if action in ("move", "scorecards") and (stage is None or stage.opening_id != opening.id):
        raise ValidationError(_("Choose one of the opening's stages."), field="stage")
    if action == "move":
        for candidate in candidates:
            move_to_stage(actor, candidate, stage)
        return Outcome(len(candidates))
    if action == "shortlist":
        for candidate in candidates:
            shortlist_ops.add_to_shortlist(actor, candidate)
        return Outcome(len(candidates))
    if action == "scorecards":
        if rater is None or opening.member(rater) is None:
            raise ValidationError(_("Choose an interviewer of this opening's team."), field="rater")
        asked = 0
        already = set(db.session.scalars(select(Scorecard.candidate_id).where(  # one query, not one each
            Scorecard.candidate_id.in_([c.id for c in candidates]), Scorecard.rater_id == rater.id,
            Scorecard.stage_id == stage.id, Scorecard.invitation_id.is_(None))))
        for candidate in candidates:
            if candidate.id not in already:
                interview_ops.assign(actor, candidate, stage, rater)
                asked += 1
        return Outcome(asked, skipped=len(candidates) - asked)
    config = current_app.config
    emails = 0
    for candidate in candidates:
        shortlist_ops.record_decision(actor, candidate, "reject", comment)
        subject, body = rejection_email(candidate)
        outbox_ops.enqueue(kind="rejection", to=candidate.email, subject=subject, body=body,
                           secret_key=config["SECRET_KEY"], mail_configured=mail_configured(config),
                           candidate_id=candidate.id)
        emails += 1
    return Outcome(len(candidates), emails)

