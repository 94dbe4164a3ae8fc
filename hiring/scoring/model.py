"""One measurement model of an opening's ratings: variance components, totals, intervals, leniency.

The model (a linear mixed model with crossed random effects; many-facet in Linacre's sense, a
p × r × i design with criteria fixed in Brennan's generalizability theory):

    x_crq = μ_q + a_c + (ac)_cq + b_r + (ab)_cr + e_crq

for candidate c, rater r and criterion q: μ_q the criterion's mean level (fixed), a_c the
candidate's general level (variance σ²_a), (ac)_cq the candidate's level on this criterion beyond it
(σ²_ac), b_r the rater's leniency (σ²_b), (ab)_cr the rater's view of this candidate on every
criterion alike (σ²_cr: a halo, or a rater who spreads the scale wider than others) and e the rest
(σ²_e: noise, rounding, a rater's reaction to one answer). A candidate's **true score** is what the
rubric would give over the population of raters, T_c = Σ_q w̃_q (μ_q + a_c + (ac)_cq) with
w̃ = w / Σw: every criterion, every rater's leniency and view averaged out.

**Estimation: method of moments, stage by stage** (Henderson 1953, "Estimation of variance and
covariance components", Biometrics 9: Method III, "fitting constants"; Searle, Casella & McCulloch
1992, *Variance Components*, §5.4). REML (Bates, Mächler, Bolker & Walker 2015, "Fitting linear
mixed-effects models using lme4", J. Stat. Softw. 67(1)) is the reference, but crossed random
effects over a million ratings do not fit in a page request; the moment estimators are unbiased,
need only sums of squares, coincide with REML's on balanced data and stay within a fifth of their
own standard deviation of it on unbalanced openings (``tests/scoring/test_model.py``).

1. *Raters within cells.* Absorbing every (candidate, criterion) cell as a fixed effect leaves the
   reduced normal equations ``C b = s`` for the raters, ``C = Σ_c C_c`` with each candidate's
   ``C_c = diag(m) − Σ_q n_r n_r' / n_q`` and ``s_r = Σ (x − cell mean)``. The least-squares
   solution ``b̂ = C⁺ s`` is each rater's leniency relative to the panel (raters of one connected
   panel sum to 0), **unbiased** (no R/(R−1) inflation: two raters one point apart show as +0.5 and
   −0.5), with covariance ``C⁺ (σ²_e C + σ²_cr C₂) C⁺``, ``C₂ = Σ_c C_c²``. Fitting the
   (candidate, rater) pairs instead of the raters (each candidate's ``C_c`` on its own) leaves a
   residual whose mean square is σ²_e; the pairs' reduction gives σ²_b + σ²_cr, and the raters'
   reduction ``b̂ᵀ s``, with expectation ``σ²_b tr C + σ²_e rank C + σ²_cr tr(C⁺ C₂)``, splits them.
   Where σ²_cr comes out ≤ 0 (or cannot be seen: one rating per candidate and rater) it is 0 and its
   sum of squares is pooled into σ²_e, as REML does at that boundary.
2. *Candidates across criteria.* σ²_ac by fitting constants again: what the cells add to a fit of
   every (candidate, rater) pair plus the criterion means (``_cross_component``). Cell means
   corrected for leniency (the BLUP ``b̃``, below) estimate μ_q + a_c + (ac)_cq with a known error
   covariance; the spread of candidates' means, less the expected share of σ²_ac and of
   measurement error, estimates σ²_a.
Components are truncated at 0. Where the design cannot separate them (one rater per candidate:
rater noise and candidate differences are confounded) the fit says so in ``reasons``, the
intervals fall back to assuming the ratings tell candidates apart not at all (reliability 0: wide,
never narrower than the data support) and no probability is stated.

**What it gives** (``fit``), per candidate, under both readings of the ratings:

* *as rated*: the weighted mean of criterion means; its error is the leniency and view of the
  candidate's own raters plus noise, its variance from σ²_b, σ²_cr and σ²_e and the exact pattern of
  who rated what;
* *adjusted*: the same after subtracting each rater's leniency BLUP ``b̃`` (Henderson's mixed-model
  equations, with the noise covariance above), whose remaining error has the posterior covariance
  ``Post = σ²_b (I + σ²_b C Σ⁺ C)⁻¹``, Σ the covariance of ``s`` given b, which also keeps the
  panel's shared leniency σ²_b/R.
A criterion nobody rated is predicted (BLUP) from the candidate's other criteria, so the total is
always on the full rubric and its interval widens by the prediction error (σ²_ac and the
uncertainty of a_c). 90 % intervals are ``total ± t · se``, t with Satterthwaite's degrees of
freedom (Satterthwaite 1946) over the components the error depends on, so a panel of 2 drawn from a
pool of 10 raters does not pretend σ²_b is known. ``bench/calibration.py`` checks coverage, and
every other figure here, on simulated openings with known truth.

**Rank probabilities** (``rank_probabilities``) come from the Bayesian posterior of the true
scores under the fitted model (empirical Bayes: prior a_c, (ac)_cq from the fitted components,
likelihood from the cell means corrected for leniency): P(above the next in a given order) in
closed form, P(in the top k) from joint draws of every candidate's true total. A posterior
probability, unlike a sampling-distribution one, stays calibrated when reliability is low: a
candidate 0.3 ahead on two raters is not "certainly" ahead.

**Dependability** (``dependability``; Brennan 2001, *Generalizability Theory*, §4.5): for the
weighted total with n raters per candidate, Φ(n) = τ² / (τ² + σ²_Δ / n) with universe-score variance
τ² = σ²_a + σ²_ac Σw̃² and absolute error per rater σ²_Δ = σ²_b + σ²_cr + σ²_e Σw̃²: the D-study
answers "how many raters are enough". Its 90 % interval, like the per-criterion reliability
intervals in ``reliability.py``, comes from drawing the mean squares as scaled chi-squares
(Satterthwaite's approximation; Searle et al. §3.5) and recomputing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import norm
from scipy.stats import t as student_t

from hiring.i18n import N_
from hiring.scoring.engine import EncodedRatings, ScoringSpec, criterion_sums, encode_ratings, weighted_total

LEVEL = 0.90
#: Variance given to an unrated criterion's "observation" (times the scale's squared range): the
#: filter then gives it no weight, and the criterion is predicted from the others.
_UNOBSERVED = 1e6
#: Draws of the posterior for rank probabilities, and of the mean squares for reliability intervals.
N_DRAWS = 1000
#: Candidate draws held at once while ranking (candidates × draws floats): bounds memory to ~40 MB.
_BATCH = 5_000_000
_PILOT = 100


@dataclass(frozen=True)
class Components:
    """Estimated variance components, truncated at 0, with their degrees of freedom.

    ``reasons`` names what the design could not estimate (then the values are stand-ins and the
    intervals assume the ratings tell candidates apart not at all).
    """

    candidate: float
    candidate_criterion: float
    rater: float
    candidate_rater: float
    noise: float
    df_candidate: float
    df_candidate_criterion: float
    df_rater: float
    df_candidate_rater: float
    df_noise: float
    #: What estimated σ²_b (for interval draws): the rater sum of squares has expectation
    #: σ²_b · trace_c + σ²_e · df_rater + σ²_cr · trace_c2.
    rater_ss: float = 0.0
    trace_c: float = 0.0
    trace_c2: float = 0.0
    #: The measurement error the candidate mean squares carry on top of σ²_a and σ²_ac.
    candidate_offset: float = 0.0
    candidate_criterion_offset: float = 0.0
    reasons: tuple[str, ...] = ()

    @property
    def estimable(self) -> bool:
        return not self.reasons


@dataclass(frozen=True)
class Fit:
    """Everything the model says about one opening's ratings (see the module doc)."""

    spec: ScoringSpec
    components: Components
    #: per candidate, sorted: total, low, high, adjusted, adjusted_low, adjusted_high (full-rubric
    #: estimates), posterior_mean, posterior_sd (of the true total), skills, traits,
    #: adjusted_skills, adjusted_traits (over rated criteria of the kind), n_raters, rated_criteria,
    #: incomplete.
    candidates: pd.DataFrame
    #: per rater: leniency, low, high (unbiased least squares; NaN without a shared cell),
    #: n_ratings, n_candidates, n_shared, adjustment (the BLUP the adjusted totals subtract).
    raters: pd.DataFrame
    criterion_means: pd.Series
    #: Raters per candidate that the D-study starts from: the harmonic mean over candidates.
    raters_per_candidate: float
    #: candidates × criteria (rubric order): mean rating as rated, and raters (0: unrated).
    cell_means: np.ndarray = field(repr=False)
    cell_counts: np.ndarray = field(repr=False)
    #: candidates × criteria: median, sample std (ddof 1; NaN under 2 raters) and spread (max − min)
    #: of the raters' ratings; NaN where unrated.
    cell_medians: np.ndarray = field(repr=False)
    cell_stds: np.ndarray = field(repr=False)
    cell_spreads: np.ndarray = field(repr=False)
    reasons: tuple[str, ...] = field(default=())


# --- Fitting -------------------------------------------------------------------------------------


def fit(ratings: pd.DataFrame, spec: ScoringSpec, level: float = LEVEL) -> Fit:
    """Fit the model to one rating per (candidate, rater, criterion) and estimate every total.

    ``ratings`` has the engine's columns (``candidate``, ``rater``, ``criterion``, ``rating``);
    several stages must already be merged into one rating (``board.panel_ratings``).
    """
    encoded = encode_ratings(ratings, spec)
    if len(encoded.rating) == 0:
        raise ValueError("no ratings to fit")
    scale = (spec.scale_min, spec.scale_max)
    weights = spec.weight_vector()
    w = weights / weights.sum()
    cells = _CellDesign.of(encoded)
    raters = _rater_effects(encoded, cells)
    n_r = len(encoded.raters)
    eye = np.eye(n_r)
    pair_var = raters.pair_variance

    adjusted_means = cells.means - cells.a_times(raters.blup[cells.slot_rater])
    # The raters' mean leniency (variance σ²_b / R) is an error all candidates share: it moves the
    # criterion means, not one candidate against another. Candidates' spread and their order are
    # judged without it; their distance from the true score keeps it.
    shared = raters.rater_variance / n_r
    e_relative = cells.error_cov(raters.posterior - shared + pair_var * eye, raters.noise)
    mu = _criterion_means(adjusted_means, cells.rated)
    cross = _cross_component(cells, raters) if raters.estimable else (0.0, 0.0, 1.0)
    cand_var, cross_var, df_a, df_ac, offsets = _candidate_components(adjusted_means, cells.rated, mu, e_relative,
                                                                      *cross)
    if not raters.estimable:
        # Rater noise and candidate differences are confounded: say the ratings separate nobody.
        cand_var = cross_var = 0.0
    prior = cand_var * np.ones((len(w), len(w))) + cross_var * np.eye(len(w))
    candidate_parts = (cand_var, cross_var, df_a, df_ac)

    as_rated = _estimate(cells.means, cells, prior, mu, w, raters, candidate_parts,
                         rater_part=raters.rater_variance * eye)
    adjusted = _estimate(adjusted_means, cells, prior, mu, w, raters, candidate_parts,
                         rater_part=raters.posterior)
    posterior_mean, posterior_var = _posterior(adjusted_means, e_relative, cells.rated, prior, mu, w)
    if not raters.estimable:
        # Reliability 0: every interval as wide as the spread of totals itself.
        spread = float(np.var(as_rated[0], ddof=1)) if len(as_rated[0]) > 1 else 0.0
        spread = max(spread, ((scale[1] - scale[0]) / 4) ** 2)
        for estimate in (as_rated, adjusted):
            estimate[1][:] = spread
            estimate[2][:] = max(len(as_rated[0]) - 1, 1)
        posterior_var = np.full(len(posterior_mean), spread)

    def bounds(estimate):
        total, var, df = estimate
        half = student_t.ppf(0.5 + level / 2, np.maximum(df, 1.0)) * np.sqrt(var)
        return np.clip(total, *scale), np.clip(total - half, *scale), np.clip(total + half, *scale)

    total, low, high = bounds(as_rated)
    adj_total, adj_low, adj_high = bounds(adjusted)
    n_raters = np.bincount(pd.unique(encoded.pair) // n_r, minlength=len(encoded.candidates))

    def subtotal(means: np.ndarray, kind: str) -> np.ndarray:
        # Over the rated criteria of that kind, weights renormalised (engine.weighted_total).
        return weighted_total(means * cells.counts, cells.counts, spec.weight_vector(kind), scale)

    frame = pd.DataFrame(
        {
            "total": total, "low": low, "high": high,
            "adjusted": adj_total, "adjusted_low": adj_low, "adjusted_high": adj_high,
            "posterior_mean": posterior_mean, "posterior_sd": np.sqrt(np.maximum(posterior_var, 0)),
            "skills": subtotal(cells.means, "skill"), "traits": subtotal(cells.means, "trait"),
            "adjusted_skills": subtotal(adjusted_means, "skill"), "adjusted_traits": subtotal(adjusted_means, "trait"),
            "n_raters": n_raters, "rated_criteria": cells.rated.sum(axis=1),
            "incomplete": ~cells.rated.all(axis=1),
        },
        index=encoded.candidates.rename("candidate"),
    )
    components = Components(
        candidate=cand_var, candidate_criterion=cross_var, rater=raters.rater_variance,
        candidate_rater=pair_var, noise=raters.noise, df_candidate=df_a, df_candidate_criterion=df_ac,
        df_rater=raters.df_rater, df_candidate_rater=raters.df_pair, df_noise=raters.df_noise,
        rater_ss=raters.ss, trace_c=raters.trace, trace_c2=raters.trace2, candidate_offset=offsets[0],
        candidate_criterion_offset=offsets[1], reasons=raters.reasons,
    )
    return Fit(spec, components, frame, _leniency_frame(encoded, raters, level),
               pd.Series(mu, index=encoded.criteria), _harmonic_raters(n_raters), cells.means, cells.counts,
               *cells.spread_figures(), raters.reasons)


@dataclass(frozen=True)
class _CellDesign:
    """Candidates × criteria cell means with who rated them: the per-candidate matrices.

    P is the largest panel; a candidate's j-th panel slot is their j-th rater (``slot_rater``).
    """

    means: np.ndarray  # C × Q raw cell means (0 where unrated)
    counts: np.ndarray  # C × Q raters per cell
    rated: np.ndarray  # C × Q bool
    by: np.ndarray  # C × Q × P: 1 where the candidate's j-th rater rated q
    values: np.ndarray  # C × Q × P: that rating (0 where none)
    slot_rater: np.ndarray  # C × P rater code of each panel slot (0 for padding, with by = 0)

    @classmethod
    def of(cls, encoded: EncodedRatings) -> _CellDesign:
        sums, counts = criterion_sums(encoded)
        rated = counts > 0
        means = np.divide(sums, counts, out=np.zeros_like(sums), where=rated)
        n_r = len(encoded.raters)
        pairs, pair_code = np.unique(encoded.pair, return_inverse=True)
        pair_candidate = pairs // n_r
        first = np.searchsorted(pair_candidate, np.arange(len(encoded.candidates)))
        slot = np.arange(len(pairs)) - first[pair_candidate]
        width = int(slot.max()) + 1 if len(slot) else 1
        slot_rater = np.zeros((len(encoded.candidates), width), dtype=np.int64)
        slot_rater[pair_candidate, slot] = pairs % n_r
        shape = (len(encoded.candidates), len(encoded.criteria), width)
        by, values = np.zeros(shape), np.zeros(shape)
        where = (encoded.candidate, encoded.criterion, slot[pair_code])
        by[where] = 1.0
        values[where] = encoded.rating
        return cls(means, counts, rated, by, values, slot_rater)

    @property
    def a(self) -> np.ndarray:
        """C × Q × P: 1/n_cq where the j-th rater rated q (a cell mean's weight on each rater)."""
        return self.by / np.where(self.rated, self.counts, 1.0)[:, :, None]

    def spread_figures(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """C × Q median, sample std and max − min of each cell's ratings (NaN where unrated)."""
        rated = self.by > 0
        values = np.where(rated, self.values, np.nan)
        with np.errstate(invalid="ignore", divide="ignore"):
            median = np.full(self.means.shape, np.nan)
            median[self.rated] = np.nanmedian(values[self.rated], axis=1)
            squares = np.sum(np.where(rated, (self.values - self.means[:, :, None]) ** 2, 0.0), axis=2)
            std = np.where(self.counts >= 2, np.sqrt(squares / (self.counts - 1)), np.nan)
            spread = np.where(self.rated, np.where(rated, self.values, -np.inf).max(axis=2)
                              - np.where(rated, self.values, np.inf).min(axis=2), np.nan)
        return median, std, spread

    def a_times(self, per_slot: np.ndarray) -> np.ndarray:
        """C × Q: Σ_j a_cqj · v_cj (e.g. the mean leniency of a cell's raters)."""
        return np.einsum("cqp,cp->cq", self.a, per_slot)

    def panel(self, rater_matrix: np.ndarray) -> np.ndarray:
        """C × P × P: an R × R matrix restricted to each candidate's panel."""
        return rater_matrix[self.slot_rater[:, :, None], self.slot_rater[:, None, :]]

    def error_cov(self, rater_cov: np.ndarray, noise: float) -> np.ndarray:
        """C × Q × Q covariance of the cell means' errors: A G Aᵀ + diag(σ²_e / n), with G the
        rater-error covariance of the candidate's panel (0 rows and columns for unrated cells)."""
        a = self.a
        # einsum, not a stacked @: thousands of tiny BLAS calls spawn threads for nothing.
        cov = np.einsum("cqp,cpk,crk->cqr", a, self.panel(rater_cov), a, optimize=False)
        diagonal = np.divide(noise, self.counts, out=np.zeros_like(self.counts), where=self.rated)
        cov += diagonal[:, :, None] * np.eye(self.counts.shape[1])
        return cov

    def scatter(self, per_panel: np.ndarray, n_raters: int) -> np.ndarray:
        """Σ over candidates of C × P × P panel matrices, as one R × R matrix."""
        out = np.zeros((n_raters, n_raters))
        np.add.at(out, (self.slot_rater[:, :, None], self.slot_rater[:, None, :]), per_panel)
        return out


@dataclass(frozen=True)
class _Raters:
    """Stage 1's results (module doc)."""

    estimate: np.ndarray  # least-squares leniency b̂ = C⁺ s
    covariance: np.ndarray  # of b̂
    blup: np.ndarray  # b̃
    posterior: np.ndarray  # covariance of b − b̃
    shared: np.ndarray  # ratings of each rater in cells somebody else rated too
    noise: float
    rater_variance: float
    pair_variance: float
    df_noise: float
    df_rater: float
    df_pair: float
    ss: float
    trace: float
    trace2: float
    reasons: tuple[str, ...]
    #: The residual sum of squares and degrees of freedom of cells + (candidate, rater) pairs.
    sse_pairs: float = 0.0
    df_pairs: float = 0.0

    @property
    def estimable(self) -> bool:
        return not self.reasons


def _pinv(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Moore–Penrose inverse of symmetric positive semi-definite matrices (batched) and ranks."""
    values, vectors = np.linalg.eigh(matrix)
    top = np.max(np.abs(values), axis=-1, keepdims=True, initial=0.0)
    keep = values > 1e-9 * np.maximum(top, 1.0)
    inverse_values = np.divide(1.0, values, out=np.zeros_like(values), where=keep)
    inverse = np.einsum("...ik,...k,...jk->...ij", vectors, inverse_values, vectors)
    return inverse, keep.sum(axis=-1)


def _rater_effects(encoded: EncodedRatings, cells: _CellDesign) -> _Raters:
    """Stage 1: leniency by least squares within cells; σ²_e, σ²_cr and σ²_b (module doc)."""
    n_r = len(encoded.raters)
    by, a = cells.by, cells.a
    # Each candidate's share of the reduced normal equations: C_c = diag(m) − Iᵀ A, s_c = Iᵀ (x − x̄).
    m = by.sum(axis=1)  # C × P: ratings of the j-th rater of each candidate
    per_c = -np.einsum("cqp,cqk->cpk", by, a)
    idx = np.arange(by.shape[2])
    per_c[:, idx, idx] += m
    deviation = np.where(by > 0, cells.values - cells.means[:, :, None], 0.0)
    s_c = deviation.sum(axis=1)  # C × P
    sse_cells = float(np.sum(deviation**2))
    pinv_c, rank_c = _pinv(per_c)
    reduction_pairs = float(np.einsum("cp,cpk,ck->", s_c, pinv_c, s_c))
    rank_pairs = int(rank_c.sum())
    n_cells = int(cells.rated.sum())
    df_noise = len(encoded.rating) - n_cells - rank_pairs
    c = cells.scatter(per_c, n_r)
    s = np.zeros(n_r)
    np.add.at(s, cells.slot_rater, s_c)
    shared = np.zeros(n_r)
    np.add.at(shared, cells.slot_rater, (by * (cells.counts >= 2)[:, :, None]).sum(axis=1))
    pinv, rank = _pinv(c)
    rank = int(rank)
    estimate = pinv @ s
    ss_rater = float(estimate @ s)
    df_raters_only = len(encoded.rating) - n_cells - rank
    if rank == 0 or df_raters_only <= 0:
        reason = (N_("no two raters rated the same candidate on the same criterion often enough: rater "
                     "leniency and noise cannot be told apart from differences between candidates")
                  if rank else N_("each candidate was rated by one rater: rater leniency and noise cannot be "
                                  "told apart from differences between candidates"))
        zeros = np.zeros((n_r, n_r))
        return _Raters(np.zeros(n_r), zeros, np.zeros(n_r), zeros, shared, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
                       0.0, 0.0, 0.0, (reason,))
    trace = float(np.trace(c))
    c2 = cells.scatter(np.einsum("cij,cjk->cik", per_c, per_c), n_r)
    trace2 = float(np.trace(pinv @ c2))
    separable = trace - trace2
    pair_variance = 0.0
    if df_noise > 0:
        noise = max(sse_cells - reduction_pairs, 0.0) / df_noise
        # Raters' and candidate × rater effects together, from the pairs within candidates.
        within_pairs = (reduction_pairs - noise * rank_pairs) / trace
        if separable > 1e-9 * trace:
            rater_variance = (ss_rater - noise * rank - within_pairs * trace2) / separable
        else:  # no rater rated two candidates: leniency and a rater's view of one candidate are one
            rater_variance = 0.0
        pair_variance = within_pairs - max(rater_variance, 0.0)
        rater_variance = max(rater_variance, 0.0)
    if pair_variance <= 0:
        # No candidate × rater effect to see (its estimate is not positive), or none can be seen
        # (one rating per candidate and rater, e.g. a single criterion): σ²_cr = 0 and its sum of
        # squares is pooled into the noise, as REML does at that boundary.
        pair_variance, df_noise = 0.0, df_raters_only
        noise = max(sse_cells - ss_rater, 0.0) / df_noise
        rater_variance = max((ss_rater - noise * rank) / trace, 0.0)
    # Leniency's sampling covariance, and its BLUP with the posterior covariance of what remains.
    # (A floor far below any real noise: identical ratings still give exact leniency, not none.)
    noise_cov = max(noise, 1e-9) * c + pair_variance * c2
    covariance = pinv @ noise_cov @ pinv
    if rater_variance > 0:
        precision_pinv, _ = _pinv(noise_cov)
        information = c @ precision_pinv @ c
        posterior = rater_variance * np.linalg.inv(np.eye(n_r) + rater_variance * information)
        blup = posterior @ c @ precision_pinv @ s
    else:
        posterior, blup = np.zeros((n_r, n_r)), np.zeros(n_r)
    return _Raters(estimate, covariance, blup, posterior, shared, noise, rater_variance, pair_variance,
                   float(df_noise), float(max(rank, 1)), float(max(rank_pairs - rank, 1)), ss_rater, trace,
                   trace2, (), sse_cells - reduction_pairs, float(len(encoded.rating) - n_cells - rank_pairs))


def _criterion_means(means: np.ndarray, rated: np.ndarray) -> np.ndarray:
    counts = rated.sum(axis=0)
    sums = np.where(rated, means, 0.0).sum(axis=0)
    overall = sums.sum() / max(counts.sum(), 1)
    return np.divide(sums, counts, out=np.full(len(counts), overall), where=counts > 0)


def _cross_component(cells: _CellDesign, raters: _Raters) -> tuple[float, float, float]:
    """σ²_ac by fitting constants (Henderson's Method III) on the ratings themselves.

    Model M1 fits each (candidate, rater) pair (absorbing a_c, b_r and the pair effect) plus the
    criterion means; adding the cells (candidate × criterion) gives M2 (stage 1's fit of cells and
    pairs). The reduction R(cells | M1) = SSE₁ − SSE₂ has expectation σ²_ac · t + σ²_e · (df₁ − df₂)
    with t = tr(Zᵀ M₁ Z) for the cell incidence Z, which is N − pairs − tr((X̃ᵀX̃)⁺ Σ_cells h hᵀ), X̃
    the criterion columns within pairs and h = X̃ᵀ z of each cell. Returns (σ²_ac, the offset
    σ²_e · (df₁ − df₂) / t the reduction carries besides it, degrees of freedom).
    """
    by, values = cells.by, cells.values
    m = by.sum(axis=1)  # C × P ratings per pair
    present = m > 0
    inverse_m = np.divide(1.0, m, out=np.zeros_like(m), where=present)
    pair_mean = (by * values).sum(axis=1) * inverse_m
    deviation = by * (values - pair_mean[:, None, :])
    n_ratings, n_pairs = float(by.sum()), float(present.sum())
    # Criterion columns within pairs: X̃ᵀX̃ = Σ_pairs diag(f) − f fᵀ / m, X̃ᵀ y = Σ_pairs f (x − x̄_pair).
    xtx = np.diag(by.sum(axis=(0, 2))) - np.einsum("cqj,ckj,cj->qk", by, by, inverse_m)
    xty = deviation.sum(axis=(0, 2))
    pinv, rank = _pinv(xtx)
    sse = float(np.sum(deviation**2)) - float(xty @ pinv @ xty)
    df = n_ratings - n_pairs - float(rank)
    # h for each cell (c, q): n_cq e_q − Σ_j by_cqj / m_cj · f_cj.
    h = -np.einsum("cqj,cj,ckj->cqk", by, inverse_m, by)
    h[:, np.arange(by.shape[1]), np.arange(by.shape[1])] += cells.counts
    t = n_ratings - n_pairs - float(np.einsum("kl,cqk,cql->", pinv, h, h))
    df_reduction = df - raters.df_pairs
    if t <= 1e-9 or df_reduction <= 0:
        return 0.0, 0.0, 1.0
    offset = raters.noise * df_reduction / t
    return max((sse - raters.sse_pairs) / t - offset, 0.0), offset, df_reduction


def _candidate_components(means: np.ndarray, rated: np.ndarray, mu: np.ndarray,
                          error: np.ndarray, cross: float, cross_offset: float, df_cross: float):
    """Stage 2: σ²_a from leniency-corrected cell means (module doc), given σ²_ac, with its df."""
    q_c = rated.sum(axis=1).astype(float)
    deviation = np.where(rated, means - mu, 0.0)
    use = q_c > 0
    n_cand = int(use.sum())
    q_safe = np.where(use, q_c, 1.0)
    mean_c = deviation.sum(axis=1) / q_safe
    sum_e = error.sum(axis=(1, 2))
    # Criterion means were estimated from the same cells: each cell's share is about 1/candidates.
    correction = n_cand / max(n_cand - 1, 1)
    # Between candidates: d̄_c² has expectation σ²_a + σ²_ac / Q_c + 1ᵀE1 / Q_c².
    if n_cand < 2:
        return 0.0, cross, 0.0, df_cross, (0.0, cross_offset)
    between = float(np.sum(mean_c[use] ** 2)) * correction
    offset = float(np.sum(cross / q_c[use] + sum_e[use] / q_c[use] ** 2)) / n_cand
    candidate = max(between / n_cand - offset, 0.0)
    return candidate, cross, float(n_cand - 1), df_cross, (offset, cross_offset)


def _filter(means: np.ndarray, error: np.ndarray, rated: np.ndarray, prior: np.ndarray, mu: np.ndarray):
    """Per candidate, the gain K = Σ (Σ + E)⁻¹ (unrated criteria observed with huge variance) and
    the centred observations ȳ − μ (0 where unrated)."""
    span = max(float(np.max(np.abs(means), initial=1.0)), 1.0)
    # A ridge far below any real variance keeps the system solvable when every component is 0.
    observed = error + np.where(rated, 1e-12, _UNOBSERVED)[:, :, None] * span**2 * np.eye(len(mu))
    # K = Σ (Σ + E)⁻¹ = ((Σ + E)⁻¹ Σ)ᵀ, both symmetric.
    gain = np.swapaxes(np.linalg.solve(prior[None] + observed, np.broadcast_to(prior, observed.shape)), 1, 2)
    centred = np.where(rated, means - mu, 0.0)
    return gain, centred


def _estimate(means, cells: _CellDesign, prior, mu, w, raters: _Raters, candidate_parts, *,
              rater_part: np.ndarray):
    """The full-rubric total from cell means (rated criteria as rated, unrated ones predicted), its
    error variance and Satterthwaite degrees of freedom.

    ``rater_part`` is the covariance of the leniency left in the cell means (σ²_b I as rated, the
    posterior covariance once adjusted); candidate × rater effects and noise come on top.
    """
    cand_var, cross_var, df_a, df_ac = candidate_parts
    rated = cells.rated
    eye = np.eye(len(raters.estimate))
    error = cells.error_cov(rater_part + raters.pair_variance * eye, raters.noise)
    gain, centred = _filter(means, error, rated, prior, mu)
    # est = μ + L (ȳ − μ): L's rated rows are the identity, unrated rows the gain.
    identity = np.broadcast_to(np.eye(len(mu)), gain.shape)
    mixing = np.where(rated[:, :, None], identity, gain)
    total = (mu + np.einsum("cqk,ck->cq", mixing, centred)) @ w
    u = np.einsum("cqk,q->ck", mixing, w)  # Lᵀ w
    v = u - w  # (L − I)ᵀ w
    u = np.where(rated, u, 0.0)
    # Error variance: vᵀ Σ v (prediction) + uᵀ E u (measurement), by component for the df.
    noise_var = np.divide(raters.noise, cells.counts, out=np.zeros_like(cells.counts), where=rated)
    loading = np.einsum("cq,cqp->cp", u, cells.a)  # each panel member's share of the total
    pieces = (
        (np.sum(u**2 * noise_var, axis=1), raters.df_noise),
        (np.einsum("cp,cpk,ck->c", loading, cells.panel(rater_part), loading), raters.df_rater),
        (raters.pair_variance * np.sum(loading**2, axis=1), raters.df_pair),
        (cand_var * v.sum(axis=1) ** 2, df_a),
        (cross_var * np.sum(v**2, axis=1), df_ac),
    )
    variance = sum(piece for piece, _ in pieces)
    denominator = sum(np.divide(p**2, d, out=np.zeros_like(p), where=d > 0) for p, d in pieces)
    df = np.divide(variance**2, denominator, out=np.full(len(variance), 1e6), where=denominator > 0)
    return total, variance, df


def _posterior(means, error, rated, prior, mu, w):
    """Posterior mean and variance of each candidate's true total (Gaussian, empirical Bayes)."""
    gain, centred = _filter(means, error, rated, prior, mu)
    mean = (mu + np.einsum("cqk,ck->cq", gain, centred)) @ w
    covariance = prior[None] - np.einsum("cij,jk->cik", gain, prior)
    return mean, np.einsum("q,cqk,k->c", w, covariance, w)


def _leniency_frame(encoded: EncodedRatings, raters: _Raters, level: float) -> pd.DataFrame:
    n_r = len(encoded.raters)
    se = np.sqrt(np.maximum(np.diag(raters.covariance), 0.0))
    known = (raters.shared > 0) & raters.estimable
    half = student_t.ppf(0.5 + level / 2, max(raters.df_noise, 1.0)) * se
    estimate = np.where(known, raters.estimate, np.nan)
    pairs = pd.unique(encoded.pair)
    return pd.DataFrame(
        {
            "leniency": estimate,
            "low": np.where(known, estimate - half, np.nan),
            "high": np.where(known, estimate + half, np.nan),
            "n_ratings": np.bincount(encoded.rater, minlength=n_r),
            "n_candidates": np.bincount(pairs % n_r, minlength=n_r),
            "n_shared": raters.shared.astype(int),
            # What the adjusted totals take off each rater's ratings (the BLUP b̃; 0 if unknown).
            "adjustment": raters.blup,
        },
        index=encoded.raters.rename("rater"),
    )


def _harmonic_raters(n_raters: np.ndarray) -> float:
    rated = n_raters[n_raters > 0]
    return float(len(rated) / np.sum(1.0 / rated)) if len(rated) else math.nan


# --- Rank probabilities --------------------------------------------------------------------------


def rank_probabilities(fit: Fit, order: pd.Index, k: int, n_draws: int = N_DRAWS,
                       seed: int = 0) -> pd.DataFrame:
    """P(above the next in ``order``) and P(among the opening's top k) for every candidate in ``order``.

    Under the fitted model each candidate's true total has an independent normal posterior
    (``posterior_mean``, ``posterior_sd`` of ``fit.candidates``). For two candidates,
    P(T_i > T_j) = Φ((m_i − m_j) / √(s_i² + s_j²)) exactly. P(top k) is the share of ``n_draws``
    joint draws of every candidate's true total in which the candidate is among the k highest;
    candidates whose posterior lies wholly (by 4 sd) below the k-th best's are taken as never
    there and are not drawn. ``order`` lists some or all of the fit's candidates as a page ranks them;
    ``p_above_next`` is NaN for the last. ``k`` is clipped to the number of candidates. Columns
    ``p_above_next``, ``p_top_k``; indexed like ``order``; NaN throughout when the fit's
    components are not estimable (``Components.reasons``).
    """
    everyone = fit.candidates
    mean, sd = everyone["posterior_mean"].to_numpy(), everyone["posterior_sd"].to_numpy()
    position = everyone.index.get_indexer(order)
    if (position < 0).any():
        raise ValueError("order names candidates the fit does not have")
    if not fit.components.estimable:
        # Nothing separates rater noise from candidate differences: any probability would be a
        # guess (0.5 would not come true half the time either). None, with the fit's reason.
        return pd.DataFrame({"p_above_next": np.nan, "p_top_k": np.nan}, index=order)
    n = len(mean)
    k = max(0, min(int(k), n))
    m, s = mean[position], sd[position]
    spread = np.sqrt(s[:-1] ** 2 + s[1:] ** 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(spread > 0, (m[:-1] - m[1:]) / spread, np.sign(m[:-1] - m[1:]) * np.inf)
    above = np.where(np.isnan(z), 0.5, norm.cdf(z))
    top = np.zeros(n)
    if k == n:
        top[:] = 1.0
    elif k > 0:
        rng = np.random.default_rng(seed)
        contenders = _contenders(mean, sd, k, rng)
        c_mean, c_sd = mean[contenders], sd[contenders]
        per_batch = max(1, _BATCH // max(len(contenders), 1))
        hits = np.zeros(len(contenders))
        done = 0
        while done < n_draws:
            size = min(per_batch, n_draws - done)
            draws = c_mean[:, None] + c_sd[:, None] * rng.standard_normal((len(contenders), size))
            if k < len(contenders):
                threshold = np.partition(draws, len(contenders) - k, axis=0)[len(contenders) - k]
                hits += (draws >= threshold).sum(axis=1)
            else:
                hits += size
            done += size
        top[contenders] = hits / n_draws
    return pd.DataFrame(
        {"p_above_next": np.append(above, np.nan) if len(position) else np.empty(0), "p_top_k": top[position]},
        index=order,
    )


def _contenders(mean: np.ndarray, sd: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """The candidates worth drawing for P(top k): a pilot of ``_PILOT`` draws of everyone finds a
    low value of the k-th best true total; candidates are left out, least likely first, only while
    the expected number of them above it stays below 0.001 (so at most about one draw in a thousand
    could come out otherwise)."""
    n = len(mean)
    if n * N_DRAWS <= _BATCH:  # small enough to draw everyone
        return np.arange(n)
    pilot = mean[:, None] + sd[:, None] * rng.standard_normal((n, _PILOT))
    low = float(np.partition(pilot, n - k, axis=0)[n - k].min())
    with np.errstate(divide="ignore", invalid="ignore"):
        above = norm.sf(np.divide(low - mean, sd, out=np.where(mean >= low, -np.inf, np.inf), where=sd > 0))
    order = np.argsort(above)
    excluded = np.searchsorted(np.cumsum(above[order]), 1e-3)
    return np.sort(order[excluded:])


# --- Dependability and the D-study ---------------------------------------------------------------


def dependability(components: Components, spec: ScoringSpec, n_raters: float) -> float:
    """Φ of the weighted total with ``n_raters`` raters per candidate (module doc); NaN when the
    components are not estimable or nothing varies."""
    universe, error = _universe_and_error(components.candidate, components.candidate_criterion,
                                          components.rater, components.candidate_rater, components.noise, spec)
    if not components.estimable or universe + error <= 0:
        return math.nan
    return float(universe / (universe + error / n_raters))


def _universe_and_error(cand, cross, rater, pair, noise, spec: ScoringSpec):
    """τ² and σ²_Δ per rater of the weighted total (module doc)."""
    w = spec.weight_vector()
    w = w / w.sum()
    squares = float(np.sum(w**2))
    return cand + cross * squares, rater + pair + noise * squares


@dataclass(frozen=True)
class DStudy:
    """How reliable the weighted total is with 1…max raters per candidate, and how many reach .80."""

    current_raters: float  # harmonic mean of raters per candidate in the opening
    current: float | None  # Φ at that panel size
    current_low: float | None
    current_high: float | None
    by_raters: dict[int, float]  # Φ for 1..8 raters
    needed_for_80: int | None  # smallest panel with Φ ≥ .80 (None: not estimable; capped at 99)
    reason: str | None = None


def d_study(fit: Fit, max_raters: int = 8, target: float = 0.80, level: float = LEVEL,
            n_draws: int = N_DRAWS, seed: int = 0) -> DStudy:
    """The D-study of the opening's weighted total (module doc), with a 90 % interval for Φ at the
    opening's own panel size from chi-square draws of the mean squares."""
    comp = fit.components
    k = fit.raters_per_candidate
    if not comp.estimable or not math.isfinite(k):
        reason = comp.reasons[0] if comp.reasons else N_("no ratings yet")
        return DStudy(k, None, None, None, {}, None, reason)
    universe, error = _universe_and_error(comp.candidate, comp.candidate_criterion, comp.rater,
                                          comp.candidate_rater, comp.noise, fit.spec)
    if universe + error <= 0:
        return DStudy(k, None, None, None, {}, None, "all ratings are equal")
    by = {n: universe / (universe + error / n) for n in range(1, max_raters + 1)}
    # Φ(n) ≥ target  ⇔  n ≥ target / (1 − target) · σ²_Δ / τ² (capped at 99; none without τ²).
    needed = None if universe <= 0 else min(99, max(1, math.ceil(target / (1 - target) * error / universe - 1e-9)))
    draws = _component_draws(comp, n_draws, seed)
    u, e = _universe_and_error(*draws, fit.spec)
    phi = np.divide(u, u + e / k, out=np.zeros_like(u), where=(u + e) > 0)
    low, high = np.quantile(phi, [(1 - level) / 2, (1 + level) / 2])
    return DStudy(k, float(universe / (universe + error / k)), float(low), float(high), by, needed)


def _component_draws(comp: Components, n_draws: int, seed: int):
    """Variance components re-drawn: each mean square behind an estimate as its expectation times
    χ²_df / df, then the estimate recomputed (truncated at 0) from the drawn mean squares."""
    rng = np.random.default_rng(seed)

    def redraw(value: float, df: float, offset: float = 0.0) -> np.ndarray:
        expected = value + offset
        if df <= 0 or expected <= 0:
            return np.full(n_draws, value)
        return np.maximum(expected * rng.chisquare(df, n_draws) / df - offset, 0.0)

    noise = redraw(comp.noise, comp.df_noise)
    pair = redraw(comp.candidate_rater, comp.df_candidate_rater, comp.noise)
    if comp.trace_c > 0 and comp.df_rater > 0:
        offset = (comp.noise * comp.df_rater + comp.candidate_rater * comp.trace_c2) / comp.trace_c
        rater = redraw(comp.rater, comp.df_rater, offset)
    else:
        rater = np.full(n_draws, comp.rater)
    return (redraw(comp.candidate, comp.df_candidate, comp.candidate_offset),
            redraw(comp.candidate_criterion, comp.df_candidate_criterion, comp.candidate_criterion_offset),
            rater, pair, noise)
