"""Where an opening's calibration set comes from, and what its raters' attempts show."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hiring.auth.models import User
from hiring.calibration.measures import Comparison, CriterionCalibration, calibrated_on, measure
from hiring.calibration.models import CalibrationAttempt
from hiring.calibration.schema import CalibrationSet, sets_for
from hiring.exercises.schema import exercises_for
from hiring.extensions import db
from hiring.i18n import current_language
from hiring.openings.models import Opening
from hiring.rubrics.translations import CALIBRATION_TEXTS, load_translation, translated


def calibration_folder() -> Path:
    return Path(current_app.config["RUBRICS_DIR"]) / "calibration"


def opening_set(opening: Opening) -> CalibrationSet | None:
    """The calibration set agreed on the opening's rubric version (the first by key), or None."""
    rubric = opening.rubric_version.english
    exercises = {e.key: e for e in exercises_for(Path(current_app.config["EXERCISES_DIR"]), rubric)}
    found = sets_for(calibration_folder(), rubric, exercises)
    return found[0] if found else None


def set_in(calibration: CalibrationSet, language: str | None = None) -> CalibrationSet:
    """The set with its title, description and rationales in ``language`` (default: the page's), as far
    as they are translated; the material stays as written."""
    # Not `localize`, which keeps results by value: a set holds mappings, so it is not hashable.
    translation = load_translation(calibration_folder(), language or current_language(), calibration.key)
    if translation is None:
        return calibration
    return CalibrationSet.from_dict(translated(calibration.to_dict(), CALIBRATION_TEXTS, translation))


def attempt_results(attempt: CalibrationAttempt, tolerance: float | None = None) -> list[CriterionCalibration]:
    """The attempt's figures per criterion, against the agreed levels stored with it; calibrated or not
    under ``tolerance`` (default: the opening's today, which the hiring manager may have changed)."""
    return measure([Comparison(attempt.rater_id, r.item, r.criterion, r.level, r.agreed) for r in attempt.ratings],
                   tolerance=attempt.opening.calibration_tolerance if tolerance is None else tolerance)


@dataclass(frozen=True)
class RaterCalibration:
    attempt: CalibrationAttempt  # the rater's newest
    attempts: int  # how many they have made for the opening
    results: list[CriterionCalibration]


def team_calibration(opening: Opening) -> list[RaterCalibration]:
    """Each rater's newest attempt for the opening and its figures, in the order raters first calibrated
    (one query, ratings and raters loaded)."""
    attempts = db.session.scalars(
        select(CalibrationAttempt).where(CalibrationAttempt.opening_id == opening.id)
        .options(selectinload(CalibrationAttempt.ratings), selectinload(CalibrationAttempt.rater))
        .order_by(CalibrationAttempt.submitted_at, CalibrationAttempt.id)
    ).all()
    newest: dict[int, CalibrationAttempt] = {}
    counts: dict[int, int] = {}
    for attempt in attempts:
        newest[attempt.rater_id] = attempt
        counts[attempt.rater_id] = counts.get(attempt.rater_id, 0) + 1
    return [RaterCalibration(attempt, counts[rater], attempt_results(attempt, opening.calibration_tolerance))
            for rater, attempt in newest.items()]


def is_calibrated(rater: User, opening: Opening) -> bool:
    """Whether the rater's newest attempt for the opening is within the opening's tolerance on every
    criterion it scored (re-measured with today's tolerance, which the hiring manager may change)."""
    attempt = db.session.scalars(
        select(CalibrationAttempt).where(CalibrationAttempt.opening_id == opening.id,
                                         CalibrationAttempt.rater_id == rater.id)
        .order_by(CalibrationAttempt.submitted_at.desc(), CalibrationAttempt.id.desc()).limit(1)
    ).first()
    if attempt is None:
        return False
    results = attempt_results(attempt, opening.calibration_tolerance)
    return calibrated_on(results, rater.id, {r.criterion for r in attempt.ratings})


def must_calibrate(rater: User, opening: Opening) -> bool:
    """Whether the opening holds the rater's scorecards back until they calibrate: it requires
    calibration, has a calibration set to take, and the rater's newest attempt is not within its
    tolerance. An opening whose set is gone (a rubric upgraded to a version without one) holds
    nobody back: there would be nothing to calibrate on."""
    return opening.calibration_required and not is_calibrated(rater, opening) and opening_set(opening) is not None
