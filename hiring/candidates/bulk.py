"""Bulk actions on a selection of an opening's candidates (issue 14, point 6): move to a stage (with
the next-step email if asked), invite to the exercises, add to the shortlist, ask a rater for
scorecards, reject with an email.

Each runs as one operation in the request's one transaction: every candidate is done, or, if one
is refused, none is (the unit of work rolls back). Each candidate's change goes through the same
operation as one at a time (`move_to_stage`, `invite`, `add_to_shortlist`, `assign`,
`record_decision`), so it is audited the same way; a rejection records one decision per candidate
with the comment the decision form requires. Every email goes through the opening's template in
the candidate's own language (hiring.candidate_mail), queued in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from hiring.auth.models import User
from hiring.candidate_mail import operations as mail_ops
from hiring.candidate_mail.operations import Email
from hiring.candidates.models import Candidate
from hiring.candidates.operations import move_to_stage
from hiring.exercises import operations as exercise_ops
from hiring.exercises.models import Invitation
from hiring.exercises.schema import Exercise
from hiring.extensions import db
from hiring.i18n import N_
from hiring.interviews import operations as interview_ops
from hiring.interviews.models import Scorecard
from hiring.openings.models import Opening, Stage
from hiring.shortlists import operations as shortlist_ops
from hiring.timeutil import utcnow
from hiring.transactions import operation
from hiring.validation import ValidationError

#: The most candidates one bulk action takes (a page of the candidate list is 50).
MAX_SELECTION = 200
ACTIONS = {
    "move": N_("Move to a stage"),
    "invite": N_("Invite to the exercises"),
    "shortlist": N_("Add to the shortlist"),
    "scorecards": N_("Ask for scorecards"),
    "reject": N_("Reject, with an email"),
}
@dataclass(frozen=True)
class Outcome:
    """What a bulk action did: how many candidates changed, and how many emails were queued."""

    done: int
    emails: int = 0
    skipped: int = 0
    #: Invitations: each candidate's email as they read it, link included (shown once, to copy when
    #: there is no mail server).
    sent: list[tuple[Candidate, Email]] = field(default_factory=list)


def open_invitations(candidates: Sequence[Candidate], now: datetime) -> set[int]:
    """Ids of the candidates who already have an invitation they can still use (not revoked, not
    expired, not submitted): a bulk invitation leaves them as they are."""
    ids = [c.id for c in candidates]
    return set(db.session.scalars(select(Invitation.candidate_id).where(
        Invitation.candidate_id.in_(ids), Invitation.revoked_at.is_(None), Invitation.submitted_at.is_(None),
        Invitation.expires_at > now, Invitation.started_at.is_(None))))


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
        stage: Stage | None = None, rater: User | None = None, comment: str = "", email: bool = False,
        exercises: Sequence[Exercise] = (), expires_at: datetime | None = None,
        link_for: Callable[[str], str] | None = None, now: datetime | None = None) -> Outcome:
    """Do `action` for every candidate, in this unit of work (see the module docstring). `email`: a
    move also sends each candidate the next-step email. An invitation needs `exercises`,
    `expires_at` and `link_for` (a token → the candidate's link)."""
    if action not in ACTIONS:
        raise ValidationError(_("Choose what to do with the selected candidates."), field="action")
    if action in ("move", "scorecards", "invite") and (stage is None or stage.opening_id != opening.id):
        raise ValidationError(_("Choose one of the opening's stages."), field="stage")
    # The opening's own wording, read once for the whole selection (not once per candidate).
    templates = mail_ops.custom_templates(opening) if action in ("invite", "reject") or email else None
    if action == "move":
        emails = 0
        for candidate in candidates:
            move_to_stage(actor, candidate, stage)
            if email:
                mail_ops.send(candidate, "next_step", stage=stage, templates=templates)
                emails += 1
        return Outcome(len(candidates), emails)
    if action == "invite":
        if expires_at is None or link_for is None:
            raise ValidationError(_("Choose the last day to start."), field="expires_on")
        waiting = open_invitations(candidates, now or utcnow())
        sent = []
        for candidate in candidates:
            if candidate.id in waiting:
                continue
            invitation, token = exercise_ops.invite(actor, candidate, exercises, expires_at=expires_at, stage=stage)
            db.session.flush()
            shown = mail_ops.send(candidate, "invitation", invitation=invitation, link=link_for(token),
                                  templates=templates)[1]
            sent.append((candidate, shown))
        return Outcome(len(sent), len(sent), skipped=len(candidates) - len(sent), sent=sent)
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
    for candidate in candidates:
        shortlist_ops.record_decision(actor, candidate, "reject", comment)
        mail_ops.send(candidate, "rejection", templates=templates)
    return Outcome(len(candidates), len(candidates))

