"""Calibration harness: do the measurement model's intervals and probabilities mean what they say?

`make calibration` (or `python bench/calibration.py [--openings N] [--sizes 1,2,3]`) simulates
openings whose true scores are known, fits `hiring.scoring.model` to each exactly as the
scoreboard does, and prints per panel size (raters per candidate), with Monte-Carlo standard
errors: coverage and mean width of the 90 % intervals (as rated and adjusted), the expected
calibration error of P(above next) and P(top k), the slope of estimated on true leniency and the
coverage of leniency intervals, the coverage of the reliability intervals (per criterion and for
the weighted total) and the D-study's predictions against the reliability simulated at each size;
then the same under a misspecified model (raters who differ in spread as well as leniency). Exits 1
when a target in `bench/README.md` is missed. Fixed seeds: the same figures every run.

The design (`Design`) is stated in bench/README.md. A candidate's true score is what the rubric
would give over the population of raters: Σ w̃_q E[rating | the candidate's level on q], the
expectation taken over raters' leniency (and spread) and noise *after* rounding and clipping to the
scale, so it is exactly what an infinitely large panel would average to.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import norm

from hiring.scoring.board import panel_ratings, ranking_order
from hiring.scoring.engine import ScoringSpec
from hiring.scoring.model import d_study, fit, rank_probabilities
from hiring.scoring.reliability import reliability

#: The social-media-manager rubric's eight criteria and default weights (rubrics/*.yaml).
WEIGHTS = {"platform_knowledge": 1.0, "copywriting": 1.5, "design": 1.0, "community": 1.0,
           "live_speaking": 0.5, "analytics": 1.5, "strategy": 2.0, "adaptability": 1.0}
SPEC = ScoringSpec(1, 5, WEIGHTS, {key: "trait" if key == "adaptability" else "skill" for key in WEIGHTS})
K = 5
LEVEL = 0.90


@dataclass(frozen=True)
class Design:
    candidates: int = 40
    pool: int = 10
    criterion_means: tuple[float, ...] = (2.7, 3.1, 2.9, 3.3, 2.8, 3.0, 2.75, 3.2)
    sd_candidate: float = 0.6
    sd_candidate_criterion: float = 0.4
    sd_rater: float = 0.4
    sd_noise: float = 0.6
    #: share of candidates with 1–3 criteria nobody rated, and of single ratings left out
    incomplete_share: float = 0.2
    missing_rating: float = 0.03
    #: misspecified: each rater's spread multiplies the candidate's deviation, log-normal with this sd
    sd_log_spread: float = 0.0


CORRECT = Design()
MISSPECIFIED = Design(sd_log_spread=0.35)


# --- Simulation ----------------------------------------------------------------------------------


@dataclass
class Opening:
    ratings: pd.DataFrame
    truth: np.ndarray  # per candidate code, true total
    leniency: np.ndarray  # per rater of the pool, true offset b_r
    complete: np.ndarray  # per candidate: every criterion rated


def expected_rating(level: np.ndarray, design: Design) -> np.ndarray:
    """E[clip(round(level + spread-free rater effect + noise))] over the population of raters."""
    sd = math.hypot(design.sd_rater, design.sd_noise)
    upper = np.arange(1.5, 5.0, 1.0)  # thresholds between 1|2, 2|3, 3|4, 4|5
    # E = 1 + Σ_thresholds P(latent > threshold)
    return 1.0 + norm.sf((upper[:, None] - np.ravel(level)[None, :]) / sd).sum(axis=0).reshape(np.shape(level))


def true_level_to_score(theta: np.ndarray, mu: np.ndarray, design: Design) -> np.ndarray:
    """Expected rating of each (candidate, criterion), over raters' spread too when they differ."""
    if design.sd_log_spread == 0:
        return expected_rating(theta, design)
    nodes, weights = np.polynomial.hermite_e.hermegauss(21)
    weights = weights / weights.sum()
    spread = np.exp(design.sd_log_spread * nodes)
    return sum(wt * expected_rating(mu + s * (theta - mu), design) for s, wt in zip(spread, weights, strict=True))


def simulate(rng: np.random.Generator, panel: int, design: Design) -> Opening:
    n_c, n_q, pool = design.candidates, len(WEIGHTS), design.pool
    mu = np.array(design.criterion_means)
    theta = (mu + rng.normal(0, design.sd_candidate, (n_c, 1))
             + rng.normal(0, design.sd_candidate_criterion, (n_c, n_q)))
    lenient = rng.normal(0, design.sd_rater, pool)
    spread = np.exp(rng.normal(0, design.sd_log_spread, pool)) if design.sd_log_spread else np.ones(pool)
    raters = np.argsort(rng.random((n_c, pool)), axis=1)[:, :panel]  # panel distinct raters each
    c = np.repeat(np.arange(n_c), panel * n_q)
    r = np.repeat(raters.ravel(), n_q)
    q = np.tile(np.arange(n_q), n_c * panel)
    latent = mu[q] + spread[r] * (theta[c, q] - mu[q]) + lenient[r] + rng.normal(0, design.sd_noise, len(c))
    rating = np.clip(np.rint(latent), 1, 5)
    keep = rng.random(len(c)) >= design.missing_rating
    unrated = np.zeros((n_c, n_q), dtype=bool)
    for candidate in np.flatnonzero(rng.random(n_c) < design.incomplete_share):
        unrated[candidate, rng.choice(n_q, size=rng.integers(1, 4), replace=False)] = True
    keep &= ~unrated[c, q]
    keys = np.array(list(WEIGHTS), dtype=object)
    ratings = pd.DataFrame({"candidate": c[keep], "rater": r[keep], "criterion": keys[q[keep]],
                            "rating": rating[keep]})
    w = SPEC.weight_vector() / SPEC.weight_vector().sum()
    truth = true_level_to_score(theta, mu, design) @ w
    rated = np.zeros((n_c, n_q), dtype=bool)
    rated[c[keep], q[keep]] = True
    return Opening(ratings, truth, lenient, rated.all(axis=1))


def simulated_reliability(design: Design, rng: np.random.Generator, n: int = 200_000):
    """Per criterion (V_q, err_q) and for the weighted total (V_T, err_T): variance of true scores
    over candidates and expected squared error of ONE random rater's rating, by simulation; with
    k independent raters the error is err / k, so Φ(k) = V / (V + err / k)."""
    n_q = len(WEIGHTS)
    mu = np.array(design.criterion_means)
    theta = mu + rng.normal(0, design.sd_candidate, (n, 1)) + rng.normal(0, design.sd_candidate_criterion, (n, n_q))
    true = true_level_to_score(theta, mu, design)
    spread = np.exp(rng.normal(0, design.sd_log_spread, (n, 1))) if design.sd_log_spread else 1.0
    one = np.clip(np.rint(mu + spread * (theta - mu) + rng.normal(0, design.sd_rater, (n, 1))
                          + rng.normal(0, design.sd_noise, (n, n_q))), 1, 5)
    w = SPEC.weight_vector() / SPEC.weight_vector().sum()
    per_criterion = (true.var(axis=0), ((one - true) ** 2).mean(axis=0))
    total = (float((true @ w).var()), float((((one - true) @ w) ** 2).mean()))
    return per_criterion, total


# --- Measures ------------------------------------------------------------------------------------


def ece(p: np.ndarray, outcome: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error over equal-width bins: Σ_b (n_b / n) |mean p − mean outcome|."""
    index = np.minimum((p * bins).astype(int), bins - 1)
    n = np.bincount(index, minlength=bins)
    p_sum = np.bincount(index, weights=p, minlength=bins)
    o_sum = np.bincount(index, weights=outcome.astype(float), minlength=bins)
    used = n > 0
    return float(np.sum(np.abs(p_sum[used] - o_sum[used])) / len(p))


def ece_se(p: np.ndarray, outcome: np.ndarray, rng: np.random.Generator, reps: int = 200) -> float:
    """Bootstrap standard error of the ECE."""
    n = len(p)
    return float(np.std([ece(p[i], outcome[i]) for i in (rng.integers(0, n, n) for _ in range(reps))]))


def _views(empty: list) -> dict[str, list]:
    return {"as_rated": list(empty), "adjusted": list(empty)}


@dataclass
class Cell:
    """Everything collected at one panel size."""

    covered: dict[str, list[float]] = field(default_factory=lambda: {"as_rated": [], "adjusted": []})
    width: dict[str, list[float]] = field(default_factory=lambda: {"as_rated": [], "adjusted": []})
    above: dict[str, list[tuple[np.ndarray, np.ndarray]]] = field(default_factory=lambda: _views([]))
    top: dict[str, list[tuple[np.ndarray, np.ndarray]]] = field(default_factory=lambda: _views([]))
    lenient: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)
    lenient_covered: list[float] = field(default_factory=list)
    reliability_covered: list[float] = field(default_factory=list)
    phi_covered: list[float] = field(default_factory=list)
    predicted: list[np.ndarray] = field(default_factory=list)  # D-study Φ(1..8) per opening


def run_cell(panel: int, openings: int, design: Design, truth_reliability, seed: int,
             full: bool = True) -> Cell:
    rng = np.random.default_rng(seed)
    cell = Cell()
    (v_q, err_q), (v_t, err_t) = truth_reliability
    for _ in range(openings):
        opening = simulate(rng, panel, design)
        fitted = fit(opening.ratings, SPEC, level=LEVEL)
        rows = fitted.candidates
        truth = opening.truth[rows.index.to_numpy()]
        for view, total, low, high in (("as_rated", "total", "low", "high"),
                                       ("adjusted", "adjusted", "adjusted_low", "adjusted_high")):
            inside = (rows[low].to_numpy() <= truth) & (truth <= rows[high].to_numpy())
            cell.covered[view].append(float(inside.mean()))
            cell.width[view].append(float((rows[high] - rows[low]).mean()))
            order = pd.Index(ranking_order(rows, total))  # as the pages rank
            probs = rank_probabilities(fitted, order, K, seed=int(rng.integers(1 << 31)))
            t = pd.Series(opening.truth[order.to_numpy()], index=order)
            cell.above[view].append((probs["p_above_next"].to_numpy()[:-1], (t.to_numpy()[:-1] > t.to_numpy()[1:])))
            true_top = t.rank(ascending=False, method="first") <= K
            cell.top[view].append((probs["p_top_k"].to_numpy(), true_top.to_numpy()))
        if not full:
            continue
        raters = fitted.raters.dropna(subset=["leniency"])
        if len(raters) > 1:
            true_b = opening.leniency[raters.index.to_numpy()]
            true_b = true_b - true_b.mean()
            cell.lenient.append((true_b, raters["leniency"].to_numpy()))
            cell.lenient_covered.append(float(((raters["low"] <= true_b) & (true_b <= raters["high"])).mean()))
        if panel >= 2:
            per_criterion = reliability(panel_ratings(opening.ratings))["criteria"]
            hits = []
            for index, key in enumerate(WEIGHTS):
                figures = per_criterion.get(key)
                if figures and figures["ci"]["low"] is not None:
                    k = panel  # every candidate's raters rate every criterion (3 % missing aside)
                    true_phi = v_q[index] / (v_q[index] + err_q[index] / k)
                    hits.append(figures["ci"]["low"] <= true_phi <= figures["ci"]["high"])
            if hits:
                cell.reliability_covered.append(float(np.mean(hits)))
            study = d_study(fitted)
            if study.current is not None:
                true_phi = v_t / (v_t + err_t / study.current_raters)
                cell.phi_covered.append(float(study.current_low <= true_phi <= study.current_high))
                cell.predicted.append(np.array([study.by_raters[m] for m in range(1, 9)]))
    return cell


def summarise(cell: Cell, rng: np.random.Generator) -> dict:
    out: dict = {}
    for view in ("as_rated", "adjusted"):
        rates = np.array(cell.covered[view])
        out[f"{view}_coverage"] = float(rates.mean())
        out[f"{view}_coverage_se"] = float(rates.std(ddof=1) / math.sqrt(len(rates)))
        out[f"{view}_width"] = float(np.mean(cell.width[view]))
        for name, pairs in (("above", cell.above[view]), ("top", cell.top[view])):
            p = np.concatenate([a for a, _ in pairs])
            o = np.concatenate([b for _, b in pairs])
            stated = ~np.isnan(p)  # with one rater per candidate the model states no probability
            p, o = p[stated], o[stated]
            out[f"{view}_ece_{name}"] = ece(p, o) if len(p) else math.nan
            out[f"{view}_ece_{name}_se"] = ece_se(p, o, rng) if len(p) else math.nan
            out[f"{view}_n_{name}"] = len(p)
    if cell.lenient:
        true_b = np.concatenate([t for t, _ in cell.lenient])
        est = np.concatenate([e for _, e in cell.lenient])
        slope = float(np.polyfit(true_b, est, 1)[0])
        out["leniency_slope"] = slope
        out["leniency_coverage"] = float(np.mean(cell.lenient_covered))
    if cell.reliability_covered:
        out["reliability_coverage"] = float(np.mean(cell.reliability_covered))
    if cell.phi_covered:
        out["dependability_coverage"] = float(np.mean(cell.phi_covered))
        out["d_study_predicted"] = np.mean(cell.predicted, axis=0).round(3).tolist()
    return out


def coverage_ok(summary: dict, view: str, tolerance: float) -> bool:
    se = summary[f"{view}_coverage_se"]
    return abs(summary[f"{view}_coverage"] - LEVEL) <= max(tolerance, 3 * se)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--openings", type=int, default=400)
    parser.add_argument("--sizes", default="1,2,3,4,5,6,7,8")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    started = time.perf_counter()
    missed: list[str] = []
    report: dict = {}
    designs = (("correct", CORRECT, 0.03, True), ("misspecified", MISSPECIFIED, 0.05, False))
    for label, design, tolerance, full in designs:
        truth_reliability = simulated_reliability(design, np.random.default_rng(7))
        v_t, err_t = truth_reliability[1]
        simulated_phi = [v_t / (v_t + err_t / m) for m in range(1, 9)]
        report[label] = {"simulated_dependability": [round(x, 3) for x in simulated_phi]}
        print(f"\n== {label} model: {args.openings} openings per panel size, {design.candidates} candidates, "
              f"pool of {design.pool} raters ==")
        print("raters | coverage as rated (SE), width | coverage adjusted (SE), width | ECE P(above next) "
              "as rated / adjusted (SE) | ECE P(top 5) as rated / adjusted (SE) | leniency slope, coverage "
              "| reliability CI coverage: criteria, total")
        for panel in sizes:
            seed = 1000 * panel + (label == "misspecified")
            s = summarise(run_cell(panel, args.openings, design, truth_reliability, seed=seed, full=full),
                          np.random.default_rng(panel))
            report[label][panel] = s
            print(f"{panel:>6} | {s['as_rated_coverage']:.3f} ({s['as_rated_coverage_se']:.3f}), "
                  f"{s['as_rated_width']:.2f} | {s['adjusted_coverage']:.3f} ({s['adjusted_coverage_se']:.3f}), "
                  f"{s['adjusted_width']:.2f} | {s['as_rated_ece_above']:.3f} / {s['adjusted_ece_above']:.3f} "
                  f"({s['adjusted_ece_above_se']:.3f}) | {s['as_rated_ece_top']:.3f} / {s['adjusted_ece_top']:.3f} "
                  f"({s['adjusted_ece_top_se']:.3f}) | {s.get('leniency_slope', math.nan):.2f}, "
                  f"{s.get('leniency_coverage', math.nan):.3f} | {s.get('reliability_coverage', math.nan):.3f}, "
                  f"{s.get('dependability_coverage', math.nan):.3f}")
            if panel >= 2:
                for view in ("as_rated", "adjusted"):
                    if not coverage_ok(s, view, tolerance):
                        missed.append(f"{label} {panel} raters: {view} coverage {s[f'{view}_coverage']:.3f}")
                    for name in ("above", "top"):
                        if s[f"{view}_ece_{name}"] > 0.03 and label == "correct":
                            missed.append(f"{label} {panel} raters: {view} ECE {name} {s[f'{view}_ece_{name}']:.3f}")
                if full and not 0.9 <= s.get("leniency_slope", 1.0) <= 1.1:
                    missed.append(f"{label} {panel} raters: leniency slope {s['leniency_slope']:.2f}")
        print(f"predictions per ECE cell: {report[label][sizes[-1]]['adjusted_n_above']:,} (P(above next)), "
              f"{report[label][sizes[-1]]['adjusted_n_top']:,} (P(top 5)); none with one rater per candidate, "
              "where the model states no probability (nan)")
        if full:
            print("D-study: Φ(m) predicted from openings of each panel size (mean over openings) vs simulated")
            print("   m  | " + " ".join(f"{m:>5}" for m in range(1, 9)))
            print("  sim | " + " ".join(f"{x:5.3f}" for x in simulated_phi))
            for panel in sizes:
                predicted = report[label][panel].get("d_study_predicted")
                if predicted:
                    print(f"  n={panel} | " + " ".join(f"{x:5.3f}" for x in predicted))
    elapsed = time.perf_counter() - started
    print(f"\n{elapsed:.0f} s")
    if args.json:
        print(json.dumps(report, default=float))
    for line in missed:
        print(f"MISSED: {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
