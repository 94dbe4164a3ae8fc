"""An opening's scoreboard: everything the dashboard, the shortlist, the comparison, the PDF and the
JSON API show, from one ratings table and one fit of the measurement model (``model.py``).

Pure: a ratings DataFrame in, plain dataclasses out. Two layers, so that the costly part is done
once per state of the ratings:

* ``fit_opening`` fits the model to the whole opening (every candidate borrows the noise and
  leniency estimates of all the others) and computes what does not depend on a view: totals as
  rated and adjusted with 90 % intervals, criterion figures, disagreements, leniency with
  intervals, reliability per criterion and the D-study.
* ``scoreboard`` ranks a view of it: all candidates or some (a shortlist, a comparison, ranked among
  themselves), by the total as rated or adjusted for leniency, with P(above the next shown) and
  P(among the opening's top k) drawn from the model's posterior.

Ratings come per (candidate, rater, stage, criterion); a rater who rated the same criterion at two
stages counts once, with the mean of their ratings, so a talkative interviewer cannot outvote the
panel by scoring twice.

What a total means: the score the rubric would give over the population of raters, on the rubric's
scale. For a candidate some criteria of whom nobody has rated yet, the total is still for the full
rubric: the unrated criteria are predicted from the candidate's others, and the interval widens by
what that prediction may miss. Such a candidate is ranked after every fully rated one
(``ranking_order``): a total that is partly a prediction never outranks one that rests on ratings.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from hiring.scoring.engine import ScoringSpec, disagreement_threshold
from hiring.scoring.model import DStudy, Fit, d_study, fit, rank_probabilities
from hiring.scoring.reliability import reliability

#: Krippendorff's advice: alpha below 0.667 is too low even for tentative conclusions. Below it we
#: say the criterion's anchors may be unclear (raters read them differently).
LOW_AGREEMENT = 0.667
INTERVAL_LEVEL = 0.90
#: P(in the top k) when the opening has no shortlist to take k from.
DEFAULT_K = 5


@dataclass(frozen=True)
class Estimate:
    """A total on the rubric's scale with its 90 % interval."""

    total: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class CriterionFigures:
    """Per candidate and criterion: mean, median, sample std (ddof 1) and raters, as candidates ×
    criteria arrays (rubric order); a page reads one candidate's at a time (``of``)."""

    candidates: pd.Index
    criteria: tuple[str, ...]
    mean: np.ndarray
    median: np.ndarray
    std: np.ndarray
    n_raters: np.ndarray

    @classmethod
    def of_fit(cls, fitted: Fit) -> CriterionFigures:
        counts = fitted.cell_counts
        mean = np.where(counts > 0, fitted.cell_means, np.nan)
        return cls(fitted.candidates.index, tuple(fitted.spec.criteria), mean, fitted.cell_medians,
                   fitted.cell_stds, counts.astype(int))

    def of(self, row: int) -> dict[str, dict[str, float | int | None]]:
        """criterion → {mean, median, std, n_raters} for the candidate in ``row``: rated criteria only."""
        return {
            key: {"mean": _number(self.mean[row, j]), "median": _number(self.median[row, j]),
                  "std": _number(self.std[row, j]), "n_raters": int(self.n_raters[row, j])}
            for j, key in enumerate(self.criteria) if self.n_raters[row, j] > 0
        }


@dataclass(frozen=True)
class CandidateScore:
    candidate: Any
    rank: int
    #: The view's total (as rated, or adjusted when the board is), with its interval.
    total: float | None
    low: float | None
    high: float | None
    as_rated: Estimate
    adjusted: Estimate
    skills: float | None
    traits: float | None
    n_raters: int
    single_rater: bool
    incomplete: bool
    missing: tuple[str, ...]
    p_above_next: float | None
    p_top_k: float | None
    flags: tuple[tuple[str, float], ...]  # (criterion, spread) where raters disagree
    _figures: CriterionFigures = field(repr=False, compare=False)
    _row: int = field(repr=False, compare=False)

    @property
    def criteria(self) -> dict[str, dict[str, float | int | None]]:
        """criterion → {mean, median, std, n_raters} of the raters' ratings (rated criteria only)."""
        return self._figures.of(self._row)


@dataclass(frozen=True)
class RaterLeniency:
    rater: Any
    offset: float | None  # positive: rates higher than the panel on the same work
    low: float | None
    high: float | None
    n: int  # ratings in cells another rater rated too: what the offset rests on
    n_ratings: int
    n_candidates: int


@dataclass(frozen=True)
class OpeningFit:
    """What one fit of an opening's ratings gives, whatever the view (module doc)."""

    spec: ScoringSpec
    model: Fit
    figures: CriterionFigures
    flags: dict[Any, tuple[tuple[str, float], ...]]
    leniency: list[RaterLeniency]
    reliability: dict[str, Any]
    d_study: DStudy
    n_ratings: int
    low_agreement: list[str]


@dataclass(frozen=True)
class Scoreboard:
    candidates: list[CandidateScore]  # ranked: highest total first
    leniency: list[RaterLeniency]      # most lenient first
    reliability: dict[str, Any]
    n_ratings: int
    low_agreement: list[str] = field(default_factory=list)  # criteria whose anchors may be unclear
    d_study: DStudy | None = None
    k: int = DEFAULT_K
    adjusted: bool = False
    _by_candidate: dict[Any, CandidateScore] = field(init=False, repr=False, compare=False)
    #: Some candidate has a criterion nobody rated (the pages then explain incomplete totals).
    any_incomplete: bool = field(init=False, compare=False)

    def __post_init__(self) -> None:
        # A page looks up every row's score: a dict, not a scan of thousands of candidates per row.
        object.__setattr__(self, "_by_candidate", {c.candidate: c for c in self.candidates})
        object.__setattr__(self, "any_incomplete", any(c.incomplete for c in self.candidates))

    def for_candidate(self, candidate: Any) -> CandidateScore | None:
        return self._by_candidate.get(candidate)


EMPTY_RELIABILITY: dict[str, Any] = {"overall": None, "criteria": {}, "d_study": None}


def panel_ratings(ratings: pd.DataFrame) -> pd.DataFrame:
    """One rating per (candidate, rater, criterion): the mean over stages."""
    if ratings.empty:
        return pd.DataFrame(columns=["candidate", "rater", "criterion", "rating"])
    return (
        ratings.groupby(["candidate", "rater", "criterion"], as_index=False, sort=False)["rating"].mean()
    )


def fit_opening(ratings: pd.DataFrame, spec: ScoringSpec) -> OpeningFit | None:
    """Fit the model to an opening's ratings (any stages); None when there are none."""
    panel = panel_ratings(ratings)
    if panel.empty:
        return None
    fitted = fit(panel, spec, level=INTERVAL_LEVEL)
    # Where raters disagree: engine.disagreements' rule, on the fit's cell spreads.
    flags: dict[Any, list[tuple[str, float]]] = {}
    keys = spec.criteria
    with np.errstate(invalid="ignore"):
        rows, columns = np.nonzero(fitted.cell_spreads >= disagreement_threshold(spec))
    for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
        spread = float(fitted.cell_spreads[row, column])
        flags.setdefault(fitted.candidates.index[row], []).append((keys[column], spread))
    raters = sorted(
        (RaterLeniency(rater, _number(row["leniency"]), _number(row["low"]), _number(row["high"]),
                       int(row["n_shared"]), int(row["n_ratings"]), int(row["n_candidates"]))
         for rater, row in fitted.raters.to_dict("index").items()),
        key=lambda r: -(r.offset if r.offset is not None else -math.inf),
    )
    agreement = reliability(panel)
    study = d_study(fitted, level=INTERVAL_LEVEL)
    agreement = {
        "overall": {
            "dependability": study.current, "ci": {"low": study.current_low, "high": study.current_high},
            "raters_per_candidate": _number(study.current_raters),
            "n_candidates": len(fitted.candidates), "n_raters": int((fitted.raters["n_ratings"] > 0).sum()),
            "reason": study.reason,
        },
        "criteria": agreement["criteria"],
        "d_study": {
            "raters_per_candidate": _number(study.current_raters),
            "reliability": {str(n): value for n, value in study.by_raters.items()},
            "raters_for_80": study.needed_for_80, "reason": study.reason,
        },
    }
    low = [key for key, figures in agreement["criteria"].items()
           if figures["alpha_interval"] is not None and figures["alpha_interval"] < LOW_AGREEMENT]
    return OpeningFit(spec, fitted, CriterionFigures.of_fit(fitted),
                      {c: tuple(f) for c, f in flags.items()}, raters, agreement, study, len(panel), low)


def scoreboard(fitted: OpeningFit | None, *, adjust_leniency: bool = False,
               candidates: Iterable[Any] | None = None, k: int = DEFAULT_K, seed: int = 0) -> Scoreboard:
    """Rank all of a fit's candidates or ``candidates`` among themselves (module doc).

    ``k`` is clipped to the number of candidates in the fit. Candidates in ``candidates`` with no
    rating are left out (the caller lists them as unscored).
    """
    if fitted is None:
        return Scoreboard([], [], EMPTY_RELIABILITY, 0, k=k, adjusted=adjust_leniency)
    everyone = fitted.model.candidates
    rows = everyone if candidates is None else everyone.loc[everyone.index.intersection(pd.Index(list(candidates)))]
    view = "adjusted" if adjust_leniency else "total"
    order = pd.Index(ranking_order(rows, view), name="candidate")
    k = max(1, min(k, len(everyone)))
    chances = rank_probabilities(fitted.model, order, k, seed=seed)
    ranked = everyone.loc[order]
    keys = np.array(fitted.spec.criteria, dtype=object)
    unrated = fitted.model.cell_counts[everyone.index.get_indexer(order)] == 0

    def column(name: str) -> list[float | None]:  # the ranked rows' column, NaN as None
        return column_of(ranked, name)

    rated = [Estimate(*parts) for parts in zip(column("total"), column("low"), column("high"), strict=True)]
    adjusted = [Estimate(*parts) for parts in
                zip(column("adjusted"), column("adjusted_low"), column("adjusted_high"), strict=True)]
    prefix = "adjusted_" if adjust_leniency else ""
    scores = [
        CandidateScore(
            candidate=candidate, rank=rank, total=shown.total, low=shown.low, high=shown.high,
            as_rated=as_rated, adjusted=adjusted_total, skills=skills, traits=traits, n_raters=n,
            single_rater=n == 1, incomplete=incomplete, missing=tuple(keys[gaps]) if incomplete else (),
            p_above_next=above, p_top_k=top, flags=fitted.flags.get(candidate, ()),
            _figures=fitted.figures, _row=row,
        )
        for rank, (candidate, as_rated, adjusted_total, shown, skills, traits, n, incomplete, gaps, above, top, row)
        in enumerate(zip(
            order, rated, adjusted, adjusted if adjust_leniency else rated,
            column(prefix + "skills"), column(prefix + "traits"), ranked["n_raters"].tolist(),
            ranked["incomplete"].tolist(), unrated, column_of(chances, "p_above_next"), column_of(chances, "p_top_k"),
            everyone.index.get_indexer(order).tolist(), strict=True), start=1)
    ]
    return Scoreboard(scores, fitted.leniency, fitted.reliability, fitted.n_ratings, fitted.low_agreement,
                      fitted.d_study, k, adjust_leniency)


def column_of(frame: pd.DataFrame, name: str) -> list[float | None]:
    """A float column as a list, NaN as None (ready for templates and JSON)."""
    return [None if x != x else x for x in frame[name].to_numpy(dtype=float).tolist()]


def build_scoreboard(ratings: pd.DataFrame, spec: ScoringSpec, *, adjust_leniency: bool = False,
                     candidates: Iterable[Any] | None = None, k: int = DEFAULT_K, seed: int = 0) -> Scoreboard:
    """``scoreboard(fit_opening(ratings, spec), …)`` in one call."""
    return scoreboard(fit_opening(ratings, spec), adjust_leniency=adjust_leniency, candidates=candidates,
                      k=k, seed=seed)


def ranking_order(rows: pd.DataFrame, column: str) -> list[Any]:
    """Candidates as a page ranks them: every fully rated candidate first, then those with a
    criterion nobody has rated yet; each group by ``column``, highest first; equal totals keep
    candidate order. An incomplete total is partly a prediction: it is shown, never ranked above
    a total that rests on ratings of every criterion."""
    values = rows[column].to_numpy()
    order = np.lexsort((np.arange(len(values)), -values, rows["incomplete"].to_numpy()))
    return list(rows.index[order])


def _number(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value
