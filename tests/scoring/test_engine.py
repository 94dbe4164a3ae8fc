"""The scoring engine's numbers, as statements about the maths.

Hand-computed examples first (each with its arithmetic), then Hypothesis properties that must hold
for any ratings: totals stay on the scale, unrated criteria renormalise the weights, labels and row
order do not matter, a rater's constant offset shows as exactly that much leniency, and a
disagreement is flagged exactly when the spread reaches the scaled threshold.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hiring.rubrics.schema import Criterion, Rubric, Scale, ScaleLevel
from hiring.scoring import (
    ScoringSpec,
    criterion_stats,
    disagreements,
    totals,
)

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["candidate", "rater", "criterion", "rating"])


SPEC = ScoringSpec(1, 5, {"a": 2.0, "b": 1.0, "c": 1.0}, {"a": "skill", "b": "skill", "c": "trait"})


# --- ScoringSpec ---------------------------------------------------------------------------------


def make_rubric() -> Rubric:
    def criterion(key: str, kind: str, weight: float) -> Criterion:
        anchors = {level: f"level {level}" for level in range(1, 6)}
        return Criterion(key, key.title(), kind, weight, "…", anchors, ("Tell me about…",))

    scale = Scale(1, 5, tuple(ScaleLevel(v, str(v)) for v in range(1, 6)))
    return Rubric("smm", "Social media manager", "1", scale,
                  (criterion("copy", "skill", 2.0), criterion("adapt", "trait", 1.0)))


def test_spec_from_rubric_takes_scale_weights_and_kinds():
    spec = ScoringSpec.from_rubric(make_rubric())
    assert (spec.scale_min, spec.scale_max) == (1.0, 5.0)
    assert dict(spec.weights) == {"copy": 2.0, "adapt": 1.0}
    assert dict(spec.kinds) == {"copy": "skill", "adapt": "trait"}
    assert spec.criteria == ("copy", "adapt")


def test_spec_from_rubric_uses_the_opening_weights():
    spec = ScoringSpec.from_rubric(make_rubric(), {"adapt": 3, "copy": 1})
    assert dict(spec.weights) == {"copy": 1.0, "adapt": 3.0}
    with pytest.raises(ValueError, match="exactly the rubric's criteria"):
        ScoringSpec.from_rubric(make_rubric(), {"copy": 1})


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((5, 1, {"a": 1}, {"a": "skill"}), "less than"),
        ((1, 5, {"a": 0}, {"a": "skill"}), "from 0.01 to 100, not 0"),
        ((1, 5, {"a": 150}, {"a": "skill"}), "from 0.01 to 100, not 150"),
        ((1, 5, {"a": math.inf}, {"a": "skill"}), "from 0.01 to 100, not inf"),
        ((1, 5, {"a": True}, {"a": "skill"}), "number"),
        ((1, 5, {"a": 1}, {"a": "habit"}), "skill' or 'trait"),
        ((1, 5, {"a": 1}, {"b": "skill"}), "same criteria"),
        ((1, 5, {}, {}), "at least one"),
    ],
)
def test_spec_refuses_what_cannot_be_scored(args, message):
    with pytest.raises(ValueError, match=message):
        ScoringSpec(*args)


# --- Input checks --------------------------------------------------------------------------------


def test_two_ratings_of_one_cell_by_one_rater_are_refused_by_name():
    ratings = frame([("ann", "r1", "a", 4), ("ann", "r1", "a", 5), ("bo", "r1", "a", 3)])
    with pytest.raises(ValueError, match="candidate 'ann', rater 'r1', criterion 'a'"):
        totals(ratings, SPEC)


def test_unknown_criteria_and_ratings_off_the_scale_are_refused():
    with pytest.raises(ValueError, match="criteria the rubric does not have: zzz"):
        totals(frame([("ann", "r1", "zzz", 3)]), SPEC)
    with pytest.raises(ValueError, match="outside the scale 1-5"):
        totals(frame([("ann", "r1", "a", 6)]), SPEC)
    with pytest.raises(ValueError, match="missing: rating"):
        totals(frame([("ann", "r1", "a", 3)]).drop(columns="rating"), SPEC)
    with pytest.raises(ValueError, match="needs a candidate, a rater and a criterion"):
        totals(frame([("ann", None, "a", 3), ("ann", "r2", "a", 4)]), SPEC)
    with pytest.raises(ValueError, match="finite"):
        totals(frame([("ann", "r1", "a", math.inf), ("ann", "r2", "a", 4)]), SPEC)


def test_not_assessed_rows_are_ignored():
    with_nan = frame([("ann", "r1", "a", 4), ("ann", "r2", "a", np.nan), ("ann", "r2", "b", 2)])
    without = with_nan.dropna()
    pd.testing.assert_frame_equal(totals(with_nan, SPEC), totals(without, SPEC))


# --- Criterion statistics and totals by hand -----------------------------------------------------


def test_criterion_stats_by_hand():
    ratings = frame([("ann", "r1", "a", 2), ("ann", "r2", "a", 3), ("ann", "r3", "a", 5),
                     ("ann", "r1", "b", 4)])
    stats = criterion_stats(ratings)
    a = stats.loc[("ann", "a")]
    # mean (2+3+5)/3 = 10/3; median 3; sample variance ((4/3)² + (1/3)² + (5/3)²)/2 = 7/3.
    assert a["mean"] == pytest.approx(10 / 3)
    assert a["median"] == 3
    assert a["std"] == pytest.approx(math.sqrt(7 / 3))
    assert a["n_raters"] == 3
    b = stats.loc[("ann", "b")]
    assert (b["mean"], b["n_raters"]) == (4, 1)
    assert math.isnan(b["std"])  # one rater: no spread to speak of


def test_total_is_the_weighted_mean_of_criterion_means():
    ratings = frame([("ann", "r1", "a", 4), ("ann", "r2", "a", 5),  # mean 4.5, weight 2 (skill)
                     ("ann", "r1", "b", 3),                          # mean 3,   weight 1 (skill)
                     ("ann", "r1", "c", 2), ("ann", "r2", "c", 4)])  # mean 3,   weight 1 (trait)
    row = totals(ratings, SPEC).loc["ann"]
    assert row["total"] == pytest.approx((2 * 4.5 + 3 + 3) / 4)  # 3.75
    assert row["skills"] == pytest.approx((2 * 4.5 + 3) / 3)  # 4
    assert row["traits"] == pytest.approx(3)
    assert (row["n_raters"], row["rated_criteria"], row["missing"], row["incomplete"]) == (2, 3, (), False)


def test_an_unrated_criterion_is_left_out_and_the_weights_renormalised():
    ratings = frame([("bo", "r1", "a", 5), ("bo", "r2", "c", 1)])
    row = totals(ratings, SPEC).loc["bo"]
    assert row["total"] == pytest.approx((2 * 5 + 1 * 1) / (2 + 1))  # b's weight is not counted
    assert row["skills"] == 5  # only a among the skills
    assert row["incomplete"]
    assert row["missing"] == ("b",)
    assert row["rated_criteria"] == 2


def test_a_kind_nobody_rated_has_no_subtotal():
    row = totals(frame([("cy", "r1", "a", 2)]), SPEC).loc["cy"]
    assert row["skills"] == 2
    assert math.isnan(row["traits"])
    assert row["missing"] == ("b", "c")


# --- Leniency by hand ----------------------------------------------------------------------------


def test_disagreement_threshold_scales_with_the_scale():
    ten = ScoringSpec(1, 10, {"a": 1.0}, {"a": "skill"})
    ratings = frame([("ann", "r1", "a", 9), ("ann", "r2", "a", 5),  # spread 4 < 2 · 9/4 = 4.5
                     ("bo", "r1", "a", 9), ("bo", "r2", "a", 4), ("bo", "r3", "a", 6)])  # spread 5
    flagged = disagreements(ratings, ten)
    assert list(flagged.index) == [("bo", "a")]
    row = flagged.loc[("bo", "a")]
    assert (row["spread"], row["threshold"], row["n_raters"]) == (5, 4.5, 3)
    assert row["ratings"] == (("r1", 9.0), ("r3", 6.0), ("r2", 4.0))


def test_two_points_apart_on_five_points_is_a_disagreement():
    flagged = disagreements(frame([("ann", "r1", "a", 3), ("ann", "r2", "a", 5)]), SPEC)
    assert flagged["spread"].tolist() == [2]
    assert disagreements(frame([("ann", "r1", "a", 4), ("ann", "r2", "a", 5)]), SPEC).empty


# --- Properties ----------------------------------------------------------------------------------


@st.composite
def scored_ratings(draw, min_raters: int = 1, integer: bool = True, allow_missing: bool = True):
    """A spec and a ratings table of 1-4 candidates, raters and criteria on a random scale."""
    n_criteria = draw(st.integers(1, 4))
    keys = [f"q{i}" for i in range(n_criteria)]
    low = draw(st.integers(-5, 5))
    high = low + draw(st.integers(1, 10))
    weights = draw(st.lists(st.floats(0.1, 10), min_size=n_criteria, max_size=n_criteria))
    kinds = draw(st.lists(st.sampled_from(["skill", "trait"]), min_size=n_criteria, max_size=n_criteria))
    spec = ScoringSpec(low, high, dict(zip(keys, weights, strict=True)), dict(zip(keys, kinds, strict=True)))
    n_candidates = draw(st.integers(1, 4))
    n_raters = draw(st.integers(min_raters, 4))
    value = st.integers(low, high) if integer else st.floats(low, high)
    if allow_missing:
        value = st.one_of(value, st.just(math.nan))
    rows = [(f"cand{c}", f"rater{r}", key, draw(value))
            for c in range(n_candidates) for r in range(n_raters) for key in keys]
    ratings = frame(rows).astype({"rating": float})
    return spec, ratings[ratings["rating"].notna()] if draw(st.booleans()) else ratings


def reference_total(ratings: pd.DataFrame, spec: ScoringSpec) -> pd.Series:
    """Σ w_q · mean_q / Σ w_q over the criteria each candidate has ratings for, the slow way."""
    means = ratings.dropna().groupby(["candidate", "criterion"])["rating"].mean()
    result = {}
    for candidate, per_criterion in means.groupby(level="candidate"):
        weights = {key: spec.weights[key] for key in per_criterion.index.get_level_values("criterion")}
        result[candidate] = sum(weights[key] * per_criterion[(candidate, key)] for key in weights) / sum(
            weights.values())
    return pd.Series(result, dtype=float)


@PROPERTY
@given(scored_ratings(integer=False))
def test_totals_and_subtotals_stay_on_the_scale(case):
    spec, ratings = case
    result = totals(ratings, spec)
    for column in ("total", "skills", "traits"):
        values = result[column].dropna()
        assert ((values >= spec.scale_min) & (values <= spec.scale_max)).all()
    assert result["total"].notna().all()  # every listed candidate has at least one rating


@PROPERTY
@given(scored_ratings(integer=False), st.floats(0.1, 100))
def test_unrated_criteria_renormalise_the_weights(case, new_weight):
    spec, ratings = case
    result = totals(ratings, spec)
    expected = reference_total(ratings, spec)
    pd.testing.assert_series_equal(result["total"], expected.reindex(result.index), check_names=False,
                                   check_index_type=False)
    # The weight of a criterion nobody rated cannot matter: change it and nothing moves.
    for candidate, missing in result["missing"].items():
        if missing:
            reweighted = ScoringSpec(spec.scale_min, spec.scale_max,
                                     {k: new_weight if k in missing else w for k, w in spec.weights.items()},
                                     spec.kinds)
            assert totals(ratings, reweighted).loc[candidate, "total"] == pytest.approx(
                result.loc[candidate, "total"])
            assert result.loc[candidate, "incomplete"]


@PROPERTY
@given(scored_ratings(), st.randoms(use_true_random=False))
def test_relabelling_raters_and_reordering_rows_changes_nothing(case, random):
    spec, ratings = case
    raters = sorted(ratings["rater"].unique())
    renamed = dict(zip(raters, random.sample(raters, len(raters)), strict=True))
    relabelled = ratings.assign(rater=ratings["rater"].map(renamed))
    shuffled = relabelled.sample(frac=1, random_state=random.randint(0, 999))
    pd.testing.assert_frame_equal(totals(shuffled, spec), totals(ratings, spec))
    pd.testing.assert_frame_equal(disagreements(shuffled, spec)[["spread", "n_raters"]],
                                  disagreements(ratings, spec)[["spread", "n_raters"]])


@PROPERTY
@given(scored_ratings(), st.randoms(use_true_random=False))
def test_candidate_order_changes_nothing(case, random):
    spec, ratings = case
    shuffled = ratings.sample(frac=1, random_state=random.randint(0, 999))
    pd.testing.assert_frame_equal(totals(shuffled, spec), totals(ratings, spec))
    pd.testing.assert_frame_equal(criterion_stats(shuffled), criterion_stats(ratings))


@PROPERTY
@given(scored_ratings(min_raters=2), st.floats(0.5, 4))
def test_disagreement_is_flagged_exactly_when_the_spread_reaches_the_threshold(case, threshold):
    spec, ratings = case
    flagged = disagreements(ratings, spec, threshold_on_5pt=threshold)
    scaled = threshold * (spec.scale_max - spec.scale_min) / 4
    spread = ratings.dropna().groupby(["candidate", "criterion"])["rating"].agg(lambda s: s.max() - s.min())
    expected = set(spread[spread >= scaled].index)
    assert set(flagged.index) == expected
    for cell, row in flagged.iterrows():
        assert row["spread"] == spread[cell]
        assert len(row["ratings"]) == row["n_raters"] >= 2
