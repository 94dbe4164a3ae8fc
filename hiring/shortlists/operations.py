"""Changing a shortlist and recording decisions. Views and the CLI call these; each one audits."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel.speaklater import LazyString
from sqlalchemy import select

from hiring.audit.operations import record
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.extensions import db
from hiring.interviews.models import Scorecard, ScorecardStatus
from hiring.notifications import operations as notifications
from hiring.shortlists.models import Decision, DecisionKind, ShortlistEntry
from hiring.transactions import operation
from hiring.validation import ValidationError

#: Long enough for a paragraph of reasons; a decision is not the place for a report.
MAX_COMMENT = 4000


def choose_decision() -> str:
    """Said when no decision, or an unknown one, is chosen: by the form at the field and by
    `record_decision`; in the page's language."""
    return _("Choose a decision: %(decisions)s.", decisions=", ".join(k.label for k in DecisionKind))


CHOOSE_DECISION = LazyString(choose_decision)


@operation
def add_to_shortlist(actor: User | None, candidate: Candidate) -> ShortlistEntry:
    entry = db.session.scalar(select(ShortlistEntry).filter_by(candidate_id=candidate.id))
    if entry is not None:
        return entry  # adding twice is harmless: the person meant "on the list"
    entry = ShortlistEntry(candidate=candidate, added_by=actor)
    db.session.add(entry)
    record(actor, "shortlist.add", candidate, opening_id=candidate.opening_id)
    return entry


@operation
def remove_from_shortlist(actor: User | None, candidate: Candidate) -> None:
    entry = db.session.scalar(select(ShortlistEntry).filter_by(candidate_id=candidate.id))
    if entry is None:
        return
    db.session.delete(entry)
    record(actor, "shortlist.remove", candidate, opening_id=candidate.opening_id)


@operation
def note_export(actor: User | None, opening, **details) -> None:
    """Audit a report or export taken away (PDF, CSV, XLSX): what left, and for whom."""
    record(actor, "report.export", opening, **details)


@operation
def record_decision(actor: User | None, candidate: Candidate, kind: str | DecisionKind, comment: str) -> Decision:
    """A new decision on `candidate`; earlier ones stay in the history."""
    try:
        kind = DecisionKind(kind)
    except ValueError:
        raise ValidationError(choose_decision(), field="kind") from None
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Say why: the comment is the record of this decision."), field="comment")
    if len(comment) > MAX_COMMENT:
        raise ValidationError(_("Keep the comment under %(count)d characters.", count=MAX_COMMENT), field="comment")
    decision = Decision(candidate=candidate, decided_by=actor, kind=kind, comment=comment)
    db.session.add(decision)
    record(actor, "decision.record", candidate, decision=kind.value, comment=comment)
    if actor is not None:
        _tell_raters(actor, candidate, kind)
    return decision


def _tell_raters(actor: User, candidate: Candidate, kind: DecisionKind) -> None:
    """Those who rated the candidate hear what became of their evidence; a reviewer who only saw the
    exercises blind hears it under the submission's alias, so the decision does not unblind them."""
    from hiring.exercises.queries import blind_submissions

    cards = db.session.scalars(select(Scorecard).where(Scorecard.candidate_id == candidate.id,
                                                       Scorecard.status == ScorecardStatus.SUBMITTED)
                               .order_by(Scorecard.rater_id, Scorecard.id)).all()
    by_rater: dict[int, list[Scorecard]] = {}
    for card in cards:
        by_rater.setdefault(card.rater_id, []).append(card)
    for rater_id, theirs in by_rater.items():
        rater = theirs[0].rater
        if rater_id == actor.id:
            continue
        params = {"who": actor.name, "decision": kind.value}
        blind = blind_submissions(rater, theirs)
        if blind and all(card.invitation_id is not None for card in theirs):
            invitation = next(card.invitation for card in theirs if card.invitation_id in blind)
            params["alias"], path = invitation.alias_code, f"/reviews/{invitation.id}"
        else:
            params["candidate"], path = candidate.name, f"/candidates/{candidate.id}"
        notifications.notify(rater, "decision_recorded", params, path)
