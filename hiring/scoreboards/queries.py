"""An opening's figures: its counted ratings, the scoreboard built from them, and the cache of both."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

import pandas as pd
from flask import current_app
from sqlalchemy import func, select

from hiring.candidates.models import Candidate
from hiring.extensions import db
from hiring.interviews.models import Rating, Scorecard, ScorecardStatus
from hiring.openings.models import Opening
from hiring.rubrics.models import RubricVersion
from hiring.scoring.board import DEFAULT_K, OpeningFit, Scoreboard, fit_opening, scoreboard
from hiring.scoring.engine import ScoringSpec
from hiring.shortlists.models import ShortlistEntry

T = TypeVar("T")


def _counted_ratings(query, opening: Opening, candidates: Iterable[int] | None, version: RubricVersion):
    """`query` narrowed to the ratings that count: submitted, rated, on the criteria of `version`."""
    query = (
        query.join(Rating.scorecard).join(Scorecard.candidate)
        .where(Candidate.opening_id == opening.id, Scorecard.status == ScorecardStatus.SUBMITTED,
               Rating.value.is_not(None), Rating.criterion.in_(version.english.criterion_keys))
    )
    return query if candidates is None else query.where(Scorecard.candidate_id.in_(set(candidates)))


def ratings_frame(opening: Opening, candidates: Iterable[int] | None = None, *,
                  version: RubricVersion | None = None) -> pd.DataFrame:
    """Every submitted rating of the opening (or of these of its candidates), one row each: the
    scoring engine's input.

    Columns: candidate, rater, stage, criterion, rating. "Not assessed" is left out. Only criteria
    of the opening's current rubric version count towards its totals, whatever version a scorecard
    was given under; a rating given on another scale (a version whose scale differed) keeps its
    place on that scale: it is mapped linearly onto the current one (5 of 1–5 is 4 of 0–4; an upgrade
    to a scale of another number of levels is refused while the opening has scorecards, see
    `hiring.openings.upgrade`). `version`: the ratings as they would count were the opening pinned
    to it (an upgrade's preview).
    """
    version = opening.rubric_version if version is None else version
    query = _counted_ratings(select(Scorecard.candidate_id, Scorecard.rater_id, Scorecard.stage_id,
                                    Rating.criterion, Rating.value, Scorecard.rubric_version_id),
                             opening, candidates, version)
    # Plain tuples: pandas probes each SQLAlchemy Row for namedtuple fields, ~5 µs a row.
    rows = [tuple(row) for row in db.session.execute(query)]
    frame = pd.DataFrame.from_records(rows, columns=["candidate", "rater", "stage", "criterion", "rating",
                                                     "version"])
    frame["rating"] = frame["rating"].astype(float)
    scale = version.english.scale
    for version_id in set(frame["version"].unique()) - {version.id}:
        old = db.session.get(RubricVersion, int(version_id)).english.scale
        if (old.min, old.max) != (scale.min, scale.max):
            given = frame["version"] == version_id
            frame.loc[given, "rating"] = scale.min + (frame.loc[given, "rating"] - old.min) * (
                (scale.max - scale.min) / (old.max - old.min))
    return frame.drop(columns="version")


#: What was computed from an opening's submitted ratings, by everything it depends on (an LRU per
#: process). A model fit over thousands of candidates takes a second or more; the key costs no query:
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


def scoreboard_weights(opening: Opening, weights: dict[str, float] | None = None) -> dict[str, float]:
    """The weights a scoreboard of `opening` uses: what-if `weights`, or (None) the opening's own."""
    return dict(opening.weights if weights is None else weights)


def shortlist_size(opening: Opening) -> int:
    """How many of the opening's candidates are on its shortlist (one query)."""
    return db.session.scalar(
        select(func.count()).select_from(ShortlistEntry).join(Candidate, ShortlistEntry.candidate_id == Candidate.id)
        .where(Candidate.opening_id == opening.id)
    ) or 0


def top_k(opening: Opening, size: int | None = None) -> int:
    """The k of "P(in the top k)": the opening's shortlist size (`size` when already counted), or
    DEFAULT_K without a shortlist."""
    return (shortlist_size(opening) if size is None else size) or DEFAULT_K


def opening_fit(opening: Opening, weights: dict[str, float] | None = None) -> OpeningFit | None:
    """The measurement model fitted to every submitted rating of the opening (None: no ratings),
    with its own or what-if `weights`. Remembered, and shared between workers: the costly part."""
    weights = scoreboard_weights(opening, weights)
    spec = ScoringSpec.from_rubric(opening.rubric, weights)
    return remembered("fit", opening, None, lambda: fit_opening(ratings_frame(opening), spec),
                      tuple(sorted(weights.items())), between_workers=True)


def opening_scoreboard(opening: Opening, weights: dict[str, float] | None = None, *,
                       candidates: set[int] | None = None, adjust_leniency: bool = False,
                       k: int | None = None) -> Scoreboard:
    """The opening's scoreboard: its own weights, or what-if `weights`; all candidates or some.

    The model is always fitted to the whole opening (`opening_fit`), so two candidates compared
    side by side still borrow the noise and leniency estimates of everyone. Restricting to
    `candidates` ranks them among themselves, so a rank and "ahead of next" always refer to
    candidates shown together; P(in the top k) is of the whole opening, k its shortlist size
    (`top_k`) unless given. The result is `remembered`.
    """
    weights = scoreboard_weights(opening, weights)
    k = top_k(opening) if k is None else k
    fitted = opening_fit(opening, weights)
    return remembered("board", opening, candidates,
                      lambda: scoreboard(fitted, adjust_leniency=adjust_leniency, candidates=candidates, k=k),
                      tuple(sorted(weights.items())), adjust_leniency, k,
                      between_workers=candidates is None)  # the whole opening's: a second at 50,000


def upgraded_scoreboard(opening: Opening, version: RubricVersion, weights: dict[str, float], *,
                        candidates: set[int] | None = None, k: int | None = None) -> Scoreboard:
    """The scoreboard `opening` would have pinned to rubric `version` with `weights`: what an upgrade
    would show, before it is applied. The same ratings query, model and ranking as
    `opening_scoreboard` (as rated), so that it equals the board after the upgrade; computed each
    time (a preview is rare, and nothing else reads it)."""
    spec = ScoringSpec.from_rubric(version.english, weights)
    fitted = fit_opening(ratings_frame(opening, version=version), spec)
    return scoreboard(fitted, candidates=candidates, k=top_k(opening) if k is None else k)


def ranked_without(opening: Opening, withheld: set[int]) -> set[int] | None:
    """The candidates to rank for a reader who owes scorecards for `withheld`: every other candidate of
    the opening (one query), or None (the whole opening's board, shared) when they owe none. Ranked
    without them, the others' ranks and "ahead of next" say nothing of where a withheld candidate stands."""
    if not withheld:
        return None
    ids = db.session.scalars(select(Candidate.id).where(Candidate.opening_id == opening.id))
    return set(ids) - withheld
