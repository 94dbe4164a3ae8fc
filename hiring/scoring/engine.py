"""Scoring engine: from raters' ratings to per-candidate numbers a hiring team can trust.

Input is one long table of ratings, a row per (candidate, rater, criterion), with the columns
``candidate``, ``rater``, ``criterion`` and ``rating`` (a number on the rubric's scale; NaN means
"not assessed" and the row is ignored). Any other column (e.g. ``stage``) is ignored: the caller
chooses which ratings count.

What this module computes, with c a candidate, q a criterion, r a rater and x_rcq a rating:

* **Criterion statistics** per (c, q): mean, median, sample standard deviation (ddof = 1) and the
  number of raters.
* **Totals**: the weighted mean of criterion means, on the rubric's scale,
  ``total_c = Σ_q w_q · mean_cq / Σ_q w_q`` over the criteria somebody rated for c. A criterion
  nobody rated is left out and the weights of the others renormalised; the total then says it is
  incomplete and which criteria are missing. ``skills`` and ``traits`` are the same weighted mean
  restricted to criteria of that kind.
* Leniency, totals adjusted for it, intervals and rank probabilities come from the measurement
  model (``model.py``), which uses these building blocks.
* **Disagreements**: the (c, q) cells whose ratings spread (max − min) by at least 2 points of a
  5-point scale, scaled to the rubric's scale.

Everything is vectorised: labels are encoded once into integer codes (``encode_ratings``) and sums
and counts come from ``np.bincount`` or pandas groupby on those codes, so a million ratings take a
fraction of a second (``bench/engine.py``).

The module is pure (numpy and pandas only); ``hiring.rubrics.schema`` is used only by
``ScoringSpec.from_rubric``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from hiring.rubrics.schema import weight_problem

if TYPE_CHECKING:
    from hiring.rubrics.schema import Rubric

COLUMNS = ("candidate", "rater", "criterion", "rating")
KINDS = ("skill", "trait")
# Disagreement thresholds are written for the common 5-point scale and scaled to the rubric's.
REFERENCE_SCALE_STEPS = 5 - 1


# --- What to score against -----------------------------------------------------------------------


@dataclass(frozen=True)
class ScoringSpec:
    """The scale, weights and kinds a set of ratings is scored against.

    ``weights`` and ``kinds`` have one entry per criterion of the rubric, in the rubric's order;
    weights are ones the rubric's weight rule accepts (``weight_problem``), kinds are "skill" or "trait".
    """

    scale_min: float
    scale_max: float
    weights: Mapping[str, float] = field(hash=False)
    kinds: Mapping[str, str] = field(hash=False)

    def __post_init__(self) -> None:
        if not (math.isfinite(self.scale_min) and math.isfinite(self.scale_max)):
            raise ValueError("the scale bounds must be finite numbers")
        if self.scale_min >= self.scale_max:
            raise ValueError(f"scale_min ({self.scale_min}) must be less than scale_max ({self.scale_max})")
        if not self.weights:
            raise ValueError("a scoring spec needs at least one criterion")
        if set(self.weights) != set(self.kinds):
            raise ValueError("weights and kinds must name the same criteria")
        for key, weight in self.weights.items():
            if problem := weight_problem(weight):
                raise ValueError(f"weight for criterion '{key}' {problem}")
        for key, kind in self.kinds.items():
            if kind not in KINDS:
                raise ValueError(f"kind of criterion '{key}' must be 'skill' or 'trait', not {kind!r}")
        # Freeze: a spec is shared by every computation of one scoring run.
        object.__setattr__(self, "weights", MappingProxyType({k: float(w) for k, w in self.weights.items()}))
        object.__setattr__(self, "kinds", MappingProxyType({k: self.kinds[k] for k in self.weights}))

    def __reduce__(self):
        # Pickled with plain dicts (a mappingproxy cannot be): fits are shared between workers.
        return (type(self), (self.scale_min, self.scale_max, dict(self.weights), dict(self.kinds)))

    @classmethod
    def from_rubric(cls, rubric: Rubric, weights: Mapping[str, float] | None = None) -> ScoringSpec:
        """The spec of a rubric, with an opening's weight overrides when given (all criteria)."""
        chosen = rubric.default_weights() if weights is None else dict(weights)
        if set(chosen) != set(rubric.criterion_keys):
            raise ValueError("weights must name exactly the rubric's criteria")
        return cls(
            scale_min=float(rubric.scale.min),
            scale_max=float(rubric.scale.max),
            weights={key: chosen[key] for key in rubric.criterion_keys},
            kinds={criterion.key: criterion.kind for criterion in rubric.criteria},
        )

    @property
    def criteria(self) -> tuple[str, ...]:
        """Criterion keys in the rubric's order."""
        return tuple(self.weights)

    def weight_vector(self, kind: str | None = None) -> np.ndarray:
        """Weights in ``criteria`` order; with ``kind``, 0 for criteria of the other kind."""
        return np.array(
            [w if kind is None or self.kinds[k] == kind else 0.0 for k, w in self.weights.items()]
        )


# --- Ratings as integer codes --------------------------------------------------------------------


@dataclass(frozen=True)
class EncodedRatings:
    """Ratings as parallel arrays of integer codes, the building block of every computation here.

    ``candidate[i]`` is a position in ``candidates`` (sorted labels), and so on. NaN ratings are
    already dropped. With a spec, ``criteria`` is the spec's criterion order (every criterion, rated
    or not); without one, the sorted criterion labels that occur.
    """

    candidates: pd.Index
    raters: pd.Index
    criteria: pd.Index
    candidate: np.ndarray
    rater: np.ndarray
    criterion: np.ndarray
    rating: np.ndarray

    @property
    def cell(self) -> np.ndarray:
        """One code per (candidate, criterion) cell: candidate · n_criteria + criterion."""
        return self.candidate * len(self.criteria) + self.criterion

    @property
    def pair(self) -> np.ndarray:
        """One code per (candidate, rater) pair: candidate · n_raters + rater."""
        return self.candidate * len(self.raters) + self.rater


def encode_ratings(ratings: pd.DataFrame, spec: ScoringSpec | None = None) -> EncodedRatings:
    """Check a ratings table and encode it (see ``EncodedRatings``).

    ValueError for a missing column or label, a non-numeric or infinite rating, two ratings of one
    (candidate, rater, criterion) and, with a spec, a criterion the spec does not know or a rating
    off its scale.
    """
    missing = [column for column in COLUMNS if column not in ratings.columns]
    if missing:
        raise ValueError(f"ratings need the columns {', '.join(COLUMNS)}; missing: {', '.join(missing)}")
    try:
        values = np.asarray(ratings["rating"], dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"ratings must be numbers: {exc}") from None
    assessed = ~np.isnan(values)
    frame = ratings.loc[assessed, ["candidate", "rater", "criterion"]]
    values = values[assessed]
    if not np.isfinite(values).all():
        raise ValueError("ratings must be finite numbers")
    if frame.isna().any(axis=None):
        raise ValueError("every rating needs a candidate, a rater and a criterion")

    candidate, candidates = _factorize(frame["candidate"])
    rater, raters = _factorize(frame["rater"])
    if spec is None:
        criterion, criteria = _factorize(frame["criterion"])
    else:
        criteria = pd.Index(spec.criteria, dtype=object)
        criterion = criteria.get_indexer(frame["criterion"])
        if (criterion < 0).any():
            unknown = sorted({str(key) for key in frame["criterion"][criterion < 0]})
            raise ValueError(f"ratings name criteria the rubric does not have: {', '.join(unknown)}")
        off_scale = (values < spec.scale_min) | (values > spec.scale_max)
        if off_scale.any():
            count, example = int(off_scale.sum()), values[off_scale][0]
            scale = f"{spec.scale_min:g}-{spec.scale_max:g}"
            raise ValueError(f"{count} rating(s) lie outside the scale {scale}, e.g. {example:g}")
    criterion = criterion.astype(np.int64)
    encoded = EncodedRatings(candidates, raters, criteria, candidate, rater, criterion, values)
    _refuse_duplicates(encoded)
    return encoded


def _factorize(labels: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes and the unique labels, sorted when the labels can be sorted.

    Sorted labels make every result come out in the same order whatever the input row order.
    Factorizing unsorted and ranking the few uniques is cheaper than ``sort=True`` on big input.
    """
    codes, uniques = pd.factorize(labels)
    uniques = pd.Index(uniques)
    try:
        order = uniques.argsort()
    except TypeError:  # labels of mixed types: keep first-seen order
        return codes.astype(np.int64), uniques
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[codes], uniques[order]


def _refuse_duplicates(encoded: EncodedRatings) -> None:
    """ValueError naming (up to 5 of) the (candidate, rater, criterion) rated more than once."""
    key = encoded.pair * len(encoded.criteria) + encoded.criterion
    duplicated = pd.Series(key).duplicated(keep=False).to_numpy()
    if duplicated.any():
        rows = np.flatnonzero(duplicated)
        names = sorted(
            {
                (encoded.candidates[encoded.candidate[i]], encoded.raters[encoded.rater[i]],
                 encoded.criteria[encoded.criterion[i]])
                for i in rows
            },
            key=str,
        )
        more = f" and {len(names) - 5} more" if len(names) > 5 else ""
        listed = "; ".join(f"candidate {c!r}, rater {r!r}, criterion {q!r}" for c, r, q in names[:5])
        raise ValueError(f"one rating per (candidate, rater, criterion) is allowed; repeated: {listed}{more}")


# --- Building blocks shared with uncertainty.py --------------------------------------------------


def criterion_sums(encoded: EncodedRatings) -> tuple[np.ndarray, np.ndarray]:
    """Sum and count of ratings per (candidate, criterion), as candidates × criteria arrays."""
    shape = (len(encoded.candidates), len(encoded.criteria))
    size = shape[0] * shape[1]
    sums = np.bincount(encoded.cell, weights=encoded.rating, minlength=size).reshape(shape)
    counts = np.bincount(encoded.cell, minlength=size).reshape(shape).astype(float)
    return sums, counts


def weighted_total(
    sums: np.ndarray, counts: np.ndarray, weights: np.ndarray, scale: tuple[float, float]
) -> np.ndarray:
    """``Σ_q w_q · mean_q / Σ_q w_q`` over the criteria with ratings (counts > 0), along the last axis.

    Leaving unrated criteria out of both sums is the renormalisation. NaN where no criterion with a
    positive weight was rated. The result is clipped to the scale only to undo floating-point
    rounding: a weighted mean of values on the scale is on the scale.
    """
    rated = counts > 0
    means = np.divide(sums, counts, out=np.zeros_like(sums, dtype=float), where=rated)
    used = np.where(rated, weights, 0.0)
    weight = used.sum(axis=-1)
    weighted_sum = (used * means).sum(axis=-1)
    total = np.divide(weighted_sum, weight, out=np.full(weight.shape, np.nan), where=weight > 0)
    return np.clip(total, *scale)


# --- Per candidate and criterion -----------------------------------------------------------------


def criterion_stats(ratings: pd.DataFrame) -> pd.DataFrame:
    """Per (candidate, criterion): ``mean``, ``median``, ``std`` (sample, ddof = 1, NaN for a single
    rater) and ``n_raters``. Indexed by (candidate, criterion), sorted."""
    encoded = encode_ratings(ratings)
    stats = (
        pd.Series(encoded.rating)
        .groupby(encoded.cell)
        .agg(["mean", "median", "std", "count"])
        .rename(columns={"count": "n_raters"})
    )
    return stats.set_axis(_cell_index(encoded, stats.index.to_numpy()))


def _cell_index(encoded: EncodedRatings, cells: np.ndarray) -> pd.MultiIndex:
    n_criteria = len(encoded.criteria)
    return pd.MultiIndex.from_arrays(
        [encoded.candidates[cells // n_criteria], encoded.criteria[cells % n_criteria]],
        names=["candidate", "criterion"],
    )


def totals(ratings: pd.DataFrame, spec: ScoringSpec) -> pd.DataFrame:
    """Weighted totals per candidate, on the rubric's scale.

    Columns: ``total`` (weighted mean of criterion means), ``skills`` and ``traits`` (the same over
    criteria of that kind; NaN if none of them was rated), ``n_raters`` (distinct raters),
    ``rated_criteria`` (how many criteria somebody rated), ``missing`` (tuple of criterion keys
    nobody rated, in rubric order) and ``incomplete`` (some criterion is missing, so the weights
    were renormalised over the rated ones). Indexed by candidate, sorted.
    """
    encoded = encode_ratings(ratings, spec)
    sums, counts = criterion_sums(encoded)
    scale = (spec.scale_min, spec.scale_max)
    rated = counts > 0
    keys = np.array(spec.criteria, dtype=object)
    missing = [tuple(keys[~row]) for row in rated]
    frame = pd.DataFrame(
        {
            "total": weighted_total(sums, counts, spec.weight_vector(), scale),
            "skills": weighted_total(sums, counts, spec.weight_vector("skill"), scale),
            "traits": weighted_total(sums, counts, spec.weight_vector("trait"), scale),
            "n_raters": raters_per_candidate(encoded),
            "rated_criteria": rated.sum(axis=1),
            "missing": pd.Series(missing, dtype=object).to_numpy(),
            "incomplete": ~rated.all(axis=1),
        },
        index=encoded.candidates.rename("candidate"),
    )
    return frame


def raters_per_candidate(encoded: EncodedRatings) -> np.ndarray:
    """How many distinct raters rated each candidate (anything), in candidate code order."""
    pairs = pd.unique(encoded.pair)
    return np.bincount(pairs // len(encoded.raters), minlength=len(encoded.candidates))


# --- Disagreement --------------------------------------------------------------------------------


def disagreement_threshold(spec: ScoringSpec, threshold_on_5pt: float = 2.0) -> float:
    """The spread (max − min of a cell's ratings) from which raters disagree, on the spec's scale."""
    # Multiply before dividing: exact for the usual whole-number scales and thresholds.
    return threshold_on_5pt * (spec.scale_max - spec.scale_min) / REFERENCE_SCALE_STEPS


def disagreements(ratings: pd.DataFrame, spec: ScoringSpec, threshold_on_5pt: float = 2.0) -> pd.DataFrame:
    """The (candidate, criterion) cells where raters disagree.

    A cell is flagged when ``spread = max − min`` of its ratings is at least
    ``threshold_on_5pt · (scale_max − scale_min) / (5 − 1)``: 2 points on a 1–5 scale, 4.5 on
    1–10. Columns: ``spread``, ``threshold``, ``n_raters`` and ``ratings`` (tuple of (rater, rating)
    pairs, highest rating first). Indexed by (candidate, criterion), sorted by candidate and rubric
    order.
    """
    encoded = encode_ratings(ratings, spec)
    threshold = disagreement_threshold(spec, threshold_on_5pt)
    cells = pd.Series(encoded.rating).groupby(encoded.cell).agg(["min", "max", "count"])
    spread = cells["max"] - cells["min"]
    flagged = cells.index[(spread >= threshold).to_numpy()].to_numpy()
    listing = _rating_listing(encoded, flagged)
    return pd.DataFrame(
        {
            "spread": spread.loc[flagged].to_numpy(),
            "threshold": threshold,
            "n_raters": cells["count"].loc[flagged].to_numpy(),
            "ratings": pd.Series(listing, dtype=object).to_numpy(),
        },
        index=_cell_index(encoded, flagged),
    )


def _rating_listing(encoded: EncodedRatings, cells: np.ndarray) -> list[tuple[tuple[Any, float], ...]]:
    """For each cell in ``cells`` (sorted codes): its (rater, rating) pairs, highest rating first."""
    rows = np.flatnonzero(np.isin(encoded.cell, cells))
    cell, rating, rater = encoded.cell[rows], encoded.rating[rows], encoded.rater[rows]
    order = np.lexsort((rater, -rating, cell))
    cell, rating, rater = cell[order], rating[order], rater[order]
    bounds = np.flatnonzero(np.diff(cell)) + 1
    pairs = list(zip(encoded.raters[rater], rating.tolist(), strict=True))
    starts, ends = [0, *bounds], [*bounds, len(pairs)]
    return [tuple(pairs[start:end]) for start, end in zip(starts, ends, strict=True)] if pairs else []
