"""How sure the totals and the ranking are: a bootstrap over raters.

A candidate's total rests on the few people who happened to rate them. To see how much it would
move with a different panel we resample the panel (Efron & Tibshirani 1993, *An Introduction to
the Bootstrap*, ch. 13 for percentile intervals): for each candidate, draw as many raters as they
had, with replacement, from their own raters, and recompute the total exactly as ``engine.totals``
does (criterion means over the drawn raters, a rater drawn twice counting twice; weighted mean over
the criteria rated in the draw, weights renormalised). Repeating this ``n_boot`` times gives, per
candidate, a distribution of totals:

* ``bootstrap_totals``: the percentile interval, e.g. the 5th and 95th percentiles for 90 %.
* ``rank_probabilities``: with candidates in order of total, the share of resamples in which each
  candidate's total is above the next one's (ties count half). Both use the same resamples.

A candidate with one rater has nothing to resample: every draw is that rater, and a zero-width
interval would look certain when it is the least certain total of all. Their bounds are NaN, with
``single_rater`` True, and so is any ``p_above_next`` that involves them.

How it stays fast on a million ratings: per (candidate, rater) pair we keep a vector of the rater's
ratings and of 0/1 "rated" flags per criterion. One resample of a candidate's panel is a vector of
multiplicities m (how often each rater was drawn), and the criterion sums and counts of the
resample are ``m @ ratings`` and ``m @ flags``. Candidates with the same panel size are stacked so a
batch of resamples is one batched matrix product. Resamples are drawn from ``numpy.random`` with
the given seed, so the output is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from hiring.scoring.engine import (
    EncodedRatings,
    ScoringSpec,
    criterion_sums,
    encode_ratings,
    raters_per_candidate,
    weighted_total,
)

# Multiplicities drawn per batch (candidates × resamples × panel size): bounds memory to ~30 MB.
BATCH_DRAWS = 2_000_000


@dataclass(frozen=True)
class _Resamples:
    candidates: pd.Index
    total: np.ndarray  # per candidate
    resampled: np.ndarray  # candidates × n_boot totals
    n_raters: np.ndarray

    @property
    def single_rater(self) -> np.ndarray:
        return self.n_raters == 1


def bootstrap_totals(
    ratings: pd.DataFrame, spec: ScoringSpec, n_boot: int = 1000, level: float = 0.90, seed: int = 0
) -> pd.DataFrame:
    """Percentile bootstrap intervals of each candidate's total, resampling raters.

    Columns: ``total`` (as ``engine.totals``), ``low`` and ``high`` (the (1 − level)/2 and
    (1 + level)/2 quantiles of the resampled totals; NaN for a single rater), ``n_raters`` and
    ``single_rater``. Indexed by candidate, sorted.
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level}")
    return _intervals(_resample(encode_ratings(ratings, spec), spec, n_boot, seed), level)


def bootstrap_and_rank(
    ratings: pd.DataFrame, spec: ScoringSpec, n_boot: int = 1000, level: float = 0.90, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``bootstrap_totals`` and ``rank_probabilities`` from one set of resamples: the same frames
    the two give with the same seed and n_boot, for half the work (the resampling is the cost)."""
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level}")
    resamples = _resample(encode_ratings(ratings, spec), spec, n_boot, seed)
    return _intervals(resamples, level), _ranking(resamples)


def _intervals(resamples: _Resamples, level: float) -> pd.DataFrame:
    tail = (1 - level) / 2
    if resamples.resampled.size:
        low, high = np.quantile(resamples.resampled, [tail, 1 - tail], axis=1)
    else:
        low = high = np.empty(0)
    single = resamples.single_rater
    return pd.DataFrame(
        {
            "total": resamples.total,
            "low": np.where(single, np.nan, low),
            "high": np.where(single, np.nan, high),
            "n_raters": resamples.n_raters,
            "single_rater": single,
        },
        index=resamples.candidates.rename("candidate"),
    )


def rank_probabilities(
    ratings: pd.DataFrame, spec: ScoringSpec, n_boot: int = 1000, seed: int = 0
) -> pd.DataFrame:
    """Candidates ranked by total (highest first) and how sure each step of the ranking is.

    Columns: ``rank`` (1 = highest total; equal totals keep candidate order), ``total``,
    ``p_above_next`` (share of resamples in which this candidate's total is above the next-ranked
    candidate's, ties counting half; NaN for the last candidate and when either of the two has a
    single rater), ``n_raters`` and ``single_rater``. Indexed by candidate, in rank order. The same
    seed and n_boot give the same resamples as ``bootstrap_totals``.
    """
    return _ranking(_resample(encode_ratings(ratings, spec), spec, n_boot, seed))


def _ranking(resamples: _Resamples) -> pd.DataFrame:
    order = np.lexsort((np.arange(len(resamples.total)), -resamples.total))
    draws, single = resamples.resampled[order], resamples.single_rater[order]
    above = (draws[:-1] > draws[1:]).mean(axis=1) + 0.5 * (draws[:-1] == draws[1:]).mean(axis=1)
    above = np.where(single[:-1] | single[1:], np.nan, above)
    return pd.DataFrame(
        {
            "rank": np.arange(1, len(order) + 1),
            "total": resamples.total[order],
            "p_above_next": np.append(above, np.nan) if len(order) else np.empty(0),
            "n_raters": resamples.n_raters[order],
            "single_rater": single,
        },
        index=resamples.candidates[order].rename("candidate"),
    )


def _resample(encoded: EncodedRatings, spec: ScoringSpec, n_boot: int, seed: int) -> _Resamples:
    """Totals and ``n_boot`` resampled totals per candidate (the module doc says how)."""
    if n_boot < 1:
        raise ValueError(f"n_boot must be at least 1, not {n_boot}")
    scale = (spec.scale_min, spec.scale_max)
    weights = spec.weight_vector()
    sums, counts = criterion_sums(encoded)
    total = weighted_total(sums, counts, weights, scale)
    n_raters = raters_per_candidate(encoded)
    # Each candidate's distribution starts as their total: right for one rater, overwritten for more.
    resampled = np.repeat(total[:, None], n_boot, axis=1)

    panels = _panels(encoded)  # pairs × (ratings | flags), pairs grouped by candidate
    first_pair = np.concatenate([[0], np.cumsum(n_raters)[:-1]])
    n_criteria = len(encoded.criteria)
    rng = np.random.default_rng(seed)
    for size in np.unique(n_raters[n_raters > 1]):
        candidates = np.flatnonzero(n_raters == size)
        per_batch = max(1, BATCH_DRAWS // (n_boot * size))
        for start in range(0, len(candidates), per_batch):
            batch = candidates[start : start + per_batch]
            stacked = panels[first_pair[batch][:, None] + np.arange(size)]  # batch × size × 2Q
            product = _multiplicities(rng, len(batch), n_boot, size) @ stacked  # batch × n_boot × 2Q
            resampled[batch] = weighted_total(product[..., :n_criteria], product[..., n_criteria:],
                                              weights, scale)
    return _Resamples(encoded.candidates, total, resampled, n_raters)


def _panels(encoded: EncodedRatings) -> np.ndarray:
    """Per (candidate, rater) pair, ordered by candidate then rater: the rater's rating of each
    criterion (0 if not rated) followed by a 0/1 "rated" flag per criterion."""
    pair_code, _ = pd.factorize(encoded.pair, sort=True)
    n_pairs, n_criteria = int(pair_code.max()) + 1 if len(pair_code) else 0, len(encoded.criteria)
    slot = pair_code * n_criteria + encoded.criterion
    size = n_pairs * n_criteria
    ratings = np.bincount(slot, weights=encoded.rating, minlength=size).reshape(n_pairs, n_criteria)
    flags = np.bincount(slot, minlength=size).reshape(n_pairs, n_criteria)
    return np.hstack([ratings, flags.astype(float)])


def _multiplicities(rng: np.random.Generator, n_candidates: int, n_boot: int, size: int) -> np.ndarray:
    """candidates × n_boot × size counts of how often each rater is drawn in ``size`` draws with
    replacement (a multinomial; counting integer draws is much faster than ``rng.multinomial``)."""
    rows = n_candidates * n_boot
    draws = rng.integers(0, size, size=(rows, size), dtype=np.int64)
    draws += (np.arange(rows) * size)[:, None]
    counts = np.bincount(draws.ravel(), minlength=rows * size)
    return counts.reshape(n_candidates, n_boot, size).astype(float)
