"""A rater submits a calibration attempt. Views call this; it validates, writes and audits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _

from hiring.audit.operations import changes, record
from hiring.auth.models import User
from hiring.calibration.measures import Comparison, measure
from hiring.calibration.models import CalibrationAttempt, CalibrationRating
from hiring.calibration.queries import opening_set
from hiring.calibration.schema import CalibrationSet
from hiring.extensions import db
from hiring.interviews.ratings import evidence_problem
from hiring.openings.models import Opening
from hiring.transactions import operation
from hiring.validation import ValidationError

#: The tolerance an opening may set, in levels: from exact agreement on average to two levels.
MIN_TOLERANCE = 0
MAX_TOLERANCE = 2


@operation
def set_calibration(actor: User | None, opening: Opening, *, required: bool, tolerance: float) -> Opening:
    """Whether raters must calibrate before their first scorecard, and the tolerance that counts."""
    if not MIN_TOLERANCE <= tolerance <= MAX_TOLERANCE:
        raise ValidationError(_("Give a number from %(min)s to %(max)s.", min=MIN_TOLERANCE, max=MAX_TOLERANCE),
                              field="calibration_tolerance")
    if required and not opening.calibration_required and opening_set(opening) is None:
        # Nobody could ever calibrate, so nobody could ever score.
        raise ValidationError(_("This opening's rubric has no calibration set: raters could not calibrate, so "
                                "calibration cannot be required."), field="calibration_required")
    diff = changes(opening, {"calibration_required": bool(required), "calibration_tolerance": float(tolerance)})
    if diff["after"]:
        record(actor, "opening.calibration", opening, **diff)
    return opening


@dataclass(frozen=True)
class Given:
    """What the rater gave for one item and criterion: a level (None: none chosen) and the evidence."""

    level: int | None
    evidence: str = ""


@operation
def submit_attempt(actor: User, opening: Opening, calibration: CalibrationSet, language: str,
                   given: Mapping[tuple[str, str], Given]) -> CalibrationAttempt:
    """Store the rater's levels on every (item, criterion) of the set's items in ``language``, each
    with evidence, beside the agreed levels; audit the figures. Refused (nothing stored) if any is
    missing, off the scale or without evidence, or if something else is given."""
    items = calibration.items_in(language)
    wanted = [(item.key, criterion) for item in items for criterion in item.scores]
    scale = opening.rubric.scale
    if set(given) != set(wanted):
        raise ValidationError(_("Score every item of the calibration set."))
    for key in wanted:
        level, evidence = given[key].level, given[key].evidence
        if level is None or level not in scale.labels:
            raise ValidationError(_("Score every item of the calibration set."))
        if problem := evidence_problem(level, evidence):
            raise ValidationError(problem)
    attempt = CalibrationAttempt(opening=opening, rater=actor, set_key=calibration.key,
                                 set_hash=calibration.content_hash, language=language,
                                 tolerance=opening.calibration_tolerance)
    for item in items:
        for criterion, score in item.scores.items():
            mine = given[(item.key, criterion)]
            attempt.ratings.append(CalibrationRating(item=item.key, criterion=criterion, level=mine.level,
                                                     agreed=score.level, evidence=mine.evidence.strip()))
    db.session.add(attempt)
    results = measure([Comparison(actor.id, r.item, r.criterion, r.level, r.agreed) for r in attempt.ratings],
                      tolerance=attempt.tolerance)
    record(actor, "calibration.submit", attempt, opening_id=opening.id, set=calibration.key, language=language,
           results={r.criterion: {"items": r.items, "leniency": round(r.leniency, 3),
                                  "mean_absolute": round(r.mean_absolute, 3), "calibrated": r.calibrated}
                    for r in results})
    return attempt
