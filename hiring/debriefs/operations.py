"""Opening a debrief, moving it through its stages, re-scoring, closing. Views, the CLI and the demo
call these; each validates, writes and audits, and never commits.

Who may do what: the opening's hiring managers (and admins) open a debrief, set the speaking order,
write the notes and move it on; each rater re-scores only their own ratings of the candidate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hiring.audit.operations import record
from hiring.auth.models import Role, User
from hiring.candidates.models import Candidate
from hiring.debriefs.models import Debrief, DebriefRating, DebriefStatus
from hiring.debriefs.speaking import Given, suggested_order
from hiring.extensions import db
from hiring.interviews.models import Recommendation, Scorecard, ScorecardStatus
from hiring.notifications import operations as notifications
from hiring.openings.models import Opening
from hiring.timeutil import utcnow
from hiring.transactions import operation
from hiring.validation import ValidationError

#: The longest discussion note per criterion, re-score reason and closing summary (characters).
MAX_TEXT = 5000


def may_manage(user: User | None, opening: Opening) -> bool:
    """The opening's hiring managers and admins run its debriefs (None: the command line, the demo)."""
    if user is None or user.role == Role.ADMIN:
        return True
    member = opening.member(user)
    return member is not None and member.role == Role.HIRING_MANAGER


def _check_manager(actor: User | None, debrief_or_opening) -> None:
    opening = debrief_or_opening if isinstance(debrief_or_opening, Opening) else debrief_or_opening.candidate.opening
    if not may_manage(actor, opening):
        raise ValidationError(_("Only the opening's hiring managers run its debriefs."))


def not_ready(candidate: Candidate, cards: Sequence[Scorecard]) -> str | None:
    """Why a debrief of `candidate` cannot open yet (None: it can)."""
    if any(c.status == ScorecardStatus.DRAFT for c in cards):
        return _("%(name)s still has scorecards to come in: a debrief opens once every scorecard asked for is "
                 "submitted.", name=candidate.name)
    if not any(c.submitted for c in cards):
        return _("Nobody has scored %(name)s yet.", name=candidate.name)
    return None


@operation
def open_debrief(actor: User | None, candidate: Candidate) -> Debrief:
    """Open a debrief of `candidate`: lock their scorecards and freeze every submitted rating."""
    return open_debriefs(actor, candidate.opening, [candidate])[0]


@operation
def open_debriefs(actor: User | None, opening: Opening, candidates: Iterable[Candidate]) -> list[Debrief]:
    """One debrief per candidate (a whole shortlist at once), all or none: a candidate who is not ready
    or already has a debrief refuses the lot, named."""
    _check_manager(actor, opening)
    candidates = list({c.id: c for c in candidates}.values())
    if not candidates:
        raise ValidationError(_("Choose at least one candidate to debrief."))
    ids = [c.id for c in candidates]
    cards: dict[int, list[Scorecard]] = {cid: [] for cid in ids}
    for card in db.session.scalars(select(Scorecard).where(Scorecard.candidate_id.in_(ids))
                                   .options(selectinload(Scorecard.ratings), selectinload(Scorecard.stage),
                                            selectinload(Scorecard.rater))
                                   .order_by(Scorecard.id)):
        cards[card.candidate_id].append(card)
    existing = set(db.session.scalars(select(Debrief.candidate_id).where(Debrief.candidate_id.in_(ids))))
    problems = []
    for candidate in candidates:
        if candidate.opening_id != opening.id:
            problems.append(_("%(name)s is not a candidate of this opening.", name=candidate.name))
        elif candidate.id in existing:
            problems.append(_("%(name)s already has a debrief.", name=candidate.name))
        elif why := not_ready(candidate, cards[candidate.id]):
            problems.append(why)
    if problems:
        raise ValidationError(" ".join(problems), field="candidate")
    debriefs = [_open(actor, opening, candidate, cards[candidate.id]) for candidate in candidates]
    return debriefs


def _team_role(opening: Opening, user: User) -> str:
    member = opening.member(user)
    return (member.role if member is not None else user.role).value


def _open(actor: User | None, opening: Opening, candidate: Candidate, cards: list[Scorecard]) -> Debrief:
    submitted = [c for c in cards if c.submitted]
    debrief = Debrief(candidate=candidate, status=DebriefStatus.LOCKED, opened_by=actor, opened_at=utcnow())
    recommendations: dict[str, list[str]] = {}
    for card in submitted:
        role = _team_role(opening, card.rater)
        if card.recommendation is not None:
            recommendations.setdefault(str(card.rater_id), []).append(card.recommendation.value)
        for rating in card.ratings:
            if rating.value is None:
                continue  # not assessed: nothing to discuss or re-score
            debrief.ratings.append(DebriefRating(
                scorecard_id=card.id, rater_id=card.rater_id, rater_role=role, stage=card.stage.name,
                criterion=rating.criterion, value=rating.value, note=rating.note, reason=""))
    raters = sorted({c.rater for c in submitted}, key=lambda u: (u.name.casefold(), u.id))
    order = suggested_order([(u.id, _team_role(opening, u)) for u in raters],
                            [Given(r.rater_id, r.rater_role, r.criterion, r.value) for r in debrief.ratings])
    debrief.suggested_order, debrief.speaking_order = order, list(order)
    debrief.recommendations, debrief.notes, debrief.summary = recommendations, {}, ""
    db.session.add(debrief)
    db.session.flush()
    record(actor, "debrief.open", debrief, candidate_id=candidate.id, ratings=len(debrief.ratings),
           suggested_order=order)
    if actor is not None:
        team = raters + [m.user for m in opening.team if m.role == Role.HIRING_MANAGER]
        notifications.notify_all(team, "debrief_opened", {"who": actor.name, "candidate": candidate.name},
                                 f"/debriefs/{debrief.id}", actor=actor)
    return debrief


@operation
def set_speaking_order(actor: User | None, debrief: Debrief, order: Sequence[int]) -> Debrief:
    """The hiring manager's speaking order (rater ids); only before the discussion starts."""
    _check_manager(actor, debrief)
    if debrief.status not in (DebriefStatus.LOCKED, DebriefStatus.REVEALED):
        raise ValidationError(_("The speaking order is fixed once the discussion has started."), field="order")
    order = [int(i) for i in order]
    if sorted(order) != sorted(debrief.speaking_order):
        raise ValidationError(_("Put every rater in the speaking order once."), field="order")
    if order != debrief.speaking_order:
        record(actor, "debrief.order", debrief, before={"speaking_order": debrief.speaking_order},
               after={"speaking_order": order})
        debrief.speaking_order = order
    return debrief


@operation
def advance(actor: User | None, debrief: Debrief, target: DebriefStatus | str, *,
            recommendation: Recommendation | str | None = None, summary: str = "") -> Debrief:
    """Move the debrief to its next stage (stages are never skipped nor undone). Closing records the
    team's recommendation (required) and a summary."""
    _check_manager(actor, debrief)
    try:
        target = DebriefStatus(target)
    except ValueError:
        raise ValidationError(_("Choose the debrief's next stage."), field="stage") from None
    if target != debrief.status.next:
        raise ValidationError(_("The debrief is at the stage “%(now)s”: the next stage is “%(next)s”.",
                                now=debrief.status.label,
                                next=debrief.status.next.label if debrief.status.next else "—"), field="stage")
    details: dict = {"before": {"status": debrief.status.value}, "after": {"status": target.value}}
    if target == DebriefStatus.CLOSED:
        try:
            recommendation = Recommendation(recommendation) if recommendation else None
        except ValueError:
            recommendation = None
        if recommendation is None:
            raise ValidationError(_("Choose the team's recommendation before closing the debrief."),
                                  field="recommendation")
        summary = (summary or "").strip()
        if len(summary) > MAX_TEXT:
            raise ValidationError(_("Keep it under %(count)d characters.", count=MAX_TEXT), field="summary")
        debrief.recommendation, debrief.summary, debrief.closed_at = recommendation, summary, utcnow()
        details.update(recommendation=recommendation.value, summary=summary,
                       rescores=sum(1 for r in debrief.ratings if r.rescored))
    if target == DebriefStatus.DISCUSSED:
        details["speaking_order"] = debrief.speaking_order  # the order used
    debrief.status = target
    record(actor, "debrief.close" if target == DebriefStatus.CLOSED else "debrief.stage", debrief, **details)
    return debrief


@operation
def save_notes(actor: User | None, debrief: Debrief, notes: Mapping[str, str]) -> Debrief:
    """The discussion's notes per criterion, while it is discussed or re-scored."""
    _check_manager(actor, debrief)
    if debrief.status not in (DebriefStatus.DISCUSSED, DebriefStatus.RESCORE):
        raise ValidationError(_("Notes are written during the discussion."), field="notes")
    keys = set(debrief.candidate.opening.rubric.criterion_keys)
    cleaned = {k: v.strip() for k, v in notes.items() if k in keys and (v or "").strip()}
    if any(len(v) > MAX_TEXT for v in cleaned.values()):
        raise ValidationError(_("Keep it under %(count)d characters.", count=MAX_TEXT), field="notes")
    if cleaned != (debrief.notes or {}):
        record(actor, "debrief.notes", debrief, before=debrief.notes or {}, after=cleaned)
        debrief.notes = cleaned
    return debrief


@operation
def rescore(actor: User | None, rating: DebriefRating, value: int | str | None, reason: str) -> DebriefRating:
    """A rater changes one of their own ratings during the re-score stage, saying why. The scorecard
    keeps the independent rating; a value equal to it withdraws the re-score."""
    debrief = rating.debrief
    if debrief.status != DebriefStatus.RESCORE:
        raise ValidationError(_("Ratings are changed only during the re-score stage."), field="value")
    if actor is not None and actor.id != rating.rater_id:
        raise ValidationError(_("Only the rater who gave a rating may change it."), field="value")
    scale = debrief.candidate.opening.rubric.scale
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = None
    if value not in scale.values:
        raise ValidationError(_("Choose a level from %(min)s to %(max)s.", min=scale.min, max=scale.max),
                              field="value")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why you change the rating: the reason is kept with it."), field="reason")
    if len(reason) > MAX_TEXT:
        raise ValidationError(_("Keep it under %(count)d characters.", count=MAX_TEXT), field="reason")
    before = rating.final
    rating.rescored_value = None if value == rating.value else value
    rating.reason = reason if rating.rescored_value is not None else ""
    rating.rescored_at = utcnow() if rating.rescored_value is not None else None
    record(actor, "debrief.rescore", debrief, before={"rating": before}, after={"rating": value},
           rating_id=rating.id, criterion=rating.criterion, stage=rating.stage, independent=rating.value,
           reason=reason)
    return rating
