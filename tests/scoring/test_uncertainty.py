"""Bootstrap intervals and rank probabilities: what they must say about how sure a total is."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hiring.scoring import ScoringSpec, bootstrap_totals, rank_probabilities, totals

SPEC = ScoringSpec(1, 5, {"a": 2.0, "b": 1.0}, {"a": "skill", "b": "trait"})
PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def panel(candidate: str, per_rater: list[tuple[float, float]]) -> pd.DataFrame:
    """One candidate rated on a and b by raters r0, r1, … with the given (a, b) ratings."""
    rows = [(candidate, f"r{i}", key, value)
            for i, pair in enumerate(per_rater) for key, value in zip("ab", pair, strict=True)]
    return pd.DataFrame(rows, columns=["candidate", "rater", "criterion", "rating"])


@st.composite
def panels(draw):
    """1-4 candidates, each with 2-6 raters rating a and b (sometimes only one of them)."""
    frames = []
    for c in range(draw(st.integers(1, 4))):
        n = draw(st.integers(2, 6))
        pairs = draw(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=n, max_size=n))
        frames.append(panel(f"c{c}", pairs))
    ratings = pd.concat(frames, ignore_index=True)
    not_assessed = draw(st.lists(st.booleans(), min_size=len(ratings), max_size=len(ratings)))
    ratings.loc[np.array(not_assessed) & (ratings["criterion"] == "b"), "rating"] = np.nan
    return ratings


@PROPERTY
@given(panels(), st.integers(0, 2**32 - 1))
def test_the_interval_contains_the_total(ratings, seed):
    result = bootstrap_totals(ratings, SPEC, n_boot=200, seed=seed)
    assert ((result["low"] <= result["total"] + 1e-12) & (result["total"] <= result["high"] + 1e-12)).all()
    assert ((result["low"] >= SPEC.scale_min) & (result["high"] <= SPEC.scale_max)).all()
    pd.testing.assert_series_equal(result["total"], totals(ratings, SPEC)["total"])


def test_same_seed_same_numbers():
    ratings = pd.concat([panel("ann", [(5, 4), (3, 2), (4, 4)]), panel("bo", [(2, 3), (4, 1)])])
    first = bootstrap_totals(ratings, SPEC, n_boot=300, seed=7)
    pd.testing.assert_frame_equal(first, bootstrap_totals(ratings, SPEC, n_boot=300, seed=7))
    pd.testing.assert_frame_equal(rank_probabilities(ratings, SPEC, n_boot=300, seed=7),
                                  rank_probabilities(ratings, SPEC, n_boot=300, seed=7))
    other_seed = rank_probabilities(ratings, SPEC, n_boot=300, seed=8)
    assert other_seed["p_above_next"].iloc[0] != rank_probabilities(ratings, SPEC, n_boot=300, seed=7)[
        "p_above_next"].iloc[0]


def test_more_raters_who_agree_as_well_give_a_narrower_interval():
    """Same spread of opinion (half say 3, half say 4), 4 raters versus 20: the resampled mean's
    spread shrinks like 1/√n, so the interval must be clearly narrower."""
    few = panel("few", [(3, 3), (4, 4)] * 2)
    many = panel("many", [(3, 3), (4, 4)] * 10)
    result = bootstrap_totals(pd.concat([few, many]), SPEC, n_boot=1000, seed=0)
    width = result["high"] - result["low"]
    assert result.loc["few", "total"] == result.loc["many", "total"] == 3.5
    assert width["many"] < 0.6 * width["few"]


def test_a_single_rater_gets_no_interval_rather_than_a_certain_looking_one():
    ratings = pd.concat([panel("solo", [(4, 4)]), panel("duo", [(4, 4), (2, 2)])])
    result = bootstrap_totals(ratings, SPEC, n_boot=100)
    assert result.loc["solo", "single_rater"]
    assert math.isnan(result.loc["solo", "low"]) and math.isnan(result.loc["solo", "high"])
    assert result.loc["solo", "total"] == 4
    assert not result.loc["duo", "single_rater"]
    ranked = rank_probabilities(ratings, SPEC, n_boot=100)
    assert math.isnan(ranked.loc["solo", "p_above_next"])  # solo ranks first, above duo: unknown


def test_level_sets_the_percentiles():
    ratings = panel("ann", [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)])
    narrow = bootstrap_totals(ratings, SPEC, n_boot=500, level=0.5, seed=3)
    wide = bootstrap_totals(ratings, SPEC, n_boot=500, level=0.99, seed=3)
    assert wide.loc["ann", "low"] < narrow.loc["ann", "low"] < 3
    assert 3 < narrow.loc["ann", "high"] < wide.loc["ann", "high"]
    with pytest.raises(ValueError, match="level"):
        bootstrap_totals(ratings, SPEC, level=1.5)


# --- Rank probabilities --------------------------------------------------------------------------


@PROPERTY
@given(panels(), st.integers(0, 2**32 - 1))
def test_rank_probabilities_are_probabilities_in_rank_order(ratings, seed):
    ranked = rank_probabilities(ratings, SPEC, n_boot=100, seed=seed)
    assert ranked["rank"].tolist() == list(range(1, len(ranked) + 1))
    assert ranked["total"].is_monotonic_decreasing
    inner = ranked["p_above_next"].iloc[:-1]
    assert ((inner >= 0) & (inner <= 1)).all()
    assert math.isnan(ranked["p_above_next"].iloc[-1])  # nobody below the last
    assert set(ranked.index) == set(totals(ratings, SPEC).index)


def test_a_candidate_far_ahead_is_above_the_next_in_every_resample():
    ratings = pd.concat([
        panel("star", [(5, 5), (5, 4), (4, 5)]),
        panel("good", [(3, 3), (2, 3), (3, 2)]),
        panel("close", [(2, 2), (3, 2), (2, 3)]),
    ])
    ranked = rank_probabilities(ratings, SPEC, n_boot=500, seed=1)
    assert ranked.index[0] == "star"
    assert ranked.loc["star", "p_above_next"] == 1.0
    # "good" (total 8/3) and "close" (total 7/3) overlap: far from sure.
    assert 0.5 < ranked.loc["good", "p_above_next"] < 1.0


def test_ties_count_half():
    """Two candidates whose raters all agree on the same ratings: every resample ties."""
    ratings = pd.concat([panel("ann", [(4, 3), (4, 3)]), panel("bo", [(4, 3), (4, 3)])])
    ranked = rank_probabilities(ratings, SPEC, n_boot=50)
    assert list(ranked.index) == ["ann", "bo"]  # equal totals keep candidate order
    assert ranked.loc["ann", "p_above_next"] == 0.5
