"""Scoring benchmark: `python bench/engine.py`. Prints a table and JSON; exits 1 when a target is missed.

Targets (issue 10): on 1,000,000 ratings, everything the scoreboard computes (the measurement
model's fit, totals as rated and adjusted with intervals, rank probabilities, leniency, reliability
per criterion with intervals, the D-study, criterion statistics, disagreements) in under 3 s on this
machine, reported per part; and an opening of 300 candidates × 3 raters computed cold (fit and
ranked board) in under 150 ms.

Data, from fixed seeds, each rating the candidate's level on the criterion plus the rater's
leniency plus noise, rounded to the 1-5 scale, 4 % of rows "not assessed" (NaN):
* `hiring`: 50,000 candidates × 2–3 raters (a pool of 200) × 8 criteria ≈ 1,000,000 ratings, as in
  hiring, where a candidate meets two or three interviewers;
* `panel25`: 5,000 candidates × 25 raters × 8 criteria = 1,000,000 ratings (every rater rates
  everyone);
* `opening300`: 300 candidates × 3 raters of 10 × 8 criteria.
Each figure is the median of 3 runs.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable

import numpy as np
import pandas as pd

from hiring.scoring.board import fit_opening, panel_ratings, scoreboard
from hiring.scoring.engine import ScoringSpec
from hiring.scoring.model import d_study, fit, rank_probabilities
from hiring.scoring.reliability import reliability

CRITERIA = {
    "platform_knowledge": ("skill", 1.0), "copywriting": ("skill", 1.5), "design": ("skill", 1.0),
    "community": ("skill", 1.0), "live_speaking": ("skill", 0.5), "analytics": ("skill", 1.5),
    "strategy": ("skill", 2.0), "adaptability": ("trait", 1.0),
}
NOT_ASSESSED = 0.04
RUNS = 3
TARGET_S = 3.0
TARGET_OPENING_MS = 150.0
K = 5


def generate(candidates: int, pool: int, panel: tuple[int, int], seed: int) -> pd.DataFrame:
    """`candidates` each rated by `panel[0]`..`panel[1]` distinct raters of `pool` on every criterion."""
    rng = np.random.default_rng(seed)
    n_criteria = len(CRITERIA)
    sizes = rng.integers(panel[0], panel[1] + 1, size=candidates)
    # Distinct raters per candidate: the first `size` of a random permutation of the pool.
    chosen = np.argsort(rng.random((candidates, pool)), axis=1)[:, : panel[1]]
    keep = np.arange(panel[1])[None, :] < sizes[:, None]
    pair_candidate = np.repeat(np.arange(candidates), panel[1])[keep.ravel()]
    pair_rater = chosen.ravel()[keep.ravel()]
    candidate = np.repeat(pair_candidate, n_criteria)
    rater = np.repeat(pair_rater, n_criteria)
    criterion = np.tile(np.arange(n_criteria), len(pair_candidate))
    level = rng.normal(3, 0.8, size=(candidates, n_criteria))
    lenient = rng.normal(0, 0.4, size=pool)
    rating = level[candidate, criterion] + lenient[rater] + rng.normal(0, 0.7, size=len(candidate))
    rating = np.clip(np.rint(rating), 1, 5)
    rating[rng.random(len(rating)) < NOT_ASSESSED] = np.nan
    return pd.DataFrame({
        "candidate": candidate + 1000,  # database-like ids
        "rater": rater + 10,
        "criterion": np.array(list(CRITERIA), dtype=object)[criterion],
        "rating": rating,
    })


def median_time(function: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def parts(ratings: pd.DataFrame, spec: ScoringSpec) -> dict[str, float]:
    """Seconds per part of what `fit_opening` and `scoreboard` compute (median of RUNS), and the two
    end to end."""
    rated = ratings.dropna()
    panel = panel_ratings(rated)
    fitted = fit(panel, spec)
    order = fitted.candidates.sort_values("total", ascending=False).index
    opening = fit_opening(rated, spec)
    measures = {
        "panel_ratings": lambda: panel_ratings(rated),  # one rating per (candidate, rater, criterion)
        # components, leniency, totals as rated and adjusted with intervals, posterior, cell figures
        "model_fit": lambda: fit(panel, spec),
        "rank_probabilities": lambda: rank_probabilities(fitted, order, K),
        "reliability": lambda: reliability(panel),  # ICC with intervals and alpha per criterion
        "d_study": lambda: d_study(fitted),
        "ranked_board": lambda: scoreboard(opening, k=K),  # order, probabilities, one row per candidate
    }
    figures = {name: median_time(function) for name, function in measures.items()}
    figures["end_to_end"] = median_time(lambda: scoreboard(fit_opening(rated, spec), k=K))
    return figures


def main() -> int:
    weights = {key: weight for key, (_, weight) in CRITERIA.items()}
    spec = ScoringSpec(1, 5, weights, {key: kind for key, (kind, _) in CRITERIA.items()})
    designs = {
        "hiring": generate(50_000, 200, (2, 3), seed=20261202),
        "panel25": generate(5_000, 25, (25, 25), seed=20261125),
    }
    result: dict = {}
    missed = []
    for name, ratings in designs.items():
        figures = parts(ratings, spec)
        n = int(ratings["rating"].notna().sum())
        print(f"== {name}: {n:,} ratings, {ratings['candidate'].nunique():,} candidates, median of {RUNS} runs")
        for part, seconds in figures.items():
            print(f"{part:<22}{seconds:>9.3f} s")
        verdict = "ok" if figures["end_to_end"] < TARGET_S else "MISSED"
        print(f"{'everything (target)':<22}{figures['end_to_end']:>9.3f} s  < {TARGET_S} s: {verdict}")
        if verdict != "ok":
            missed.append(f"{name} end to end {figures['end_to_end']:.3f} s")
        result[name] = {"ratings": n, **{f"{part}_s": round(v, 4) for part, v in figures.items()}}
    opening = generate(300, 10, (3, 3), seed=7)
    cold_ms = 1000 * median_time(lambda: scoreboard(fit_opening(opening.dropna(), spec), k=K))
    verdict = "ok" if cold_ms < TARGET_OPENING_MS else "MISSED"
    print(f"== opening300: 300 candidates × 3 raters, cold fit and board {cold_ms:.1f} ms  "
          f"< {TARGET_OPENING_MS:.0f} ms: {verdict}")
    if verdict != "ok":
        missed.append(f"opening300 {cold_ms:.1f} ms")
    result["opening300_ms"] = round(cold_ms, 1)
    # Peak Python memory of the hiring design's end-to-end run (untimed: tracing slows numpy down).
    tracemalloc.start()
    scoreboard(fit_opening(designs["hiring"].dropna(), spec), k=K)
    result["peak_mib"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    tracemalloc.stop()
    print(f"{'peak memory (MiB)':<22}{result['peak_mib']:>9.1f}  reported")
    print(json.dumps(result))
    for line in missed:
        print(f"MISSED: {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
