"""Interview kits, assignments and scorecards. Views, the score importer and the CLI call these."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from hiring.audit.operations import changes, record
from hiring.auth.models import Role, User
from hiring.auth.operations import create_user
from hiring.calibration.queries import must_calibrate
from hiring.candidates.models import Candidate
from hiring.debriefs.models import frozen, under_way
from hiring.extensions import db
from hiring.interviews.importing import ScoreImportContext
from hiring.interviews.kits import Kit, build_kit, kit_problems
from hiring.interviews.models import Rating, Recommendation, Scorecard, ScorecardStatus
from hiring.interviews.ratings import evidence_problem
from hiring.notifications import operations as notifications
from hiring.openings.models import Opening, Stage, TeamMember
from hiring.spreadsheets import ImportReport
from hiring.timeutil import utcnow
from hiring.transactions import operation
from hiring.validation import ValidationError


class ScorecardConflict(ValidationError):
    """Someone saved the scorecard since this editor loaded it; nothing was overwritten."""


@dataclass(frozen=True)
class RatingInput:
    value: int | None  # None: not assessed
    note: str = ""


def kit_for(stage: Stage, rubric=None) -> Kit:
    """The stage's kit under `rubric` (default: the opening's pinned version)."""
    return build_kit(rubric or stage.opening.rubric, stage.focus or [], stage.questions or {})


def scorecard_kit(scorecard: Scorecard) -> Kit:
    """A scorecard's kit always uses the rubric version the scorecard was given under; reviewing
    exercises, its criteria are the ones the exercises evidence."""
    rubric = scorecard.rubric_version.rubric
    if scorecard.invitation is not None:
        return build_kit(rubric, scorecard.invitation.criteria, {})
    return kit_for(scorecard.stage, rubric)


@operation
def set_kit(actor: User | None, stage: Stage, *, focus: Sequence[str],
            questions: Mapping[str, Sequence[str]]) -> Stage:
    rubric = stage.opening.rubric
    cleaned: dict[str, list[str]] = {}
    for key, given in questions.items():
        kept = [q.strip() for q in given if q.strip()]
        same_as_rubric = key in rubric.criterion_keys and tuple(kept) == rubric.criterion(key).questions
        if kept and not same_as_rubric:  # store only real changes, so rubric edits still flow in
            cleaned[key] = kept
    problems = kit_problems(rubric, focus, cleaned)
    if problems:
        raise ValidationError("; ".join(problems), field="focus")
    ordered = [k for k in rubric.criterion_keys if k in focus]
    diff = changes(stage, {"focus": ordered, "questions": cleaned})
    record(actor, "stage.kit", stage, **diff)
    return stage


@operation
def assign(actor: User | None, candidate: Candidate, stage: Stage, rater: User,
           invitation=None) -> Scorecard:
    """Ask `rater` for a scorecard on `candidate` at `stage` (it starts as a draft they owe).

    With an `invitation`, the scorecard reviews its exercise answers, on the exercises' criteria.
    """
    opening = candidate.opening
    if stage.opening_id != opening.id:
        raise ValidationError(_("That stage belongs to another opening."), field="stage")
    if opening.member(rater) is None and rater.role != Role.ADMIN:
        raise ValidationError(_("%(name)s is not on this opening's hiring team.", name=rater.name), field="rater")
    if invitation is None:
        same = select(Scorecard).filter_by(candidate_id=candidate.id, stage_id=stage.id, rater_id=rater.id,
                                           invitation_id=None)
    else:
        same = select(Scorecard).filter_by(invitation_id=invitation.id, rater_id=rater.id)
    if db.session.scalar(same) is not None:
        raise ValidationError(_("%(name)s already has a scorecard for this stage.", name=rater.name)
                              if invitation is None
                              else _("%(name)s already has a review of these exercises.", name=rater.name),
                              field="rater")
    due_at = utcnow() + timedelta(days=opening.scorecard_due_days) if opening.scorecard_due_days else None
    scorecard = Scorecard(candidate=candidate, stage=stage, rater=rater, invitation=invitation,
                          rubric_version_id=opening.rubric_version_id, status=ScorecardStatus.DRAFT, due_at=due_at)
    db.session.add(scorecard)
    db.session.flush()
    record(actor, "scorecard.assign", scorecard, candidate_id=candidate.id, stage=stage.name,
           rater=rater.email)
    if actor is not None and actor.id != rater.id:  # a person asked someone else (not the demo, not oneself)
        params, path = notifications.scorecard_params(scorecard)
        notifications.notify(rater, "scorecard_requested", {**params, "asker": actor.name}, path)
    return scorecard


#: Why a debriefed scorecard cannot be changed (the form, the operation).
FROZEN = _l("The team debriefed this scorecard: its independent ratings stay as they were submitted, and the "
            "debrief keeps any change beside them.")


@operation
def save_scorecard(
    actor: User | None,
    scorecard: Scorecard,
    *,
    ratings: Mapping[str, RatingInput],
    recommendation: Recommendation | str | None,
    summary: str = "",
    submit: bool,
    expected_revision: int,
) -> Scorecard:
    """Save a draft or submit. Refuses a save based on an older revision (ScorecardConflict).

    Submitted scorecards may be edited; every edit is audited with the ratings before and after.
    """
    if scorecard.revision != expected_revision:
        raise _conflict(scorecard)
    if (actor is not None and actor.id == scorecard.rater_id and not scorecard.submitted
            and must_calibrate(actor, scorecard.candidate.opening)):
        # The opening asks raters to calibrate first, whichever page (or script) saves the scorecard.
        raise ValidationError(_("Calibrate first: score the calibration set, then your scorecards for this "
                                "opening open."))
    if under_way([scorecard.candidate_id]):
        # The debrief froze the independent scores: they stay as they were until it closes.
        raise ValidationError(_("A debrief of this candidate is under way: the scorecards are locked until it "
                                "closes."))
    if scorecard.id is not None and frozen([scorecard.id]):
        raise ValidationError(str(FROZEN))
    kit = scorecard_kit(scorecard)
    scale = kit.rubric.scale
    problems = []
    for key in kit.criterion_keys:
        given = ratings.get(key)
        if given is None or given.value is None:
            continue
        name = kit.rubric.criterion(key).name
        if given.value not in scale.values:
            problems.append(_("%(criterion)s: choose a level from %(min)s to %(max)s", criterion=name, min=scale.min,
                              max=scale.max))
        elif problem := evidence_problem(given.value, given.note):
            problems.append(_("%(criterion)s: %(problem)s", criterion=name, problem=problem))
    recommendation = Recommendation(recommendation) if recommendation else None
    submitting = submit or scorecard.submitted
    if submitting and recommendation is None:
        problems.append(_("Choose an overall recommendation before submitting"))
    if submitting and not any(ratings.get(k) and ratings[k].value is not None for k in kit.criterion_keys):
        problems.append(_("Rate at least one criterion before submitting"))
    if problems:
        raise ValidationError("; ".join(problems))

    was_submitted = scorecard.submitted
    before = _snapshot(scorecard)
    for key in kit.criterion_keys:
        given = ratings.get(key, RatingInput(None))
        rating = scorecard.rating_for(key)
        if rating is None:
            rating = Rating(criterion=key)
            scorecard.ratings.append(rating)
        rating.value, rating.note = given.value, given.note.strip()
    scorecard.recommendation = recommendation
    scorecard.summary = summary.strip()
    if submitting and not was_submitted:
        scorecard.status, scorecard.submitted_at = ScorecardStatus.SUBMITTED, utcnow()
    scorecard.updated_at = utcnow()  # also bumps the revision when only ratings changed
    after = _snapshot(scorecard)
    action = "scorecard.edit" if was_submitted else ("scorecard.submit" if submitting else "scorecard.draft")
    try:  # record() flushes: a concurrent save's versioned UPDATE can already fail there
        if was_submitted:
            record(actor, action, scorecard, before=before, after=after)
        else:
            record(actor, action, scorecard)
    except StaleDataError:
        db.session.rollback()
        raise _conflict(scorecard) from None
    return scorecard


def _conflict(scorecard: Scorecard) -> ScorecardConflict:
    return ScorecardConflict(
        "Someone else saved this scorecard after you opened it. Your changes were not saved: "
        "reload the page to see the latest version, then make your changes again."
    )


def _snapshot(scorecard: Scorecard) -> dict:
    return {
        "status": scorecard.status.value if scorecard.status else None,
        "recommendation": scorecard.recommendation.value if scorecard.recommendation else None,
        "summary": scorecard.summary,
        "ratings": {r.criterion: {"value": r.value, "note": r.note} for r in scorecard.ratings},
    }


def score_import_context(opening: Opening, *, create_raters: bool = False) -> ScoreImportContext:
    """Look up, once, everything the score checker needs about this opening."""
    candidates = dict(db.session.execute(
        select(Candidate.email, Candidate.id).where(Candidate.opening_id == opening.id)).all())
    existing = db.session.execute(
        select(Scorecard.candidate_id, Scorecard.stage_id, User.email, Rating.criterion)
        .join(Rating.scorecard).join(Scorecard.rater).join(Scorecard.candidate)
        .where(Candidate.opening_id == opening.id, Rating.value.is_not(None))
    ).all()
    rubric = opening.rubric
    return ScoreImportContext(
        candidates=candidates,
        raters=dict(db.session.execute(select(User.email, User.id)).all()),
        stages={s.name.casefold(): s.id for s in opening.stages},
        criteria={c.key: c.name for c in rubric.criteria},
        scale=(rubric.scale.min, rubric.scale.max),
        existing=frozenset(tuple(row) for row in existing),
        create_raters=create_raters,
    )


@operation
def import_scores(actor: User | None, opening: Opening, report: ImportReport, filename: str = "",
                  *, create_raters: bool = False) -> int:
    """Store the report's good rows as submitted scorecards; return how many ratings were stored.

    Rows are grouped into one scorecard per (candidate, stage, rater). Unknown raters are created
    as interviewers (with an unusable password: an admin sets one) and added to the team when
    `create_raters` is set.
    """
    good = report.good
    if locked := under_way({int(r.values["candidate_id"]) for r in good}):
        raise ValidationError(_("A debrief is under way for candidates %(ids)s: their scorecards are locked until "
                                "it closes. Nothing was imported.", ids=", ".join(str(i) for i in sorted(locked))))
    raters = {u.email: u for u in db.session.scalars(
        select(User).where(User.email.in_({r.values["rater_email"] for r in good})))}
    for email in sorted({r.values["rater_email"] for r in good} - set(raters)):
        if not create_raters:
            raise ValidationError(_("Unknown rater %(email)s.", email=email))
        raters[email] = create_user(actor, email=email, name=email, role=Role.INTERVIEWER,
                                    password=secrets.token_urlsafe(32))
    for user in raters.values():
        if opening.member(user) is None:
            opening.team.append(TeamMember(user=user, role=Role.INTERVIEWER))
    cards = {(s.candidate_id, s.stage_id, s.rater_id): s for s in db.session.scalars(
        select(Scorecard).join(Scorecard.candidate)
        .where(Candidate.opening_id == opening.id, Scorecard.invitation_id.is_(None))  # interviews, not reviews
        .options(selectinload(Scorecard.ratings)))}
    def key_of(row) -> tuple[int, int, int]:
        return int(row.values["candidate_id"]), int(row.values["stage_id"]), raters[row.values["rater_email"]].id

    if opening.calibration_required:  # a rater's first scorecards wait for their calibration, imported too
        first = {raters[row.values["rater_email"]] for row in good
                 if not (key_of(row) in cards and cards[key_of(row)].submitted)}
        if waiting := sorted((u.name for u in first if must_calibrate(u, opening)), key=str.casefold):
            raise ValidationError(_("Not calibrated yet: %(names)s. This opening asks raters to calibrate before "
                                    "their first scorecard. Nothing was imported.", names=", ".join(waiting)))
    if frozen(cards[key_of(row)].id for row in good if key_of(row) in cards):
        raise ValidationError(_("Some rows add to scorecards a debrief froze: a debriefed scorecard stays as it was "
                                "submitted. Nothing was imported."))
    for row in good:
        rater = raters[row.values["rater_email"]]
        key = key_of(row)
        card = cards.get(key)
        if card is None:
            card = cards[key] = Scorecard(candidate_id=key[0], stage_id=key[1], rater=rater,
                                          rubric_version_id=opening.rubric_version_id)
            db.session.add(card)
        if not card.submitted:
            card.status, card.submitted_at = ScorecardStatus.SUBMITTED, utcnow()
        rating = card.rating_for(row.values["criterion"])
        if rating is None:
            rating = Rating(criterion=row.values["criterion"])
            card.ratings.append(rating)
        rating.value, rating.note = int(row.values["rating"]), row.values["note"].strip()
        card.updated_at = utcnow()  # a rating changes through its scorecard: its version counter moves
    record(actor, "scores.import", opening, file=filename, imported=len(good),
           errors=len(report.bad), duplicates=len(report.duplicates))
    return len(good)
