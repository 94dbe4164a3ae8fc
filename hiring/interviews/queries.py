"""What the interview pages read, each in a fixed number of queries (never one per row)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hiring.auth.access import visible_scorecards
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.extensions import db
from hiring.interviews.models import Rating, Scorecard, ScorecardStatus
from hiring.openings.models import Opening
from hiring.scoring.board import Scoreboard, build_scoreboard
from hiring.scoring.engine import ScoringSpec


def candidate_scorecards(user: User, candidate: Candidate) -> tuple[list[Scorecard], int]:
    """The candidate's scorecards `user` may read, and how many others are hidden from them."""
    scorecards = list(db.session.scalars(
        select(Scorecard)
        .where(Scorecard.candidate_id == candidate.id)
        .options(selectinload(Scorecard.ratings), selectinload(Scorecard.rater),
                 selectinload(Scorecard.stage), selectinload(Scorecard.rubric_version))
        .order_by(Scorecard.stage_id, Scorecard.id)
    ))
    visible = visible_scorecards(user, candidate.opening, scorecards)
    hidden = sum(1 for s in scorecards if s.submitted and s not in visible)
    return visible, hidden


def owed_scorecards(opening: Opening) -> list[Scorecard]:
    """Scorecards asked for and not yet submitted, oldest first."""
    return list(db.session.scalars(
        select(Scorecard)
        .join(Scorecard.candidate)
        .where(Candidate.opening_id == opening.id, Scorecard.status == ScorecardStatus.DRAFT)
        .options(selectinload(Scorecard.candidate), selectinload(Scorecard.rater),
                 selectinload(Scorecard.stage))
        .order_by(Scorecard.created_at)
    ))


def ratings_frame(opening: Opening) -> pd.DataFrame:
    """Every submitted rating of the opening, one row each: the scoring engine's input.

    Columns: candidate, rater, stage, criterion, rating. "Not assessed" is left out. Only criteria
    of the opening's current rubric version count towards its totals.
    """
    rows = db.session.execute(
        select(Scorecard.candidate_id, Scorecard.rater_id, Scorecard.stage_id, Rating.criterion,
               Rating.value)
        .join(Rating.scorecard).join(Scorecard.candidate)
        .where(Candidate.opening_id == opening.id, Scorecard.status == ScorecardStatus.SUBMITTED,
               Rating.value.is_not(None), Rating.criterion.in_(opening.rubric.criterion_keys))
    ).all()
    frame = pd.DataFrame(rows, columns=["candidate", "rater", "stage", "criterion", "rating"])
    frame["rating"] = frame["rating"].astype(float)
    return frame


def opening_scoreboard(opening: Opening, weights: dict[str, float] | None = None, *,
                       candidates: set[int] | None = None, adjust_leniency: bool = False,
                       frame: pd.DataFrame | None = None) -> Scoreboard:
    """The opening's scoreboard: its own weights, or what-if `weights`; all candidates or some.

    Restricting to `candidates` ranks them among themselves, so a rank and "ahead of next" always
    refer to candidates shown together. Pass `frame` when the ratings are already loaded.
    """
    frame = ratings_frame(opening) if frame is None else frame
    if candidates is not None:
        frame = frame[frame["candidate"].isin(candidates)]
    spec = ScoringSpec.from_rubric(opening.rubric, opening.weights if weights is None else weights)
    return build_scoreboard(frame, spec, adjust_leniency=adjust_leniency)
