"""Inter-rater reliability: how far the ratings depend on the candidate rather than on the rater.

Two coefficients, both handling missing ratings:

**ICC(2,1) and ICC(2,k)** (Shrout & Fleiss 1979, "Intraclass correlations: uses in assessing rater
reliability", Psychological Bulletin 86(2), case 2): a two-way random-effects model
``x_ij = μ + a_i + b_j + e_ij`` for target i and rater j, with variances σ²_a (targets), σ²_b
(raters) and σ²_e (error). Absolute agreement counts a rater's general leniency as disagreement:

    ICC(2,1) = σ²_a / (σ²_a + σ²_b + σ²_e)            reliability of one rater's rating
    ICC(2,k) = σ²_a / (σ²_a + (σ²_b + σ²_e) / k)      reliability of the mean of k raters

With every target rated by every rater the variance components are the usual ANOVA ones
(σ²_a = (BMS − EMS)/k, σ²_b = (JMS − EMS)/n, σ²_e = EMS) and the formulas are exactly Shrout and
Fleiss's. Hiring panels rarely rate everyone, so with missing cells we use Henderson's Method I
(Henderson 1953; Searle, Casella & McCulloch 1992, *Variance Components*, §5.3): the same sums of
squares computed on the unbalanced data, their expectations under the model equated to the
observed values, and the 3 × 3 linear system solved for the three variances. Method I is unbiased
for random models, uses every rating (complete-case analysis would discard most of an unbalanced
panel), and reduces to the balanced ANOVA when nothing is missing, so there is one code path.
For ICC(2,k), k is the harmonic mean of raters per target, the k whose 1/k is the average error
weight of a target's mean. Variances cannot be negative: a component estimated below 0 (which
moment estimators allow, and which once printed ICC(2,k) = −1.29 for five candidates and two raters)
is truncated at 0, so an ICC lies in [0, 1]. Fewer than ``MIN_TARGETS`` targets estimate nothing a
reader can use: the figure is withheld with a reason.

**How sure an ICC is**: a 90 % interval from the sampling distribution of the sums of squares. Each
of the three (targets, raters, residual) is drawn as its expectation under the estimated components
times χ²_df / df with its degrees of freedom (a − 1, b − 1, N − a − b + 1), exact for balanced data
and Satterthwaite's approximation otherwise (Searle, Casella & McCulloch 1992, §3.5 and §5.3), the
system is solved again for each draw and the ICCs recomputed; the interval is their 5th and 95th
percentiles (``bench/calibration.py`` checks its coverage against simulations with known truth).

**Krippendorff's alpha** (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability",
Annenberg School for Communication, University of Pennsylvania, scholarly commons asc_papers/43):
``α = 1 − D_o / D_e``, observed over expected disagreement, computed from the coincidence matrix

    o_ck = Σ_u (number of ordered pairs of values (c, k) within unit u) / (m_u − 1)
    n_c = Σ_k o_ck,  n = Σ_c n_c
    α = 1 − (n − 1) · Σ_ck o_ck δ²_ck / Σ_ck n_c n_k δ²_ck

over the units with at least two values (m_u ≥ 2; single values cannot be compared). The
difference functions δ² are: nominal ``[c ≠ k]``; interval ``(c − k)²``; ordinal
``(Σ_{g=c..k} n_g − (n_c + n_k)/2)²``, which equals ``(M_k − M_c)²`` with the mid-rank
``M_c = Σ_{g≤c} n_g − n_c/2``, the form used here.

Matrices are **units × raters** (rows are targets/units, columns raters/coders, NaN where a rater
did not rate), the orientation of Shrout and Fleiss's table; Krippendorff prints his data the other
way round (coders as rows), so transpose his tables.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from hiring.i18n import N_
from hiring.scoring.engine import encode_ratings

LEVELS = ("nominal", "ordinal", "interval")
#: Fewer rated targets than this give an ICC whose interval spans most of [0, 1]: withheld.
MIN_TARGETS = 5
#: Why an agreement figure of fewer than MIN_TARGETS candidates is withheld (a message, translated
#: where it is shown; its number is MIN_TARGETS, checked where the module loads).
TOO_FEW_TARGETS = N_("fewer than 5 rated candidates: too few to estimate agreement")
assert f"fewer than {MIN_TARGETS} " in TOO_FEW_TARGETS
INTERVAL_LEVEL = 0.90
N_DRAWS = 2000


# --- ICC -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IccResult:
    """ICC(2,1) and ICC(2,k) with the data behind them.

    ``n_targets``/``n_raters`` count targets and raters with at least one rating; ``k_mean`` is the
    harmonic mean of raters per target (the k of ICC(2,k)). When the data cannot support an
    estimate the ICCs are NaN and ``reason`` says why; otherwise ``reason`` is None.
    """

    icc2_1: float
    icc2_k: float
    n_targets: int
    n_raters: int
    k_mean: float
    reason: str | None = None
    #: 90 % intervals (module doc): (low, high), NaN where the ICC is.
    icc2_1_ci: tuple[float, float] = (math.nan, math.nan)
    icc2_k_ci: tuple[float, float] = (math.nan, math.nan)


def icc(matrix: Any) -> IccResult:
    """ICC(2,1) and ICC(2,k) of a targets × raters matrix (NaN = not rated). See the module doc."""
    values = _as_matrix(matrix)
    targets, raters = np.nonzero(~np.isnan(values))
    return _icc(targets, raters, values[targets, raters])


def _icc(target: np.ndarray, rater: np.ndarray, value: np.ndarray) -> IccResult:
    """ICC from parallel arrays of integer codes and values (Henderson's Method I)."""
    # Codes may have gaps (a target nobody rated): keep only those that occur.
    n_i, n_j = np.bincount(target), np.bincount(rater)  # ratings per target, per rater
    has_i, has_j = n_i > 0, n_j > 0
    n_i, n_j = n_i[has_i], n_j[has_j]
    a, b, total = len(n_i), len(n_j), len(value)
    k_mean = a / float(np.sum(1.0 / n_i)) if a else math.nan

    def undefined(reason: str) -> IccResult:
        return IccResult(math.nan, math.nan, a, b, k_mean, reason)

    if a < 2:
        return undefined(N_("fewer than 2 rated targets"))
    if b < 2:
        return undefined(N_("fewer than 2 raters"))
    if total - a - b + 1 <= 0:
        return undefined(N_("too few ratings to tell targets, raters and error apart"))
    # Sums of squares are shift-invariant; centring keeps them accurate.
    y = value - value.mean()
    t_0 = float(np.dot(y, y))
    if t_0 == 0:
        return undefined(N_("all ratings are equal"))
    t_a = float(np.sum(np.bincount(target, weights=y)[has_i] ** 2 / n_i))
    t_b = float(np.sum(np.bincount(rater, weights=y)[has_j] ** 2 / n_j))
    # The grand-mean term T_μ = (Σy)²/N is 0 after centring.
    ss = np.array([t_a, t_b, t_0 - t_a - t_b])
    k_a, k_b = float(np.sum(n_i**2)) / total, float(np.sum(n_j**2)) / total
    # Expected sums of squares in terms of (σ²_a, σ²_b, σ²_e), one rating per (target, rater).
    expectations = np.array([
        [total - k_a, a - k_b, a - 1],
        [b - k_a, total - k_b, b - 1],
        [k_a - b, k_b - a, total - a - b + 1],
    ])
    try:
        components = np.maximum(np.linalg.solve(expectations, ss), 0.0)
    except np.linalg.LinAlgError:
        return undefined(N_("the rating design does not separate targets from raters"))
    single_1, single_k = _iccs(components, k_mean)
    if not (math.isfinite(single_1) and math.isfinite(single_k)):
        return undefined(N_("the estimated rating variance is not positive"))
    # Interval: redraw the three sums of squares around their expectations (module doc).
    df = np.array([a - 1, b - 1, total - a - b + 1], dtype=float)
    rng = np.random.default_rng(0)
    drawn = (expectations @ components)[None, :] * rng.chisquare(df, size=(N_DRAWS, 3)) / df
    redrawn = np.maximum(np.linalg.solve(expectations, drawn.T).T, 0.0)
    draws_1, draws_k = _iccs(redrawn.T, k_mean)
    tails = [(1 - INTERVAL_LEVEL) / 2, (1 + INTERVAL_LEVEL) / 2]
    ci_1 = tuple(float(x) for x in np.nanquantile(draws_1, tails))
    ci_k = tuple(float(x) for x in np.nanquantile(draws_k, tails))
    return IccResult(single_1, single_k, a, b, k_mean, None, ci_1, ci_k)


def _iccs(components, k_mean: float):
    """ICC(2,1) and ICC(2,k) from (σ²_a, σ²_b, σ²_e), each possibly an array of draws."""
    var_a, var_b, var_e = components
    with np.errstate(invalid="ignore", divide="ignore"):
        single = np.divide(var_a, var_a + var_b + var_e)
        mean_of_k = np.divide(var_a, var_a + (var_b + var_e) / k_mean)
    if np.ndim(single) == 0:
        return float(single), float(mean_of_k)
    return single, mean_of_k


# --- Krippendorff's alpha ------------------------------------------------------------------------


def krippendorff_alpha(matrix: Any, level: str = "interval") -> float:
    """Krippendorff's alpha of a units × coders matrix (NaN = missing). See the module doc.

    ``level`` is "interval", "ordinal" or "nominal". NaN when nothing can be compared (no unit has
    two values) or nothing varies (every pairable value is the same).
    """
    values = _as_matrix(matrix)
    units, _ = np.nonzero(~np.isnan(values))
    value_codes, uniques = pd.factorize(values[~np.isnan(values)], sort=True)
    return _alpha(_coincidences(units, value_codes, len(uniques)), np.asarray(uniques, dtype=float), level)


def _coincidences(unit: np.ndarray, value_code: np.ndarray, n_values: int) -> np.ndarray:
    """The V × V coincidence matrix o_ck from (unit code, value code) pairs."""
    n_units = int(unit.max()) + 1 if len(unit) else 0
    counts = np.bincount(unit * n_values + value_code, minlength=n_units * n_values)
    counts = counts.reshape(n_units, n_values).astype(float)
    m = counts.sum(axis=1)
    pairable = m >= 2
    counts, m = counts[pairable], m[pairable]
    weighted = counts / (m - 1)[:, None]
    # Σ_u n_uc n_uk / (m_u − 1), less the pairs of a value with itself (same coder, c = k).
    return weighted.T @ counts - np.diag(weighted.sum(axis=0))


def _alpha(o: np.ndarray, values: np.ndarray, level: str) -> float:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if n < 2:
        return math.nan
    if level == "nominal":
        delta = 1.0 - np.eye(len(values))
    else:
        position = values if level == "interval" else np.cumsum(n_c) - n_c / 2
        delta = (position[:, None] - position[None, :]) ** 2
    expected = float(np.sum(np.outer(n_c, n_c) * delta))
    if expected == 0:
        return math.nan
    return 1.0 - (n - 1) * float(np.sum(o * delta)) / expected


def _as_matrix(matrix: Any) -> np.ndarray:
    values = np.asarray(matrix, dtype=float)
    if values.ndim != 2:
        raise ValueError(f"expected a 2-D matrix (units × raters), got {values.ndim} dimension(s)")
    return values


# --- From a ratings table ------------------------------------------------------------------------


def reliability(ratings: pd.DataFrame) -> dict[str, Any]:
    """ICC and alpha per criterion for a ratings table (columns as in ``engine``).

    Returns ``{"criteria": {key: {...}}}``, the units being candidates; each entry has ``icc2_1``,
    ``icc2_k``, ``ci`` ({low, high}: the 90 % interval of ICC(2,k)), ``icc2_1_ci``,
    ``alpha_interval``, ``alpha_ordinal``, ``n_candidates``, ``n_raters`` and ``reason`` (why a
    value is missing, else None). ICCs of fewer than ``MIN_TARGETS`` candidates are withheld with a
    reason. Undefined values are None rather than NaN, ready for JSON. The reliability of the
    weighted total is the measurement model's dependability (``model.d_study``): pooling every
    (candidate, criterion) cell as a unit would count differences between criteria as agreement
    about candidates.
    """
    encoded = encode_ratings(ratings)
    value_code, uniques = pd.factorize(encoded.rating, sort=True)
    values = np.asarray(uniques, dtype=float)

    def summary(rows: np.ndarray) -> dict[str, Any]:
        unit = encoded.candidate[rows]
        result = _icc(unit, encoded.rater[rows], encoded.rating[rows])
        o = _coincidences(unit, value_code[rows], len(values))
        n_candidates = int(np.count_nonzero(np.bincount(unit)))
        reason = result.reason
        if reason is None and n_candidates < MIN_TARGETS:
            reason = TOO_FEW_TARGETS
            result = IccResult(math.nan, math.nan, result.n_targets, result.n_raters, result.k_mean, reason)
        return {
            "icc2_1": _or_none(result.icc2_1),
            "icc2_k": _or_none(result.icc2_k),
            "ci": _interval(result.icc2_k_ci),
            "icc2_1_ci": _interval(result.icc2_1_ci),
            "alpha_interval": _or_none(_alpha(o, values, "interval")),
            "alpha_ordinal": _or_none(_alpha(o, values, "ordinal")),
            "n_candidates": n_candidates,
            "n_raters": result.n_raters,
            "reason": reason,
        }

    criteria = {}
    for code, key in enumerate(encoded.criteria):
        criteria[key] = summary(np.flatnonzero(encoded.criterion == code))
    return {"criteria": criteria}


def _interval(bounds: tuple[float, float]) -> dict[str, float | None]:
    return {"low": _or_none(bounds[0]), "high": _or_none(bounds[1])}


def _or_none(value: float) -> float | None:
    return None if math.isnan(value) else float(value)
