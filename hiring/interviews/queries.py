"""What the interview pages read, each in a fixed number of queries (never one per row)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

import pandas as pd
from flask import current_app
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

T = TypeVar("T")


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


#: What was computed from an opening's submitted ratings, by everything it depends on (an LRU per
#: process). A bootstrap over thousands of candidates takes a second or more; the key costs no query:
#: `Opening.scores_version` moves with every change to a submitted rating, in the same transaction.
_REMEMBERED: OrderedDict[tuple, Any] = OrderedDict()
_REMEMBERED_LOCK = threading.Lock()
CACHE_SIZE = 64


def remembered(what: str, opening: Opening, candidates: Iterable[int] | None, compute: Callable[[], T],
               *extra: Hashable, between_workers: bool = False) -> T:
    """`compute()`, or what it gave before for the same opening, rubric version, scores version,
    candidates and `extra`. What it returns is shared: callers must not modify it.

    `between_workers`: with REDIS_URL, also share the result with the other gunicorn workers
    (`hiring.sharedcache`), for what is slow to compute."""
    key = (what, opening.id, opening.rubric_version_id, opening.scores_version,
           None if candidates is None else frozenset(candidates), *extra)
    with _REMEMBERED_LOCK:
        if key in _REMEMBERED:
            _REMEMBERED.move_to_end(key)
            return _REMEMBERED[key]
    shared = current_app.extensions.get("shared_cache") if between_workers else None
    value = compute() if shared is None else shared.computed(key, compute)
    with _REMEMBERED_LOCK:
        # What was computed for an earlier state of this opening's ratings is never asked for again:
        # drop it now rather than keep a whole opening's scoreboard per change until the LRU ages it out.
        for old in [k for k in _REMEMBERED if k[1] == opening.id and k[2:4] != key[2:4]]:
            del _REMEMBERED[old]
        _REMEMBERED[key] = value
        while len(_REMEMBERED) > CACHE_SIZE:
            _REMEMBERED.popitem(last=False)
    return value


def candidates_ratings(opening: Opening, candidates: Iterable[int]) -> pd.DataFrame:
    """`ratings_frame` of some candidates (a shortlist, a comparison), remembered. Shared: read only."""
    chosen = frozenset(candidates)
    return remembered("ratings", opening, chosen, lambda: ratings_frame(opening, chosen))


def opening_scoreboard(opening: Opening, weights: dict[str, float] | None = None, *,
                       candidates: set[int] | None = None, adjust_leniency: bool = False,
                       frame: pd.DataFrame | None = None) -> Scoreboard:
    """The opening's scoreboard: its own weights, or what-if `weights`; all candidates or some.

    Restricting to `candidates` ranks them among themselves, so a rank and "ahead of next" always
    refer to candidates shown together. Pass `frame` when the ratings are already loaded (it must
    hold at least those candidates' ratings). The result is `remembered`.
    """
    weights = dict(opening.weights if weights is None else weights)

    def compute() -> Scoreboard:
        ratings = ratings_frame(opening, candidates) if frame is None else frame
        if candidates is not None:
            ratings = ratings[ratings["candidate"].isin(candidates)]
        return build_scoreboard(ratings, ScoringSpec.from_rubric(opening.rubric, weights),
                                adjust_leniency=adjust_leniency)

    return remembered("board", opening, candidates, compute, tuple(sorted(weights.items())), adjust_leniency,
                      between_workers=candidates is None)  # the whole opening's: seconds to compute
