"""The calibration harness in miniature: simulated openings with known true scores, so a change
that makes the intervals or probabilities overconfident fails CI, not a hiring decision.

The full harness (`make calibration`, 400 openings per panel size, figures in bench/README.md) runs
in about a minute; this subset checks the same properties on fewer openings, with tolerances
widened for the larger Monte-Carlo error. Pure numpy: it runs once, on the SQLite pass.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from bench.calibration import CORRECT, LEVEL, MISSPECIFIED, run_cell, simulated_reliability, summarise

pytestmark = pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")),
                                reason="pure statistics: run once, on the SQLite pass")

OPENINGS = 120


@pytest.fixture(scope="module")
def truth():
    return {label: simulated_reliability(design, np.random.default_rng(7))
            for label, design in (("correct", CORRECT), ("misspecified", MISSPECIFIED))}


def within(summary: dict, view: str, tolerance: float) -> bool:
    return abs(summary[f"{view}_coverage"] - LEVEL) <= max(tolerance, 3 * summary[f"{view}_coverage_se"])


@pytest.mark.parametrize("panel", [2, 3, 5])
def test_ninety_percent_intervals_hold_the_true_score_nine_times_in_ten(truth, panel):
    summary = summarise(run_cell(panel, OPENINGS, CORRECT, truth["correct"], seed=50 + panel),
                        np.random.default_rng(panel))
    for view in ("as_rated", "adjusted"):
        assert within(summary, view, 0.04), (view, summary[f"{view}_coverage"])
        for kind in ("above", "top"):
            assert summary[f"{view}_ece_{kind}"] <= 0.04, (view, kind, summary[f"{view}_ece_{kind}"])
    assert 0.85 <= summary["leniency_slope"] <= 1.15
    # Adjusting for leniency narrows the interval without losing coverage.
    assert summary["adjusted_width"] < summary["as_rated_width"]


def test_a_single_rater_gets_a_wide_interval_not_none(truth):
    summary = summarise(run_cell(1, 30, CORRECT, truth["correct"], seed=51, full=False), np.random.default_rng(1))
    assert summary["as_rated_coverage"] >= LEVEL - 0.04
    assert summary["as_rated_width"] > 1.0


@pytest.mark.parametrize("panel", [2, 3])
def test_intervals_stay_honest_when_raters_differ_in_spread_too(truth, panel):
    summary = summarise(run_cell(panel, OPENINGS, MISSPECIFIED, truth["misspecified"], seed=60 + panel,
                                 full=False), np.random.default_rng(panel))
    for view in ("as_rated", "adjusted"):
        assert within(summary, view, 0.06), (view, summary[f"{view}_coverage"])


def test_the_d_study_predicts_the_reliability_simulated_at_other_panel_sizes(truth):
    (_, _), (v_t, err_t) = truth["correct"]
    summary = summarise(run_cell(2, 60, CORRECT, truth["correct"], seed=70), np.random.default_rng(2))
    simulated = [v_t / (v_t + err_t / m) for m in range(1, 9)]
    assert np.max(np.abs(np.array(summary["d_study_predicted"]) - simulated)) < 0.03
    assert summary["dependability_coverage"] >= 0.8
