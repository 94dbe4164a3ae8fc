"""What the interview pages read, each in a fixed number of queries (never one per row)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import func, select
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
                 selectinload(Scorecard.stage), selectinload(Scorecard.rubric_version),
                 selectinload(Scorecard.invitation))
        .order_by(Scorecard.stage_id, Scorecard.id)
    ))
    visible = visible_scorecards(user, candidate.opening, scorecards)
    hidden = sum(1 for s in scorecards if s.submitted and s not in visible)
    return visible, hidden


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


def _counted_ratings(query, opening: Opening, candidates: Iterable[int] | None):
    """`query` narrowed to the ratings that count: submitted, rated, on the opening's criteria."""
    query = (
        query.join(Rating.scorecard).join(Scorecard.candidate)
        .where(Candidate.opening_id == opening.id, Scorecard.status == ScorecardStatus.SUBMITTED,
               Rating.value.is_not(None), Rating.criterion.in_(opening.rubric.criterion_keys))
    )
    return query if candidates is None else query.where(Scorecard.candidate_id.in_(set(candidates)))


def ratings_frame(opening: Opening, candidates: Iterable[int] | None = None) -> pd.DataFrame:
    """Every submitted rating of the opening (or of these of its candidates), one row each: the
    scoring engine's input.

    Columns: candidate, rater, stage, criterion, rating. "Not assessed" is left out. Only criteria
    of the opening's current rubric version count towards its totals.
    """
    query = _counted_ratings(select(Scorecard.candidate_id, Scorecard.rater_id, Scorecard.stage_id,
                                    Rating.criterion, Rating.value), opening, candidates)
    # Plain tuples: pandas probes each SQLAlchemy Row for namedtuple fields, ~5 µs a row.
    rows = [tuple(row) for row in db.session.execute(query)]
    frame = pd.DataFrame.from_records(rows, columns=["candidate", "rater", "stage", "criterion", "rating"])
    frame["rating"] = frame["rating"].astype(float)
    return frame


def ratings_fingerprint(opening: Opening, candidates: Iterable[int] | None = None) -> tuple:
    """One aggregate row that changes whenever the ratings that count change.

    Every change to a rating goes through its scorecard (a save or an import bumps the scorecard's
    version counter), and ratings are only deleted with their scorecard. So the submitted scorecards'
    count, highest id, summed revisions and latest save catch every addition, edit and deletion, at an
    eighth of the rows a scan of the ratings would read.
    """
    query = (
        select(func.count(Scorecard.id), func.max(Scorecard.id), func.coalesce(func.sum(Scorecard.revision), 0),
               func.max(Scorecard.updated_at))
        .join(Scorecard.candidate)
        .where(Candidate.opening_id == opening.id, Scorecard.status == ScorecardStatus.SUBMITTED)
    )
    if candidates is not None:
        query = query.where(Scorecard.candidate_id.in_(set(candidates)))
    return tuple(db.session.execute(query).one())


#: Scoreboards already computed, by everything they depend on (an LRU per process). A bootstrap over
#: thousands of candidates takes a second or more; the fingerprint query takes milliseconds.
_BOARDS: OrderedDict[tuple, Scoreboard] = OrderedDict()
_BOARDS_LOCK = threading.Lock()
BOARD_CACHE_SIZE = 32


def opening_scoreboard(opening: Opening, weights: dict[str, float] | None = None, *,
                       candidates: set[int] | None = None, adjust_leniency: bool = False,
                       frame: pd.DataFrame | None = None) -> Scoreboard:
    """The opening's scoreboard: its own weights, or what-if `weights`; all candidates or some.

    Restricting to `candidates` ranks them among themselves, so a rank and "ahead of next" always
    refer to candidates shown together. Pass `frame` when the ratings are already loaded (it must
    hold at least those candidates' ratings). The result is reused while the ratings' fingerprint,
    the weights, the rubric version and the candidates stay the same.
    """
    weights = dict(opening.weights if weights is None else weights)
    key = (opening.id, opening.rubric_version_id, tuple(sorted(weights.items())),
           None if candidates is None else frozenset(candidates), adjust_leniency,
           ratings_fingerprint(opening, candidates))
    with _BOARDS_LOCK:
        if key in _BOARDS:
            _BOARDS.move_to_end(key)
            return _BOARDS[key]
    frame = ratings_frame(opening, candidates) if frame is None else frame
    if candidates is not None:
        frame = frame[frame["candidate"].isin(candidates)]
    board = build_scoreboard(frame, ScoringSpec.from_rubric(opening.rubric, weights), adjust_leniency=adjust_leniency)
    with _BOARDS_LOCK:
        _BOARDS[key] = board
        while len(_BOARDS) > BOARD_CACHE_SIZE:
            _BOARDS.popitem(last=False)
    return board
