"""What the interview pages read, each in a fixed number of queries (never one per row)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from hiring.auth.access import visible_scorecards
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.exercises.queries import blind_submissions
from hiring.extensions import db
from hiring.interviews.models import Rating, Scorecard, ScorecardStatus
from hiring.openings.models import Opening


def candidate_scorecards(user: User, candidate: Candidate) -> tuple[list[Scorecard], int]:
    """The candidate's scorecards `user` may read, and how many others are hidden from them.

    Reviews of a submission `user` reviews blind (not revealed) are left out without a word: shown
    beside the candidate's name they would tell whose work it is."""
    scorecards = list(db.session.scalars(
        select(Scorecard)
        .where(Scorecard.candidate_id == candidate.id)
        .options(selectinload(Scorecard.ratings), selectinload(Scorecard.rater),
                 selectinload(Scorecard.stage), selectinload(Scorecard.rubric_version),
                 selectinload(Scorecard.invitation))
        .order_by(Scorecard.stage_id, Scorecard.id)
    ))
    visible = visible_scorecards(user, candidate.opening, scorecards)
    hidden = sum(1 for s in scorecards if s.submitted and s not in visible)
    blind = blind_submissions(user, scorecards)
    return [s for s in visible if s.invitation_id not in blind], hidden


def owed_scorecards(opening: Opening, limit: int | None = None) -> list[Scorecard]:
    """Scorecards asked for and not yet submitted, oldest first (the first `limit` of them)."""
    return list(db.session.scalars(
        select(Scorecard)
        .join(Scorecard.candidate)
        .where(Candidate.opening_id == opening.id, Scorecard.status == ScorecardStatus.DRAFT)
        .options(selectinload(Scorecard.candidate), selectinload(Scorecard.rater),
                 selectinload(Scorecard.stage), selectinload(Scorecard.ratings))
        .order_by(Scorecard.created_at, Scorecard.id)
        .limit(limit)
    ))


def count_owed_scorecards(opening: Opening) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Scorecard).join(Scorecard.candidate)
        .where(Candidate.opening_id == opening.id, Scorecard.status == ScorecardStatus.DRAFT)
    ) or 0


def owed_counts(opening: Opening) -> dict[int, int]:
    """How many scorecards are still owed for each candidate of `opening` (candidate id → count)."""
    return dict(db.session.execute(
        select(Scorecard.candidate_id, func.count()).join(Scorecard.candidate)
        .where(Candidate.opening_id == opening.id, Scorecard.status == ScorecardStatus.DRAFT)
        .group_by(Scorecard.candidate_id)).all())


def evidence_by_level(opening: Opening, criterion: str, hidden: Iterable[int] = ()) -> dict[int, list[str]]:
    """The evidence raters wrote for one criterion of the opening's rubric, on submitted scorecards,
    grouped by the level they gave (highest first), leaving out the candidates in `hidden` (those the
    reader owes a scorecard for). Reading them side by side shows which anchor raters read differently."""
    rows = db.session.execute(
        select(Rating.value, Rating.note).join(Scorecard).join(Candidate, Candidate.id == Scorecard.candidate_id)
        .where(Candidate.opening_id == opening.id, Candidate.anonymised_at.is_(None),
               Scorecard.status == ScorecardStatus.SUBMITTED, Rating.criterion == criterion,
               Rating.value.is_not(None), Scorecard.candidate_id.not_in(list(hidden) or [-1]),
               Scorecard.rubric_version_id == opening.rubric_version_id)
        .order_by(Rating.value.desc(), Rating.id))
    grouped: dict[int, list[str]] = {}
    for value, note in rows:
        grouped.setdefault(value, []).append(note)
    return grouped
